// The page's handle on WASI runs: owns the runner Workers (one kept warm for the next run),
// compiles each module once (cached by digest, or by the bytes object) and hands the compiled
// Module to a worker, streams output to callbacks, and ends runs on timeout or Stop by
// terminating the worker. The UI awaits these methods; it never calls postMessage.
import { WharfError, deserializeError } from '../core/errors.ts';
import type { ContainerConfig } from '../core/oci/types.ts';
import { dirNode, type DirNode, type VolumeChange } from '../core/rootfs/index.ts';
import {
  ByteRing,
  EXIT_STOPPED,
  EXIT_TIMEOUT,
  PROTOCOL_VERSION,
  createByteRing,
  findModule,
  isWorkerReply,
  mergeEnv,
  planRun,
  reasonLine,
  type RunOverrides,
  type RunRequest,
  type WorkerReply,
} from '../core/runtime/index.ts';

export type ModuleSource = Uint8Array | WebAssembly.Module | { bytes: Uint8Array; digest: string };

export interface StartOptions {
  module: ModuleSource;
  /** argv, argv[0] included (the module's path as written). */
  argv: string[];
  /** KEY=VALUE: the complete environment. */
  env?: string[];
  /** Passed as PWD unless env sets it (preview1 has no current directory). */
  cwd?: string;
  /** Preopened as "/" (a copy-on-write view; the tree is never changed). Default: an empty root. */
  root?: DirNode | null;
  /** Piped input, then end of input. */
  stdin?: Uint8Array;
  /** Keystrokes through writeStdin/closeStdin; needs a cross-origin isolated page (else stdin is closed). */
  interactive?: boolean;
  timeoutMs?: number;
  tty?: boolean;
  /** Guest directories to report changes for on exit, as RunExit.changes (none when killed). */
  mounts?: string[];
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
}

export interface ImageStartOptions
  extends Omit<StartOptions, 'module' | 'argv' | 'env' | 'cwd' | 'root'>, RunOverrides {
  config: ContainerConfig | undefined;
  root: DirNode;
  /** The module file's digest, if known, for the compile cache. */
  digest?: string;
}

export interface RunExit {
  code: number;
  reason?: string;
  durationMs: number;
  /** Per entry of StartOptions.mounts: what the module changed there, when it exited by itself. */
  changes?: VolumeChange[][];
}

export interface RunHandle {
  readonly id: number;
  /** 'interactive': writeStdin reaches the module; 'piped': fixed input; 'closed': end of input at once. */
  readonly stdinMode: 'interactive' | 'piped' | 'closed';
  writeStdin(bytes: Uint8Array): void;
  closeStdin(): void;
  stop(): void;
  readonly exited: Promise<RunExit>;
}

export interface RunnerClientOptions {
  /** Makes a runner worker; the default loads runner.worker.ts. */
  createWorker?: () => Worker;
  /** Workers kept ready between runs (default 1). */
  warm?: number;
}

const RING_BYTES = 1 << 20;
const DRAIN_MS = 4;

function defaultWorker(): Worker {
  return new Worker(new URL('./runner.worker.ts', import.meta.url), { type: 'module', name: 'wharf-runner' });
}

export class RunnerClient {
  readonly #create: () => Worker;
  readonly #warm: number;
  readonly #idle: Worker[] = [];
  readonly #byDigest = new Map<string, Promise<WebAssembly.Module>>();
  readonly #byBytes = new WeakMap<Uint8Array, Promise<WebAssembly.Module>>();
  #nextId = 1;
  #disposed = false;

  constructor(o: RunnerClientOptions = {}) {
    this.#create = o.createWorker ?? defaultWorker;
    this.#warm = o.warm ?? 1;
    this.#refill();
  }

  /** Whether interactive stdin and flow-controlled output are available (SharedArrayBuffer). */
  static get isolated(): boolean {
    return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  }

