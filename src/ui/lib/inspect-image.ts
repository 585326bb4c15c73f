// What the Images panel's inspector shows for an image: the index.json and manifest an export
// writes (computed by the same function as Download image, so the bytes are the tarball's), the
// manifest and config as stored (layers uncompressed, as BuildKit keeps them until export), and
// each layer with the files it holds (like `docker inspect` plus `dive`'s layer view).

import { layerTar, listTar, type Digest, type ExportedLayout, type Image } from '../../core/oci/index.ts';

export interface LayerView {
  digest: Digest;
  mediaType: string;
  size: number;
  /** "d dir/", "f path (N bytes)", "l path -> target", in tar order. */
  files: string[];
}

export interface ImageView {
  ref: string;
  /** What Download image writes. */
  exported: {
    /** index.json exactly as written. */
    indexJson: string;
    manifestDigest: Digest;
    manifest: unknown;
  };
  /** What the browser keeps. */
  stored: {
    manifestDigest: Digest;
    manifest: unknown;
    config: unknown;
  };
  /** The stored layers, uncompressed. */
  layers: LayerView[];
}

export function imageView(ref: string, stored: Image, layout: ExportedLayout): ImageView {
  const layers = stored.layers.map((l): LayerView => ({
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
  return {
    ref,
    exported: {
      indexJson: new TextDecoder().decode(layout.indexBytes),
      manifestDigest: layout.image.manifestDigest,
      manifest: layout.image.manifest,
    },
    stored: { manifestDigest: stored.manifestDigest, manifest: stored.manifest, config: stored.config },
    layers,
  };
}
