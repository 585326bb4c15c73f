// wasi:http servers: the wasi:http 0.2 host (types, incoming-handler, outgoing-handler) on the
// component host, one request through a fresh instance, a server session in a runner thread,
// the pool of those threads, the front every listener shares (requests in, responses and the
// request log out), and outgoing requests through a mailbox to a thread that can fetch.
// https://github.com/WebAssembly/wasi-http/tree/v0.2.0
export {
  failureResponse,
  outcomeResponse,
  byteStringBytes,
  bytesByteString,
  HTTP_TOKEN,
  type HeaderPair,
  type HttpRequestData,
  type HttpResponseData,
  type HttpOutcome,
} from './data.ts';
export { errorCodeOf, describeErrorCode, type ErrorCode, type FetchFailure } from './error-code.ts';
export {
  reportingFailures,
  type Fetcher,
  type FetchRequest,
  type FetchResult,
  type FetchBody,
  type PendingFetch,
} from './fetcher.ts';
export {
  openFetchMailbox,
  mailboxFetcher,
  isMailboxEnd,
  type MailboxEnd,
  type MailboxChannel,
  type MailboxRequest,
  type MailboxReply,
  type FetchFunction,
  type FetchHost,
} from './fetch-mailbox.ts';
export { Fields, FORBIDDEN_HEADERS, FIELDS_SIZE_LIMIT, type HeaderError } from './wasi-http-fields.ts';
export { wasiHttpImports, wasiHttpTypes, type WasiHttpOptions, type WasiHttpTypes } from './wasi-http.ts';
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
export {
  ServerFront,
  formatLogEntry,
  originForm,
  type ClientRequest,
  type RequestLogEntry,
  type RequestHandler,
  type ServerFrontOptions,
} from './server-front.ts';
export { serverEnv, ADDR_VAR, BACKLOG_VAR, type ServerEnv } from './server-env.ts';
