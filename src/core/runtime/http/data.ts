// HTTP requests and responses as plain data: what crosses a thread boundary between a server's
// front (the CLI's HTTP listener, the page's service worker) and the thread that runs handlers.
// Header values are byte strings (one character per byte, as Node's http module and the
// Fetch API's ByteString give them), so any bytes a handler may put there travel intact.

/** A header or trailer: lowercase name, byte-string value. */
export type HeaderPair = [name: string, value: string];

/** An HTTP token (RFC 9110 §5.6.2): what a method or a field name is made of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface HttpRequestData {
  /** As sent: "GET", "POST", "PURGE"... */
  method: string;
  /** The path and query as sent ("/a/b?c=1"). */
  pathWithQuery: string;
  scheme: 'http' | 'https';
  /** The Host header's value ("localhost:8080"). */
  authority: string;
  headers: HeaderPair[];
  body: Uint8Array;
  trailers?: HeaderPair[];
}

export interface HttpResponseData {
  status: number;
  headers: HeaderPair[];
  body: Uint8Array;
  trailers?: HeaderPair[];
}

/**
 * How a request ends: the handler's response, or the one-line reason there is none (a trap, a
 * malformed or missing response: 500; the per-request time limit: 504; a program serving HTTP on
 * its own socket that answered no well-formed response: 502, as a gateway says it). Either way,
 * the handler's outgoing requests that failed, one line each, whatever the handler made of them.
 */
export type HttpOutcome = (
  { kind: 'response'; response: HttpResponseData } | { kind: 'failure'; status: 500 | 502 | 504; reason: string }
) & { fetchFailures?: string[] };

/** A failure as the response a client gets: the status, and the reason as text. */
export function failureResponse(status: number, reason: string): HttpResponseData {
  return {
    status,
    headers: [['content-type', 'text/plain; charset=utf-8']],
    body: new TextEncoder().encode(`${reason}\n`),
  };
}

/** The response a client gets for an outcome. */
export function outcomeResponse(o: HttpOutcome): HttpResponseData {
  return o.kind === 'response' ? o.response : failureResponse(o.status, o.reason);
}

/** A byte string (one char per byte) as its bytes. */
export function byteStringBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes as a byte string (one char per byte). */
export function bytesByteString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
