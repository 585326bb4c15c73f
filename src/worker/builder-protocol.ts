// Messages between the page's BuilderClient and builder.worker.ts (builds and image imports). Versioned and guarded: a
// worker from another deployment (a stale cached bundle) must fail loudly, not half-work.

import type { BuildEvent } from '../core/builder/index.ts';
import type { SerializedError } from '../core/errors.ts';
import type { Digest, WasmPlatform } from '../core/oci/types.ts';
import type { ContextDir, ContextSymlink } from '../core/project.ts';
import type { Credentials, TransferEvent } from '../core/registry/index.ts';

export const BUILDER_PROTOCOL = 7;

/** Registry logins by host, for pulls (the page keeps them; the worker only uses them). */
export type WireCredentials = Record<string, Credentials>;

/** A project entry on the wire: text inline; binaries by id, with bytes only the first time; links and directories as they are. */
export type WireFile =
  | { path: string; mode: number; text: string }
  | { path: string; mode: number; blobId: number; data?: Uint8Array }
  | ContextSymlink
  | ContextDir;

export interface WireBuildOptions {
  dockerfile: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  platform?: WasmPlatform;
  sourceDateEpoch?: number;
  /** For FROM and COPY --from images pulled from registries. */
  credentials?: WireCredentials;
}

export interface BuildSummary {
  ref: string;
  manifestDigest: Digest;
  configDigest: Digest;
  /** Stored size: config + layers, uncompressed. */
  size: number;
  steps: number;
  cached: number;
  warnings: string[];
  /** False when the ref already named this image and the build wrote nothing. */
  committed: boolean;
}

/** Store methods the worker may call on the page's Store. */
export const STORE_METHODS = [
  'has',
  'get',
  'size',
  'list',
  'commit',
  'getRef',
  'listRefs',
  'deleteRef',
  'getCache',
  'putCache',
  'collectGarbage',
] as const;
export type StoreMethod = (typeof STORE_METHODS)[number];

/**
 * After each 'files' or 'build' message the worker holds exactly the binaries its `files` name
 * (the page mirrors that set): 'files' sends a project's binaries ahead of its build.
 * A 'commit' store call carries its blobs as Blob, made in the worker: the page stores them as
 * they are, so a big layer is neither cloned to the page nor copied on its main thread.
 */
export type ToBuilder =
  | {
      v: typeof BUILDER_PROTOCOL;
      type: 'build';
      id: number;
      files: WireFile[];
      options: WireBuildOptions;
      now: number;
      /** The site's base URL: the toolchain files (built-in images) are under it. */
      base: string;
    }
  | { v: typeof BUILDER_PROTOCOL; type: 'files'; files: WireFile[] }
  /** Warm the built-in images `refs` name from the toolchain files this browser keeps. */
  | { v: typeof BUILDER_PROTOCOL; type: 'warm'; refs: string[]; base: string }
  /** Import an image tarball (checked, every digest verified) and commit it under its refs. */
  | {
      v: typeof BUILDER_PROTOCOL;
      type: 'import';
      id: number;
      bytes: Uint8Array;
      name: string;
      fallbackRef: string;
      now: number;
    }
  /** Pull an image from its registry (every byte verified) and commit it under its ref. */
  | { v: typeof BUILDER_PROTOCOL; type: 'pull'; id: number; ref: string; credentials: WireCredentials; now: number }
  /** Inflate a whole-gzipped archive (a .tar.gz build context or image) off the main thread. */
  | { v: typeof BUILDER_PROTOCOL; type: 'gunzip'; id: number; bytes: Uint8Array; what: string }
  | { v: typeof BUILDER_PROTOCOL; type: 'store-reply'; callId: number; ok: true; value: unknown }
  | { v: typeof BUILDER_PROTOCOL; type: 'store-reply'; callId: number; ok: false; error: SerializedError };

export type FromBuilder =
  | { v: typeof BUILDER_PROTOCOL; type: 'event'; id: number; event: BuildEvent }
  | { v: typeof BUILDER_PROTOCOL; type: 'store-call'; id: number; callId: number; method: StoreMethod; args: unknown[] }
  | { v: typeof BUILDER_PROTOCOL; type: 'done'; id: number; summary: BuildSummary }
  | { v: typeof BUILDER_PROTOCOL; type: 'imported'; id: number; refs: string[] }
  /** A blob of a pull moved on (a Pull, or a build's FROM image): `ref` is the image pulled. */
  | { v: typeof BUILDER_PROTOCOL; type: 'transfer'; id: number; ref: string; event: TransferEvent }
  | { v: typeof BUILDER_PROTOCOL; type: 'pulled'; id: number; ref: string }
  | { v: typeof BUILDER_PROTOCOL; type: 'gunzipped'; id: number; bytes: Uint8Array }
  | { v: typeof BUILDER_PROTOCOL; type: 'error'; id: number; error: SerializedError };

export function isMessage<T extends { v: number; type: string }>(data: unknown): data is T {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { v?: unknown }).v === BUILDER_PROTOCOL &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}
