// The messages between a run's client and the worker that runs it (the page's RunnerClient and
// runner.worker.ts; the CLI's runInWorker and its worker_thread), version 4 (servers: a `serve`
// request, then one `http-request` at a time; a run's `net` port for a module's sockets). Every
// message is checked by a guard on arrival; errors travel as SerializedError and are rebuilt as
// WharfError.
import type { SerializedError } from '../errors.ts';
import type { DirNode, VolumeChange } from '../rootfs/index.ts';
import type { HttpOutcome, HttpRequestData } from './http/data.ts';
import { isMailboxEnd, type MailboxEnd } from './http/fetch-mailbox.ts';
import type { NetPort } from './net/index.ts';
import type { WasmModule } from './wasm-api.ts';

export const PROTOCOL_VERSION = 4;

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
  /** The module's network: a MessagePort to a BridgeHost (net/bridge-host.ts) that owns its
   *  connections. Absent: sockets cannot listen or connect (said on stderr when a module tries). */
  net?: NetPort;
}

/**
 * Makes the worker a server of a wasi:http component: it loads the component (transpiled, or
 * from its caches), checks its world and imports, and answers `serving` (or `error`).
 */
export interface ServeRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'serve';
  id: number;
  component: Uint8Array;
  /** Names the component in errors (its path, or the image's entrypoint). */
  what: string;
  /** The server's environment (without the server's own settings); each request adds REQUEST_ID. */
  env: string[];
  /** The most bytes of one body (request, response, fetched response). */
  maxBodyBytes?: number;
  /** The handler thread's end of its outgoing-request mailbox (fetch-mailbox.ts), where the host
   *  has one; without it, outgoing requests are refused. */
  fetchMailbox?: MailboxEnd;
}

/** One request to a serving worker: a fresh instance handles it with REQUEST_ID=`requestId`. */
export interface HttpRequestMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'http-request';
  id: number;
  requestId: number;
  request: HttpRequestData;
}

export type WorkerRequest = RunRequest | ServeRequest | HttpRequestMessage;

export type WorkerReply =
  | { v: typeof PROTOCOL_VERSION; type: 'ready' }
  | { v: typeof PROTOCOL_VERSION; type: 'output'; id: number; fd: 1 | 2; chunk: Uint8Array }
  /** Work before a component runs that may take a while (its first transpile); '' when the
   *  program starts (a time limit counts from there). */
  | { v: typeof PROTOCOL_VERSION; type: 'progress'; id: number; message: string }
  | { v: typeof PROTOCOL_VERSION; type: 'exit'; id: number; code: number; reason?: string; changes?: VolumeChange[][] }
  | { v: typeof PROTOCOL_VERSION; type: 'error'; id: number; error: SerializedError }
  /** The serve request's component is loaded and checked: requests may come. */
  | { v: typeof PROTOCOL_VERSION; type: 'serving'; id: number }
  /** A request's outcome, as soon as it is known (the handler may still be running). */
  | { v: typeof PROTOCOL_VERSION; type: 'http-response'; id: number; outcome: HttpOutcome }
  /** The handler has returned: the worker takes the next request. `late`: it failed after answering. */
  | { v: typeof PROTOCOL_VERSION; type: 'http-done'; id: number; late?: string };

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
    (x.net === undefined || (isObject(x.net) && typeof x.net.postMessage === 'function')) &&
    (x.mounts === undefined || (Array.isArray(x.mounts) && x.mounts.every((m) => typeof m === 'string')))
  );
}

export function isServeRequest(x: unknown): x is ServeRequest {
  return (
    isObject(x) &&
    x.v === PROTOCOL_VERSION &&
    x.type === 'serve' &&
    typeof x.id === 'number' &&
    x.component instanceof Uint8Array &&
    typeof x.what === 'string' &&
    Array.isArray(x.env) &&
    x.env.every((a) => typeof a === 'string') &&
    (x.maxBodyBytes === undefined || typeof x.maxBodyBytes === 'number') &&
    (x.fetchMailbox === undefined || isMailboxEnd(x.fetchMailbox))
  );
}

function isHeaderList(x: unknown): boolean {
  return (
    Array.isArray(x) && x.every((h) => Array.isArray(h) && h.length === 2 && h.every((s) => typeof s === 'string'))
  );
}

export function isHttpRequestMessage(x: unknown): x is HttpRequestMessage {
  if (!isObject(x) || x.v !== PROTOCOL_VERSION || x.type !== 'http-request') return false;
  const r = x.request;
  return (
    typeof x.id === 'number' &&
    typeof x.requestId === 'number' &&
    isObject(r) &&
    typeof r.method === 'string' &&
    typeof r.pathWithQuery === 'string' &&
    (r.scheme === 'http' || r.scheme === 'https') &&
    typeof r.authority === 'string' &&
    isHeaderList(r.headers) &&
    r.body instanceof Uint8Array &&
    (r.trailers === undefined || isHeaderList(r.trailers))
  );
}

function isOutcome(x: unknown): x is HttpOutcome {
  if (!isObject(x)) return false;
  const failures = x.fetchFailures;
  if (failures !== undefined && !(Array.isArray(failures) && failures.every((f) => typeof f === 'string')))
    return false;
  if (x.kind === 'failure') return (x.status === 500 || x.status === 504) && typeof x.reason === 'string';
  const r = x.response;
  return (
    x.kind === 'response' &&
    isObject(r) &&
    typeof r.status === 'number' &&
    isHeaderList(r.headers) &&
    r.body instanceof Uint8Array &&
    (r.trailers === undefined || isHeaderList(r.trailers))
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
    case 'serving':
      return typeof x.id === 'number';
    case 'http-response':
      return typeof x.id === 'number' && isOutcome(x.outcome);
    case 'http-done':
      return typeof x.id === 'number' && (x.late === undefined || typeof x.late === 'string');
    default:
      return false;
  }
}
