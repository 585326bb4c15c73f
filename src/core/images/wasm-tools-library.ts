// wasm-tools's library as jco builds it (vendor/wasm-tools.core.wasm of jco-transpile): a WASI
// preview1 module whose `local:wasm-tools/tools` exports speak the component model's canonical
// ABI. Wharf instantiates it over its own preview1 host, standing in the process's working
// directory on the process's volume, so `component embed DIR` reads WIT files where the RUN step
// sees them; its arguments and results are lowered and lifted here (no transpiled glue, no
// preview2 shim). https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md
import { WharfError } from '../errors.ts';
import { bytesStdin, createHost, defaultHostEnv, wasm, type WasmInstance, type WasmModule } from '../runtime/index.ts';
import {
  LibraryError,
  LibraryTrap,
  type EmbedOptions,
  type WasmToolsContext,
  type WasmToolsEngine,
} from '../userland/wasm-tools/engine.ts';
import { validateWasm } from './wasm-tools-validate.ts';

const TOOLS = 'local:wasm-tools/tools#';
const ENCODINGS = { utf8: 0, utf16: 1, 'compact-utf16': 2 } as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A fresh instance of the library over `ctx`'s volume. */
export function instantiateWasmTools(module: WasmModule, ctx: WasmToolsContext): WasmToolsEngine {
  const host = createHost({
    ...defaultHostEnv(),
    args: ['wasm-tools'],
    env: [],
    volume: ctx.volume,
    cwd: ctx.cwd,
    stdin: bytesStdin(),
    stdout: () => undefined,
    stderr: ctx.stderr,
  });
  let instance: WasmInstance;
  try {
    instance = new wasm.Instance(module, host.imports);
  } catch (e) {
    throw new WharfError('WASM_INVALID', `wasm-tools: the library does not instantiate: ${message(e)}`, { cause: e });
  }
  host.attach(instance);
  const abi = new Abi(instance, host.flush);
  return {
    parse: (wat) => abi.bytesResult('parse', abi.string(wat)),
    print: (binary) => abi.stringResult('print', abi.bytes(binary)),
    componentNew: (binary, adapters) => {
      const args = abi.bytes(binary);
      if (adapters.length === 0) return abi.bytesResult('component-new', [...args, 0, 0, 0]);
      const list = abi.alloc(4, adapters.length * 16);
      adapters.forEach(([name, bytes], i) => {
        const [namePtr, nameLen] = abi.string(name);
        const [bytesPtr, bytesLen] = abi.bytes(bytes);
        abi.u32(list + i * 16, namePtr, nameLen, bytesPtr, bytesLen);
      });
      return abi.bytesResult('component-new', [...args, 1, list, adapters.length]);
    },
    componentWit: (binary) => abi.stringResult('component-wit', abi.bytes(binary)),
    componentEmbed: (o) => abi.bytesResult('component-embed', [embedOpts(abi, o)]),
    validate: (binary) => validateWasm(binary),
  };
}

/**
 * `embed-opts`, stored (23 flat values are more than a call passes): binary, wit-source,
 * wit-path, string-encoding, dummy, world, metadata, features, at 0, 12, 24, 36, 38, 40, 52, 64.
 */
function embedOpts(abi: Abi, o: EmbedOptions): number {
  const at = abi.alloc(4, 80);
  abi.zero(at, 80);
  const some = (offset: number, [ptr, len]: [number, number]): void => {
    abi.u8(at + offset, 1);
    abi.u32(at + offset + 4, ptr, len);
  };
  if (o.binary && !o.dummy) some(0, abi.bytes(o.binary));
  some(24, abi.string(o.witPath));
  if (o.encoding) abi.u8(at + 36, 1, ENCODINGS[o.encoding]);
  if (o.dummy) abi.u8(at + 38, 1, 1);
  if (o.world !== undefined) some(40, abi.string(o.world));
  return at;
}

/** Lowering into and lifting out of the instance's memory (which may grow during any call). */
class Abi {
  readonly #exports: Record<string, unknown>;
  readonly #flush: () => void;

  constructor(instance: WasmInstance, flush: () => void) {
    this.#exports = instance.exports;
    this.#flush = flush;
  }

  get #view(): DataView {
    return new DataView((this.#exports.memory as { buffer: ArrayBuffer }).buffer);
  }

  alloc(align: number, size: number): number {
    const realloc = this.#exports.cabi_realloc as (p: number, o: number, a: number, s: number) => number;
    return size === 0 ? align : realloc(0, 0, align, size);
  }

  bytes(data: Uint8Array): [number, number] {
    const ptr = this.alloc(1, data.byteLength);
    new Uint8Array(this.#view.buffer, ptr, data.byteLength).set(data);
    return [ptr, data.byteLength];
  }

  string(text: string): [number, number] {
    return this.bytes(encoder.encode(text));
  }

  u8(at: number, ...values: number[]): void {
    const v = this.#view;
    values.forEach((x, i) => v.setUint8(at + i, x));
  }

  u32(at: number, ...values: number[]): void {
    const v = this.#view;
    values.forEach((x, i) => v.setUint32(at + i * 4, x, true));
  }

  zero(at: number, size: number): void {
    new Uint8Array(this.#view.buffer, at, size).fill(0);
  }

  bytesResult(name: string, args: number[]): Uint8Array {
    return this.#result(name, args, (ptr, len) => new Uint8Array(this.#view.buffer, ptr, len).slice());
  }

  stringResult(name: string, args: number[]): string {
    return this.#result(name, args, (ptr, len) => this.#text(ptr, len));
  }

  #text(ptr: number, len: number): string {
    return decoder.decode(new Uint8Array(this.#view.buffer, ptr, len));
  }

  /** Calls `result<T, string>`-returning `name`: its return area holds a tag, then a pointer and a length. */
  #result<T>(name: string, args: number[], lift: (ptr: number, len: number) => T): T {
    const fn = this.#exports[TOOLS + name] as (...a: number[]) => number;
    const post = this.#exports[`cabi_post_${TOOLS}${name}`] as ((ret: number) => void) | undefined;
    let ret: number;
    try {
      ret = fn(...args);
    } catch (e) {
      this.#flush();
      if (e instanceof wasm.RuntimeError) throw new LibraryTrap(`wasm-tools's library trapped: ${message(e)}`);
      throw e;
    }
    this.#flush();
    const v = this.#view;
    const tag = v.getUint8(ret);
    const ptr = v.getUint32(ret + 4, true);
    const len = v.getUint32(ret + 8, true);
    try {
      if (tag === 0) return lift(ptr, len);
      throw new LibraryError(this.#text(ptr, len));
    } finally {
      post?.(ret);
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
