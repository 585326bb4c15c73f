// The page's handle on the builder Worker. The UI awaits build(); it never calls postMessage.
// The client owns request ids, answers the worker's store calls from the page's Store (commits
// arrive with Blobs the worker made, stored as they are where the store takes Blobs), sends each
// binary file's bytes once per version (file values are immutable: a new version is a new
// Uint8Array), and rebuilds errors as WharfError. Builds run one at a time, in order.

import type { BuildEvent } from '../core/builder/index.ts';
import { WharfError, serializeError } from '../core/errors.ts';
import type { Digest } from '../core/oci/types.ts';
import { contextFiles, isContextFile, type ProjectFile } from '../core/project.ts';
import type { TransferEvent } from '../core/registry/index.ts';
import type { ImageRecord, Store } from '../core/store.ts';
import {
  BUILDER_PROTOCOL,
  STORE_METHODS,
  isMessage,
  type BuildSummary,
  type FromBuilder,
  type ToBuilder,
  type WireBuildOptions,
  type WireCredentials,
  type WireFile,
} from './builder-protocol.ts';
import { Requests } from './requests.ts';

/** The page's store; one that takes Blobs as they are (IndexedDB) is spared a copy per commit. */
export type BuilderStore = Store & {
  commitBlobs?(record: ImageRecord, blobs: ReadonlyMap<Digest, Blob>): Promise<void>;
};

export type { BuildSummary, WireBuildOptions as BuildRequestOptions } from './builder-protocol.ts';

/** A blob of a pull moved on; `ref` names the image pulled. */
export type OnTransfer = (ref: string, e: TransferEvent) => void;

/** What a request listens to while it waits: a build's events, a pull's blobs. */
interface Listeners {
  onEvent?: (e: BuildEvent) => void;
  onTransfer?: OnTransfer;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./builder.worker.ts', import.meta.url), { type: 'module', name: 'wharf-builder' });
}

export class BuilderClient {
  readonly #store: BuilderStore;
  readonly #createWorker: () => Worker;
  #worker: Worker | undefined;
  /** Builds, imports, pulls and inflations waiting on the worker, with what each listens to. */
  readonly #requests = new Requests<unknown, Listeners | undefined>();
  readonly #ids = new WeakMap<Uint8Array, number>();
  /** Blob ids the worker holds (it keeps exactly the ones the last build used). */
  #sent = new Set<number>();
  #nextBlob = 1;
  #queue: Promise<unknown> = Promise.resolve();
  /** Built-in image names this worker was asked to warm. */
  #warmed = new Set<string>();

  constructor(store: BuilderStore, createWorker: () => Worker = defaultWorker) {
    this.#store = store;
    this.#createWorker = createWorker;
  }

