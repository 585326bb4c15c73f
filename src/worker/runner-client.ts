// The page's handle on WASI runs: owns the runner Workers (one kept warm for the next run),
// compiles each module once (cached by digest, or by the bytes object) and hands the compiled
// Module to a worker (a component goes as its bytes: the worker transpiles it, or finds it in
// its caches), streams output to callbacks, and ends runs on timeout or Stop by terminating the
// worker, and serves a module's sockets from this thread when given a network (a BridgeHost over
// it). The UI awaits these methods; it never calls postMessage.
import { WharfError, deserializeError } from '../core/errors.ts';
import { Requests } from './requests.ts';
import type { ContainerConfig } from '../core/oci/types.ts';
import { dirNode, type DirNode, type VolumeChange } from '../core/rootfs/index.ts';
import {
  BridgeHost,
  ByteRing,
  StdinPump,
  EXIT_STOPPED,
  EXIT_TIMEOUT,
  PROTOCOL_VERSION,
  createByteRing,
  findModule,
  isWorkerReply,
  mergeEnv,
  planRun,
  reasonLine,
  wasmKind,
  type NetBackend,
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
  /** The working directory relative paths resolve against; also PWD unless env sets it. */
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
  /** Work before the run that takes a while the first time (a component's transpile); '' when done. */
  onProgress?: (message: string) => void;
  /** Where a module's sockets listen and connect (a VirtualNetwork: connections the page opens
   *  itself); needs a cross-origin isolated page. Absent: nothing can listen or connect, and a
   *  module that tries is told why on stderr. */
  net?: NetBackend;
}

