// Wharf's WASI hosts: runs a command module over an image's copy-on-write rootfs with
// argv/env/stdio as runwasi gives them, with its own import table for every preview1 function
// (from @bjorn3/browser_wasi_shim it takes the Fd base class, WASIProcExit and the errno
// constants), WASI 0.2 command components beside it (component/), and the process model that
// runs programs one after another over one volume (the shell, clang's jobs), and wasi:http
// servers (http/).
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
export {
  runWasi,
  reasonLine,
  EXIT_TRAP,
  EXIT_TIMEOUT,
  EXIT_STOPPED,
  type WasiRunOptions,
  type RunResult,
} from './run.ts';
export { planRun, findModule, type RunPlan, type RunOverrides } from './plan.ts';
export { createHost, PREVIEW1_FUNCTIONS, type Host, type HostOptions } from './host.ts';
export { E } from './defs.ts';
export {
  offlineNet,
  PAGE_OFFLINE,
  NO_NETWORK,
  SOCKET_FUNCTIONS,
  EAI,
  formatAddr,
  formatIp,
  parseIp,
  isUnspecified,
  BridgeHost,
  VirtualNetwork,
  VirtualConnection,
  SocketHttpHandler,
  ResponseReader,
  serializeRequest,
  MAX_HEAD_BYTES,
  type ClientNetwork,
  type ClientConnection,
  type Http1Request,
  type SocketNet,
  type SockAddr,
  type NetFailure,
  type AddrInfoHints,
  type NetBackend,
  type BackendListener,
  type BackendStream,
} from './net/index.ts';
export { defaultHostEnv, type Clocks, type HostEnv } from './host-context.ts';
export { bytesStdin, OutputBuffer, type Sink, type StdinSource } from './stdio.ts';
export { wasm, type WasmModule, type WasmInstance } from './wasm-api.ts';
export {
  wasmKind,
  componentWorld,
  servesHttp,
  runComponent,
  ComponentLoader,
  componentKey,
  createWasiHost,
  WasiResultError,
  TRANSPILER_VERSION,
  loadFullTranspiler,
  type WasmKind,
  type ComponentWorld,
  type ComponentCache,
  type CachedComponent,
  type ComponentImports,
  type ComponentRunOptions,
  type ReadyComponent,
  type TranspiledComponent,
  type LoadProgress,
  type WasiHost,
  type WasiHostOptions,
} from './component/index.ts';
export { ByteRing, StdinPump, createByteRing, ringStdin, DEFAULT_RING_CAPACITY } from './byte-ring.ts';
export {
  PROTOCOL_VERSION,
  isRunRequest,
  isServeRequest,
  isHttpRequestMessage,
  isWorkerReply,
  type RunRequest,
  type ServeRequest,
  type HttpRequestMessage,
  type WorkerRequest,
  type WorkerReply,
} from './protocol.ts';
export { serveRun, type RunnerPort } from './serve.ts';
export { runnerMessages } from './runner-messages.ts';
export * from './http/index.ts';
export {
  BUILTIN_SECTION,
  UMASK,
  hasWasmMagic,
  mergeEnv,
  type BuiltinProgram,
  type Processes,
  type ProcessSpec,
} from './process.ts';
export { createProcesses, type ProcessesOptions } from './processes.ts';
export { builtinStub, builtinName, STUB_EXIT } from './builtin-stub.ts';
export { ModuleCache, sameBytes } from './module-cache.ts';
export { findProgram, searchPath, DEFAULT_PATH, type Lookup } from './program-lookup.ts';
export { wasmLdOutput, LINKED_MODE } from './link-output.ts';
export { preopenFds, normalizeAbsolute } from './preopens.ts';
export {
  parseClangJobs,
  splitJobLine,
  clangDriverArgs,
  runsInProcess,
  toolchainHints,
  EXCEPTIONS_HINT,
  SETJMP_HINT,
  SIGSETJMP_HINT,
  WASIP2_HINT,
  wantsWasip2,
  type ClangJobs,
} from './clang-driver.ts';
