// The one owner of the gzip workers: splits a layer into core's fixed-size chunks, keeps every
// worker busy with the next chunk, puts members back in order and reports progress. Its output
// is byte-identical to core's in-thread gzipChunked, whatever the number of workers.
import { WharfError } from '../core/errors.ts';
import {
  GZIP_LEVEL,
  concatMembers,
  gzipChunked,
  gzipChunks,
  type ChunkedGzip,
  type GzipLevel,
  type GzipProgress,
} from '../core/oci/index.ts';
import { GZIP_PROTOCOL, isGzipResponse, type GzipRequest } from './gzip-protocol.ts';
import { Requests } from './requests.ts';

/** Requests each worker holds at once. */
const IN_FLIGHT = 2;

export interface GzipPoolOptions {
  /** Workers to run; default navigator.hardwareConcurrency. */
  size?: number;
  /** Makes a worker (tests inject their own); default the Vite-bundled gzip.worker.ts. */
  spawn?: () => Worker;
}

export class GzipPool {
  readonly size: number;
  readonly #spawn: () => Worker;
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #waiting: ((w: Worker) => void)[] = [];
  readonly #requests = new Requests<Uint8Array>();
  #closed = false;

  constructor(options: GzipPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? globalThis.navigator?.hardwareConcurrency ?? 2);
    this.#spawn =
      options.spawn ??
      (() => new Worker(new URL('./gzip.worker.ts', import.meta.url), { type: 'module', name: 'gzip' }));
  }

  /** The pool as core's ChunkedGzip (pass it to exportImage / convertLayers as `gzip`). */
  readonly gzip: ChunkedGzip = (data, options = {}) =>
    this.compress(data, options.level ?? GZIP_LEVEL, options.onProgress);

  async compress(data: Uint8Array, level: GzipLevel = GZIP_LEVEL, onProgress?: GzipProgress): Promise<Uint8Array> {
    const chunks = gzipChunks(data.length);
    let done = 0;
    const members = await Promise.all(
      chunks.map(async ([start, end]) => {
        const worker = await this.#acquire();
        try {
          const member = await this.#request(worker, level, data.slice(start, end).buffer);
          done += end - start;
          onProgress?.(done, data.length);
          return member;
        } finally {
          this.#release(worker);
        }
      }),
    );
    return concatMembers(members);
  }

  /** Stops every worker; pending requests fail with RUN_STOPPED. */
  terminate(): void {
    this.#closed = true;
    for (const w of this.#workers) w.terminate();
    this.#workers.length = 0;
    this.#idle.length = 0;
    this.#requests.rejectAll(new WharfError('RUN_STOPPED', 'gzip pool terminated'));
  }

  #acquire(): Promise<Worker> {
    if (this.#closed) return Promise.reject(new WharfError('RUN_STOPPED', 'gzip pool terminated'));
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#workers.length < this.size) {
      const w = this.#spawn();
      w.onmessage = (e: MessageEvent<unknown>) => this.#onMessage(e.data);
      w.onerror = (e: ErrorEvent) =>
        this.#requests.rejectAll(new WharfError('INTERNAL', `gzip worker failed: ${e.message}`));
      this.#workers.push(w);
      // More than one request in flight per worker: the next chunk already waits in its queue
      // when it finishes one, so it never idles for a round trip through the page.
      for (let k = 1; k < IN_FLIGHT; k++) this.#idle.unshift(w);
      return Promise.resolve(w);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(w: Worker): void {
    if (this.#closed) return;
    const next = this.#waiting.shift();
    if (next) next(w);
    else this.#idle.push(w);
  }

  #request(worker: Worker, level: GzipLevel, data: ArrayBuffer): Promise<Uint8Array> {
    const { id, promise } = this.#requests.open(undefined);
    const msg: GzipRequest = { v: GZIP_PROTOCOL, id, level, data };
    worker.postMessage(msg, [data]);
    return promise;
  }

  #onMessage(m: unknown): void {
    if (!isGzipResponse(m)) {
      this.#requests.rejectAll(new WharfError('INTERNAL', 'gzip worker sent a malformed reply'));
      return;
    }
    if (m.ok) this.#requests.resolve(m.id, new Uint8Array(m.data));
    else this.#requests.reject(m.id, m.error);
  }
}

/** A chunked gzip for this environment: the worker pool where Workers exist, else in-thread. */
export function createChunkedGzip(options: GzipPoolOptions = {}): { gzip: ChunkedGzip; close(): void } {
  if (typeof Worker === 'undefined') return { gzip: gzipChunked, close: () => {} };
  const pool = new GzipPool(options);
  return { gzip: pool.gzip, close: () => pool.terminate() };
}
