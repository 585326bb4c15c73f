// How a handler's outgoing requests (wasi:http/outgoing-handler) reach the network. The guest
// blocks synchronously, and a thread blocked in Wasm cannot run the event loop that `fetch`
// resolves on, so the host injects a Fetcher that does the fetch elsewhere and lets the guest
// poll and block on it. Every host uses the same one, the mailbox (fetch-mailbox.ts): the
// handler thread posts the request over a MessagePort; the thread that started it (the CLI's
// main thread, the page) runs `fetch` and writes the head, the body chunks and the end into a
// shared ring (reply-ring.ts), ringing an Atomics doorbell the handler thread waits on. Each
// host says how its fetch errors read (Node by the cause's code; a page tells a CORS refusal
// apart, src/worker/page-fetch.ts).
import type { HeaderPair } from './data.ts';
import { describeErrorCode, errorCodeOf, type FetchFailure } from './error-code.ts';

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

/**
 * The fetcher with each request's failure (of its head, or of its body) reported once, as the
 * line a log shows: `GET https://example.com/: connection-refused`.
 */
export function reportingFailures(fetcher: Fetcher, report: (line: string) => void): Fetcher {
  return {
    start(request) {
      const pending = fetcher.start(request);
      let reported = false;
      const once = (f: FetchFailure): void => {
        if (reported) return;
        reported = true;
        report(`${request.method} ${request.url}: ${describeErrorCode(errorCodeOf(f))}`);
      };
      let body: FetchBody | undefined;
      return {
        poll() {
          const r = pending.poll();
          if (!r || !r.ok) {
            if (r) once(r.failure);
            return r;
          }
          body ??= watchedBody(r.body, once);
          return { ...r, body };
        },
        wait: (ms) => pending.wait(ms),
        abort: () => pending.abort(),
      };
    },
  };
}

function watchedBody(b: FetchBody, failed: (f: FetchFailure) => void): FetchBody {
  return {
    tryRead: (max) => b.tryRead(max),
    ready: () => b.ready(),
    wait: (ms) => b.wait(ms),
    end() {
      const e = b.end();
      if (e && !e.ok) failed(e.failure);
      return e;
    },
  };
}
