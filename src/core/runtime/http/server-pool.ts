// The front of a server, whatever it listens on (the CLI's HTTP listener, the page's service
// worker): requests in as plain data, outcomes out, handled by a small pool of runner threads
// that each instantiate the component fresh per request. A handler can only be stopped by
// ending its thread, so the per-request limit is kept here: a request past it gets a 504, its
// thread is terminated and replaced (lazily, by the next request that needs one), and the
// server goes on serving. REQUEST_ID counts requests from 0 in the order they arrive, as
// runwasi's proxy numbers them.
import { WharfError, deserializeError } from '../../errors.ts';
import { PROTOCOL_VERSION, isWorkerReply, type ServeRequest, type WorkerRequest } from '../protocol.ts';
import type { HttpOutcome, HttpRequestData } from './data.ts';

/** A runner thread as the pool drives it (a Node worker_thread, a Web Worker). */
export interface HandlerThread {
  post(message: WorkerRequest, transfer?: unknown[]): void;
  onMessage(f: (message: unknown) => void): void;
  /** The thread itself failed (crashed, could not start). */
  onError(f: (error: unknown) => void): void;
  terminate(): void;
}

/** A started thread, and what its serve request carries besides the component (a fetch mailbox). */
export interface SpawnedThread {
  thread: HandlerThread;
  serve?: { extra: Pick<ServeRequest, 'fetchMailbox'>; transfer: unknown[] };
  /** Called once the thread is gone (to close its mailbox). */
  close?(): void;
}

export interface ServerPoolOptions {
  component: Uint8Array;
  /** Names the component in errors. */
  what: string;
  /** The server's env (without its own settings): each request adds REQUEST_ID. */
  env: string[];
  spawn(): Promise<SpawnedThread>;
  /** Threads at most (requests beyond wait their turn). Default 2. */
  threads?: number;
  /** The per-request limit in ms. Default 30 s. */
  requestTimeoutMs?: number;
  maxBodyBytes?: number;
  /** A handler's stdout (1) and stderr (2). */
  output(requestId: number, fd: 1 | 2, chunk: Uint8Array): void;
  /** A handler that failed, or was stopped, after its response had gone out. */
  late?(requestId: number, reason: string): void;
  /** The first thread's load, when it takes a while (the first transpile). */
  progress?(message: string): void;
}

export interface ServedRequest {
  requestId: number;
  outcome: HttpOutcome;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

interface Job {
  id: number;
  requestId: number;
  request: HttpRequestData;
  answered: boolean;
  resolve(r: ServedRequest): void;
}

interface Slot {
  spawned: SpawnedThread;
  job: Job | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  gone: boolean;
}

export class HttpServerPool {
  readonly #o: ServerPoolOptions;
  readonly #max: number;
  readonly #limitMs: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #starting = 0;
  #nextRequest = 0;
  #nextId = 1;
  #closed = false;

