// The client side of wasi:http: outgoing-request, request-options, outgoing-handler.handle,
// and the future-incoming-response / incoming-response a guest reads the answer from, over an
// injected Fetcher (fetcher.ts). As wasmtime-wasi-http: the scheme defaults to HTTPS, only
// http and https are sent, the request's headers are immutable once it is made; redirects are
// not followed (the guest sees the 3xx).
import { Pollable, WasiResultError, type Blocking, type ByteSource } from '../component/index.ts';
import { HTTP_TOKEN } from './data.ts';
import { errorCodeOf, type ErrorCode } from './error-code.ts';
import type { FetchBody, FetchResult, Fetcher, PendingFetch } from './fetcher.ts';
import { DISPOSE, HttpIoError, IncomingBody, OutgoingBody, contentLength, type BodyEnd } from './wasi-http-body.ts';
import { Fields } from './wasi-http-fields.ts';
import { methodName, type Method, type Scheme } from './wasi-http-incoming.ts';

const ms = (ns: bigint | undefined): number | undefined => (ns === undefined ? undefined : Number(ns / 1_000_000n));

export class RequestOptions {
  connect: bigint | undefined;
  firstByte: bigint | undefined;
  betweenBytes: bigint | undefined;

  connectTimeout(): bigint | undefined {
    return this.connect;
  }
  setConnectTimeout(d: bigint | undefined): void {
    this.connect = d;
  }
  firstByteTimeout(): bigint | undefined {
    return this.firstByte;
  }
  setFirstByteTimeout(d: bigint | undefined): void {
    this.firstByte = d;
  }
  betweenBytesTimeout(): bigint | undefined {
    return this.betweenBytes;
  }
  setBetweenBytesTimeout(d: bigint | undefined): void {
    this.betweenBytes = d;
  }
}

