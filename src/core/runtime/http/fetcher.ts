// How a handler's outgoing requests (wasi:http/outgoing-handler) reach the network. The guest
// blocks synchronously, and a thread blocked in Wasm cannot run the event loop that `fetch`
// resolves on, so the host injects a Fetcher that does the fetch elsewhere and lets the guest
// poll and block on it:
// - Node (the CLI): a mailbox (fetch-mailbox.ts): the handler thread posts the request over a
//   MessagePort; the thread that owns the port (the CLI's main thread) runs `fetch` and posts
//   the head, the body chunks and the end back, ringing an Atomics doorbell; the handler thread
//   waits on the doorbell and takes messages with receiveMessageOnPort.
// - A page's Worker: no synchronous receive exists there, so the runner Worker will do a
//   synchronous XMLHttpRequest (allowed in dedicated Workers; the whole body at once), with
//   a CORS refusal told apart from other network errors by a no-cors probe.
import type { HeaderPair } from './data.ts';
import type { FetchFailure } from './error-code.ts';

export interface FetchRequest {
  method: string;
  /** Absolute: scheme, authority, path and query. */
  url: string;
  headers: HeaderPair[];
  /** Absent for a request without a body. */
  body?: Uint8Array;
  /** request-options, in milliseconds. */
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  betweenBytesTimeoutMs?: number;
}

/** A response's body as it arrives. */
export interface FetchBody {
  /** Bytes available now (maybe none), or null once the body has ended (or failed). Never blocks. */
  tryRead(max: number): Uint8Array | null;
  /** Whether tryRead would give bytes or the end now. */
  ready(): boolean;
  /** Blocks until tryRead has something new (bytes, the end), or `ms` pass. */
  wait(ms: number): void;
  /** Once the body has ended: its trailers (or none), or why it failed. Undefined before. */
  end(): { ok: true; trailers?: HeaderPair[] } | { ok: false; failure: FetchFailure } | undefined;
}

export type FetchResult =
  { ok: true; status: number; headers: HeaderPair[]; body: FetchBody } | { ok: false; failure: FetchFailure };

export interface PendingFetch {
  /** The response head (its body still arriving), or why there is none; undefined until then. */
  poll(): FetchResult | undefined;
  /** Blocks until poll() may have changed, or `ms` pass (Infinity: no limit). */
  wait(ms: number): void;
  /** The guest gave up on it (dropped the future, the body): stop the request. */
  abort(): void;
}

export interface Fetcher {
  /** Starts a request. Never blocks. */
  start(request: FetchRequest): PendingFetch;
}
