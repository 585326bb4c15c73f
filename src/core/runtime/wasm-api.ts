// The slice of the WebAssembly JS API the runtime uses. Core type-checks without DOM types,
// and TypeScript declares `WebAssembly` only in the DOM and WebWorker libs, so the runtime
// names the global through these interfaces (which the real objects satisfy).

/** A compiled module (WebAssembly.Module): opaque here, transferable to workers. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WasmModule {}

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export type WasmImports = Record<string, Record<string, unknown>>;

interface WasmApi {
  Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): Array<{ module: string; name: string; kind: string }>;
  };
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
  Memory: abstract new (...args: never[]) => WasmMemory;
  RuntimeError: new (...args: never[]) => Error;
  /** What a Wasm `throw` that nothing catches ends as (exception handling; absent in older engines). */
  Exception?: abstract new (...args: never[]) => object;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

export const wasm: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
