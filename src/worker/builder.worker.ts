// The builder Worker: runs core's build, image imports and registry pulls off the page's main
// thread (tar, sha256, gunzip). It owns no storage: store calls go to the page, which owns IndexedDB; a commit
// sends its blobs as Blobs made here, so the page stores a big layer without copying it. It keeps
// the binaries it was sent by id and one LayerMemo, so an unchanged rebuild moves no bytes.

import { build, LayerMemo } from '../core/builder/index.ts';
import { toolchainHost, type ToolchainHost } from '../core/images/index.ts';
import { browserPackageSource } from './toolchain-loader.ts';
import { serializeError } from '../core/errors.ts';
import type { ProjectFile } from '../core/project.ts';
import type { ImageRecord, Store } from '../core/store.ts';
import { gunzip, imageBlobs, importArchive } from '../core/oci/index.ts';
import { imageRecord } from '../core/store-image.ts';
import type { Digest } from '../core/oci/types.ts';
import { pullToStore, registryPuller, type RegistryAccess, type TransferEvent } from '../core/registry/index.ts';
import {
  BUILDER_PROTOCOL,
  STORE_METHODS,
  isMessage,
  type FromBuilder,
  type StoreMethod,
  type ToBuilder,
  type WireCredentials,
  type WireFile,
} from './builder-protocol.ts';
import { browserFetch } from './registry-fetch.ts';
import { Requests } from './requests.ts';

const scope = globalThis as unknown as {
  postMessage(message: FromBuilder, transfer?: Transferable[]): void;
  onmessage: ((e: { data: unknown }) => void) | null;
};

const blobs = new Map<number, Uint8Array>();
/** Built-in images and RUN's runner: toolchains load and compile once per worker. */
let toolchains: ToolchainHost | undefined;

function host(base: string): ToolchainHost {
  return (toolchains ??= toolchainHost(browserPackageSource({ base })));
}
const memo = new LayerMemo();
/** Builds in progress: a warm-up does not compile while one runs. */
let builds = 0;
/** Store calls waiting on the page. */
const storeCalls = new Requests<unknown>();

function remoteStore(): Store {
  const call = (method: StoreMethod, args: unknown[]): Promise<unknown> => {
    const { id: callId, promise } = storeCalls.open(undefined);
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'store-call', id: 0, callId, method, args });
    return promise;
  };
  const store = {} as Record<StoreMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const m of STORE_METHODS) store[m] = (...args) => call(m, args);
  // The one copy of a layer on its way to IndexedDB happens here, off the page's main thread.
  store.commit = (record, bytes) => {
    const asBlobs = new Map<Digest, Blob>();
    for (const [d, b] of bytes as Map<Digest, Uint8Array>) asBlobs.set(d, new Blob([b as Uint8Array<ArrayBuffer>]));
    return call('commit', [record as ImageRecord, asBlobs]);
  };
  return store as unknown as Store;
}

// One proxy for the worker's life: the memo remembers cache keys per store object.
const store = remoteStore();

/** The project files a message names; binaries it does not name are dropped, as the page does. */
function receive(wire: readonly WireFile[]): ProjectFile[] {
  const used = new Set<number>();
  const files = wire.map((f): ProjectFile => {
    if ('kind' in f) return f;
    if ('text' in f) return { path: f.path, data: f.text, mode: f.mode };
    if (f.data) blobs.set(f.blobId, f.data);
    const data = blobs.get(f.blobId);
    if (!data) throw new Error(`builder worker: file ${f.path} (blob ${f.blobId}) was never sent`);
    used.add(f.blobId);
    return { path: f.path, data, mode: f.mode };
  });
  for (const id of blobs.keys()) if (!used.has(id)) blobs.delete(id);
  return files;
}

/** Registry access from this worker: its own fetch (CORS applies as in the page), the page's logins. */
function access(credentials: WireCredentials = {}): RegistryAccess {
  return {
    fetch: browserFetch,
    credentials: (host) => credentials[host],
  };
}

