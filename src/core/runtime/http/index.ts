// wasi:http servers: the wasi:http 0.2 host (types, incoming-handler, outgoing-handler) on the
// component host, one request through a fresh instance, a server session in a runner thread,
// the pool of those threads a server's front drives, and outgoing requests through an
// injected fetcher. https://github.com/WebAssembly/wasi-http/tree/v0.2.0
export {
  failureResponse,
  outcomeResponse,
  byteStringBytes,
  bytesByteString,
  type HeaderPair,
  type HttpRequestData,
  type HttpResponseData,
  type HttpOutcome,
} from './data.ts';
export { errorCodeOf, describeErrorCode, type ErrorCode, type FetchFailure } from './error-code.ts';
export type { Fetcher, FetchRequest, FetchResult, FetchBody, PendingFetch } from './fetcher.ts';
export {
  MailboxFetcher,
  serveFetches,
  fetchDoorbell,
  type SyncPort,
  type MailboxRequest,
  type MailboxReply,
  type FetchFunction,
  type ServeFetchesOptions,
} from './fetch-mailbox.ts';
export { Fields, FORBIDDEN_HEADERS, FIELDS_SIZE_LIMIT, type HeaderError } from './wasi-http-fields.ts';
export { wasiHttpImports, type WasiHttpOptions } from './wasi-http.ts';
export {
  handleRequest,
  DEFAULT_MAX_BODY_BYTES,
  type HandleRequestOptions,
  type HandleResult,
} from './handle-request.ts';
export { HttpSession, type SessionPort } from './session.ts';
export {
  HttpServerPool,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type HandlerThread,
  type SpawnedThread,
  type ServerPoolOptions,
  type ServedRequest,
} from './server-pool.ts';
export { serverEnv, ADDR_VAR, BACKLOG_VAR, type ServerEnv } from './server-env.ts';
