// The OCI layer: digests, deterministic tar and gzip, image config/manifest/index, the image
// model (container images and OCI Wasm artifacts), validation, and image tarballs in and out
// (OCI image layout + docker save's manifest.json).
// Specs: https://github.com/opencontainers/image-spec/blob/v1.1.0/spec.md
//
// API for the builder:
//   writeTar(entries, { mtime }) -> Uint8Array            deterministic layer tar
//   layerFromTar(tar, digest?) -> Promise<Layer>          uncompressed layer (digest = diff_id)
//   buildConfig({ diff_ids, platform, created, config, history }) -> ImageConfig
//   createImage(config, layers, { annotations? }) -> Promise<Image>
//   validateImage(image) -> problems[]; validateLayout(tarball) -> problems[]
//   exportImage(image, { ref, compression, gzip, onProgress }) -> Promise<{ tar, image }>
//   exportImageParts(...) -> Promise<{ parts, size, image }>   the same bytes as views, layers not copied
//   imageBlobs(image)                                      every blob by digest (for Store.commit)
// OCI Wasm artifacts: createArtifact(wasm, { title }), isWasmArtifact(image),
//   runConfig(image, ref) -> what a run plans from, containerImage(image, what) for a filesystem
// API for the runtime and import:
//   readTar(bytes) / listTar(bytes) -> TarEntry (data are views), layerTar(layer)
// API for the shell's tar(1): readTarRecords(bytes) (names as stored), writeTarMembers(members)
//   importArchive(bytes, { name }) -> Promise<{ image, refs, format }>
// Digests: sha256(bytes) (WebCrypto), sha256Sync, createHasher(), verify(), parseDigest(), isDigest()
// gzip: gzip(), gunzip() (multi-member), gzipChunked / gzipChunkedSync (GZIP_CHUNK_SIZE members);
//   zstd: unzstd() for imported zstd layers (read, never written);
//   the browser's worker pool (src/worker/gzip-pool-client.ts) is a ChunkedGzip with the same bytes.
export * from './types.ts';
export { sha256, sha256Sync, createHasher, verify, parseDigest, isDigest, digestHex, type Hasher } from './digest.ts';
export { canonicalJson, canonicalJsonBytes, parseJsonBytes } from './json.ts';
export { normalizeEntryPath, resolveInside } from './paths.ts';
export {
  writeTar,
  writeTarParts,
  writeTarMembers,
  type TarWriteEntry,
  type TarWriteOptions,
  type TarMember,
} from './tar-writer.ts';
export { readTar, readTarRecords, listTar, type TarReadOptions, type TarRecord } from './tar-reader.ts';
export {
  gzip,
  gunzip,
  MAX_INFLATED_BYTES,
  isGzip,
  gzipChunks,
  gzipChunked,
  gzipChunkedSync,
  concatMembers,
  GZIP_CHUNK_SIZE,
  GZIP_LEVEL,
  type ChunkedGzip,
  type GzipLevel,
  type GzipProgress,
} from './gzip.ts';
export { buildConfig, parsePlatform, isWasmPlatform, rfc3339, DEFAULT_PLATFORM, type ConfigOptions } from './config.ts';
export {
  buildManifest,
  buildIndex,
  WASM_VARIANT_ANNOTATION,
  WASM_VARIANT,
  CONTAINERD_IMAGE_NAME,
  OCI_REF_NAME,
} from './manifest.ts';
export { parseRef, normalizeRef, familiarRef, type ImageRef } from './ref.ts';
export {
  createImage,
  assembleImage,
  layerFromTar,
  layerTar,
  convertLayers,
  imageBlobs,
  isGzipMediaType,
  layerCompression,
  LAYER_MEDIA_TYPES,
  descriptorOf,
  type Image,
  type ImageOf,
  type ContainerImage,
  type WasmArtifact,
  type Layer,
  type Compression,
  type CreateImageOptions,
  type ConvertOptions,
} from './image.ts';
export {
  createArtifact,
  isWasmArtifact,
  isArtifactManifest,
  isArtifactPlatform,
  containerImage,
  parseWasmConfig,
  wasmLayerOf,
  artifactLayerProblems,
  wasmConfigProblems,
  moduleName,
  runConfig,
  artifactModule,
  WASM_LAYER_MEDIA_TYPES,
  OCI_TITLE,
  type ArtifactOptions,
} from './artifact.ts';
export { wasmKind, describeNotWasm, componentInterfaces, type WasmKind } from './wasm-binary.ts';
export { validateImage, type ValidateOptions } from './validate.ts';
export { validateLayout } from './validate-layout.ts';
export {
  exportImage,
  exportImageParts,
  exportLayout,
  type ExportedLayout,
  OCI_LAYOUT,
  type ExportOptions,
  type ExportResult,
  type DockerManifestEntry,
} from './archive-export.ts';
export {
  importArchive,
  checkLayer,
  layerOf,
  parseConfig,
  type ImportOptions,
  type ImportResult,
  type AsyncInflate,
  type Inflate,
} from './archive-import.ts';
export { gunzipNative } from './gunzip-native.ts';
export { isZstd, unzstd } from './zstd.ts';
export { unpackLayer } from './unpack.ts';
