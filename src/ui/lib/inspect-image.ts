// What the Images panel's inspector shows for an image: the index an export would write, the
// manifest and config as stored, and each layer with the files it holds (like `docker inspect`
// plus `dive`'s layer view, without leaving the browser).

import {
  buildIndex,
  layerTar,
  listTar,
  normalizeRef,
  parseRef,
  type Digest,
  type ImageIndex,
} from '../../core/oci/index.ts';
import type { BlobStore, ImageStore } from '../../core/store.ts';
import { loadImage } from '../../core/store-image.ts';

export interface LayerView {
  digest: Digest;
  mediaType: string;
  size: number;
  /** "d dir/", "f path (N bytes)", "l path -> target", in tar order. */
  files: string[];
}

export interface ImageView {
  ref: string;
  index: ImageIndex;
  manifest: unknown;
  config: unknown;
  layers: LayerView[];
}

export async function inspectImage(store: BlobStore & ImageStore, ref: string): Promise<ImageView> {
  const image = await loadImage(store, ref);
  const annotations: Record<string, string> = { 'io.containerd.image.name': normalizeRef(ref) };
  const tag = parseRef(ref).tag;
  if (tag !== undefined) annotations['org.opencontainers.image.ref.name'] = tag;
  const index = buildIndex([
    {
      mediaType: image.manifest.mediaType,
      digest: image.manifestDigest,
      size: image.manifestBytes.byteLength,
      platform: { architecture: image.config.architecture, os: image.config.os },
      annotations,
    },
  ]);
  const layers = image.layers.map((l): LayerView => ({
    digest: l.digest,
    mediaType: l.mediaType,
    size: l.blob.byteLength,
    files: listTar(layerTar(l)).map((e) => {
      switch (e.type) {
        case 'directory':
          return `d ${e.path}/`;
        case 'symlink':
          return `l ${e.path} -> ${e.linkname ?? ''}`;
        case 'hardlink':
          return `h ${e.path} => ${e.linkname ?? ''}`;
        default:
          return `f ${e.path} (${e.data.byteLength} bytes)`;
      }
    }),
  }));
  return { ref, index, manifest: image.manifest, config: image.config, layers };
}
