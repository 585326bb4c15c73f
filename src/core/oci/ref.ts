// Image references normalized as Docker's reference.ParseNormalizedNamed does:
// "hello" -> "docker.io/library/hello:latest"; the familiar form ("hello:latest") is what
// `docker save` writes in manifest.json RepoTags. https://github.com/distribution/reference
import { WharfError } from '../errors.ts';

export interface ImageRef {
  /** Registry host, e.g. "docker.io", "ghcr.io", "localhost:5000". */
  domain: string;
  /** Repository path, e.g. "library/hello". */
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export function parseRef(input: string): ImageRef {
  const bad = (why: string) => new WharfError('USAGE', `image reference "${input}": ${why}`);
  let rest = input.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`"${digest}" is not a digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`);
  }
  if (rest === '') throw bad('no repository name');
  const parts = rest.split('/');
  let domain = 'docker.io';
  const first = parts[0]!;
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())
  ) {
    domain = first;
    parts.shift();
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library');
  for (const p of parts) {
    if (!COMPONENT.test(p)) {
      throw bad(p !== p.toLowerCase() ? 'repository names must be lowercase' : `"${p}" is not a valid path component`);
    }
  }
  const ref: ImageRef = { domain, path: parts.join('/') };
  if (tag === undefined && digest === undefined) tag = 'latest';
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

function suffix(r: ImageRef): string {
  return (r.tag !== undefined ? `:${r.tag}` : '') + (r.digest !== undefined ? `@${r.digest}` : '');
}

/** "hello" -> "docker.io/library/hello:latest" (containerd's io.containerd.image.name). */
export function normalizeRef(input: string): string {
  const r = parseRef(input);
  return `${r.domain}/${r.path}${suffix(r)}`;
}

/** "docker.io/library/hello:latest" -> "hello:latest" (Docker's RepoTags form). */
export function familiarRef(input: string): string {
  const r = parseRef(input);
  let name = `${r.domain}/${r.path}`;
  if (r.domain === 'docker.io')
    name = r.path.startsWith('library/') && r.path.split('/').length === 2 ? r.path.slice(8) : r.path;
  return name + suffix(r);
}