export interface ImageStartOptions
  extends Omit<StartOptions, 'module' | 'argv' | 'env' | 'cwd' | 'root'>, RunOverrides {
  config: ContainerConfig | undefined;
  root: DirNode;
  /** The module to run, when it is no file of the tree (an OCI Wasm artifact's layer). */
  module?: Uint8Array;
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

export interface WorkerRun {
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
  /** Runs not yet ended, by id: a reply for another id (a worker's earlier run) is dropped. */
  readonly #runs = new Requests<RunExit>();
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
  startImage(o: ImageStartOptions): WorkerRun {
    const plan = planRun(o.config, o);
    const bytes = o.module ?? findModule(o.root, plan.modulePath, plan.env, plan.cwd);
    return this.start({
      ...o,
      module: o.digest ? { bytes, digest: o.digest } : bytes,
      argv: plan.argv,
      env: plan.env,
      cwd: plan.cwd,
    });
  }

  start(o: StartOptions): WorkerRun {
    if (this.#disposed) throw new WharfError('USAGE', 'RunnerClient: start() after dispose()');
    const { id, promise } = this.#runs.open(undefined);
    const settle = {
      resolve: (r: RunExit) => this.#runs.resolve(id, r),
      reject: (e: unknown) => this.#runs.reject(id, e instanceof Error ? e : new WharfError('INTERNAL', String(e))),
    };
    const run = new Run(id, promise, settle, o, {
      acquire: () => this.#idle.pop() ?? this.#create(),
      release: (worker, reusable) => {
        // A worker that finished a run is as warm as a worker gets (its modules loaded, its
        // code tiered up): it goes back to the pool; one that failed is replaced.
        if (worker && reusable && this.#idle.length < Math.max(this.#warm, 2) && !this.#disposed)
          this.#idle.push(worker);
        else worker?.terminate();
        this.#refill();
      },
    });
    const bytes =
      o.module instanceof WebAssembly.Module ? null : o.module instanceof Uint8Array ? o.module : o.module.bytes;
    run.launch(
      bytes && wasmKind(bytes) === 'component'
        ? Promise.resolve({ component: bytes, componentDigest: digestOf(o.module) })
        : this.compile(o.module).then((module) => ({ module })),
    );
    return run;
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

interface WorkerPool {
  /** The warm worker if there is one; a concurrent run gets a new one. */
  acquire(): Worker;
  /** Back to the pool when `reusable`, else terminated (null: the run never had one); the pool
   *  is topped up either way. */
  release(worker: Worker | null, reusable: boolean): void;
}

type Outcome = { code: number; reason?: string; changes?: VolumeChange[][] } | { error: unknown };
/** What a worker runs: a module compiled here, or a component's bytes. */
type Code = { module: WebAssembly.Module } | { component: Uint8Array; componentDigest?: string };

/** One run: its worker, its output rings and stdin, its deadline, and how it ends. */
class Run implements WorkerRun {
  readonly id: number;
  readonly stdinMode: WorkerRun['stdinMode'];
  readonly exited: Promise<RunExit>;
  readonly #o: StartOptions;
  readonly #pool: WorkerPool;
  readonly #started = performance.now();
  readonly #rings: { out: SharedArrayBuffer; err: SharedArrayBuffer } | null;
  readonly #stdinRing: SharedArrayBuffer | null;
  readonly #stdin: StdinPump | null;
  readonly #settle: { resolve: (r: RunExit) => void; reject: (e: unknown) => void };
  #worker: Worker | null = null;
  /** The run's socket bridge: this thread's half, and its end of the port to the worker. */
  #net: { host: BridgeHost; port: MessagePort } | null = null;
  #done = false;
  #drainTimer: ReturnType<typeof setInterval> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(
    id: number,
    exited: Promise<RunExit>,
    settle: { resolve: (r: RunExit) => void; reject: (e: unknown) => void },
    o: StartOptions,
    pool: WorkerPool,
  ) {
    this.id = id;
    this.exited = exited;
    this.#settle = settle;
    this.#o = o;
    this.#pool = pool;
    const isolated = RunnerClient.isolated;
    this.stdinMode = o.stdin ? 'piped' : o.interactive && isolated ? 'interactive' : 'closed';
    this.#rings = isolated ? { out: createByteRing(RING_BYTES), err: createByteRing(RING_BYTES) } : null;
    this.#stdinRing = this.stdinMode === 'interactive' ? createByteRing() : null;
    this.#stdin = this.#stdinRing ? new StdinPump(this.#stdinRing) : null;
    if (o.interactive && this.stdinMode === 'closed') {
      // The stated fallback: without SharedArrayBuffer a busy worker cannot wait for keystrokes.
      queueMicrotask(() =>
        this.#emit(2, reasonLine('stdin is closed: interactive input needs a cross-origin isolated page')),
      );
    }
    this.#startClock();
  }

  /** (Re)starts the time limit: at launch, and again when a component's program starts. */
  #startClock(): void {
    clearTimeout(this.#deadline);
    const limit = this.#o.timeoutMs;
    if (limit !== undefined && limit > 0) {
      this.#deadline = setTimeout(() => this.#kill(EXIT_TIMEOUT, `timed out after ${limit / 1000} s`), limit);
    }
  }

  /** Sends the request once the module is compiled. */
  launch(code: Promise<Code>): void {
    void code.then(
      (c) => {
        if (!this.#done) this.#send(c);
      },
      (error: unknown) => this.#finish({ error }, false),
    );
  }

  writeStdin(bytes: Uint8Array): void {
    if (this.#done) return;
    this.#stdin?.write(bytes);
  }

  closeStdin(): void {
    if (this.#done) return;
    this.#stdin?.close();
  }

  stop(): void {
    this.#kill(EXIT_STOPPED, 'stopped');
  }

  #send(code: Code): void {
    const o = this.#o;
    const worker = (this.#worker = this.#pool.acquire());
    worker.onmessage = (e: MessageEvent<unknown>) => this.#onReply(e.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      this.#worker = null;
      this.#finish(
        { error: new WharfError('INTERNAL', `runner worker failed: ${ev.message || 'could not load'}`) },
        false,
      );
    };
    const env = o.cwd && o.cwd !== '/' ? mergeEnv([`PWD=${o.cwd}`], o.env ?? []) : (o.env ?? []);
    const req: RunRequest = {
      v: PROTOCOL_VERSION,
      type: 'run',
      id: this.id,
      ...code,
      args: o.argv,
      env,
      cwd: o.cwd,
      root: o.root === undefined ? dirNode() : o.root,
      tty: o.tty ?? false,
      mounts: o.mounts,
      stdinBytes: o.stdin,
      stdinRing: this.#stdinRing ?? undefined,
      stdoutRing: this.#rings?.out,
      stderrRing: this.#rings?.err,
    };
    const transfer: Transferable[] = [];
    if (o.net && 'module' in code && RunnerClient.isolated) {
      const { port1, port2 } = new MessageChannel();
      const host = new BridgeHost(o.net);
      port1.onmessage = (e: MessageEvent<unknown>) => host.handle(e.data);
      this.#net = { host, port: port1 };
      req.net = port2;
      transfer.push(port2);
    }
    worker.postMessage(req, transfer);
    if (this.#rings || this.#stdin) this.#drainTimer = setInterval(() => this.#drain(), DRAIN_MS);
  }

  #onReply(m: unknown): void {
    if (!isWorkerReply(m) || m.type === 'ready' || m.id !== this.id) return; // stale or foreign: dropped
    if (m.type === 'output') this.#emit(m.fd, m.chunk);
    else if (m.type === 'progress') {
      // A component's transpile is not the program's time: the clock restarts when it starts.
      if (m.message === '') this.#startClock();
      else clearTimeout(this.#deadline);
      this.#o.onProgress?.(m.message);
    } else if (m.type === 'exit') this.#finish({ code: m.code, reason: m.reason, changes: m.changes }, true);
    else if (m.type === 'error') this.#finish({ error: deserializeError(m.error) }, true);
  }

  #emit(fd: 1 | 2, chunk: Uint8Array): void {
    (fd === 1 ? this.#o.onStdout : this.#o.onStderr)?.(chunk);
  }

  /** Output the worker left in the rings; stdin that waited for room. */
  #drain(): void {
    if (this.#rings) {
      const out = new ByteRing(this.#rings.out).tryRead();
      if (out.byteLength) this.#emit(1, out);
      const err = new ByteRing(this.#rings.err).tryRead();
      if (err.byteLength) this.#emit(2, err);
    }
    this.#stdin?.flush();
  }

  #kill(code: number, reason: string): void {
    if (this.#done) return;
    this.#drain();
    this.#emit(2, reasonLine(reason));
    this.#worker?.terminate();
    this.#worker = null;
    this.#finish({ code, reason }, false);
  }

  #finish(outcome: Outcome, reusable: boolean): void {
    if (this.#done) return;
    this.#done = true;
    clearInterval(this.#drainTimer);
    clearTimeout(this.#deadline);
    this.#drain();
    this.#stdin?.discard();
    const worker = this.#worker;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
    }
    this.#pool.release(worker, reusable);
    // Every connection sends what the module wrote (it is in the shared rings, whether or not
    // the module's last messages came), then ends; nothing listens any more.
    this.#net?.host.close();
    this.#net?.port.close();
    if ('error' in outcome) this.#settle.reject(outcome.error);
    else this.#settle.resolve({ ...outcome, durationMs: performance.now() - this.#started });
  }
}

function digestOf(source: ModuleSource): string | undefined {
  return source instanceof Uint8Array || source instanceof WebAssembly.Module ? undefined : source.digest;
}
