// Instances of the toolchain's big modules made before anyone asks. Instantiating clang (75 MB
// of code, 17 MB of fresh memory) takes ~45 ms, and a compile instantiates it twice (cc1, then
// wasm-ld): a third of a warm edit -> Run. A spare is instantiated against trampolines while
// the thread is idle, and bound to its process's imports when a run takes it. Each spare runs
// once, as a fresh instance would: nothing of one run reaches the next.
import { wasm, type WasmImports, type WasmInstance, type WasmModule } from './wasm-api.ts';

/** Spares kept per module: a compile takes two (cc1, then wasm-ld). */
export const SPARES_PER_MODULE = 2;
/**
 * How long the thread must have been left alone before spares are made: past a build's last
 * job and what follows it elsewhere (the store's commit, the run), which the refill's ~90 ms of
 * CPU would otherwise slow on a 2-core machine. Jobs back to back (a Makefile) reset it.
 */
export const SPARE_DELAY_MS = 150;

interface Spare {
  instance: WasmInstance;
  /** What the module imports: a process that lacks one gets a new instance (and its LinkError). */
  needs: Array<{ module: string; name: string }>;
  bind(imports: WasmImports): void;
}

export class SpareInstances {
  readonly #spares = new WeakMap<WasmModule, Spare[]>();
  /** Offered modules that have run: the ones spares are kept for. */
  readonly #kept = new Set<WasmModule>();
  /** Modules whose imports cannot be trampolined (a memory, a table, a global). */
  readonly #unfit = new WeakSet<WasmModule>();
  readonly #eligible = new WeakSet<WasmModule>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Marks `module` as one to keep spares of once it has run (the host's toolchain modules). */
  offer(module: WasmModule): void {
    this.#eligible.add(module);
  }

  /** How many spares of `module` are ready (for tests and benchmarks). */
  ready(module: WasmModule): number {
    return this.#spares.get(module)?.length ?? 0;
  }

  /**
   * An instance of `module` with `imports`: a spare when one is ready, else a new one. Taking
   * one schedules the refill for when the thread has been idle a moment.
   */
  instantiate(module: WasmModule, imports: WasmImports): WasmInstance {
    const spare = this.#spares.get(module)?.shift();
    if (this.#eligible.has(module) && !this.#unfit.has(module)) {
      this.#kept.add(module);
      this.#schedule();
    }
    if (!spare || !spare.needs.every((n) => typeof imports[n.module]?.[n.name] === 'function')) {
      return new wasm.Instance(module, imports);
    }
    spare.bind(imports);
    return spare.instance;
  }

  /** Drops every spare (their memory with them). */
  clear(): void {
    for (const m of this.#kept) this.#spares.delete(m);
    this.#kept.clear();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refillOne();
    }, SPARE_DELAY_MS);
    // In Node a pending refill must not keep a finished CLI alive.
    if (typeof timer === 'object') timer.unref?.();
    this.#timer = timer;
  }

  /** One spare per turn of the event loop, so a message that arrives meanwhile waits ~45 ms at most. */
  #refillOne(): void {
    for (const module of this.#kept) {
      const spares = this.#spares.get(module) ?? [];
      if (spares.length >= SPARES_PER_MODULE) continue;
      const spare = makeSpare(module);
      if (!spare) {
        this.#unfit.add(module);
        this.#kept.delete(module);
        continue;
      }
      spares.push(spare);
      this.#spares.set(module, spares);
      this.#schedule();
      return;
    }
  }
}

/**
 * An instance whose every import calls through to the imports bound later; undefined when the
 * module imports anything but functions, or instantiating it calls an import (a start function).
 */
function makeSpare(module: WasmModule): Spare | undefined {
  let bound: WasmImports | undefined;
  const trampolines: WasmImports = {};
  const needs = wasm.Module.imports(module);
  for (const i of needs) {
    if (i.kind !== 'function') return undefined;
    const { module: from, name } = i;
    (trampolines[from] ??= {})[name] = (...args: unknown[]): unknown => {
      if (!bound) throw new Error(`${from}.${name} called before the instance was given to a process`);
      return (bound[from]![name] as (...a: unknown[]) => unknown)(...args);
    };
  }
  let instance: WasmInstance;
  try {
    instance = new wasm.Instance(module, trampolines);
  } catch {
    return undefined;
  }
  return {
    instance,
    needs,
    bind(imports) {
      bound = imports;
    },
  };
}
