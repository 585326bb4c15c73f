// From a component's bytes to a component ready to instantiate, doing as little as the caches
// allow: in memory (a warm runner thread: nothing to do), then a persistent cache keyed by the
// component's sha256 and the transpiler's version (Cache Storage in the page, a folder for the
// CLI: no transpile; the page also compiles from there with the browser's code cache), and
// only then the transpiler itself, loaded on first use.
import { WharfError } from '../../errors.ts';
import { wasm, type WasmImports, type WasmModule } from '../wasm-api.ts';
import { glueFunction, type InstantiateGlue } from './glue.ts';
import { SpareComponentInstance } from './spare-instance.ts';
import { TRANSPILER_VERSION, transpileComponent, transpilerFor, type TranspiledComponent } from './transpile.ts';
import type { ComponentImports } from './wasi-host.ts';

export interface ReadyComponent {
  /** Imported interfaces without version. */
  readonly imports: readonly string[];
  /** Exported names, as the transpiler lists them. */
  readonly exports: readonly string[];
  /**
   * A new instance over these imports (one per run, or per HTTP request): the spare made while
   * the thread was idle when there is one (SpareComponentInstance).
   */
  instantiate(imports: ComponentImports): Record<string, unknown>;
  /** Whether a spare instance is ready (for tests and benchmarks). */
  readonly spareReady: boolean;
}

/** A transpile as a cache gives it back: the glue's text and its core modules, compiled. */
export interface CachedComponent {
  glue: string;
  modules: Map<string, WasmModule>;
  imports: string[];
  exports: string[];
}

/** Where transpiles outlive the thread: Cache Storage in the page, a folder for the CLI. */
export interface ComponentCache {
  get(key: string): Promise<CachedComponent | undefined>;
  put(key: string, transpiled: TranspiledComponent): Promise<void>;
}

/** Progress of work that takes a while the first time (the transpiler's load, a transpile). */
export type LoadProgress = (message: string) => void;

export interface ComponentLoaderOptions {
  cache?: ComponentCache;
  /** The transpiler (default: jco-transpile, loaded on first use). */
  transpile?: (bytes: Uint8Array, what: string) => Promise<TranspiledComponent>;
}

export class ComponentLoader {
  readonly #cache: ComponentCache | undefined;
  readonly #transpile: (bytes: Uint8Array, what: string) => Promise<TranspiledComponent>;
  readonly #ready = new Map<string, Promise<ReadyComponent>>();
  /** The same, by the digest a client gave for the file (no hashing of the bytes). */
  readonly #byDigest = new Map<string, Promise<ReadyComponent>>();
  #transpiles = 0;
  #compiles = 0;

  constructor(o: ComponentLoaderOptions = {}) {
    this.#cache = o.cache;
    this.#transpile = o.transpile ?? transpileComponent;
  }

  /** Transpiles done by this loader (a warm or cached run does none). */
  get transpiles(): number {
    return this.#transpiles;
  }

  /** Core modules compiled from bytes by this loader (a run served from memory compiles none). */
  get compiles(): number {
    return this.#compiles;
  }

  /**
   * The component for `bytes`; `what` names it in errors (argv[0]). `digest`, the file's digest
   * when the caller knows it, finds a component loaded before without hashing the bytes; the
   * persistent cache is always keyed by the bytes' own sha256.
   */
  async load(
    bytes: Uint8Array,
    what: string,
    progress: LoadProgress = () => undefined,
    digest?: string,
  ): Promise<ReadyComponent> {
    const known = digest === undefined ? undefined : this.#byDigest.get(digest);
    if (known) return known;
    const ready = this.#load(bytes, what, progress);
    if (digest !== undefined) {
      this.#byDigest.set(digest, ready);
      ready.catch(() => this.#byDigest.delete(digest));
    }
    return ready;
  }

  async #load(bytes: Uint8Array, what: string, progress: LoadProgress): Promise<ReadyComponent> {
    const key = await componentKey(bytes);
    let ready = this.#ready.get(key);
    if (!ready) {
      ready = this.#build(key, bytes, what, progress);
      this.#ready.set(key, ready);
      ready.catch(() => this.#ready.delete(key));
    }
    return ready;
  }

  async #build(key: string, bytes: Uint8Array, what: string, progress: LoadProgress): Promise<ReadyComponent> {
    const cached = await this.#cache?.get(key).catch(() => undefined);
    if (cached) return ready(glueFunction(cached.glue), cached.modules, cached.imports, cached.exports);
    const transpiler = transpilerFor(bytes, what);
    if (this.#transpile === transpileComponent && !transpiler.loaded) {
      progress(`loading the component transpiler (jco-transpile ${transpiler.version}), once per session`);
    }
    progress(`transpiling the component (${Math.ceil(bytes.byteLength / 1024)} KiB)`);
    const t = await this.#transpile(bytes, what);
    this.#transpiles++;
    const glue = glueFunction(t.glue);
    const modules = new Map<string, WasmModule>();
    for (const [name, code] of t.modules) {
      modules.set(
        name,
        await wasm.compile(code).catch((e: unknown) => {
          throw new WharfError('WASM_INVALID', `${what}: core module ${name} does not compile: ${message(e)}`);
        }),
      );
      this.#compiles++;
    }
    // A cache that cannot take it (full, private mode) costs the next run a transpile, no more.
    await this.#cache?.put(key, t).catch(() => undefined);
    return ready(glue, modules, t.imports, t.exports);
  }
}

function ready(
  glue: InstantiateGlue,
  modules: Map<string, WasmModule>,
  imports: string[],
  exports: string[],
): ReadyComponent {
  const getCoreModule = (name: string): WasmModule => {
    const m = modules.get(name);
    if (!m) throw new WharfError('INTERNAL', `component glue asked for core module ${name}, which the transpile lacks`);
    return m;
  };
  const spare = new SpareComponentInstance((imports) =>
    glue(getCoreModule, imports, (module, coreImports?: WasmImports) => new wasm.Instance(module, coreImports ?? {})),
  );
  return {
    imports,
    exports,
    instantiate: (imports) => spare.take(imports),
    get spareReady() {
      return spare.ready;
    },
  };
}

/** The cache key: the component's sha256 and the transpiler's version. */
export async function componentKey(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `sha256-${hex}-jco-${TRANSPILER_VERSION}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
