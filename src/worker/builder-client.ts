// The page's handle on the builder Worker. The UI awaits build(); it never calls postMessage.
// The client owns request ids, answers the worker's store calls from the page's Store, sends
// each binary file's bytes once per version (file values are immutable: a new version is a new
// Uint8Array), and rebuilds errors as WharfError. Builds run one at a time, in order.

import type { BuildEvent } from '../core/build/index.ts';
import { WharfError, deserializeError, serializeError } from '../core/errors.ts';
import type { ProjectFile } from '../core/project.ts';
import type { Store } from '../core/store.ts';
import {
  BUILDER_PROTOCOL,
  STORE_METHODS,
  isMessage,
  type BuildSummary,
  type FromBuilder,
  type ToBuilder,
  type WireBuildOptions,
  type WireFile,
} from './builder-protocol.ts';

export type { BuildSummary, WireBuildOptions as BuildRequestOptions } from './builder-protocol.ts';

interface Pending {
  resolve(s: BuildSummary): void;
  reject(e: unknown): void;
  onEvent: (e: BuildEvent) => void;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./builder.worker.ts', import.meta.url), { type: 'module', name: 'wharf-builder' });
}

export class BuilderClient {
  readonly #store: Store;
  readonly #createWorker: () => Worker;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  readonly #ids = new WeakMap<Uint8Array, number>();
  /** Blob ids the worker holds (it keeps exactly the ones the last build used). */
  #sent = new Set<number>();
  #nextId = 1;
  #nextBlob = 1;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: Store, createWorker: () => Worker = defaultWorker) {
    this.#store = store;
    this.#createWorker = createWorker;
  }

  /** Build `files`; events arrive as the worker reports them. Builds queue behind each other. */
  build(files: readonly ProjectFile[], options: WireBuildOptions, onEvent: (e: BuildEvent) => void = () => {}): Promise<BuildSummary> {
    const run = this.#queue.then(() => this.#start(files, options, onEvent));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** End the worker (and any build in progress, which fails with RUN_STOPPED-like BUILD error). */
  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#sent = new Set();
    for (const p of this.#pending.values()) p.reject(new WharfError('INTERNAL', 'the build was cancelled'));
    this.#pending.clear();
  }

  #start(files: readonly ProjectFile[], options: WireBuildOptions, onEvent: (e: BuildEvent) => void): Promise<BuildSummary> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const used = new Set<number>();
    const wire: WireFile[] = files.map((f) => {
      if (typeof f.data === 'string') return { path: f.path, text: f.data };
      let blobId = this.#ids.get(f.data);
      if (blobId === undefined) {
        blobId = this.#nextBlob++;
        this.#ids.set(f.data, blobId);
      }
      used.add(blobId);
      return this.#sent.has(blobId) ? { path: f.path, blobId } : { path: f.path, blobId, data: f.data };
    });
    this.#sent = used;
    return new Promise<BuildSummary>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onEvent });
      const msg: ToBuilder = { v: BUILDER_PROTOCOL, type: 'build', id, files: wire, options, now: Date.now() };
      worker.postMessage(msg);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#createWorker();
    worker.onmessage = (e: MessageEvent) => void this.#onMessage(worker, e.data);
    worker.onerror = (e: ErrorEvent) => {
      const err = new WharfError('INTERNAL', `the builder worker failed: ${e.message || 'it could not start'}`);
      this.dispose();
      for (const p of this.#pending.values()) p.reject(err);
    };
    this.#worker = worker;
    return worker;
  }

  async #onMessage(worker: Worker, data: unknown): Promise<void> {
    if (!isMessage<FromBuilder>(data)) return;
    const p = this.#pending.get(data.id);
    switch (data.type) {
      case 'event':
        p?.onEvent(data.event);
        return;
      case 'done':
        this.#pending.delete(data.id);
        p?.resolve(data.summary);
        return;
      case 'error':
        this.#pending.delete(data.id);
        p?.reject(deserializeError(data.error));
        return;
      case 'store-call': {
        let reply: ToBuilder;
        try {
          if (!(STORE_METHODS as readonly string[]).includes(data.method)) throw new WharfError('INTERNAL', `unknown store method ${data.method}`);
          const fn = this.#store[data.method] as (...a: unknown[]) => Promise<unknown>;
          const value = await fn.apply(this.#store, data.args);
          reply = { v: BUILDER_PROTOCOL, type: 'store-reply', callId: data.callId, ok: true, value };
        } catch (e) {
          reply = { v: BUILDER_PROTOCOL, type: 'store-reply', callId: data.callId, ok: false, error: serializeError(e) };
        }
        if (this.#worker === worker) worker.postMessage(reply);
        return;
      }
    }
  }
}
