// What the Images panel's inspector shows for an image: the index.json and manifest an export
// writes (computed by the same function as Download image, so the bytes are the tarball's), the
// manifest and config as stored (layers uncompressed, as BuildKit keeps them until export), and
// each layer with the files it holds (like `docker inspect` plus `dive`'s layer view). An OCI
// Wasm artifact's one layer is its .wasm: shown as that, with its name.

import {
  OCI_TITLE,
  isWasmArtifact,
  layerTar,
  listTar,
  wasmKind,
  type Digest,
  type ExportedLayout,
  type Image,
  type Layer,
} from '../../core/oci/index.ts';

export interface LayerView {
  digest: Digest;
  mediaType: string;
  size: number;
  /** "d dir/", "f path (N bytes)", "l path -> target", in tar order. */
  files: string[];
}

export interface ImageView {
  ref: string;
  /** An OCI Wasm artifact (a .wasm, no filesystem) or a container image. */
  kind: 'artifact' | 'image';
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
  const artifact = isWasmArtifact(stored);
  const layers = stored.layers.map((l, i): LayerView => ({
    digest: l.digest,
    mediaType: l.mediaType,
    size: l.blob.byteLength,
    files: artifact ? [wasmFile(l, stored.manifest.layers[i]?.annotations?.[OCI_TITLE])] : tarFiles(l),
  }));
  return {
    ref,
    kind: artifact ? 'artifact' : 'image',
    exported: {
      indexJson: new TextDecoder().decode(layout.indexBytes),
      manifestDigest: layout.image.manifestDigest,
      manifest: layout.image.manifest,
    },
    stored: { manifestDigest: stored.manifestDigest, manifest: stored.manifest, config: stored.config },
    layers,
  };
}

/** "w hello.wasm (Wasm module, 4013 bytes)": an artifact's layer, the .wasm itself. */
function wasmFile(l: Layer, title: string | undefined): string {
  const kind = wasmKind(l.blob) === 'component' ? 'Wasm component' : 'Wasm module';
  return `w ${title ?? l.digest} (${kind}, ${l.blob.byteLength} bytes)`;
}

function tarFiles(l: Layer): string[] {
  return listTar(layerTar(l)).map((e) => {
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
  });
}