  /** The compiled module for these bytes, compiled once per digest (or per bytes object). */
  compile(source: ModuleSource): Promise<WebAssembly.Module> {
    if (source instanceof WebAssembly.Module) return Promise.resolve(source);
    const bytes = source instanceof Uint8Array ? source : source.bytes;
    const digest = source instanceof Uint8Array ? undefined : source.digest;
    const cached = digest ? this.#byDigest.get(digest) : this.#byBytes.get(bytes);
    if (cached) return cached;
    const p = WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>).catch((e: unknown) => {
      if (digest) this.#byDigest.delete(digest);
      throw new WharfError('WASM_INVALID', `module does not compile: ${(e as Error).message}`, { cause: e });
    });
    if (digest) this.#byDigest.set(digest, p);
    else this.#byBytes.set(bytes, p);
    return p;
  }

  /** Runs an image: argv/env/PWD from its config and the overrides, the module found in its tree. */
  startImage(o: ImageStartOptions): RunHandle {
    const plan = planRun(o.config, o);
    const bytes = findModule(o.root, plan.modulePath);
    return this.start({
      ...o,
      module: o.digest ? { bytes, digest: o.digest } : bytes,
      argv: plan.argv,
      env: plan.env,
    });
  }

  start(o: StartOptions): RunHandle {
    if (this.#disposed) throw new WharfError('USAGE', 'RunnerClient: start() after dispose()');
    const id = this.#nextId++;
    const started = performance.now();
    const isolated = RunnerClient.isolated;
    const stdinMode: RunHandle['stdinMode'] = o.stdin ? 'piped' : o.interactive && isolated ? 'interactive' : 'closed';
    const env = o.cwd ? mergeEnv([`PWD=${o.cwd}`], o.env ?? []) : (o.env ?? []);
    const rings = isolated ? { out: createByteRing(RING_BYTES), err: createByteRing(RING_BYTES) } : null;
    const stdinRing = stdinMode === 'interactive' ? createByteRing() : null;
    const stdinWriter = stdinRing ? new ByteRing(stdinRing) : null;
    let pending: Uint8Array[] = [];
    let closeWanted = false;
    let worker: Worker | null = null;
    let done = false;
    let drainTimer: ReturnType<typeof setInterval> | undefined;
    let deadline: ReturnType<typeof setTimeout> | undefined;

    const emit = (fd: 1 | 2, chunk: Uint8Array): void => (fd === 1 ? o.onStdout : o.onStderr)?.(chunk);
    if (o.interactive && stdinMode === 'closed') {
      // The stated fallback: without SharedArrayBuffer a busy worker cannot wait for keystrokes.
      queueMicrotask(() =>
        emit(2, reasonLine('stdin is closed: interactive input needs a cross-origin isolated page')),
      );
    }
    const drain = (): void => {
      if (rings) {
        const out = new ByteRing(rings.out).tryRead();
        if (out.byteLength) emit(1, out);
        const err = new ByteRing(rings.err).tryRead();
        if (err.byteLength) emit(2, err);
      }
      if (stdinWriter) {
        while (pending.length > 0) {
          const head = pending[0]!;
          const n = stdinWriter.tryWrite(head);
          if (n < head.byteLength) {
            pending[0] = head.subarray(n);
            break;
          }
          pending.shift();
        }
        if (closeWanted && pending.length === 0) stdinWriter.close();
      }
    };

    let settle!: { resolve: (r: RunExit) => void; reject: (e: unknown) => void };
    const exited = new Promise<RunExit>((resolve, reject) => (settle = { resolve, reject }));
    const finish = (
      outcome: { code: number; reason?: string; changes?: VolumeChange[][] } | { error: unknown },
      keepWorker: boolean,
    ): void => {
      if (done) return;
      done = true;
      clearInterval(drainTimer);
      clearTimeout(deadline);
      drain();
      if (worker) {
        worker.onmessage = null;
        worker.onerror = null;
        // A worker that finished a run is as warm as a worker gets (its modules loaded, its
        // code tiered up): it goes back to the pool; one that failed is replaced.
        if (keepWorker && this.#idle.length < Math.max(this.#warm, 2) && !this.#disposed) this.#idle.push(worker);
        else worker.terminate();
      }
      this.#refill();
      if ('error' in outcome) settle.reject(outcome.error);
      else settle.resolve({ ...outcome, durationMs: performance.now() - started });
    };
    const kill = (code: number, reason: string): void => {
      if (done) return;
      drain();
      emit(2, reasonLine(reason));
      worker?.terminate();
      worker = null;
      finish({ code, reason }, false);
    };

    const onReply = (e: MessageEvent<unknown>): void => {
      const m = e.data;
      if (!isWorkerReply(m) || m.type === 'ready' || m.id !== id) return; // stale or foreign: dropped
      if (m.type === 'output') emit(m.fd, m.chunk);
      else if (m.type === 'exit')
        finish(
          { code: m.code, ...(m.reason ? { reason: m.reason } : {}), ...(m.changes ? { changes: m.changes } : {}) },
          true,
        );
      else finish({ error: deserializeError(m.error) }, true);
    };

    void this.compile(o.module).then(
      (module) => {
        if (done) return;
        // The warm worker if there is one; a concurrent run gets a new one. The pool is topped
        // up when a run ends (not now: a worker starting up would compete with this run).
        worker = this.#idle.pop() ?? this.#create();
        worker.onmessage = onReply;
        worker.onerror = (ev) => {
          ev.preventDefault();
          worker = null;
          finish(
            { error: new WharfError('INTERNAL', `runner worker failed: ${ev.message || 'could not load'}`) },
            false,
          );
        };
        const req: RunRequest = {
          v: PROTOCOL_VERSION,
          type: 'run',
          id,
          module,
          args: o.argv,
          env,
          root: o.root === undefined ? dirNode() : o.root,
          tty: o.tty ?? false,
          ...(o.mounts ? { mounts: o.mounts } : {}),
          ...(o.stdin ? { stdinBytes: o.stdin } : {}),
          ...(stdinRing ? { stdinRing } : {}),
          ...(rings ? { stdoutRing: rings.out, stderrRing: rings.err } : {}),
        };
        worker.postMessage(req);
        if (rings || stdinWriter) drainTimer = setInterval(drain, DRAIN_MS);
      },
      (err: unknown) => finish({ error: err }, false),
    );
    if (o.timeoutMs !== undefined && o.timeoutMs > 0) {
      deadline = setTimeout(() => kill(EXIT_TIMEOUT, `timed out after ${o.timeoutMs! / 1000} s`), o.timeoutMs);
    }

    return {
      id,
      stdinMode,
      exited,
      writeStdin(bytes) {
        if (!stdinWriter || closeWanted || done) return;
        pending.push(bytes.slice());
        drain();
      },
      closeStdin() {
        closeWanted = true;
        if (stdinWriter && !done) drain();
      },
      stop: () => kill(EXIT_STOPPED, 'stopped'),
    };
  }

  /** Ends every worker; runs in progress are not settled. */
  dispose(): void {
    this.#disposed = true;
    for (const w of this.#idle.splice(0)) w.terminate();
  }

  #refill(): void {
    while (!this.#disposed && this.#idle.length < this.#warm) this.#idle.push(this.#create());
  }
}
