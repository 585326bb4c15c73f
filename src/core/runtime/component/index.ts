// WASI 0.2 components, run as runwasi's wasmtime shim runs them: told from modules by their
// first bytes, transpiled (jco) into core modules and glue, instantiated over Wharf's own
// synchronous WASI 0.2 host (wasi:cli, io, clocks, filesystem, random; sockets refused).
// https://github.com/WebAssembly/component-model, https://github.com/WebAssembly/WASI/tree/main/wasip2
export { wasmKind, type WasmKind } from '../../oci/index.ts';
export { componentWorld, servesHttp, type ComponentWorld } from './world.ts';
export {
  TRANSPILER_VERSION,
  transpileComponent,
  loadFullTranspiler,
  threadTranspilers,
  type Transpilers,
  type TranspiledComponent,
} from './transpile.ts';
export {
  ComponentLoader,
  componentKey,
  type ComponentCache,
  type CachedComponent,
  type ReadyComponent,
  type LoadProgress,
  type ComponentLoaderOptions,
} from './loader.ts';
export { createWasiHost, type ComponentImports, type WasiHost, type WasiHostOptions } from './wasi-host.ts';
export {
  WasiResultError,
  IoError,
  InputStream,
  OutputStream,
  Pollable,
  readyPollable,
  type Blocking,
  type ByteSource,
  type ByteSink,
  type Readiness,
} from './wasi-io.ts';
export { runComponent, type ComponentRunOptions } from './run-component.ts';
export { componentTrapReason } from './trap.ts';
