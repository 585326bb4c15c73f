// One run of a WASI command module, synchronously, in whatever thread calls it (a Worker, a
// Node worker_thread, a test). Guest outcomes (exit, trap) are results; setup problems throw.
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import { WharfError } from '../errors.ts';
import { openVolume, volumeChanges, Volume, type DirNode, type VolumeChange } from '../rootfs/index.ts';
import { defaultHostEnv, type HostEnv } from './host-context.ts';
import { createHost } from './host.ts';
import type { SocketNet } from './net/index.ts';
import { bytesStdin, type Sink, type StdinSource } from './stdio.ts';
import { wasm, type WasmImports, type WasmInstance, type WasmModule } from './wasm-api.ts';

/** Exit status of a run that trapped (or failed in the runtime): runwasi's shim exits 137 for any
 *  error from the start function, so containerd reports that for a trap. */
export const EXIT_TRAP = 137;
/** Exit status of a run that hit its time limit, as GNU timeout(1) reports it. */
export const EXIT_TIMEOUT = 124;
/** Exit status of a run the user stopped: 128 + SIGKILL, as `docker stop` ends with. */
export const EXIT_STOPPED = 137;

export interface WasiRunOptions {
  module: WasmModule;
  /** argv, argv[0] included. */
  args: string[];
  /** KEY=VALUE strings: the complete environment. */
  env: string[];
  /** Preopened as "/": the image tree (a fresh copy-on-write volume is opened over it), an
   *  open volume, or null for no preopened directory at all. */
  root: DirNode | Volume | null;
  /**
   * The working directory, absolute: relative paths resolve against it (see preopens.ts for
   * how). Default "/": the root alone is preopened, as runwasi does. Created when missing.
   */
  cwd?: string;
  stdin?: StdinSource;
  stdout: Sink;
  stderr: Sink;
  tty?: boolean;
  /** See OutputBuffer: collect output for this many ms before handing it on (default 0: never). */
  batchMs?: number;
  /** Clocks, randomness and sleep; the global environment's by default. */
  hostEnv?: Partial<HostEnv>;
  /** Guest directories to report changes under (against the `root` tree) when the module exits. */
  mounts?: string[];
  /** Where the module's sockets listen and connect (WasmEdge's socket functions); none by default. */
  net?: SocketNet;
  /** Makes the instance (a spare one, see SpareInstances); a new WebAssembly.Instance by default. */
  instantiate?: (module: WasmModule, imports: WasmImports) => WasmInstance;
}

export interface RunResult {
  code: number;
  /** Why the run ended abnormally (a trap), as printed on stderr. */
  reason?: string;
  /** Per entry of `mounts`: what the module changed there (for writing a mount back). */
  changes?: VolumeChange[][];
}

/** The line a runner prints on stderr when a run ends abnormally. */
export function reasonLine(reason: string): Uint8Array {
  return new TextEncoder().encode(`wharf: ${reason}\n`);
}

export function runWasi(o: WasiRunOptions): RunResult {
  const env = { ...defaultHostEnv(), ...o.hostEnv };
  const volume = o.root === null || o.root instanceof Volume ? o.root : openVolume(o.root, env.clocks.realtime);
  const host = createHost({
    ...env,
    args: o.args,
    env: o.env,
    volume,
    cwd: o.cwd,
    stdin: o.stdin ?? bytesStdin(),
    stdout: o.stdout,
    stderr: o.stderr,
    tty: o.tty ?? false,
    batchMs: o.batchMs ?? 0,
    net: o.net,
  });
  let instance: WasmInstance;
  try {
    instance = o.instantiate ? o.instantiate(o.module, host.imports) : new wasm.Instance(o.module, host.imports);
  } catch (e) {
    throw new WharfError('WASM_INVALID', `${o.args[0] ?? 'module'}: cannot instantiate: ${message(e)}`, { cause: e });
  }
  if (typeof instance.exports._start !== 'function') {
    throw new WharfError('WASM_INVALID', `${o.args[0] ?? 'module'}: not a WASI command (no _start export)`);
  }
  host.attach(instance);
  const tree = o.root instanceof Volume ? null : o.root;
  const ended = (r: RunResult): RunResult =>
    o.mounts && volume && tree ? { ...r, changes: o.mounts.map((m) => volumeChanges(volume, tree, m)) } : r;
  try {
    const code = host.start(instance);
    host.flush();
    return ended({ code });
  } catch (e) {
    if (e instanceof WASIProcExit) {
      host.flush();
      return ended({ code: e.code });
    }
    const reason = abnormalEnd(e);
    if (reason) {
      host.flush();
      o.stderr(reasonLine(reason));
      return ended({ code: EXIT_TRAP, reason });
    }
    host.flush();
    throw new WharfError('INTERNAL', `${o.args[0] ?? 'module'}: host failure: ${message(e)}`, { cause: e });
  }
}

/** Why the guest ended abnormally, or undefined when the error is the host's own. */
export function abnormalEnd(e: unknown): string | undefined {
  // A trap, or the engine's stack limit (V8 throws RangeError for a guest stack overflow).
  if (e instanceof wasm.RuntimeError || (e instanceof RangeError && /call stack/i.test(e.message))) {
    return `wasm trap: ${message(e)}`;
  }
  // A Wasm exception that no handler caught. wasi-libc's longjmp throws one, which escapes when
  // the setjmp it names belongs to a function that has returned.
  if (wasm.Exception && e instanceof wasm.Exception) {
    return 'wasm trap: uncaught exception (a throw with no catch, or a longjmp to a setjmp that has returned)';
  }
  return undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
