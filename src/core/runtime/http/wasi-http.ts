// The wasi:http 0.2 imports for one instance (types, outgoing-handler), by interface name without
// version as the glue asks for them, beside the WASI host's (their streams, pollables and clocks
// are the same objects). https://github.com/WebAssembly/wasi-http/tree/v0.2.0/wit
import type { Blocking, ComponentImports, IoError } from '../component/index.ts';
import type { Fetcher } from './fetcher.ts';
import { FutureTrailers, HttpIoError, IncomingBody, OutgoingBody } from './wasi-http-body.ts';
import { Fields } from './wasi-http-fields.ts';
import { IncomingRequest, ResponseOutparam, outgoingResponseClass } from './wasi-http-incoming.ts';
import {
  FutureIncomingResponse,
  IncomingResponse,
  RequestOptions,
  outgoingHandle,
  outgoingRequestClass,
} from './wasi-http-outgoing.ts';

export interface WasiHttpOptions {
  blocking: Blocking;
  /** Where outgoing requests go; without one, outgoing-handler.handle answers HTTP-request-denied. */
  fetcher?: Fetcher;
  /** The resource classes of the thread's earlier requests (wasiHttpTypes), if any. */
  types?: WasiHttpTypes;
  /** The most bytes one outgoing body (a response's, a request's) may hold. */
  maxBodyBytes: number;
}

/**
 * The two resource classes that need the request's blocking primitives, made once for a thread's
 * requests: an instance made ahead of a request (a spare, component/spare-instance.ts) serves it
 * only if its classes are the very ones that request's imports hold.
 */
export interface WasiHttpTypes {
  readonly maxBodyBytes: number;
  readonly OutgoingRequest: ReturnType<typeof outgoingRequestClass>;
  readonly OutgoingResponse: ReturnType<typeof outgoingResponseClass>;
  /** The request being handled from now on. */
  use(blocking: Blocking): void;
}

export function wasiHttpTypes(maxBodyBytes: number): WasiHttpTypes {
  let current: Blocking | undefined;
  const blocking = (): Blocking => {
    if (!current) throw new Error('wasi:http: no request is being handled');
    return current;
  };
  return {
    maxBodyBytes,
    OutgoingRequest: outgoingRequestClass(blocking, maxBodyBytes),
    OutgoingResponse: outgoingResponseClass(blocking, maxBodyBytes),
    use: (b) => (current = b),
  };
}

export function wasiHttpImports(o: WasiHttpOptions): ComponentImports {
  const types = o.types?.maxBodyBytes === o.maxBodyBytes ? o.types : wasiHttpTypes(o.maxBodyBytes);
  types.use(o.blocking);
  return {
    'wasi:http/types': {
      Fields,
      IncomingRequest,
      OutgoingRequest: types.OutgoingRequest,
      RequestOptions,
      ResponseOutparam,
      IncomingResponse,
      IncomingBody,
      FutureTrailers,
      OutgoingResponse: types.OutgoingResponse,
      OutgoingBody,
      FutureIncomingResponse,
      httpErrorCode: (e: IoError) => (e instanceof HttpIoError ? e.code : undefined),
    },
    'wasi:http/outgoing-handler': { handle: outgoingHandle(o.fetcher, o.blocking) },
  };
}
