// The Node runner: one worker_thread per run over the runtime core, so a timeout can end a
// module stuck in a loop (terminate), stdin streams in as it arrives (a shared ring), and
// output goes out as the module writes it.
import { startWorker } from './worker-thread.ts';
import { deserializeError } from '../core/errors.ts';
import type { DirNode, VolumeChange } from '../core/rootfs/index.ts';
import {
  EXIT_TIMEOUT,
  PROTOCOL_VERSION,
  StdinPump,
  createByteRing,
  isWorkerReply,
  reasonLine,
  type RunRequest,
  type WasmModule,
} from '../core/runtime/index.ts';

export interface NodeRunOptions {
  /** A compiled module, or else a component's bytes (transpiled in the run's thread). */
  module?: WasmModule;
  component?: Uint8Array;
  args: string[];
  env: string[];
  /** Where relative paths resolve (WorkingDir, -w); "/" by default. */
  cwd?: string;
  /** Preopened as "/"; null: no preopen. */
  root: DirNode | null;
  /** 'inherit': this process's fd 0, as it arrives; bytes: that input then EOF. Default: empty. */
  stdin?: 'inherit' | Uint8Array;
  /** 'inherit': fds 1 and 2 directly; callbacks: chunks as written. */
  stdout: 'inherit' | ((chunk: Uint8Array) => void);
  stderr: 'inherit' | ((chunk: Uint8Array) => void);
  timeoutMs?: number;
  tty?: boolean;
  /** Guest directories to report changes for, as `changes` (none when the run is killed). */
  mounts?: string[];
}

export interface NodeRunResult {
  code: number;
  reason?: string;
  durationMs: number;
  /** Per entry of `mounts`: what the module changed there, when it exited by itself. */
  changes?: VolumeChange[][];
}

const entry = new URL('./run-worker.ts', import.meta.url);

export async function runInWorker(o: NodeRunOptions): Promise<NodeRunResult> {
  const started = performance.now();
  const worker = await startWorker(entry);
  let ring: SharedArrayBuffer | undefined;
  let stopStdin = (): void => undefined;
  if (o.stdin === 'inherit') {
    ring = createByteRing();
    stopStdin = pumpStdin(new StdinPump(ring));
  }
  const request: RunRequest = {
    v: PROTOCOL_VERSION,
    type: 'run',
    id: 1,
    module: o.module,
    component: o.component,
    args: o.args,
    env: o.env,
    cwd: o.cwd,
    root: o.root,
    directOutput: o.stdout === 'inherit' && o.stderr === 'inherit',
    tty: o.tty ?? false,
    mounts: o.mounts,
    stdinRing: ring,
    stdinBytes: o.stdin instanceof Uint8Array ? o.stdin : undefined,
  };
  const emit = (fd: 1 | 2, chunk: Uint8Array): void => {
    const to = fd === 1 ? o.stdout : o.stderr;
    if (to === 'inherit') process[fd === 1 ? 'stdout' : 'stderr'].write(chunk);
    else to(chunk);
  };

  return new Promise<NodeRunResult>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (settle: () => void): void => {
      if (timer) clearTimeout(timer);
      stopStdin();
      void worker.terminate();
      settle();
    };
    const limit = o.timeoutMs;
    const startClock = (): void => {
      if (timer) clearTimeout(timer);
      if (limit === undefined || limit <= 0) return;
      timer = setTimeout(() => {
        const reason = `timed out after ${limit / 1000} s`;
        finish(() => {
          emit(2, reasonLine(reason));
          resolve({ code: EXIT_TIMEOUT, reason, durationMs: performance.now() - started });
        });
      }, limit);
    };
    // A component's transpile is not the program's time: the clock restarts when it starts.
    startClock();
    worker.on('message', (m: unknown) => {
      if (!isWorkerReply(m) || m.type === 'ready') return;
      if (m.type === 'progress') {
        if (m.message === '') startClock();
        else if (timer) clearTimeout(timer);
        return;
      }
      if (m.type === 'output') emit(m.fd, m.chunk);
      else if (m.type === 'exit') {
        const { code, reason, changes } = m;
        finish(() => resolve({ code, reason, changes, durationMs: performance.now() - started }));
      } else if (m.type === 'error') finish(() => reject(deserializeError(m.error)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.postMessage(request);
  });
}

/** Copies this process's stdin into the ring as it arrives; returns a function that stops it. */
function pumpStdin(pump: StdinPump): () => void {
  const stdin = process.stdin;
  let timer: ReturnType<typeof setInterval> | undefined;
  const flush = (): void => {
    pump.flush();
    if (pump.pending || !timer) return;
    clearInterval(timer);
    timer = undefined;
    stdin.resume();
  };
  const onData = (chunk: Buffer): void => {
    pump.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (pump.pending && !timer) {
      // The ring is full: hold the stream until the module reads.
      stdin.pause();
      timer = setInterval(flush, 2);
    }
  };
  const onEnd = (): void => {
    pump.close();
    if (pump.pending && !timer) timer = setInterval(flush, 2);
  };
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  return () => {
    if (timer) clearInterval(timer);
    pump.discard();
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.pause();
    stdin.unref?.();
    if (!stdin.isTTY) stdin.destroy();
  };
}
