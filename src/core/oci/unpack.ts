// A layer's contents, checked: its blob was verified against its digest when it arrived, and its
// uncompressed tar is checked against the config's diff_id here, where it is unpacked (containerd
// checks at the same point). Transfers never inflate a layer; whatever reads one goes through here.
import { WharfError } from '../errors.ts';
import { sha256 } from './digest.ts';
import { gunzipNative } from './gunzip-native.ts';
import { layerCompression, type Layer } from './image.ts';
import { unzstd } from './zstd.ts';

/** Decompresses a whole gzip stream (all members), throwing IMAGE_FORMAT naming `what`. */
export type Inflate = (data: Uint8Array, what: string) => Uint8Array;

/** An Inflate that may take its time (the platform's DecompressionStream). */
export type AsyncInflate = (data: Uint8Array, what: string) => Uint8Array | Promise<Uint8Array>;

/** The layer's uncompressed tar, hashed against its diff_id (an uncompressed blob's digest is its diff_id). */
export async function unpackLayer(
  layer: Layer,
  what: string,
  inflate: AsyncInflate = gunzipNative,
): Promise<Uint8Array> {
  const compression = layerCompression(layer.mediaType);
  if (compression === 'uncompressed') {
    if (layer.digest !== layer.diffId) throw mismatch(what, layer.digest, layer.diffId);
    return layer.blob;
  }
  const tar = compression === 'gzip' ? await inflate(layer.blob, what) : unzstd(layer.blob, what);
  const got = await sha256(tar);
  if (got !== layer.diffId) throw mismatch(what, got, layer.diffId);
  return tar;
}

function mismatch(what: string, got: string, diffId: string): WharfError {
  return new WharfError(
    'DIGEST_MISMATCH',
    `${what}: uncompressed tar hashes to ${got}, but the config's diff_id is ${diffId}`,
  );
}