  /** Build `files`; events arrive as the worker reports them. Builds queue behind each other. */
  build(
    files: readonly ProjectFile[],
    options: WireBuildOptions,
    onEvent: (e: BuildEvent) => void = () => {},
    onTransfer?: OnTransfer,
  ): Promise<BuildSummary> {
    const run = this.#queue.then(() => this.#start(files, options, onEvent, onTransfer));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Imports an image tarball off the main thread (gunzip and a digest per blob take seconds for
   * a big image) and commits it under its refs, or `fallbackRef` when it names none. `bytes`
   * stays the caller's: the worker gets a transferred copy. Queued with builds.
   */
  importImage(bytes: Uint8Array, name: string, fallbackRef: string): Promise<string[]> {
    const run = this.#queue.then(() =>
      this.#sendBytes<string[]>(bytes, (id, copy) => ({
        v: BUILDER_PROTOCOL,
        type: 'import',
        id,
        bytes: copy,
        name,
        fallbackRef,
        now: Date.now(),
      })),
    );
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Pulls `ref` from its registry in the worker (every blob hashed as it arrives; layers are
   * checked against their diff_ids when a run or build unpacks them)
   * and commits it to the store; resolves with the ref stored. Queued with builds.
   */
  pullImage(ref: string, credentials: WireCredentials, onTransfer: OnTransfer): Promise<string> {
    const run = this.#queue.then(() => {
      const worker = this.#ensureWorker();
      const { id, promise } = this.#requests.open({ onTransfer });
      const msg: ToBuilder = { v: BUILDER_PROTOCOL, type: 'pull', id, ref, credentials, now: Date.now() };
      worker.postMessage(msg);
      return promise as Promise<string>;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** `bytes` (gzip) inflated in the worker; `bytes` stays the caller's. Not queued behind builds. */
  gunzip(bytes: Uint8Array, what: string): Promise<Uint8Array> {
    return this.#sendBytes<Uint8Array>(bytes, (id, copy) => ({
      v: BUILDER_PROTOCOL,
      type: 'gunzip',
      id,
      bytes: copy,
      what,
    }));
  }

  /** A request carrying a transferred copy of `bytes` (the caller keeps its own), answered by id. */
  #sendBytes<T>(bytes: Uint8Array, message: (id: number, copy: Uint8Array) => ToBuilder): Promise<T> {
    const worker = this.#ensureWorker();
    const { id, promise } = this.#requests.open(undefined);
    const copy = bytes.slice();
    worker.postMessage(message(id, copy), [copy.buffer]);
    return promise as Promise<T>;
  }

  /** Ends the worker: a build in progress (a RUN step deep in clang, say) fails with RUN_STOPPED. */
  dispose(reason = 'the build was stopped'): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#sent = new Set();
    this.#warmed = new Set();
    this.#requests.rejectAll(new WharfError('RUN_STOPPED', reason));
  }

  /**
   * Sends the binaries of `files` the worker does not hold yet, so a later build of them moves no
   * bytes: call it when the project's files change, and a 75 MB module crosses to the worker
   * while the user is still editing instead of after Build is clicked.
   */
  prepare(files: readonly ProjectFile[]): void {
    const binaries = contextFiles(files).filter((f) => typeof f.data !== 'string');
    const { wire, transfer } = this.#wire(binaries);
    if (transfer.length === 0) return;
    const msg: ToBuilder = { v: BUILDER_PROTOCOL, type: 'files', files: wire };
    this.#ensureWorker().postMessage(msg, transfer);
  }

  /**
   * Warms the built-in images `refs` name (FROM lines), from the toolchain files this browser
   * keeps: a second visit's first Run then finds clang loaded, assembled and run once. Nothing is
   * downloaded for it, and each name is asked once per worker.
   */
  warm(refs: readonly string[]): void {
    const fresh = refs.filter((r) => !this.#warmed.has(r));
    if (fresh.length === 0) return;
    for (const r of fresh) this.#warmed.add(r);
    const msg: ToBuilder = { v: BUILDER_PROTOCOL, type: 'warm', refs: fresh, base: this.#base() };
    this.#ensureWorker().postMessage(msg);
  }

  /** The site root, whatever page this is (toolchains/ is under it). */
  #base(): string {
    return new URL(import.meta.env.BASE_URL, globalThis.location.href).href;
  }

  #start(
    files: readonly ProjectFile[],
    options: WireBuildOptions,
    onEvent: (e: BuildEvent) => void,
    onTransfer: OnTransfer | undefined,
  ): Promise<BuildSummary> {
    const worker = this.#ensureWorker();
    const { id, promise } = this.#requests.open({ onEvent, onTransfer });
    const { wire, transfer } = this.#wire(files);
    const msg: ToBuilder = {
      v: BUILDER_PROTOCOL,
      type: 'build',
      id,
      files: wire,
      options,
      now: Date.now(),
      base: this.#base(),
    };
    worker.postMessage(msg, transfer);
    return promise as Promise<BuildSummary>;
  }

  /**
   * Files as the worker will hold them after this message: text inline, binaries by id with their
   * bytes the first time. The bytes go as a transferred copy: one memcpy here, none in the worker
   * (a structured clone would copy twice). The page keeps its own array for the editor.
   */
  #wire(files: readonly ProjectFile[]): { wire: WireFile[]; transfer: ArrayBuffer[] } {
    const used = new Set<number>();
    const transfer: ArrayBuffer[] = [];
    const wire: WireFile[] = files.map((f) => {
      if (!isContextFile(f)) return f;
      if (typeof f.data === 'string') return { path: f.path, mode: f.mode, text: f.data };
      let blobId = this.#ids.get(f.data);
      if (blobId === undefined) {
        blobId = this.#nextBlob++;
        this.#ids.set(f.data, blobId);
      }
      used.add(blobId);
      if (this.#sent.has(blobId)) return { path: f.path, mode: f.mode, blobId };
      const data = f.data.slice();
      transfer.push(data.buffer);
      return { path: f.path, mode: f.mode, blobId, data };
    });
    this.#sent = used;
    return { wire, transfer };
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#createWorker();
    worker.onmessage = (e: MessageEvent) => void this.#onMessage(worker, e.data);
    worker.onerror = (e: ErrorEvent) => {
      const err = new WharfError('INTERNAL', `the builder worker failed: ${e.message || 'it could not start'}`);
      this.#requests.rejectAll(err);
      this.dispose();
    };
    this.#worker = worker;
    return worker;
  }

  async #onMessage(worker: Worker, data: unknown): Promise<void> {
    if (!isMessage<FromBuilder>(data)) return;
    switch (data.type) {
      case 'event':
        this.#requests.extra(data.id)?.onEvent?.(data.event);
        return;
      case 'done':
        this.#requests.resolve(data.id, data.summary);
        return;
      case 'imported':
        this.#requests.resolve(data.id, data.refs);
        return;
      case 'transfer':
        this.#requests.extra(data.id)?.onTransfer?.(data.ref, data.event);
        return;
      case 'pulled':
        this.#requests.resolve(data.id, data.ref);
        return;
      case 'gunzipped':
        this.#requests.resolve(data.id, data.bytes);
        return;
      case 'error':
        this.#requests.reject(data.id, data.error);
        return;
      case 'store-call': {
        let reply: ToBuilder;
        try {
          const value = await this.#storeCall(data.method, data.args);
          reply = { v: BUILDER_PROTOCOL, type: 'store-reply', callId: data.callId, ok: true, value };
        } catch (e) {
          reply = {
            v: BUILDER_PROTOCOL,
            type: 'store-reply',
            callId: data.callId,
            ok: false,
            error: serializeError(e),
          };
        }
        if (this.#worker === worker) worker.postMessage(reply);
        return;
      }
    }
  }

  async #storeCall(method: string, args: unknown[]): Promise<unknown> {
    if (!(STORE_METHODS as readonly string[]).includes(method))
      throw new WharfError('INTERNAL', `unknown store method ${method}`);
    if (method === 'commit') {
      const [record, blobs] = args as [ImageRecord, Map<Digest, Blob>];
      if (this.#store.commitBlobs) return this.#store.commitBlobs(record, blobs);
      const bytes = new Map<Digest, Uint8Array>();
      for (const [d, b] of blobs) bytes.set(d, new Uint8Array(await b.arrayBuffer()));
      return this.#store.commit(record, bytes);
    }
    const fn = this.#store[method as keyof Store] as (...a: unknown[]) => Promise<unknown>;
    return fn.apply(this.#store, args);
  }
}
