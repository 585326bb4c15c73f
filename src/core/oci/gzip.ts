// gzip for layers (RFC 1952) over fflate. Output is deterministic: mtime 0, no file name, one
// fixed level. The chunked form splits the input at a constant size and gzips each chunk as its
// own member; members concatenate into one valid gzip stream (RFC 1952 section 2.2), so chunks
// can be compressed on any number of workers and the bytes never depend on the machine.
import { concatBytes } from '../bytes.ts';
import { Gunzip, gzipSync } from 'fflate';
import { WharfError } from '../errors.ts';

/**
 * Chunk size of the chunked gzip: a constant, so every machine writes the same bytes. 1 MiB keeps
 * many cores evenly busy (75 MB is 75 chunks: 8 workers finish within one chunk of each other)
 * and costs ~0.15% in size against one member, since deflate's window is only 32 KiB anyway.
 */
export const GZIP_CHUNK_SIZE = 1 << 20;
/**
 * The most a layer or tarball may expand to: images are held in memory (a browser tab gets a
 * few GiB at most), so a small archive that inflates past this (a decompression bomb, or an
 * image too big for a tab) stops with an error that says so, before memory runs out.
 */
export const MAX_INFLATED_BYTES = 2 ** 31;

export function inflatedTooBig(what: string, maxBytes: number): WharfError {
  return new WharfError(
    'IMAGE_FORMAT',
    `${what}: expands to more than ${formatSize(maxBytes)}, more than Wharf can hold in memory`,
  );
}

function formatSize(n: number): string {
  return n >= 2 ** 30 ? `${n / 2 ** 30} GiB` : n >= 2 ** 20 ? `${n / 2 ** 20} MiB` : `${n} bytes`;
}

/** Level for layer compression: fflate's (and gzip's) default. */
export const GZIP_LEVEL = 6;

export type GzipLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** One gzip member of `data`, deterministic (mtime 0, no name). */
export function gzip(data: Uint8Array, level: GzipLevel = GZIP_LEVEL): Uint8Array {
  return gzipSync(data, { level, mtime: 0 });
}

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 3 && data[0] === 0x1f && data[1] === 0x8b && data[2] === 0x08;
}

/** The chunk boundaries of `size` bytes: [start, end) pairs of at most GZIP_CHUNK_SIZE. */
export function gzipChunks(size: number, chunkSize = GZIP_CHUNK_SIZE): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < size; start += chunkSize) out.push([start, Math.min(size, start + chunkSize)]);
  if (out.length === 0) out.push([0, 0]);
  return out;
}

/** Joins members in order into one buffer (allocated once). */
export function concatMembers(members: readonly Uint8Array[]): Uint8Array {
  return concatBytes(members);
}

export interface GzipProgress {
  (done: number, total: number): void;
}

/**
 * Compresses chunks of `data`; the contract for every chunked gzip (in-thread here, the worker
 * pool in the browser): same input and level give the same bytes as `gzipChunked`.
 */
export interface ChunkedGzip {
  (data: Uint8Array, options?: { level?: GzipLevel; onProgress?: GzipProgress }): Promise<Uint8Array>;
}

/** The chunked gzip in the calling thread (Node, CLI, fallback). */
export function gzipChunkedSync(
  data: Uint8Array,
  level: GzipLevel = GZIP_LEVEL,
  onProgress?: GzipProgress,
): Uint8Array {
  const members = gzipChunks(data.length).map(([s, e]) => {
    const m = gzip(data.subarray(s, e), level);
    onProgress?.(e, data.length);
    return m;
  });
  return concatMembers(members);
}

export const gzipChunked: ChunkedGzip = (data, options = {}) =>
  Promise.resolve(gzipChunkedSync(data, options.level, options.onProgress));

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/**
 * Decompresses a gzip stream of one or more members and checks every member's CRC-32 and
 * length (fflate checks neither, so a truncated or damaged stream would pass); `what` names
 * the stream in errors.
 */
export function gunzip(data: Uint8Array, what = 'gzip data', maxBytes = MAX_INFLATED_BYTES): Uint8Array {
  if (!isGzip(data)) throw new WharfError('IMAGE_FORMAT', `${what}: not gzip (bad magic bytes)`);
  const parts: Uint8Array[] = [];
  const starts = [0];
  let finished = false;
  // fflate's one-shot gunzipSync stops after the first member; the streaming Gunzip reads them all
  // and reports where each further member starts.
  let total = 0;
  const g = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw inflatedTooBig(what, maxBytes);
    if (chunk.length) parts.push(chunk);
    if (final) finished = true;
  });
  g.onmember = (offset) => starts.push(offset);
  try {
    // In slices: fflate's stream copies what it holds on every push, so one big push of a
    // multi-member stream costs about four times as much (measured on a 75 MB layer).
    const slice = 64 << 10;
    for (let at = 0; at < data.length || at === 0; at += slice)
      g.push(data.subarray(at, Math.min(data.length, at + slice)), at + slice >= data.length);
  } catch (cause) {
    if (cause instanceof WharfError) throw cause;
    throw new WharfError('IMAGE_FORMAT', `${what}: corrupt or truncated gzip (${(cause as Error).message})`, { cause });
  }
  const out = parts.length === 1 ? parts[0]! : concatMembers(parts);
  if (!finished) throw new WharfError('IMAGE_FORMAT', `${what}: truncated gzip stream`);
  let outAt = 0;
  for (let i = 0; i < starts.length; i++) {
    const end = starts[i + 1] ?? data.length;
    if (end - starts[i]! < 18)
      throw new WharfError('IMAGE_FORMAT', `${what}: truncated gzip member at byte ${starts[i]}`);
    const crc = u32le(data, end - 8);
    const isize = u32le(data, end - 4);
    // Members of more than 4 GiB store their length mod 2^32; only the last can be that big here.
    const len = i === starts.length - 1 ? out.length - outAt : isize;
    if (len % 2 ** 32 !== isize || outAt + len > out.length || crc32(out.subarray(outAt, outAt + len)) !== crc) {
      throw new WharfError(
        'IMAGE_FORMAT',
        `${what}: gzip member at byte ${starts[i]} fails its CRC-32/length check (corrupt or truncated)`,
      );
    }
    outAt += len;
  }
  return out;
}
