// The server side of wasi:http/types: the incoming-request a handler gets, the
// outgoing-response it builds, and the response-outparam it answers through.
import { WasiResultError, type Blocking } from '../component/index.ts';
import type { HttpRequestData } from './data.ts';
import type { ErrorCode } from './error-code.ts';
import { IncomingBody, OutgoingBody, bytesSource, contentLength } from './wasi-http-body.ts';
import { Fields } from './wasi-http-fields.ts';

export type Method =
  | { tag: 'get' | 'head' | 'post' | 'put' | 'delete' | 'connect' | 'options' | 'trace' | 'patch' }
  | { tag: 'other'; val: string };

export type Scheme = { tag: 'HTTP' | 'HTTPS' } | { tag: 'other'; val: string };

const METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch']);

/** A method as wasi:http names it: the nine standard ones by tag (case-sensitive, as http's). */
export function methodOf(name: string): Method {
  const lower = name.toLowerCase();
  return METHODS.has(lower) && name === name.toUpperCase() ? ({ tag: lower } as Method) : { tag: 'other', val: name };
}

/** A wasi:http method as sent on the wire. */
export function methodName(m: Method): string {
  return m.tag === 'other' ? m.val : m.tag.toUpperCase();
}

export class IncomingRequest {
  readonly #request: HttpRequestData;
  readonly #headers: Fields;
  readonly #blocking: Blocking;
  #consumed = false;

  constructor(request: HttpRequestData, blocking: Blocking) {
    this.#request = request;
    this.#headers = Fields.incoming(request.headers);
    this.#blocking = blocking;
  }

  method(): Method {
    return methodOf(this.#request.method);
  }

  pathWithQuery(): string | undefined {
    return this.#request.pathWithQuery;
  }

  scheme(): Scheme {
    return { tag: this.#request.scheme === 'https' ? 'HTTPS' : 'HTTP' };
  }

  authority(): string {
    return this.#request.authority;
  }

  /** A new handle each call, immutable, as wasmtime gives it. */
  headers(): Fields {
    return this.#headers.clone().freeze();
  }

  consume(): IncomingBody {
    if (this.#consumed) throw new WasiResultError(undefined);
    this.#consumed = true;
    const trailers = this.#request.trailers && Fields.incoming(this.#request.trailers);
    return new IncomingBody(
      bytesSource(this.#request.body),
      { result: () => ({ ok: true, trailers }) },
      this.#blocking,
    );
  }
}

export interface OutgoingResponseLike {
  readonly status: number;
  readonly fields: Fields;
  readonly outgoingBody: OutgoingBody | undefined;
}

/** The outgoing-response class for one instance (its bodies use the instance's blocking and limit). */
/** `blocking`: the primitives of the request being handled (the class outlives it: wasi-http.ts). */
export function outgoingResponseClass(blocking: () => Blocking, maxBodyBytes: number) {
  return class OutgoingResponse implements OutgoingResponseLike {
    #status = 200;
    readonly #headers: Fields;
    #body: OutgoingBody | undefined;

    constructor(headers: Fields) {
      this.#headers = headers.freeze();
    }

    get status(): number {
      return this.#status;
    }
    get fields(): Fields {
      return this.#headers;
    }
    get outgoingBody(): OutgoingBody | undefined {
      return this.#body;
    }

    statusCode(): number {
      return this.#status;
    }

    /** http's StatusCode::from_u16 range, as wasmtime checks it. */
    setStatusCode(status: number): void {
      if (!Number.isInteger(status) || status < 100 || status > 999) throw new WasiResultError(undefined);
      this.#status = status;
    }

    headers(): Fields {
      return this.#headers.clone().freeze();
    }

    body(): OutgoingBody {
      if (this.#body) throw new WasiResultError(undefined);
      this.#body = new OutgoingBody('response', contentLength(this.#headers), maxBodyBytes, blocking());
      return this.#body;
    }
  };
}

/** What a handler answered through its response-outparam. */
export type OutparamValue = { tag: 'ok'; val: OutgoingResponseLike } | { tag: 'err'; val: ErrorCode };

export class ResponseOutparam {
  readonly #onSet: (value: OutparamValue) => void;

  constructor(onSet: (value: OutparamValue) => void) {
    this.#onSet = onSet;
  }

  static set(param: ResponseOutparam, response: OutparamValue): void {
    param.#onSet(response);
  }

  /** The unstable informational responses: wasmtime does not implement them either. */
  sendInformational(): never {
    throw new WasiResultError({ tag: 'internal-error', val: 'informational responses are not supported' });
  }
}
