// The in-memory image, in the spirit of go-containerregistry's v1.Image: a manifest, a config
// and layers, each with its raw bytes and digest computed once. Builders make one with
// `createImage`, importers from blobs they verified; exporters and the store only read it. The same
// interface describes an OCI Wasm artifact (artifact.ts): its config is the Wasm config and its
// one layer the .wasm; writers never need to tell the two apart.
import { WharfError } from '../errors.ts';
import { sha256 } from './digest.ts';
import { GZIP_LEVEL, gunzip, gzipChunked, type ChunkedGzip, type GzipProgress } from './gzip.ts';
import { canonicalJsonBytes } from './json.ts';
import { unzstd } from './zstd.ts';
import { buildManifest } from './manifest.ts';
import {
  MediaType,
  type Descriptor,
  type Digest,
  type ImageConfig,
  type ImageManifest,
  type WasmConfig,
} from './types.ts';

export interface Layer {
  /** MediaType.layer or MediaType.layerGzip (Docker's equivalents, or layerZstd, on import). */
  mediaType: string;
  /** The blob as stored/exported (gzip, zstd or plain tar). */
  blob: Uint8Array;
  /** sha256 of `blob`. */
  digest: Digest;
  /**
   * sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. A Wasm layer is its own
   * content: its digest, as the artifact config's layerDigests lists it.
   */
  diffId: Digest;
}

/** An image whose config is `C`: `config` is the parse of `configBytes`. */
export interface ImageOf<C extends ImageConfig | WasmConfig> {
  manifest: ImageManifest;
  manifestBytes: Uint8Array;
  manifestDigest: Digest;
  config: C;
  configBytes: Uint8Array;
  configDigest: Digest;
  layers: readonly Layer[];
}

/** A container image: an OCI image config and tar layers, a filesystem (what a build makes). */
export type ContainerImage = ImageOf<ImageConfig>;
/** An OCI Wasm artifact: the Wasm config and one layer, the .wasm (see artifact.ts). */
export type WasmArtifact = ImageOf<WasmConfig>;
/** Either: what a pull, an import or the store gives. */
export type Image = ContainerImage | WasmArtifact;

export type Compression = 'gzip' | 'uncompressed';

export function isGzipMediaType(mediaType: string): boolean {
  return mediaType === MediaType.layerGzip || mediaType === MediaType.dockerLayerGzip;
}

/** The layer media types images may use here (Docker's from docker-archive and v2 manifests). */
export const LAYER_MEDIA_TYPES: readonly string[] = [
  MediaType.layer,
  MediaType.layerGzip,
  MediaType.layerZstd,
  MediaType.dockerLayer,
  MediaType.dockerLayerGzip,
];

/** How a layer of this media type is compressed. */
export function layerCompression(mediaType: string): Compression | 'zstd' {
  return isGzipMediaType(mediaType) ? 'gzip' : mediaType === MediaType.layerZstd ? 'zstd' : 'uncompressed';
}

/** A layer from an uncompressed tar (its digest is its diff_id). Pass `digest` if known already. */
export async function layerFromTar(tar: Uint8Array, digest?: Digest): Promise<Layer> {
  const d = digest ?? (await sha256(tar));
  return { mediaType: MediaType.layer, blob: tar, digest: d, diffId: d };
}

/** The layer's uncompressed tar. */
export function layerTar(layer: Layer): Uint8Array {
  switch (layerCompression(layer.mediaType)) {
    case 'gzip':
      return gunzip(layer.blob, `layer ${layer.digest}`);
    case 'zstd':
      return unzstd(layer.blob, `layer ${layer.digest}`);
    case 'uncompressed':
      return layer.blob;
  }
}

export function descriptorOf(mediaType: string, bytes: Uint8Array, digest: Digest): Descriptor {
  return { mediaType, digest, size: bytes.length };
}

export interface CreateImageOptions {
  /** Manifest annotations; default the Wasm variant annotation (compat-smart). */
  annotations?: Record<string, string>;
}

/**
 * An image from a config and its layers. The config's rootfs.diff_ids must list the layers'
 * diffIds in order (USAGE error otherwise): a builder makes both from the same layers.
 */