/** Progress of a pull of `ref`, posted for request `id`. */
function transfers(id: number, ref: string) {
  return (event: TransferEvent) => scope.postMessage({ v: BUILDER_PROTOCOL, type: 'transfer', id, ref, event });
}

async function runBuild(msg: Extract<ToBuilder, { type: 'build' }>): Promise<void> {
  builds++;
  try {
    const files = receive(msg.files);
    const o = msg.options;
    const result = await build({
      files,
      baseImages: host(msg.base).baseImages,
      run: host(msg.base).run,
      dockerfile: o.dockerfile,
      store,
      memo,
      now: () => msg.now,
      fetch: (url) => fetch(url),
      pull: (ref, signal) =>
        registryPuller(store, { ...access(o.credentials), now: msg.now, onProgress: transfers(msg.id, ref) })(
          ref,
          signal,
        ),
      onEvent: (event) => scope.postMessage({ v: BUILDER_PROTOCOL, type: 'event', id: msg.id, event }),
      tag: o.tag,
      buildArgs: o.buildArgs,
      target: o.target,
      platform: o.platform,
      sourceDateEpoch: o.sourceDateEpoch,
    });
    const image = result.image;
    scope.postMessage({
      v: BUILDER_PROTOCOL,
      type: 'done',
      id: msg.id,
      summary: {
        ref: result.ref,
        manifestDigest: image.manifestDigest,
        configDigest: image.configDigest,
        size: image.configBytes.byteLength + image.layers.reduce((n, l) => n + l.blob.byteLength, 0),
        steps: result.steps,
        cached: result.cached,
        warnings: result.warnings,
        committed: result.committed,
      },
    });
  } catch (e) {
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'error', id: msg.id, error: serializeError(e) });
  } finally {
    builds--;
  }
}

async function runImport(msg: Extract<ToBuilder, { type: 'import' }>): Promise<void> {
  try {
    const { image, refs } = await importArchive(msg.bytes, { name: msg.name });
    const names = refs.length > 0 ? refs : [msg.fallbackRef];
    for (const ref of names) await store.commit(imageRecord(image, ref, msg.now), imageBlobs(image));
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'imported', id: msg.id, refs: names });
  } catch (e) {
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'error', id: msg.id, error: serializeError(e) });
  }
}

async function runPull(msg: Extract<ToBuilder, { type: 'pull' }>): Promise<void> {
  try {
    const { ref } = await pullToStore(store, msg.ref, {
      ...access(msg.credentials),
      now: msg.now,
      onProgress: transfers(msg.id, msg.ref),
    });
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'pulled', id: msg.id, ref });
  } catch (e) {
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'error', id: msg.id, error: serializeError(e) });
  }
}

scope.onmessage = (e) => {
  if (!isMessage<ToBuilder>(e.data)) {
    console.error('builder worker: ignoring a message of another protocol version', e.data);
    return;
  }
  const msg = e.data;
  if (msg.type === 'build') {
    void runBuild(msg);
    return;
  }
  if (msg.type === 'files') {
    receive(msg.files);
    return;
  }
  if (msg.type === 'warm') {
    // Best effort: a file not kept, or any failure, leaves the work to the build that needs it.
    void host(msg.base)
      .warm(msg.refs, () => builds === 0)
      .catch(() => false);
    return;
  }
  if (msg.type === 'import') {
    void runImport(msg);
    return;
  }
  if (msg.type === 'pull') {
    void runPull(msg);
    return;
  }
  if (msg.type === 'gunzip') {
    try {
      const out = gunzip(msg.bytes, msg.what);
      // Transferred when it owns its buffer whole (one member comes back as fflate's own array).
      const own = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : out.slice();
      scope.postMessage({ v: BUILDER_PROTOCOL, type: 'gunzipped', id: msg.id, bytes: own }, [
        own.buffer as ArrayBuffer,
      ]);
    } catch (e) {
      scope.postMessage({ v: BUILDER_PROTOCOL, type: 'error', id: msg.id, error: serializeError(e) });
    }
    return;
  }
  if (msg.ok) storeCalls.resolve(msg.callId, msg.value);
  else storeCalls.reject(msg.callId, msg.error);
};
