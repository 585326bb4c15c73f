// sha256 content digests as the OCI descriptor spec spells them ("sha256:<64 hex>").
// Under Node, node:crypto's hashes (one shot and incremental: ~1.6 GB/s, where Node's WebCrypto
// copies the input first, ~0.3 GB/s). In a browser, one-shot hashing uses WebCrypto (native,
// ~1 GB/s); the incremental hasher uses @noble/hashes because crypto.subtle cannot hash a
// stream, and it is also the fallback where subtle is absent (insecure origins).
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { WharfError } from '../errors.ts';
import type { Digest } from './types.ts';

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

export function isDigest(s: unknown): s is Digest {
  return typeof s === 'string' && DIGEST_RE.test(s);
}

/** Checks a digest string; `what` says where it came from ("index.json manifests[0].digest"). */
export function parseDigest(s: unknown, what = 'digest'): Digest {
  if (isDigest(s)) return s;
  if (typeof s === 'string' && /^[a-z0-9]+([+._-][a-z0-9]+)*:/.test(s) && !s.startsWith('sha256:')) {
    throw new WharfError('IMAGE_FORMAT', `${what}: unsupported digest algorithm in "${s}" (only sha256)`);
  }
  throw new WharfError('IMAGE_FORMAT', `${what}: "${String(s)}" is not a sha256 digest`);
}

/** The 64 hex characters of a digest (its file name under blobs/sha256/). */
export function digestHex(d: Digest): string {
  return d.slice(7);
}

/** The part of node:crypto used here. */
interface NodeHash {
  update(data: Uint8Array): NodeHash;
  digest(encoding: 'hex'): string;
}

/** node:crypto's createHash under Node (process.getBuiltinModule, Node 20.16+); else undefined. */
const nodeCreateHash: ((algorithm: 'sha256') => NodeHash) | undefined = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = p?.getBuiltinModule?.('node:crypto') as { createHash?: (a: 'sha256') => NodeHash } | undefined;
  return crypto?.createHash;
})();

function subtle(): SubtleCrypto | undefined {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  return c?.subtle;
}

/** sha256 of `bytes`, one shot (WebCrypto where available). */
export async function sha256(bytes: Uint8Array): Promise<Digest> {
  if (nodeCreateHash) return sha256Sync(bytes);
  const s = subtle();
  if (s) {
    // WebCrypto refuses views of SharedArrayBuffer; a copy is still far faster than hashing in JS.
    const shared = typeof SharedArrayBuffer !== 'undefined' && bytes.buffer instanceof SharedArrayBuffer;
    const out = await s.digest('SHA-256', (shared ? bytes.slice() : bytes) as Uint8Array<ArrayBuffer>);
    return `sha256:${toHex(new Uint8Array(out))}`;
  }
  return sha256Sync(bytes);
}

/** sha256 without awaiting (in a browser a JS implementation, slower than WebCrypto: for small inputs). */
export function sha256Sync(bytes: Uint8Array): Digest {
  if (nodeCreateHash) return `sha256:${nodeCreateHash('sha256').update(bytes).digest('hex')}`;
  return `sha256:${toHex(nobleSha256(bytes))}`;
}

export interface Hasher {
  update(chunk: Uint8Array): Hasher;
  digest(): Digest;
}

/** An incremental sha256, for inputs that arrive in pieces. */
export function createHasher(): Hasher {
  if (nodeCreateHash) {
    const n = nodeCreateHash('sha256');
    const native: Hasher = {
      update(chunk) {
        n.update(chunk);
        return native;
      },
      digest: () => `sha256:${n.digest('hex')}`,
    };
    return native;
  }
  const h = nobleSha256.create();
  const hasher: Hasher = {
    update(chunk) {
      h.update(chunk);
      return hasher;
    },
    digest: () => `sha256:${toHex(h.digest())}`,
  };
  return hasher;
}

/** Throws DIGEST_MISMATCH unless `bytes` hash to `digest`; `what` names the blob in the message. */
export async function verify(digest: Digest, bytes: Uint8Array, what = 'blob'): Promise<void> {
  const got = await sha256(bytes);
  if (got !== digest) {
    throw new WharfError('DIGEST_MISMATCH', `${what}: content hashes to ${got}, but is named ${digest}`);
  }
}
