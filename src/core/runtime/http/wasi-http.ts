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
  /** The most bytes one outgoing body (a response's, a request's) may hold. */
  maxBodyBytes: number;
}

export function wasiHttpImports(o: WasiHttpOptions): ComponentImports {
  return {
    'wasi:http/types': {
      Fields,
      IncomingRequest,
      OutgoingRequest: outgoingRequestClass(o.blocking, o.maxBodyBytes),
      RequestOptions,
      ResponseOutparam,
      IncomingResponse,
      IncomingBody,
      FutureTrailers,
      OutgoingResponse: outgoingResponseClass(o.blocking, o.maxBodyBytes),
      OutgoingBody,
      FutureIncomingResponse,
      httpErrorCode: (e: IoError) => (e instanceof HttpIoError ? e.code : undefined),
    },
    'wasi:http/outgoing-handler': { handle: outgoingHandle(o.fetcher, o.blocking) },
  };
}
