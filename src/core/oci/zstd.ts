// zstd layers (application/vnd.oci.image.layer.v1.tar+zstd), as BuildKit writes with
// `compression=zstd` and skopeo with `--dest-compress-format zstd`: read on import and run,
// never written (export recompresses to gzip, which every tool reads). fzstd decodes; it does not
// check the frames' optional checksums, but a layer's uncompressed bytes are checked against
// its diff_id anyway.
import { decompress } from 'fzstd';
import { WharfError } from '../errors.ts';

export function isZstd(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x28 && data[1] === 0xb5 && data[2] === 0x2f && data[3] === 0xfd;
}

/** Decompresses every frame of a zstd stream; `what` names the stream in errors. */
export function unzstd(data: Uint8Array, what = 'zstd data'): Uint8Array {
  if (!isZstd(data)) throw new WharfError('IMAGE_FORMAT', `${what}: not zstd (bad magic bytes)`);
  try {
    return decompress(data);
  } catch (cause) {
    throw new WharfError('IMAGE_FORMAT', `${what}: corrupt or truncated zstd (${(cause as Error).message})`, { cause });
  }
}
