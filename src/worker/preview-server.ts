// What the Preview talks to: a running server, either a wasi:http component (HttpServerClient)
// or a module serving HTTP on its own socket in the page's virtual network (SocketServerClient,
// here). Both put core's ServerFront before their requests, so a request in (method, path and
// query, headers, body) is a response out with the same request-log entry.
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  ServerFront,
  SocketHttpHandler,
  type ClientNetwork,
  type HeaderPair,
  type RequestLogEntry,
} from '../core/runtime/index.ts';

/** A request as the Preview sends it. */
export interface PreviewRequest {
  method: string;
  /** Path and query: "/api/items?page=2". */
  path: string;
  /** Names in any case; a Headers object will do. */
  headers?: Iterable<[string, string]>;
  body?: Uint8Array;
}

export interface PreviewResponse {
  status: number;
  /** Lowercase names, in the server's order; a name may repeat. */
  headers: HeaderPair[];
  body: Uint8Array;
  /** The request's log entry (its id, status, ms, and the reason of a 413, 500, 502 or 504). */
  entry: RequestLogEntry;
}

export interface PreviewServer {
  /** One request. Never rejects: a failure is its 5xx with the reason. */
  request(r: PreviewRequest): Promise<PreviewResponse>;
  /** Stops serving; requests still open are answered with an error. */
  close(): void;
}

/** A Preview request through a server's front. */
export async function frontRequest(front: ServerFront, r: PreviewRequest): Promise<PreviewResponse> {
  const headers: HeaderPair[] = [];
  for (const [name, value] of r.headers ?? []) headers.push([name, value]);
  const { response, entry } = await front.handle({
    method: r.method,
    target: r.path.startsWith('/') ? r.path : `/${r.path}`,
    headers,
    body: r.body ?? new Uint8Array(0),
  });
  return { status: response.status, headers: response.headers, body: response.body, entry };
}

export interface SocketServerOptions {
  /** The module's network (a VirtualNetwork) and the port it listens on. */
  net: ClientNetwork;
  port: number;
  /** Past it, a request is answered 504 and its connection dropped (default 30 s). */
  requestTimeoutMs?: number;
  /** The most bytes of a body, in (413) or out (502) (default 32 MiB). */
  maxBodyBytes?: number;
  /** The Host a request without one is for (default: this page's host). */
  authority?: string;
  onLog?(entry: RequestLogEntry): void;
}

/** A module's listening socket as a Preview server: each request a new connection, HTTP/1.1. */
export class SocketServerClient implements PreviewServer {
  readonly #handler: SocketHttpHandler;
  readonly #front: ServerFront;

  constructor(o: SocketServerOptions) {
    const maxBodyBytes = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#handler = new SocketHttpHandler(o.net, o.port, {
      timeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      maxBodyBytes,
    });
    this.#front = new ServerFront(this.#handler, {
      scheme: location.protocol === 'https:' ? 'https' : 'http',
      authority: o.authority ?? location.host,
      maxBodyBytes,
      log: o.onLog,
    });
  }

  request(r: PreviewRequest): Promise<PreviewResponse> {
    return frontRequest(this.#front, r);
  }

  /** Requests still open, and later ones, are answered 502 with `reason`. */
  close(reason?: string): void {
    this.#handler.close(reason);
  }
}
