// The messages between a run's client and the worker that runs it (the page's RunnerClient and
// runner.worker.ts; the CLI's runInWorker and its worker_thread), version 3 (components). Every message is
// checked by a guard on arrival; errors travel as SerializedError and are rebuilt as WharfError.
import type { SerializedError } from '../errors.ts';
import type { DirNode, VolumeChange } from '../rootfs/index.ts';
import type { WasmModule } from './wasm-api.ts';

export const PROTOCOL_VERSION = 3;

export interface RunRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'run';
  id: number;
  /** A compiled module to run; or else `component`. */
  module?: WasmModule;
  /** A component's bytes: the worker transpiles (or finds in its caches) and runs it. */
  component?: Uint8Array;
  /** The component file's digest when the client knows it: a run of the same file finds its
   *  transpile in the worker's memory without hashing the bytes again. */
  componentDigest?: string;
  args: string[];
  env: string[];
  /** The working directory relative paths resolve against; "/" when absent. */
  cwd?: string;
  /** Preopened as "/"; null for none. */
  root: DirNode | null;
  /** Piped input (then end of input), when there is no ring. */
  stdinBytes?: Uint8Array;
  /** Interactive input: a ByteRing the page writes into. */
  stdinRing?: SharedArrayBuffer;
  /** Output rings (cross-origin isolated pages): the worker blocks when the page falls behind. */
  stdoutRing?: SharedArrayBuffer;
  stderrRing?: SharedArrayBuffer;
  tty: boolean;
  /** Guest directories whose changes come back with the exit (mounts written back). */
  mounts?: string[];
  /** Output goes straight to the worker's own stdout and stderr where it has them (Node's fds
   *  1 and 2) instead of coming back as messages. */
  directOutput?: boolean;
}

export type WorkerReply =
  | { v: typeof PROTOCOL_VERSION; type: 'ready' }
  | { v: typeof PROTOCOL_VERSION; type: 'output'; id: number; fd: 1 | 2; chunk: Uint8Array }
  /** Work before a component runs that may take a while (its first transpile); '' when the
   *  program starts (a time limit counts from there). */
  | { v: typeof PROTOCOL_VERSION; type: 'progress'; id: number; message: string }
  | { v: typeof PROTOCOL_VERSION; type: 'exit'; id: number; code: number; reason?: string; changes?: VolumeChange[][] }
  | { v: typeof PROTOCOL_VERSION; type: 'error'; id: number; error: SerializedError };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function isRunRequest(x: unknown): x is RunRequest {
  return (
    isObject(x) &&
    x.v === PROTOCOL_VERSION &&
    x.type === 'run' &&
    typeof x.id === 'number' &&
    (x.module === undefined) !== (x.component === undefined) &&
    (x.module === undefined || isObject(x.module)) &&
    (x.component === undefined || x.component instanceof Uint8Array) &&
    (x.componentDigest === undefined || typeof x.componentDigest === 'string') &&
    Array.isArray(x.args) &&
    x.args.every((a) => typeof a === 'string') &&
    Array.isArray(x.env) &&
    x.env.every((a) => typeof a === 'string') &&
    (x.root === null || (isObject(x.root) && x.root.kind === 'dir')) &&
    typeof x.tty === 'boolean' &&
    (x.cwd === undefined || typeof x.cwd === 'string') &&
    (x.mounts === undefined || (Array.isArray(x.mounts) && x.mounts.every((m) => typeof m === 'string')))
  );
}

export function isWorkerReply(x: unknown): x is WorkerReply {
  if (!isObject(x) || x.v !== PROTOCOL_VERSION) return false;
  switch (x.type) {
    case 'ready':
      return true;
    case 'output':
      return typeof x.id === 'number' && (x.fd === 1 || x.fd === 2) && x.chunk instanceof Uint8Array;
    case 'progress':
      return typeof x.id === 'number' && typeof x.message === 'string';
    case 'exit':
      return typeof x.id === 'number' && typeof x.code === 'number';
    case 'error':
      return typeof x.id === 'number' && isObject(x.error) && typeof x.error.message === 'string';
    default:
      return false;
  }
}
