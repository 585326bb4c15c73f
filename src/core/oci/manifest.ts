// Image manifest and index documents (OCI image-spec manifest.md, image-index.md).
// https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md
import { MediaType, type Descriptor, type ImageIndex, type ImageManifest } from './types.ts';

/** Tells crun-based runtimes (Podman, CRI-O) to run the image with their Wasm handler. */
export const WASM_VARIANT_ANNOTATION = 'module.wasm.image/variant';
export const WASM_VARIANT = 'compat-smart';
/** containerd's full image name annotation (index.json), e.g. "docker.io/library/hello:latest". */
export const CONTAINERD_IMAGE_NAME = 'io.containerd.image.name';
/** The OCI layout ref name (index.json): the tag, e.g. "latest". */
export const OCI_REF_NAME = 'org.opencontainers.image.ref.name';

export function buildManifest(
  config: Descriptor,
  layers: readonly Descriptor[],
  annotations?: Record<string, string>,
): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    annotations: annotations ?? { [WASM_VARIANT_ANNOTATION]: WASM_VARIANT },
  };
}

export function buildIndex(manifests: readonly Descriptor[], annotations?: Record<string, string>): ImageIndex {
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.index, manifests: [...manifests] };
  if (annotations && Object.keys(annotations).length) index.annotations = annotations;
  return index;
}
