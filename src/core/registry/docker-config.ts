// Credentials from Docker's config.json (`docker login` writes it): `auths` keyed by registry
// host, with or without a scheme and path ("https://index.docker.io/v1/" for Docker Hub), each
// with `auth` = base64("user:password") or `username`/`password`. Credential helpers
// (credsStore, credHelpers) run programs, which Wharf does not do.
// https://docs.docker.com/reference/cli/docker/#docker-cli-configuration-file-configjson-properties
import { WharfError } from '../errors.ts';
import type { Credentials, CredentialsLookup } from './types.ts';

const HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** "https://index.docker.io/v1/" -> "index.docker.io"; "localhost:5000" stays. */
function hostOf(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

function decodeAuth(auth: string, where: string): Credentials {
  let text: string;
  try {
    const bin = atob(auth);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    text = new TextDecoder().decode(bytes);
  } catch {
    throw new WharfError('USAGE', `${where}: "auth" is not base64`);
  }
  const colon = text.indexOf(':');
  if (colon < 0) throw new WharfError('USAGE', `${where}: "auth" does not hold user:password`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The lookup over a config.json's text; `file` names it in errors. */
export function dockerConfigCredentials(text: string, file: string): CredentialsLookup {
  let doc: { auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown }> };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    throw new WharfError('USAGE', `${file}: invalid JSON (${(e as Error).message})`);
  }
  const byHost = new Map<string, Credentials>();
  for (const [key, entry] of Object.entries(doc.auths ?? {})) {
    const where = `${file}: auths["${key}"]`;
    let creds: Credentials | undefined;
    if (typeof entry?.auth === 'string' && entry.auth !== '') creds = decodeAuth(entry.auth, where);
    else if (typeof entry?.username === 'string' && typeof entry.password === 'string')
      creds = { username: entry.username, password: entry.password };
    if (creds) byHost.set(hostOf(key), creds);
  }
  return (host) => {
    const h = host.toLowerCase();
    if (HUB.includes(h)) for (const alias of HUB) if (byHost.has(alias)) return byHost.get(alias);
    return byHost.get(h);
  };
}

/** "user:password" as --creds takes it (the password may hold colons). */
export function parseCreds(text: string): Credentials {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new WharfError('USAGE', `--creds: expected USER:PASSWORD`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