  private constructor(o: ServerPoolOptions) {
    this.#o = o;
    this.#max = Math.max(1, o.threads ?? 2);
    this.#limitMs = o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** Starts the first thread and waits until it serves: a component that cannot be served throws. */
  static async start(o: ServerPoolOptions): Promise<HttpServerPool> {
    const pool = new HttpServerPool(o);
    await pool.#spawn(o.progress);
    return pool;
  }

  /** Threads alive now. */
  get threads(): number {
    return this.#slots.length;
  }

  request(request: HttpRequestData): Promise<ServedRequest> {
    return new Promise((resolve) => {
      const job: Job = { id: this.#nextId++, requestId: this.#nextRequest++, request, answered: false, resolve };
      if (this.#closed) return resolve({ requestId: job.requestId, outcome: stopped() });
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Ends every thread; requests still waiting or running get a 500 "server stopped". */
  close(): void {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.resolve({ requestId: job.requestId, outcome: stopped() });
    for (const slot of [...this.#slots]) this.#end(slot, (job) => this.#answer(job, stopped()));
  }

  #pump(): void {
    if (this.#closed) return;
    while (this.#queue.length > 0) {
      const idle = this.#slots.find((s) => !s.job);
      if (!idle) break;
      this.#dispatch(idle, this.#queue.shift()!);
    }
    // At least one thread stays ready (a stopped handler's is replaced at once); more start
    // when requests wait for one.
    const wanted =
      Math.max(Math.min(this.#queue.length, this.#max - this.#slots.length), this.#slots.length === 0 ? 1 : 0) -
      this.#starting;
    for (let i = 0; i < wanted; i++) {
      this.#spawn().catch((e: unknown) => {
        // A thread that cannot start now (the first one did): if none is left, nothing can serve.
        if (this.#slots.length > 0 || this.#starting > 0) return;
        const reason = `no handler thread could start: ${e instanceof Error ? e.message : String(e)}`;
        for (const job of this.#queue.splice(0)) {
          job.resolve({ requestId: job.requestId, outcome: { kind: 'failure', status: 500, reason } });
        }
      });
    }
  }

  #dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => this.#timedOut(slot), this.#limitMs);
    slot.spawned.thread.post({
      v: PROTOCOL_VERSION,
      type: 'http-request',
      id: job.id,
      requestId: job.requestId,
      request: job.request,
    });
  }

  #timedOut(slot: Slot): void {
    const seconds = `${this.#limitMs / 1000} s`;
    this.#end(slot, (job) => {
      if (job.answered) this.#o.late?.(job.requestId, `stopped after ${seconds}: still running after its response`);
      this.#answer(job, {
        kind: 'failure',
        status: 504,
        reason: `the handler did not answer within ${seconds} (the per-request limit); its instance was stopped`,
      });
    });
    this.#pump();
  }

  #answer(job: Job, outcome: HttpOutcome): void {
    if (job.answered) return;
    job.answered = true;
    job.resolve({ requestId: job.requestId, outcome });
  }

  /** Terminates a slot's thread; `orphan` settles the request it was running. */
  #end(slot: Slot, orphan: (job: Job) => void): void {
    if (slot.gone) return;
    slot.gone = true;
    if (slot.timer) clearTimeout(slot.timer);
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    slot.spawned.thread.terminate();
    slot.spawned.close?.();
    if (slot.job) orphan(slot.job);
    slot.job = undefined;
  }

  async #spawn(progress?: (message: string) => void): Promise<void> {
    this.#starting++;
    let spawned: SpawnedThread;
    try {
      spawned = await this.#o.spawn();
    } catch (e) {
      this.#starting--;
      throw e;
    }
    const slot: Slot = { spawned, job: undefined, timer: undefined, gone: false };
    const serveId = this.#nextId++;
    const ready = new Promise<void>((resolve, reject) => {
      spawned.thread.onError((e) => {
        if (!slot.gone && this.#slots.includes(slot)) {
          const reason = `the handler thread failed: ${e instanceof Error ? e.message : String(e)}`;
          this.#end(slot, (job) => this.#answer(job, { kind: 'failure', status: 500, reason }));
          this.#pump();
        }
        reject(e instanceof Error ? e : new Error(String(e)));
      });
      spawned.thread.onMessage((m) => {
        if (!isWorkerReply(m) || m.type === 'ready') return;
        if (m.id === serveId) {
          if (m.type === 'serving') resolve();
          else if (m.type === 'error') reject(deserializeError(m.error));
          else if (m.type === 'progress' && m.message) progress?.(m.message);
          return;
        }
        const job = slot.job;
        if (!job || m.id !== job.id) return;
        if (m.type === 'output') this.#o.output(job.requestId, m.fd, m.chunk);
        else if (m.type === 'http-response') this.#answer(job, m.outcome);
        else if (m.type === 'http-done') {
          if (slot.timer) clearTimeout(slot.timer);
          slot.job = undefined;
          if (m.late) this.#o.late?.(job.requestId, m.late);
          this.#answer(job, { kind: 'failure', status: 500, reason: 'the handler thread gave no response' });
          this.#pump();
        }
      });
    });
    const serve: ServeRequest = {
      v: PROTOCOL_VERSION,
      type: 'serve',
      id: serveId,
      component: this.#o.component,
      what: this.#o.what,
      env: this.#o.env,
      maxBodyBytes: this.#o.maxBodyBytes,
      ...spawned.serve?.extra,
    };
    spawned.thread.post(serve, spawned.serve?.transfer);
    try {
      await ready;
    } catch (e) {
      spawned.thread.terminate();
      spawned.close?.();
      throw e instanceof WharfError
        ? e
        : new WharfError('INTERNAL', `handler thread: ${(e as Error).message}`, { cause: e });
    } finally {
      this.#starting--;
    }
    if (this.#closed) {
      spawned.thread.terminate();
      spawned.close?.();
      return;
    }
    this.#slots.push(slot);
    this.#pump();
  }
}

function stopped(): HttpOutcome {
  return { kind: 'failure', status: 500, reason: 'the server stopped before the handler answered' };
}