const PATH = /^[\x21-\x7e]*$/;
const AUTHORITY = /^(?:[^@/?#\s]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^:/?#@\s[\]]+)(?::(\d{1,5}))?$/;

export interface OutgoingRequestLike {
  readonly parts: {
    method: Method;
    scheme: Scheme | undefined;
    authority: string | undefined;
    pathWithQuery: string | undefined;
    headers: Fields;
    body: OutgoingBody | undefined;
  };
}

/** The outgoing-request class for one instance (its body uses the instance's blocking and limit). */
/** `blocking`: the primitives of the request being handled (the class outlives it: wasi-http.ts). */
export function outgoingRequestClass(blocking: () => Blocking, maxBodyBytes: number) {
  return class OutgoingRequest implements OutgoingRequestLike {
    readonly parts: OutgoingRequestLike['parts'];

    constructor(headers: Fields) {
      this.parts = {
        method: { tag: 'get' },
        scheme: undefined,
        authority: undefined,
        pathWithQuery: undefined,
        headers: headers.freeze(),
        body: undefined,
      };
    }

    body(): OutgoingBody {
      if (this.parts.body) throw new WasiResultError(undefined);
      this.parts.body = new OutgoingBody('request', contentLength(this.parts.headers), maxBodyBytes, blocking());
      return this.parts.body;
    }
    method(): Method {
      return this.parts.method;
    }
    setMethod(m: Method): void {
      if (m.tag === 'other' && !HTTP_TOKEN.test(m.val)) throw new WasiResultError(undefined);
      this.parts.method = m;
    }
    pathWithQuery(): string | undefined {
      return this.parts.pathWithQuery;
    }
    setPathWithQuery(p: string | undefined): void {
      if (p !== undefined && !PATH.test(p)) throw new WasiResultError(undefined);
      this.parts.pathWithQuery = p;
    }
    scheme(): Scheme | undefined {
      return this.parts.scheme;
    }
    setScheme(s: Scheme | undefined): void {
      if (s?.tag === 'other' && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(s.val)) throw new WasiResultError(undefined);
      this.parts.scheme = s;
    }
    authority(): string | undefined {
      return this.parts.authority;
    }
    setAuthority(a: string | undefined): void {
      if (a !== undefined) {
        const m = AUTHORITY.exec(a);
        if (!m || (m[1] !== undefined && Number(m[1]) > 65535)) throw new WasiResultError(undefined);
      }
      this.parts.authority = a;
    }
    headers(): Fields {
      return this.parts.headers.clone().freeze();
    }
  };
}

type FutureGet =
  | { tag: 'ok'; val: { tag: 'ok'; val: IncomingResponse } | { tag: 'err'; val: ErrorCode } }
  | { tag: 'err'; val: undefined };

export class IncomingResponse {
  readonly #status: number;
  readonly #headers: Fields;
  readonly #body: FetchBody;
  readonly #blocking: Blocking;
  #consumed = false;

  constructor(r: Extract<FetchResult, { ok: true }>, blocking: Blocking) {
    this.#status = r.status;
    this.#headers = Fields.incoming(r.headers);
    this.#body = r.body;
    this.#blocking = blocking;
  }

  status(): number {
    return this.#status;
  }

  headers(): Fields {
    return this.#headers.clone().freeze();
  }

  consume(): IncomingBody {
    if (this.#consumed) throw new WasiResultError(undefined);
    this.#consumed = true;
    const body = this.#body;
    const end: BodyEnd = {
      result: () => {
        const e = body.end();
        if (!e) return undefined;
        return e.ok
          ? { ok: true, trailers: e.trailers && Fields.incoming(e.trailers) }
          : { ok: false, code: errorCodeOf(e.failure) };
      },
      wait: (t) => body.wait(t),
    };
    return new IncomingBody(fetchSource(body), end, this.#blocking);
  }
}

/** A fetched body as an input stream's source: a failure mid-body is last-operation-failed. */
function fetchSource(body: FetchBody): ByteSource {
  const tryRead = (max: number): Uint8Array | null => {
    const out = body.tryRead(max);
    if (out !== null) return out;
    const e = body.end();
    if (e && !e.ok) {
      throw new WasiResultError({
        tag: 'last-operation-failed',
        val: new HttpIoError(e.failure.detail, errorCodeOf(e.failure)),
      });
    }
    return null;
  };
  return {
    tryRead,
    read(max) {
      for (;;) {
        const out = tryRead(max);
        if (out === null || out.byteLength > 0) return out;
        body.wait(Infinity);
      }
    },
    readiness: { ready: () => body.ready(), wait: (t) => body.wait(t) },
  };
}

export class FutureIncomingResponse {
  readonly #blocking: Blocking;
  /** Whether the request may go (its body, if it has one, is finished). */
  readonly #canStart: () => boolean;
  /** Starts the fetch (or says why it cannot), once. */
  #start: (() => PendingFetch | ErrorCode) | undefined;
  #pending: PendingFetch | undefined;
  #result: { tag: 'ok'; val: IncomingResponse } | { tag: 'err'; val: ErrorCode } | undefined;
  #taken = false;

  constructor(blocking: Blocking, canStart: () => boolean, start: () => PendingFetch | ErrorCode) {
    this.#blocking = blocking;
    this.#canStart = canStart;
    this.#start = start;
    this.#advance();
  }

  #advance(): void {
    if (this.#result) return;
    if (!this.#pending) {
      if (!this.#start || !this.#canStart()) return;
      const started = this.#start();
      this.#start = undefined;
      if ('tag' in started) {
        this.#result = { tag: 'err', val: started };
        return;
      }
      this.#pending = started;
    }
    const r = this.#pending.poll();
    if (r) {
      this.#result = r.ok
        ? { tag: 'ok', val: new IncomingResponse(r, this.#blocking) }
        : { tag: 'err', val: errorCodeOf(r.failure) };
    }
  }

  subscribe(): Pollable {
    return new Pollable(
      {
        ready: () => {
          this.#advance();
          return this.#result !== undefined;
        },
        wait: (t) => {
          this.#advance();
          if (this.#pending) return this.#pending.wait(t);
          // Only the guest itself could make this ready (by finishing the request's body), and
          // it is blocked here: a deadlock wasmtime would sit in until the time limit.
          if (!this.#result) {
            throw new Error('blocked on an outgoing request whose body was never finished (outgoing-body.finish)');
          }
        },
      },
      this.#blocking,
    );
  }

  get(): FutureGet | undefined {
    this.#advance();
    if (!this.#result) return undefined;
    if (this.#taken) return { tag: 'err', val: undefined };
    this.#taken = true;
    return { tag: 'ok', val: this.#result };
  }

  [DISPOSE](): void {
    if (!this.#result) this.#pending?.abort();
  }
}

/** outgoing-handler.handle: checks the request as wasmtime does, then hands it to the fetcher. */
export function outgoingHandle(
  fetcher: Fetcher | undefined,
  blocking: Blocking,
): (request: OutgoingRequestLike, options: RequestOptions | undefined) => FutureIncomingResponse {
  return (request, options) => {
    const p = request.parts;
    const fail = (code: ErrorCode): never => {
      throw new WasiResultError(code);
    };
    if (!fetcher) fail({ tag: 'HTTP-request-denied' });
    const scheme = p.scheme ?? { tag: 'HTTPS' };
    if (scheme.tag === 'other') fail({ tag: 'HTTP-protocol-error' });
    if (!p.authority) fail({ tag: 'HTTP-request-URI-invalid' });
    const url = `${scheme.tag === 'HTTP' ? 'http' : 'https'}://${p.authority}${p.pathWithQuery ?? '/'}`;
    const body = p.body;
    return new FutureIncomingResponse(
      blocking,
      () => body === undefined || body.state.state !== 'open',
      () => {
        const s = body?.state;
        if (s?.state === 'failed') return { tag: 'internal-error', val: s.reason };
        return fetcher!.start({
          method: methodName(p.method),
          url,
          headers: p.headers.pairs(),
          body: s?.state === 'finished' ? s.body : undefined,
          connectTimeoutMs: ms(options?.connect),
          firstByteTimeoutMs: ms(options?.firstByte),
          betweenBytesTimeoutMs: ms(options?.betweenBytes),
        });
      },
    );
  };
}
