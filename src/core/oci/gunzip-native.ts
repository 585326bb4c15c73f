// Gunzip through the platform's own zlib (Compression Streams: pages, Workers and Node all have
// DecompressionStream). In Chromium a 75 MB layer inflates several times faster than with
// fflate, and in slices that leave the thread free between them. Chromium's stream refuses
// anything after the first gzip member, and layers are often written as many members (ours in
// GZIP_CHUNK_SIZE chunks, pigz's): the blob is cut where member headers start and each piece
// inflated alone. zlib checks each member's CRC-32 and length. Any failure, a wrong cut
// included, hands the whole blob to `gunzip`, which then either inflates it or says what is
// wrong with it; the caller checks the result against the layer's diff_id either way.
import { concatBytes } from '../bytes.ts';
import { MAX_INFLATED_BYTES, gunzip } from './gzip.ts';

/** Decompresses a whole gzip stream (all members) off fflate where the platform can; as `gunzip` otherwise. */
export async function gunzipNative(
  data: Uint8Array,
  what = 'gzip data',
  maxBytes = MAX_INFLATED_BYTES,
): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') return gunzip(data, what, maxBytes);
  try {
    return await inflateMembers(data, maxBytes);
  } catch {
    return gunzip(data, what, maxBytes);
  }
}

/** Each member through its own DecompressionStream, joined; throws on any failure (no fallback). */
export async function inflateMembers(data: Uint8Array, maxBytes = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  const starts = memberStarts(data);
  if (starts[0] !== 0) throw new RangeError('no gzip member header at byte 0');
  const out: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < starts.length; i++) {
    total += await inflateMember(data.subarray(starts[i], starts[i + 1] ?? data.length), out, maxBytes - total);
  }
  return out.length === 1 ? out[0]! : concatBytes(out);
}

/**
 * Offsets where a gzip member header starts: magic, deflate, no reserved flag bits, a known
 * XFL and OS byte. Deflate data holds such ten bytes by chance about once in 10^11 positions;
 * a cut there fails to inflate and the caller falls back.
 */
export function memberStarts(data: Uint8Array): number[] {
  const starts: number[] = [];
  for (let at = data.indexOf(0x1f); at >= 0 && at + 10 <= data.length; at = data.indexOf(0x1f, at + 1)) {
    if (
      data[at + 1] === 0x8b &&
      data[at + 2] === 0x08 &&
      (data[at + 3]! & 0xe0) === 0 &&
      (data[at + 8] === 0 || data[at + 8] === 2 || data[at + 8] === 4) &&
      (data[at + 9]! <= 13 || data[at + 9] === 255)
    )
      starts.push(at);
  }
  return starts;
}

/** One member through a DecompressionStream, its output appended to `out`; throws past `budget` bytes. */
async function inflateMember(member: Uint8Array, out: Uint8Array[], budget: number): Promise<number> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const written = writer.write(member as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => {}); // the reader sees the same failure
  const reader = stream.readable.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > budget) {
      await reader.cancel();
      throw new RangeError('inflated past the limit');
    }
    out.push(value);
  }
  await written;
  return n;
}
