// The Node runner: one worker_thread per run over the runtime core, so a timeout can end a
// module stuck in a loop (terminate), stdin streams in as it arrives (a shared ring), output
// goes out as the module writes it, and the module's sockets are served from this thread (a
// BridgeHost over a NetBackend: real sockets for `wharf run`).
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { startWorker } from './worker-thread.ts';
import { deserializeError } from '../core/errors.ts';
import type { DirNode, VolumeChange } from '../core/rootfs/index.ts';
import {
  BridgeHost,
  EXIT_TIMEOUT,
  PROTOCOL_VERSION,
  StdinPump,
  createByteRing,
  isWorkerReply,
  reasonLine,
  type NetBackend,
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
  /** Where the module's sockets listen and connect; none: it has no network. */
  net?: NetBackend;
  /** Ends the run when aborted (Ctrl-C), with `stop`'s code and reason. */
  stop?: { signal: AbortSignal; code: number; reason: string };
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
  let closeNet = (): void => undefined;
  const transfer: MessagePort[] = [];
  if (o.net) {
    const host = new BridgeHost(o.net);
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: unknown) => host.handle(m));
    request.net = port2;
    transfer.push(port2);
    closeNet = () => {
      // What the guest did before it ended may still wait in the port (its last send, its
      // close): take it, then end every connection after the bytes it wrote, as a host's
      // kernel does for a process that exits.
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) host.handle(m.message);
      host.close();
      port1.close();
    };
  }
  const emit = (fd: 1 | 2, chunk: Uint8Array): void => {
    const to = fd === 1 ? o.stdout : o.stderr;
    if (to === 'inherit') process[fd === 1 ? 'stdout' : 'stderr'].write(chunk);
    else to(chunk);
  };

  return new Promise<NodeRunResult>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (settle: () => void): void => {
      if (timer) clearTimeout(timer);
      o.stop?.signal.removeEventListener('abort', onStop);
      stopStdin();
      void worker.terminate().then(() => {
        closeNet();
        settle();
      });
    };
    const onStop = (): void => {
      const { code, reason } = o.stop!;
      finish(() => {
        emit(2, reasonLine(reason));
        resolve({ code, reason, durationMs: performance.now() - started });
      });
    };
    if (o.stop?.signal.aborted) return onStop();
    o.stop?.signal.addEventListener('abort', onStop);
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
    worker.postMessage(request, transfer);
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
