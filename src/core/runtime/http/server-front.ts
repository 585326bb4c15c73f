// The front of a wasi:http server, the part every listener shares (the CLI's HTTP listener, the
// page's service worker route): a client's request as it arrived becomes the plain-data request
// a handler thread takes, goes through the pool, and comes back as the response to send and one
// entry of the request log (id, method, path, status, ms, and the reason of a 413, 500 or 504).
import type { HeaderPair, HttpRequestData, HttpResponseData } from './data.ts';
import { failureResponse, outcomeResponse } from './data.ts';
import type { ServedRequest } from './server-pool.ts';

/** A request as a client sent it. */
export interface ClientRequest {
  /** As sent: "GET", "POST", "PURGE"... */
  method: string;
  /** The request target as sent: "/a/b?c=1", or an absolute URL (as a proxy is sent one). */
  target: string;
  /** Names in any case (lowercased here); values as byte strings. */
  headers: HeaderPair[];
  /** The whole body; undefined when it was larger than the limit and not kept. */
  body: Uint8Array | undefined;
  trailers?: HeaderPair[];
}

export interface RequestLogEntry {
  /** The REQUEST_ID its handler saw; undefined when no handler saw the request (a 413). */
  requestId?: number;
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  /** From arrival to the response, in milliseconds. */
  ms: number;
  /** Why the response is not the handler's (a 413, 500 or 504), in one line. */
  reason?: string;
  /** The handler's outgoing requests that failed: `GET https://x/: connection-refused`. */
  fetchFailures?: string[];
}

export interface ServerFrontOptions {
  scheme: 'http' | 'https';
  /** The authority a request without a Host header is taken to be for ("localhost:8080"). */
  authority: string;
  /** The most bytes of a request body (413 beyond). */
  maxBodyBytes: number;
  /** Each request's log entry, once its response is known. */
  log?(entry: RequestLogEntry): void;
  /** Milliseconds, for the log's timings (performance.now by default). */
  now?(): number;
}

/** What serves the front's requests: an HttpServerPool. */
export interface RequestHandler {
  request(request: HttpRequestData): Promise<ServedRequest>;
}

export class ServerFront {
  readonly #pool: RequestHandler;
  readonly #o: ServerFrontOptions;
  readonly #now: () => number;

  constructor(pool: RequestHandler, o: ServerFrontOptions) {
    this.#pool = pool;
    this.#o = o;
    this.#now = o.now ?? (() => performance.now());
  }

  /** Serves one request; `started` is when it arrived (before its body was read). */
  async handle(
    r: ClientRequest,
    started = this.#now(),
  ): Promise<{ response: HttpResponseData; entry: RequestLogEntry }> {
    const path = originForm(r.target);
    const headers = r.headers.map(([n, v]): HeaderPair => [n.toLowerCase(), v]);
    const done = (response: HttpResponseData, requestId?: number, reason?: string, fetchFailures?: string[]) => {
      const ms = this.#now() - started;
      const entry: RequestLogEntry = { requestId, method: r.method, path, status: response.status, ms };
      if (reason) entry.reason = reason;
      if (fetchFailures) entry.fetchFailures = fetchFailures;
      this.#o.log?.(entry);
      return { response, entry };
    };
    if (!r.body || r.body.byteLength > this.#o.maxBodyBytes) {
      const reason = `a request body larger than ${this.#o.maxBodyBytes} bytes`;
      return done(failureResponse(413, reason), undefined, reason);
    }
    const { requestId, outcome } = await this.#pool.request({
      method: r.method,
      pathWithQuery: path,
      scheme: this.#o.scheme,
      authority: headers.find(([n]) => n === 'host')?.[1] ?? this.#o.authority,
      headers,
      body: r.body,
      trailers: r.trailers && r.trailers.length > 0 ? r.trailers.map(([n, v]) => [n.toLowerCase(), v]) : undefined,
    });
    const reason = outcome.kind === 'failure' ? outcome.reason : undefined;
    return done(outcomeResponse(outcome), requestId, reason, outcome.fetchFailures);
  }
}

/**
 * An entry as the CLI logs it: `#3 GET /a?b 200 1.2 ms`, a reason after a colon, failed outgoing
 * requests in brackets.
 */
export function formatLogEntry(e: RequestLogEntry): string {
  const id = e.requestId === undefined ? '-' : `#${e.requestId}`;
  const reason = e.reason ? `: ${e.reason}` : '';
  const failures = e.fetchFailures?.map((f) => ` [outgoing ${f}]`).join('') ?? '';
  return `${id} ${e.method} ${e.path} ${e.status} ${e.ms.toFixed(1)} ms${reason}${failures}`;
}

/** The path and query of a request target (a proxy-style absolute URL's too, as hyper's uri gives it). */
export function originForm(target: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  const url = new URL(target);
  return url.pathname + url.search;
}
