// Reads a blob or manifest body as it arrives: into one buffer of the size its descriptor
// promises (a registry that sends more is cut off at once), through a native incremental hash
// where the host has one, and checked against its digest before anyone sees the bytes.
import { WharfError } from '../errors.ts';
import { discard } from './http.ts';
import { sha256 } from '../oci/digest.ts';
import type { Digest } from '../oci/types.ts';
import type { RegistryResponse, StreamHasher } from './types.ts';

export interface ReadExpect {
  /** The digest the bytes must hash to; undefined for a manifest asked for by tag. */
  digest?: Digest;
  /** Exact size, when a descriptor gives it. */
  size?: number;
  /** Largest size accepted when `size` is unknown. */
  max: number;
  /** Names the blob in errors: "layer sha256:ab… of localhost:5000/hello". */
  what: string;
}

export interface ReadResult {
  bytes: Uint8Array;
  digest: Digest;
}

export async function readBody(
  res: RegistryResponse,
  expect: ReadExpect,
  options: { hasher?: (() => StreamHasher) | undefined; onBytes?: (done: number) => void } = {},
): Promise<ReadResult> {
  const limit = expect.size ?? expect.max;
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await discard(res);
    throw tooBig(expect, limit);
  }
  let buffer = new Uint8Array(expect.size ?? (Number.isFinite(declared) ? declared : 64 << 10));
  let length = 0;
  const hasher = options.hasher?.();
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value || value.length === 0) continue;
      if (length + value.length > limit) {
        await reader.cancel().catch(() => {});
        throw tooBig(expect, limit);
      }
      if (length + value.length > buffer.length) {
        const grown = new Uint8Array(Math.min(limit, Math.max(buffer.length * 2, length + value.length)));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(value, length);
      length += value.length;
      hasher?.update(value);
      options.onBytes?.(length);
    }
  }
  if (expect.size !== undefined && length !== expect.size) {
    throw new WharfError(
      'DIGEST_MISMATCH',
      `${expect.what}: the registry sent ${length} bytes, its descriptor says ${expect.size}`,
    );
  }
  const bytes = length === buffer.length ? buffer : buffer.slice(0, length);
  const digest = hasher ? hasher.digest() : await sha256(bytes);
  if (expect.digest !== undefined && digest !== expect.digest) {
    throw new WharfError('DIGEST_MISMATCH', `${expect.what}: the registry sent bytes that hash to ${digest}`);
  }
  return { bytes, digest };
}

function tooBig(expect: ReadExpect, limit: number): WharfError {
  return new WharfError(
    expect.size !== undefined ? 'DIGEST_MISMATCH' : 'IMAGE_FORMAT',
    expect.size !== undefined
      ? `${expect.what}: the registry sent more than the ${limit} bytes its descriptor says`
      : `${expect.what}: larger than ${limit} bytes`,
  );
}
