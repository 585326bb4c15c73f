// Compiled modules by the bytes they came from, so a program spawned many times (clang runs
// three instances per compile, the shell runs the same command in a loop) compiles once.
// Keys are the memory the bytes live in (buffer, offset, length), not the Uint8Array object:
// every tree read from one layer blob (readTar makes fresh views on each read) shares that
// memory, so a tree rebuilt from an image kept in memory still hits. Nothing is hashed.
// Primed modules also get spare instances (spare-instances.ts) once they have run.
import { SpareInstances } from './spare-instances.ts';
import { wasm, type WasmModule } from './wasm-api.ts';

interface Primed {
  bytes: Uint8Array;
  module: Promise<WasmModule>;
}

export class ModuleCache {
  readonly #byMemory = new WeakMap<ArrayBufferLike, Map<string, WasmModule>>();
  /** Primed modules still compiling, by memory, until they are ready. */
  readonly #pending = new WeakMap<ArrayBufferLike, Map<string, Promise<WasmModule>>>();
  /** Modules compiled elsewhere (the browser's compileStreaming), matched by content on a miss. */
  readonly #primed: Primed[] = [];
  #compiles = 0;
  /** Instances made ahead of need, for the primed (toolchain) modules only: a user's program gets none. */
  readonly spares = new SpareInstances();

  /** Modules compiled from bytes so far (for tests and benchmarks: a warm run compiles none). */
  get compiles(): number {
    return this.#compiles;
  }

  /**
   * Registers a module compiled from exactly `bytes` (e.g. by `WebAssembly.compileStreaming`
   * from the same file), or one still compiling: the host need not wait for it before building
   * the image. A later `get` with these bytes, or with equal bytes elsewhere in memory
   * (compared once, then remembered), returns it without compiling.
   */
  prime(bytes: Uint8Array, module: WasmModule | Promise<WasmModule>): void {
    const ready = Promise.resolve(module);
    // A failed compile here is a failed get later, not an unhandled rejection now.
    ready.catch(() => undefined);
    let pending = this.#pending.get(bytes.buffer);
    if (!pending) this.#pending.set(bytes.buffer, (pending = new Map()));
    pending.set(key(bytes), ready);
    void ready.then(
      (m) => {
        this.#remember(bytes, m);
        this.spares.offer(m);
      },
      () => undefined,
    );
    this.#primed.push({ bytes, module: ready });
  }

  /** The module for `bytes`: cached, primed, or compiled now (and cached). */
  async get(bytes: Uint8Array): Promise<WasmModule> {
    const known = this.peek(bytes);
    if (known) return known;
    const compiling = this.#pending.get(bytes.buffer)?.get(key(bytes));
    if (compiling) return compiling;
    for (const p of this.#primed) {
      if (sameBytes(p.bytes, bytes)) {
        const module = await p.module;
        this.#remember(bytes, module);
        return module;
      }
    }
    const module = await wasm.compile(bytes);
    this.#compiles++;
    this.#remember(bytes, module);
    return module;
  }

  /** The cached module for exactly this memory, without comparing or compiling. */
  peek(bytes: Uint8Array): WasmModule | undefined {
    return this.#byMemory.get(bytes.buffer)?.get(key(bytes));
  }

  #remember(bytes: Uint8Array, module: WasmModule): void {
    let m = this.#byMemory.get(bytes.buffer);
    if (!m) {
      m = new Map();
      this.#byMemory.set(bytes.buffer, m);
    }
    m.set(key(bytes), module);
  }
}

function key(bytes: Uint8Array): string {
  return `${bytes.byteOffset}:${bytes.byteLength}`;
}

/** Byte equality, four bytes at a time where both views allow it (75 MB in tens of ms). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  if (a.buffer === b.buffer && a.byteOffset === b.byteOffset) return true;
  const n = a.byteLength;
  let i = 0;
  if (a.byteOffset % 4 === b.byteOffset % 4) {
    const lead = Math.min(n, (4 - (a.byteOffset % 4)) % 4);
    for (; i < lead; i++) if (a[i] !== b[i]) return false;
    const words = Math.floor((n - i) / 4);
    const wa = new Int32Array(a.buffer, a.byteOffset + i, words);
    const wb = new Int32Array(b.buffer, b.byteOffset + i, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i += words * 4;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
