// HTTP requests to a program that serves HTTP/1.1 on its own listening socket, as a gateway
// sends them: each request a new connection to the program's port on the page's virtual
// network, its bytes written as HTTP/1.1, the response read back as it arrives. A RequestHandler,
// so the same ServerFront that fronts a wasi:http component (the request log, the 413) fronts it.
import { isWharfError } from '../../errors.ts';
import type { HttpOutcome, HttpRequestData } from '../http/data.ts';
import type { RequestHandler } from '../http/server-front.ts';
import type { ServedRequest } from '../http/server-pool.ts';
import { ResponseReader, serializeRequest } from './http1.ts';
import { isFailure } from './net.ts';

/** The client's end of a connection to the program (VirtualNetwork's VirtualConnection). */
export interface ClientConnection {
  ondata?: (bytes: Uint8Array) => void;
  write(bytes: Uint8Array): void;
  /** No more bytes from the client (FIN). */
  end(): void;
  /** Drops the connection (the program sees a reset). */
  abort(): void;
  /** Resolves once the program has ended its side (or its run ended). */
  response(): Promise<unknown>;
}

/** Where the connections go: VirtualNetwork. Throws a NetFailure when nothing listens. */
export interface ClientNetwork {
  open(port: number): ClientConnection;
}

export interface SocketHttpOptions {
  /** Past it, the request is answered 504 and its connection dropped. */
  timeoutMs: number;
  /** The most bytes of a response body (502 beyond). */
  maxBodyBytes: number;
}

export class SocketHttpHandler implements RequestHandler {
  readonly #net: ClientNetwork;
  readonly #port: number;
  readonly #o: SocketHttpOptions;
  /** Requests in flight, each with how to end it now. */
  readonly #open = new Set<(outcome: HttpOutcome) => void>();
  #next = 0;
  #closed = false;

  constructor(net: ClientNetwork, port: number, o: SocketHttpOptions) {
    this.#net = net;
    this.#port = port;
    this.#o = o;
  }

  request(r: HttpRequestData): Promise<ServedRequest> {
    const requestId = this.#next++;
    const failure = (status: 500 | 502 | 504, reason: string): HttpOutcome => ({ kind: 'failure', status, reason });
    if (this.#closed) return Promise.resolve({ requestId, outcome: failure(502, 'the server stopped') });
    let bytes: Uint8Array;
    try {
      bytes = serializeRequest({
        method: r.method,
        target: r.pathWithQuery,
        host: r.authority,
        headers: r.headers,
        body: r.body,
      });
    } catch (e) {
      return Promise.resolve({ requestId, outcome: failure(500, (e as Error).message) });
    }
    let c: ClientConnection;
    try {
      c = this.#net.open(this.#port);
    } catch (e) {
      const why = isFailure(e) && e.reason ? e.reason : `nothing listens on port ${this.#port}`;
      return Promise.resolve({ requestId, outcome: failure(502, why) });
    }
    const reader = new ResponseReader({ method: r.method, maxBodyBytes: this.#o.maxBodyBytes });
    return new Promise<ServedRequest>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (outcome: HttpOutcome, drop: boolean): void => {
        if (!this.#open.delete(end)) return;
        clearTimeout(timer);
        c.ondata = undefined;
        // A complete response: this side is done too (the program's next recv sees the end).
        // Anything else: the connection is dropped, as a client that gives up drops it.
        if (drop) c.abort();
        else c.end();
        resolve({ requestId, outcome });
      };
      const broken = (e: unknown): void =>
        finish(failure(502, isWharfError(e) ? e.message : `reading the response: ${String(e)}`), true);
      const end = (outcome: HttpOutcome): void => finish(outcome, true);
      this.#open.add(end);
      timer = setTimeout(
        () =>
          finish(
            failure(504, `the server did not answer within ${this.#o.timeoutMs / 1000} s (the per-request limit)`),
            true,
          ),
        this.#o.timeoutMs,
      );
      c.ondata = (chunk) => {
        try {
          if (reader.push(chunk)) finish({ kind: 'response', response: reader.response() }, false);
        } catch (e) {
          broken(e);
        }
      };
      void c.response().then(() => {
        try {
          reader.end();
          finish({ kind: 'response', response: reader.response() }, false);
        } catch (e) {
          broken(e);
        }
      });
      c.write(bytes);
    });
  }

  /** Ends every request in flight with a 502 "the server stopped"; later requests get the same. */
  close(reason = 'the server stopped'): void {
    this.#closed = true;
    for (const end of [...this.#open]) end({ kind: 'failure', status: 502, reason });
  }
}
