// One validation for every image producer, as go-containerregistry's pkg/v1/validate: digests
// and sizes of config, manifest and layers, diff_ids against the uncompressed layers (an OCI
// Wasm artifact: its one layer a Wasm module or component, its config's layerDigests),
// manifest/config agreement, media types, platform. All problems are collected, not just the first.
import { artifactLayerProblems, isWasmArtifact, wasmConfigProblems } from './artifact.ts';
import { isWasmPlatform } from './config.ts';
import { isDigest, sha256 } from './digest.ts';
import { isGzip } from './gzip.ts';
import { canonicalJson, parseJsonBytes } from './json.ts';
import {
  LAYER_MEDIA_TYPES,
  layerCompression,
  layerTar,
  type ContainerImage,
  type Image,
  type WasmArtifact,
} from './image.ts';
import { listTar } from './tar-reader.ts';
import { describeNotWasm, wasmKind } from './wasm-binary.ts';
import { isZstd } from './zstd.ts';
import { MediaType } from './types.ts';

export interface ValidateOptions {
  /** Require a Wasm platform (wasi/wasm, wasip1/wasm, wasi/wasm32); default true. */
  wasm?: boolean;
  /** Read every layer as a tar (catches corrupt layers; costs a pass); default true. */
  readLayers?: boolean;
}

const MANIFEST_TYPES: readonly string[] = [MediaType.manifest, MediaType.dockerManifest];
const CONFIG_TYPES: readonly string[] = [MediaType.config, MediaType.dockerConfig];

/** Every problem found in `image`, as messages; empty when it is valid. */
export async function validateImage(image: Image, options: ValidateOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const m = image.manifest;
  if ((await sha256(image.manifestBytes)) !== image.manifestDigest)
    problems.push(`manifest: bytes do not hash to ${image.manifestDigest}`);
  try {
    if (canonicalJson(parseJsonBytes(image.manifestBytes, 'manifest')) !== canonicalJson(m))
      problems.push('manifest: bytes and parsed manifest disagree');
  } catch (e) {
    problems.push((e as Error).message);
  }
  try {
    if (canonicalJson(parseJsonBytes(image.configBytes, 'config')) !== canonicalJson(image.config))
      problems.push('config: bytes and parsed config disagree');
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (m.schemaVersion !== 2) problems.push(`manifest: schemaVersion ${String(m.schemaVersion)}, want 2`);
  if (m.mediaType !== undefined && !MANIFEST_TYPES.includes(m.mediaType))
    problems.push(`manifest: mediaType "${m.mediaType}" is not an image manifest`);
  if (!isWasmArtifact(image) && !CONFIG_TYPES.includes(m.config?.mediaType))
    problems.push(`manifest: config mediaType "${m.config?.mediaType}" is not an image config`);
  const configDigest = await sha256(image.configBytes);
  if (m.config?.digest !== configDigest)
    problems.push(`manifest: config digest ${m.config?.digest}, but the config hashes to ${configDigest}`);
  if (image.configDigest !== configDigest)
    problems.push(`image: configDigest ${image.configDigest}, but the config hashes to ${configDigest}`);
  if (m.config?.size !== image.configBytes.length)
    problems.push(`manifest: config size ${m.config?.size}, but the config is ${image.configBytes.length} bytes`);
  if (isWasmArtifact(image)) return [...problems, ...(await artifactProblems(image))];
  problems.push(...configProblems(image, options));
  const layers = m.layers ?? [];
  if (layers.length !== image.layers.length)
    problems.push(`manifest: ${layers.length} layers, but the image has ${image.layers.length}`);
  const diffIds = image.config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== image.layers.length)
    problems.push(`config: ${diffIds.length} diff_ids for ${image.layers.length} layers`);
  for (let i = 0; i < image.layers.length; i++) {
    problems.push(...(await layerProblems(image, i, options)));
  }
  return problems;
}

