// How the CLI reaches registries: node:http (http-fetch.ts) and native sha256, credentials from --creds or
// Docker's config.json ($DOCKER_CONFIG, else ~/.docker/config.json), and per-blob progress
// lines on stderr as `docker pull` prints them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WharfError } from '../core/errors.ts';
import { MAX_INFLATED_BYTES, type Digest, type Inflate } from '../core/oci/index.ts';
import {
  dockerConfigCredentials,
  parseCreds,
  type CredentialsLookup,
  type RegistryAccess,
  type StreamHasher,
  type TransferEvent,
} from '../core/registry/index.ts';
import { httpFetch } from './http-fetch.ts';

export interface AccessFlags {
  /** --creds USER:PASS: for the one registry the command talks to. */
  creds?: string | undefined;
  insecure?: boolean;
}

/** Docker's config.json credentials, when the file exists. */
export function dockerConfig(): CredentialsLookup | undefined {
  const dir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const file = join(dir, 'config.json');
  if (!existsSync(file)) return undefined;
  return dockerConfigCredentials(readFileSync(file, 'utf8'), file);
}

/** zlib's gunzip (native, several times core's speed); like core's it reads every member and checks each CRC. */
export const nodeInflate: Inflate = (data, what) => {
  try {
    return gunzipSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new WharfError(
      'IMAGE_FORMAT',
      tooBig
        ? `${what}: expands to more than 2 GiB, more than Wharf can hold in memory`
        : `${what}: corrupt or truncated gzip (${(e as Error).message})`,
      { cause: e },
    );
  }
};

/** Node's native incremental sha256, as the registry client's StreamHasher. */
export function nodeHasher(): StreamHasher {
  const h = createHash('sha256');
  return { update: (chunk) => void h.update(chunk), digest: () => `sha256:${h.digest('hex')}` as Digest };
}

/** Slices nodeDigest hashes between turns of the event loop (about 2.5 ms of sha256 each here). */
const DIGEST_SLICE = 4 << 20;

/**
 * Native sha256 of a whole blob in slices, the event loop served between them: a push's PATCH
 * keeps going up while its blob is hashed (a 42 MB layer: the push took as long as one not
 * hashed at all, 25 ms less than hashing first).
 */
export async function nodeDigest(bytes: Uint8Array): Promise<Digest> {
  const h = nodeHasher();
  for (let at = 0; at < bytes.length; at += DIGEST_SLICE) {
    h.update(bytes.subarray(at, at + DIGEST_SLICE));
    if (at + DIGEST_SLICE < bytes.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return h.digest();
}

export function registryAccess(flags: AccessFlags = {}): RegistryAccess {
  const given = flags.creds !== undefined ? parseCreds(flags.creds) : undefined;
  // config.json is read when the command first talks to a registry: a build that pulls
  // nothing never reads it, so a damaged one cannot fail it.
  let config: CredentialsLookup | undefined | null = null;
  const credentials: CredentialsLookup = given
    ? () => given
    : (host) => {
        if (config === null) config = dockerConfig();
        return config?.(host);
      };
  return {
    fetch: httpFetch,
    hasher: nodeHasher,
    digest: nodeDigest,
    ...(flags.insecure ? { insecure: true } : {}),
    credentials,
  };
}

const short = (d: Digest): string => d.slice(7, 19);

/** One stderr line per blob as it finishes, in docker's words. */
export function progressLines(verb: 'pull' | 'push', from?: string): (e: TransferEvent) => void {
  return (e) => {
    const line =
      e.status === 'exists'
        ? verb === 'pull'
          ? 'Already exists'
          : 'Layer already exists'
        : e.status === 'mounted'
          ? `Mounted from ${from ?? 'another repository'}`
          : e.status === 'done' && e.kind !== 'manifest'
            ? verb === 'pull'
              ? 'Pull complete'
              : 'Pushed'
            : undefined;
    if (line) process.stderr.write(`${short(e.digest)}: ${line}\n`);
  };
}