export async function createImage(
  config: ImageConfig,
  layers: readonly Layer[],
  options: CreateImageOptions = {},
): Promise<ContainerImage> {
  return assembleImage(config, canonicalJsonBytes(config), layers, options);
}

/**
 * Like createImage, but keeps the config bytes as given (an imported docker-archive config, whose
 * digest is the image ID). `config` must be the parse of `configBytes`.
 */
export async function assembleImage(
  config: ImageConfig,
  configBytes: Uint8Array,
  layers: readonly Layer[],
  options: CreateImageOptions = {},
): Promise<ContainerImage> {
  const ids = config.rootfs?.diff_ids ?? [];
  if (ids.length !== layers.length || ids.some((d, i) => d !== layers[i]!.diffId)) {
    throw new WharfError(
      'USAGE',
      `createImage: config rootfs.diff_ids [${ids.join(', ')}] do not match the layers' diff_ids`,
    );
  }
  const configDigest = await sha256(configBytes);
  const manifest = buildManifest(
    descriptorOf(MediaType.config, configBytes, configDigest),
    layers.map((l) => descriptorOf(l.mediaType, l.blob, l.digest)),
    options.annotations,
  );
  const manifestBytes = canonicalJsonBytes(manifest);
  return {
    manifest,
    manifestBytes,
    manifestDigest: await sha256(manifestBytes),
    config,
    configBytes,
    configDigest,
    layers: [...layers],
  };
}

export interface ConvertOptions {
  /** The chunked gzip to use (the browser passes its worker pool); default in-thread. */
  gzip?: ChunkedGzip;
  level?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Bytes of uncompressed layer data done / total, across all layers. */
  onProgress?: GzipProgress;
}

/**
 * The same image with its layers gzip'd or plain: layer digests, media types and so the manifest
 * digest change; the config (diff_ids) does not. Layers already in the wanted form are kept, and
 * so is an OCI Wasm artifact: its layer is the .wasm, stored and sent as it is.
 */
export async function convertLayers<I extends Image>(
  image: I,
  to: Compression,
  options: ConvertOptions = {},
): Promise<I> {
  if (image.manifest.config.mediaType === MediaType.wasmConfig) return image;
  const compress = options.gzip ?? gzipChunked;
  const pending = image.layers.filter((l) => layerCompression(l.mediaType) !== to);
  if (pending.length === 0) return image;
  // Progress is in stored blob bytes; a zstd layer's tar is bigger than its blob, hence `scale`.
  const total = pending.reduce((n, l) => n + l.blob.length, 0);
  let before = 0;
  const layers: Layer[] = [];
  for (const l of image.layers) {
    if (layerCompression(l.mediaType) === to) {
      layers.push(l);
      continue;
    }
    let blob: Uint8Array;
    if (to === 'gzip') {
      const base = before;
      const tar = layerTar(l);
      const scale = l.blob.length / Math.max(1, tar.length);
      blob = await compress(tar, {
        level: options.level ?? GZIP_LEVEL,
        onProgress: options.onProgress && ((done) => options.onProgress!(base + Math.round(done * scale), total)),
      });
    } else {
      blob = layerTar(l);
      options.onProgress?.(before + l.blob.length, total);
    }
    before += l.blob.length;
    layers.push({
      mediaType: to === 'gzip' ? MediaType.layerGzip : MediaType.layer,
      blob,
      digest: await sha256(blob),
      diffId: l.diffId,
    });
  }
  const converted = await assembleImage(
    image.config as ImageConfig,
    image.configBytes,
    layers,
    image.manifest.annotations ? { annotations: image.manifest.annotations } : {},
  );
  return converted as I;
}

/** Every blob of the image by digest: its manifest, config and layers. */
export function imageBlobs(image: Image): Map<Digest, Uint8Array> {
  const blobs = new Map<Digest, Uint8Array>([
    [image.manifestDigest, image.manifestBytes],
    [image.configDigest, image.configBytes],
  ]);
  for (const l of image.layers) blobs.set(l.digest, l.blob);
  return blobs;
}
