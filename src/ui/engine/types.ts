// What the UI asks of the core: parse, build, run, export and import. The page holds one Engine;
// the build and run parts move into Workers behind the same methods without the UI noticing.

import type { ImageView } from '../lib/inspect-image.ts';
import type { Project, ProjectFile, RunOptions } from '../../core/project.ts';
import type { Digest } from '../../core/oci/types.ts';
import type { DirNode } from '../../core/rootfs/index.ts';
import type { ArchiveEntry } from '../lib/import-files.ts';
import type { TransferEvent } from '../../core/registry/index.ts';
import type { RequestLogEntry } from '../../core/runtime/index.ts';
import type { PreviewServer } from '../../worker/preview-server.ts';

/** A mount of a run: a tree read once (picked files), or a folder handle read at each run and
 * written back when the run exits (a read-write folder, where the browser grants one). */
export type MountTree = { id: number; guest: string } & ({ tree: DirNode } | { handle: FileSystemDirectoryHandle });

export interface Marker {
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface BuiltImage {
  ref: string;
  manifest: Digest;
  /** The build's warnings, as the build log shows them. */
  warnings: string[];
  /** False for an unchanged rebuild: the store already held this image under its ref. */
  committed: boolean;
}

/** A run that serves HTTP: a wasi:http component, or a module listening on a port. */
export type Serving = { server: PreviewServer } & ({ kind: 'http' } | { kind: 'socket'; port: number });

export interface RunIO {
  onStdout(bytes: Uint8Array): void;
  onStderr(bytes: Uint8Array): void;
  /** Work before the program starts that takes a while the first time (a component's transpile); '' when done. */
  onProgress?(message: string): void;
  /** The run serves: requests go to `serving.server` until the run ends. */
  onServe?(serving: Serving): void;
  /** Each request's log entry, once its response is known. */
  onRequest?(entry: RequestLogEntry): void;
}

export interface RunHandle {
  /** Resolves with the exit code (non-zero for traps, timeouts and Stop). */
  exited: Promise<number>;
  stop(): void;
  /** Present when the run reads keystrokes (interactive, on a cross-origin isolated page). */
  stdin?: { write(bytes: Uint8Array): void; close(): void };
}

export interface PushOutcome {
  /** Where it went ("localhost:5000/hello:latest") and its manifest digest there. */
  ref: string;
  digest: Digest;
  uploaded: number;
  existing: number;
  mounted: number;
  /** Said of what went up when it is not the stored image as it is (an artifact made of it). */
  note?: string;
}

export interface Engine {
  parse(text: string, file: string): Promise<Marker[]>;
  /**
   * The project changed: move new binaries to the builder now, not when Build is clicked, and
   * warm the built-in toolchains its FROM lines name (from files the browser keeps).
   */
  prepare(project: Project): void;
  build(project: Project, log: (line: string) => void): Promise<BuiltImage>;
  /** Ends the build in progress: it fails with RUN_STOPPED and commits nothing. */
  stopBuild(): void;
  /**
   * `interactive`: stdin comes from the terminal instead of `options.stdin` (as `docker run -i`).
   * `mounts`: trees placed over the image's rootfs at their guest paths, in order (as `-v`).
   */
  run(
    ref: string,
    options: RunOptions,
    io: RunIO,
    interactive?: boolean,
    mounts?: readonly MountTree[],
  ): Promise<RunHandle>;
  /** An OCI image layout tarball of `ref`; `onProgress` gets layer bytes compressed / total. */
  exportImage(ref: string, onProgress?: (done: number, total: number) => void): Promise<Blob>;
  /** What the inspector shows: the export's index.json and manifest beside the stored ones. */
  inspect(ref: string, onProgress?: (done: number, total: number) => void): Promise<ImageView>;
  /**
   * Pull `ref` from its registry into the store (checked in the builder Worker, committed in one
   * step); resolves with the ref it is stored under. Logins come from the engine's RegistryLogins.
   */
  pullImage(ref: string, onTransfer: (e: TransferEvent) => void): Promise<string>;
  /**
   * Push the stored image `ref` to `dest` as an export would write it (gzip layers, so the
   * digests match a downloaded tarball); `onStage` says what is under way ("compressing layers").
   * `asArtifact`: its entrypoint module alone, as an OCI Wasm artifact (as `wharf push --as-artifact`).
   */
  pushImage(
    ref: string,
    dest: string,
    onTransfer: (e: TransferEvent) => void,
    onStage?: (text: string) => void,
    asArtifact?: boolean,
  ): Promise<PushOutcome>;
  /** Import an image tarball; returns the refs it added. */
  importImage(bytes: Uint8Array, fileName: string): Promise<string[]>;
  /** True when `bytes` is an image tarball (OCI layout or docker-archive), not a build context. */
  isImageTarball(bytes: Uint8Array): Promise<boolean>;
  /** The entries of a tar archive (a build context): files, directories, symlinks, hardlinks. */
  readTar(bytes: Uint8Array): Promise<ArchiveEntry[]>;
}
