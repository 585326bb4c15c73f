// An image and the Store: the record that commits one under a ref, and reading one back by ref
// or manifest digest: its manifest and config at once, its layers when first needed (a run whose
// tree is cached reads none), as the in-memory Image the builder (FROM, COPY --from), the
// exporters and the runner consume. An OCI Wasm artifact comes back the same way, its one layer
// the .wasm.

import { WharfError } from './errors.ts';
import { isArtifactManifest, parseWasmConfig } from './oci/artifact.ts';
import type { Image, Layer } from './oci/image.ts';
import { parseJsonBytes } from './oci/json.ts';
import { normalizeRef } from './oci/ref.ts';
import type { Digest, ImageConfig, ImageManifest, WasmConfig } from './oci/types.ts';
import type { BlobStore, ImageRecord, ImageStore } from './store.ts';

/**
 * The store record pointing `ref` at this image, which `ImageStore.commit` takes with
 * `imageBlobs(image)`; `now` in ms (injected: core takes no clock).
 */
export function imageRecord(image: Image, ref: string, now: number): ImageRecord {
  return {
    ref,
    manifest: image.manifestDigest,
    config: image.configDigest,
    size: image.configBytes.length + image.layers.reduce((n, l) => n + l.blob.length, 0),
    created: image.config.created ?? '1970-01-01T00:00:00Z',
    updatedAt: now,
  };
}

/** Find a ref as the user wrote it ("hello", "hello:v1", "docker.io/library/hello:latest"). */
export async function findRef(store: ImageStore, name: string): Promise<string | undefined> {
  if ((await store.getRef(name)) !== undefined) return name;
  let normalized: string;
  try {
    normalized = normalizeRef(name);
  } catch {
    return undefined;
  }
  return (await store.getRef(normalized)) ? normalized : undefined;
}

/** A stored image as its manifest and config, with its layers read on first use, once. */
export interface StoredImage {
  manifestDigest: Digest;
  manifest: ImageManifest;
  /** The manifest and config as stored, byte for byte. */
  manifestBytes: Uint8Array;
  /** An image config, or an OCI Wasm artifact's (isArtifactManifest(manifest) says which). */
  config: ImageConfig | WasmConfig;
  configBytes: Uint8Array;
  /** The whole image: the first call reads every layer from the store. */
  load(): Promise<Image>;
}

/** Reads a stored image's manifest and config (two small reads); layers wait for `load()`. */
export async function openImage(store: BlobStore & ImageStore, refOrDigest: string): Promise<StoredImage> {
  let manifestDigest: Digest;
  if (refOrDigest.startsWith('sha256:')) {
    manifestDigest = refOrDigest as Digest;
  } else {
    const ref = await findRef(store, refOrDigest);
    const record = ref === undefined ? undefined : await store.getRef(ref);
    if (!record) throw new WharfError('NOT_FOUND', `image "${refOrDigest}" is not in the local image store`);
    manifestDigest = record.manifest;
  }
  const read = async (d: Digest, what: string): Promise<Uint8Array> => {
    const b = await store.get(d);
    if (!b) throw new WharfError('NOT_FOUND', `${what} ${d} of image "${refOrDigest}" is missing from the store`);
    return b;
  };
  const manifestBytes = await read(manifestDigest, 'manifest');
  const manifest = parseJsonBytes(manifestBytes, `manifest ${manifestDigest}`) as ImageManifest;
  const configBytes = await read(manifest.config.digest, 'config');
  const what = `config ${manifest.config.digest}`;
  const artifact = isArtifactManifest(manifest);
  const config = artifact
    ? parseWasmConfig(configBytes, manifest, what)
    : (parseJsonBytes(configBytes, what) as ImageConfig);
  // An artifact's one layer is the .wasm: its content digest is its digest.
  const diffIds = artifact ? manifest.layers.map((l) => l.digest) : ((config as ImageConfig).rootfs?.diff_ids ?? []);
  if (diffIds.length !== manifest.layers.length) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `image "${refOrDigest}": ${manifest.layers.length} layers but ${diffIds.length} diff_ids`,
    );
  }
  let loaded: Promise<Image> | undefined;
  const load = async (): Promise<Image> => {
    const layers: Layer[] = [];
    for (const [i, d] of manifest.layers.entries()) {
      layers.push({
        mediaType: d.mediaType,
        digest: d.digest,
        diffId: diffIds[i]!,
        blob: await read(d.digest, 'layer'),
      });
    }
    const parts = {
      manifest,
      manifestBytes,
      manifestDigest,
      configBytes,
      configDigest: manifest.config.digest,
      layers,
    };
    return artifact ? { ...parts, config: config as WasmConfig } : { ...parts, config: config as ImageConfig };
  };
  return {
    manifestDigest,
    manifest,
    manifestBytes,
    config,
    configBytes,
    load: () =>
      (loaded ??= load().catch((e: unknown) => {
        loaded = undefined;
        throw e;
      })),
  };
}

/** A stored image with every layer read. */
export async function loadImage(store: BlobStore & ImageStore, refOrDigest: string): Promise<Image> {
  return (await openImage(store, refOrDigest)).load();
}