/** An artifact's config and its one layer: a Wasm module or component, named by its digest. */
async function artifactProblems(image: WasmArtifact): Promise<string[]> {
  const m = image.manifest;
  const problems = [
    ...artifactLayerProblems(m.layers ?? []).map((p) => `manifest: ${p}`),
    ...wasmConfigProblems(image.config, m.layers ?? []).map((p) => `config: ${p}`),
  ];
  if (image.config.layerDigests === undefined) problems.push('config: layerDigests is missing');
  if ((m.layers ?? []).length !== image.layers.length)
    problems.push(`manifest: ${m.layers?.length ?? 0} layers, but the artifact has ${image.layers.length}`);
  for (const [i, l] of image.layers.entries()) {
    const d = m.layers?.[i];
    const at = `layer ${i}`;
    if (d && (d.mediaType !== l.mediaType || d.digest !== l.digest || d.size !== l.blob.length))
      problems.push(
        `${at}: manifest says ${d.mediaType} ${d.digest} (${d.size} bytes), the layer is ${l.mediaType} ${l.digest} (${l.blob.length} bytes)`,
      );
    const digest = await sha256(l.blob);
    if (digest !== l.digest) problems.push(`${at}: blob hashes to ${digest}, but is named ${l.digest}`);
    if (l.diffId !== l.digest) problems.push(`${at}: a Wasm layer's diffId is its digest, not ${l.diffId}`);
    if (wasmKind(l.blob) === undefined) problems.push(`${at}: the .wasm is ${describeNotWasm(l.blob)}`);
  }
  return problems;
}

function configProblems(image: ContainerImage, options: ValidateOptions): string[] {
  const c = image.config;
  const problems: string[] = [];
  if (typeof c.architecture !== 'string' || c.architecture === '') problems.push('config: architecture is missing');
  if (typeof c.os !== 'string' || c.os === '') problems.push('config: os is missing');
  if (options.wasm !== false && !isWasmPlatform(c))
    problems.push(
      `config: platform ${c.os}/${c.architecture} is not a Wasm platform (wasi/wasm, wasip1/wasm, wasi/wasm32)`,
    );
  if (c.rootfs?.type !== 'layers') problems.push(`config: rootfs.type "${String(c.rootfs?.type)}", want "layers"`);
  for (const [i, d] of (c.rootfs?.diff_ids ?? []).entries())
    if (!isDigest(d)) problems.push(`config: rootfs.diff_ids[${i}] "${d}" is not a sha256 digest`);
  if (c.created !== undefined && Number.isNaN(Date.parse(c.created)))
    problems.push(`config: created "${c.created}" is not an RFC 3339 time`);
  if (c.history) {
    const nonEmpty = c.history.filter((h) => !h.empty_layer).length;
    if (nonEmpty !== (c.rootfs?.diff_ids ?? []).length)
      problems.push(
        `config: history has ${nonEmpty} non-empty entries for ${(c.rootfs?.diff_ids ?? []).length} diff_ids`,
      );
  }
  return problems;
}

async function layerProblems(image: ContainerImage, i: number, options: ValidateOptions): Promise<string[]> {
  const problems: string[] = [];
  const l = image.layers[i]!;
  const d = image.manifest.layers?.[i];
  const at = `layer ${i}`;
  if (!LAYER_MEDIA_TYPES.includes(l.mediaType)) problems.push(`${at}: mediaType "${l.mediaType}" is not a tar layer`);
  if (d) {
    if (d.mediaType !== l.mediaType)
      problems.push(`${at}: manifest says mediaType "${d.mediaType}", the layer is "${l.mediaType}"`);
    if (d.digest !== l.digest) problems.push(`${at}: manifest says digest ${d.digest}, the layer is ${l.digest}`);
    if (d.size !== l.blob.length)
      problems.push(`${at}: manifest says size ${d.size}, the blob is ${l.blob.length} bytes`);
  }
  const digest = await sha256(l.blob);
  if (digest !== l.digest) problems.push(`${at}: blob hashes to ${digest}, but is named ${l.digest}`);
  if (layerCompression(l.mediaType) === 'gzip' && !isGzip(l.blob))
    problems.push(`${at}: mediaType says gzip but the blob is not gzip`);
  if (layerCompression(l.mediaType) === 'zstd' && !isZstd(l.blob))
    problems.push(`${at}: mediaType says zstd but the blob is not zstd`);
  let tar: Uint8Array | undefined;
  try {
    tar = layerTar(l);
  } catch (e) {
    problems.push(`${at}: ${(e as Error).message}`);
  }
  if (tar) {
    const diffId = layerCompression(l.mediaType) === 'uncompressed' ? digest : await sha256(tar);
    if (diffId !== l.diffId)
      problems.push(`${at}: uncompressed tar hashes to ${diffId}, but its diffId is ${l.diffId}`);
    const want = image.config.rootfs?.diff_ids?.[i];
    if (want !== undefined && want !== diffId)
      problems.push(`${at}: config rootfs.diff_ids[${i}] is ${want}, but the uncompressed layer hashes to ${diffId}`);
    if (options.readLayers !== false) {
      try {
        listTar(tar, { name: at });
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }
  return problems;
}
