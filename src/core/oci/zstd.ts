// zstd layers (application/vnd.oci.image.layer.v1.tar+zstd), as BuildKit writes with
// `compression=zstd` and skopeo with `--dest-compress-format zstd`: read on import and run,
// never written (export recompresses to gzip, which every tool reads). fzstd decodes; it does not
// check the frames' optional checksums, but a layer's uncompressed bytes are checked against
// its diff_id anyway.
import { Decompress } from 'fzstd';
import { WharfError } from '../errors.ts';
import { MAX_INFLATED_BYTES, concatMembers, inflatedTooBig } from './gzip.ts';

export function isZstd(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x28 && data[1] === 0xb5 && data[2] === 0x2f && data[3] === 0xfd;
}

/** Decompresses every frame of a zstd stream; `what` names the stream in errors. */
export function unzstd(data: Uint8Array, what = 'zstd data', maxBytes = MAX_INFLATED_BYTES): Uint8Array {
  if (!isZstd(data)) throw new WharfError('IMAGE_FORMAT', `${what}: not zstd (bad magic bytes)`);
  const parts: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  // Streaming, so a stream that inflates past the limit stops there, not after.
  const d = new Decompress((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw inflatedTooBig(what, maxBytes);
    if (chunk.length) parts.push(chunk);
    if (final) finished = true;
  });
  try {
    d.push(data, true);
  } catch (cause) {
    if (cause instanceof WharfError) throw cause;
    throw new WharfError('IMAGE_FORMAT', `${what}: corrupt or truncated zstd (${(cause as Error).message})`, { cause });
  }
  if (!finished) throw new WharfError('IMAGE_FORMAT', `${what}: corrupt or truncated zstd (the stream ends early)`);
  return parts.length === 1 ? parts[0]! : concatMembers(parts);
}
