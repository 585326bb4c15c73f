// A component instance made before anyone asks. jco's synchronous glue builds its whole runtime
// (task machinery, handle tables, one trampoline per import) inside `instantiate`, ~1.7 ms of
// JS before the guest's first instruction, which is most of a warm hello run. A spare is
// instantiated while the thread is idle against imports that forward to a slot, and the run
// that takes it fills the slot with its own host. Each spare serves one run (or one HTTP
// request), as a fresh instance would: nothing of one run reaches the next.
import type { ComponentImports } from './wasi-host.ts';

/**
 * How long the thread must have been idle before a spare is made: past what follows a run (the
 * exit message, the next request's arrival), which a 2-core machine would otherwise share with
 * the ~2 ms of instantiation.
 */
export const SPARE_DELAY_MS = 0;

type Instantiate = (imports: ComponentImports) => Record<string, unknown>;

/**
 * An import's shape as the glue takes it: resource classes by identity (the glue checks
 * `instanceof` against the class it was given, and the host's classes are its modules' own),
 * functions by name. jco names resources in PascalCase and functions in camelCase.
 */
interface Shape {
  classes: Array<[string, string, unknown]>;
  functions: Array<[string, string]>;
}

interface Spare {
  exports: Record<string, unknown>;
  bind(imports: ComponentImports): void;
}

export class SpareComponentInstance {
  readonly #instantiate: Instantiate;
  #shape: Shape | undefined;
  #spare: Spare | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The glue called an import while instantiating: spares cannot serve this component. */
  #unfit = false;

  constructor(instantiate: Instantiate) {
    this.#instantiate = instantiate;
  }

  /** Whether a spare is ready (for tests and benchmarks). */
  get ready(): boolean {
    return this.#spare !== undefined;
  }

  /** An instance over `imports`: the spare when one is ready and fits, else a new one. */
  take(imports: ComponentImports): Record<string, unknown> {
    const spare = this.#spare;
    this.#spare = undefined;
    this.#shape ??= shapeOf(imports);
    if (!this.#unfit) this.#schedule();
    if (spare && fits(this.#shape, imports)) {
      spare.bind(imports);
      return spare.exports;
    }
    return this.#instantiate(imports);
  }

  /** Drops the spare and any refill to come. */
  clear(): void {
    this.#spare = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refill();
    }, SPARE_DELAY_MS);
    // In Node a pending refill must not keep a finished CLI alive.
    if (typeof timer === 'object') timer.unref?.();
    this.#timer = timer;
  }

  #refill(): void {
    const shape = this.#shape;
    if (!shape || this.#spare) return;
    let bound: ComponentImports | undefined;
    const imports: ComponentImports = {};
    for (const [iface, name, value] of shape.classes) (imports[iface] ??= {})[name] = value;
    for (const [iface, name] of shape.functions) {
      (imports[iface] ??= {})[name] = (...args: unknown[]): unknown => {
        if (!bound) throw new SpareNotBound(`${iface}#${name}`);
        return (bound[iface]![name] as (...a: unknown[]) => unknown)(...args);
      };
    }
    try {
      const exports = this.#instantiate(imports);
      this.#spare = { exports, bind: (real) => (bound = real) };
    } catch {
      // An import called at instantiation (or any failure): the run that asks will instantiate
      // for itself, and show the error if there is one.
      this.#unfit = true;
    }
  }
}

class SpareNotBound extends Error {}

function shapeOf(imports: ComponentImports): Shape {
  const shape: Shape = { classes: [], functions: [] };
  for (const [iface, members] of Object.entries(imports)) {
    for (const [name, value] of Object.entries(members)) {
      if (typeof value === 'function' && !/^[A-Z]/.test(name)) shape.functions.push([iface, name]);
      else shape.classes.push([iface, name, value]);
    }
  }
  return shape;
}

/** A spare made for one host serves another whose classes are the same and functions all there. */
function fits(shape: Shape, imports: ComponentImports): boolean {
  return (
    shape.classes.every(([iface, name, value]) => imports[iface]?.[name] === value) &&
    shape.functions.every(([iface, name]) => typeof imports[iface]?.[name] === 'function')
  );
}
