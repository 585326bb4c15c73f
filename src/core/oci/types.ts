// OCI image-spec v1.1 data types, spelled as the spec spells them.
// https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md

/** "sha256:<64 lowercase hex>" */
export type Digest = `sha256:${string}`;

export const MediaType = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  layerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  /** The config of an OCI Wasm artifact (CNCF TAG Runtime's Wasm OCI Artifact layout). */
  wasmConfig: 'application/vnd.wasm.config.v0+json',
  /** An OCI Wasm artifact's layer: the .wasm itself (what `wkg oci push` and oci-wasm write). */
  wasmLayer: 'application/wasm',
  /** The same, as runwasi's oci-tar-builder first named it (runwasi's shims accept both). */
  wasmComponentLayer: 'application/vnd.bytecodealliance.wasm.component.layer.v0+wasm',
} as const;

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
  artifactType?: string;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
  artifactType?: string;
  subject?: Descriptor;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The runtime part of an image config ("config" in the JSON). Docker's extra fields included. */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  Healthcheck?: HealthConfig;
  Shell?: string[];
  OnBuild?: string[] | null;
  ArgsEscaped?: boolean;
}

export interface ImageConfig extends Platform {
  created?: string;
  author?: string;
  config?: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history?: HistoryEntry[];
}

/** What an OCI Wasm artifact's config says of a component: its world's imports and exports. */
export interface WasmComponentInfo {
  /** "wasi:cli/run@0.2.0", ... as wit-component names a world's exports. */
  exports: string[];
  imports: string[];
  target?: string | null;
}

/**
 * The config of an OCI Wasm artifact (`application/vnd.wasm.config.v0+json`), as the oci-wasm
 * crate writes it for `wkg oci push` and runwasi's oci-tar-builder: no filesystem, no
 * Entrypoint, one layer that is the module or component.
 */
export interface WasmConfig {
  created?: string;
  author?: string | null;
  architecture: 'wasm';
  /** wasip1 for a core module, wasip2 for a component. */
  os: WasmArtifactOs;
  /** The manifest's layer digests, in order (what makes the config, and so its digest, unique). */
  layerDigests?: Digest[];
  /** Set for a component (os wasip2); null or absent for a module. */
  component?: WasmComponentInfo | null;
}

export const WASM_ARTIFACT_OS = ['wasip1', 'wasip2'] as const;
export type WasmArtifactOs = (typeof WASM_ARTIFACT_OS)[number];

/** The platforms a Wasm image may declare; `wasi/wasm` is the default (Docker's `--platform wasi/wasm`). */
export const WASM_PLATFORMS = ['wasi/wasm', 'wasip1/wasm', 'wasi/wasm32'] as const;
export type WasmPlatform = (typeof WASM_PLATFORMS)[number];

// ---- tar entries, as the tar reader yields them and the rootfs consumes them ----

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Normalized relative path, no leading "./" or "/", no trailing "/"; "" never appears. */
  path: string;
  type: TarEntryType;
  /** Permission bits (and setuid/setgid/sticky): 0o7777 mask. */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** Symlink target, or (for hardlinks) the normalized path of the linked entry. */
  linkname?: string;
  /** File contents (a view into the archive where possible: no copy). Empty for non-files. */
  data: Uint8Array;
}
