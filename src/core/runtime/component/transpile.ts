// A component -> its core modules plus JavaScript glue, by js-component-bindgen (jco-transpile's
// transpiler, a component itself: Wasm, runs in a browser and in Node). Loaded on first use
// only: the page's first load never fetches it. https://github.com/bytecodealliance/jco
//
// Two releases of it. Since 0.3 the glue wraps every import call in the component-model-async
// task machinery (a task, a subtask, their promises and bookkeeping), even a synchronous call
// from a synchronous component; 0.1.1's glue lifts, calls and lowers. A warm hello run takes
// 0.84 ms in Node with 0.15's glue and 0.36 ms with 0.1.1's, as a module takes 0.33 ms. But
// 0.1.1 knows a resource type only from the imports' signatures: a resource that comes in
// through an export (wasi:http's incoming-request) gets a drop that throws "unreachable
// trampoline". So a command, whose one export `run` takes nothing, goes to 0.1.1, and any other
// component to 0.15. wasm-tools validate runs on 0.15 too (its wasmparser knows exnref).
import { WharfError } from '../../errors.ts';
import { componentInterfaces } from '../../oci/index.ts';

const LEAN_VERSION = '0.1.1';
const FULL_VERSION = '0.15.0';

/** The transpilers' versions: part of every cache key, since the glue they write changes with them. */
export const TRANSPILER_VERSION = `${LEAN_VERSION}+${FULL_VERSION}`;

/** What a transpile produces, as the caches keep it. */
export interface TranspiledComponent {
  /** The synchronous glue's source (glue.ts). */
  glue: string;
  /** The core modules, by the names the glue asks for. */
  modules: Array<[name: string, bytes: Uint8Array]>;
  /** Imported interfaces without version (`wasi:cli/environment`). */
  imports: string[];
  /** Exported names (`wasi:cli/run@0.2.3`, and the short `run`). */
  exports: string[];
}

// 0.1.1's package exports no subpath for its transpiler, hence the file's own path.
type Lean =
  typeof import('../../../../node_modules/@bytecodealliance/jco-transpile-0-1/vendor/js-component-bindgen-component.js');
type Full = typeof import('@bytecodealliance/jco-transpile/component');
export type Transpiler = Pick<Lean, 'generate'> | Pick<Full, 'generate'>;

/** One transpiler, imported and initialised once per thread. */
class TranspilerLoad<T extends { $init: Promise<void> }> {
  #loading: Promise<T> | undefined;
  #loaded = false;
  constructor(readonly load: () => Promise<T>) {}

  get loaded(): boolean {
    return this.#loaded;
  }

  get(): Promise<T> {
    this.#loading ??= this.load().then(async (m) => {
      await m.$init;
      this.#loaded = true;
      return m;
    });
    this.#loading.catch(() => (this.#loading = undefined));
    return this.#loading;
  }
}

const lean = new TranspilerLoad<Lean>(
  () => import('../../../../node_modules/@bytecodealliance/jco-transpile-0-1/vendor/js-component-bindgen-component.js'),
);
const full = new TranspilerLoad<Full>(() => import('@bytecodealliance/jco-transpile/component'));

/** The release that transpiles `bytes`, and whether this thread has it loaded (its first load downloads and compiles it). */
export function transpilerFor(bytes: Uint8Array, what: string): { version: string; loaded: boolean } {
  return commandOnly(bytes, what)
    ? { version: LEAN_VERSION, loaded: lean.loaded }
    : { version: FULL_VERSION, loaded: full.loaded };
}

/** jco-transpile 0.15's transpiler, which `wasm-tools validate` also runs on. */
export function loadFullTranspiler(): Promise<Full> {
  return full.get();
}

const NAME = 'component';

/** Where the two transpilers come from: this thread's, loaded once (tests give others). */
export interface Transpilers {
  lean(): Promise<Transpiler>;
  full(): Promise<Transpiler>;
}

export const threadTranspilers: Transpilers = { lean: () => lean.get(), full: () => full.get() };

export async function transpileComponent(
  bytes: Uint8Array,
  what: string,
  transpilers: Transpilers = threadTranspilers,
): Promise<TranspiledComponent> {
  // 0.1.1's Wasm is not in the site's precache (vite.config.ts): with no network, 0.15's glue
  // runs the command, only slower.
  const transpiler = commandOnly(bytes, what)
    ? await transpilers.lean().catch(() => transpilers.full())
    : await transpilers.full();
  return transpileWith(transpiler, bytes, what);
}

/** Whether the component's only exports are `wasi:cli/run`s. A malformed one goes to 0.15, whose wasmparser says why. */
function commandOnly(bytes: Uint8Array, what: string): boolean {
  try {
    const { exports } = componentInterfaces(bytes, what);
    return exports.length > 0 && exports.every((name) => name.startsWith('wasi:cli/run@'));
  } catch {
    return false;
  }
}

function transpileWith(transpiler: Transpiler, bytes: Uint8Array, what: string): TranspiledComponent {
  let out: ReturnType<Transpiler['generate']>;
  try {
    out = transpiler.generate(bytes, {
      name: NAME,
      instantiation: { tag: 'sync' },
      noTypescript: true,
      noNodejsCompat: true,
      // Core modules as separate files (compiled, and cached compiled), never inlined as base64.
      base64Cutoff: 0,
    });
  } catch (e) {
    throw new WharfError('WASM_INVALID', `${what}: not a valid component: ${causeLine(e)}`, { cause: e });
  }
  const decoder = new TextDecoder();
  const glue = out.files.find(([name]) => name === `${NAME}.js`);
  if (!glue) throw new WharfError('INTERNAL', `${what}: the transpiler wrote no ${NAME}.js`);
  return {
    glue: decoder.decode(glue[1]),
    modules: out.files.filter(([name]) => name.endsWith('.wasm')),
    imports: out.imports,
    exports: out.exports.map(([name]) => name),
  };
}

/** The innermost cause of a transpiler error, on one line ("unexpected end-of-file (at offset 0x1327)"). */
function causeLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'Caused by:');
  const last = lines[lines.length - 1] ?? text;
  return last.replace(/^\d+:\s*/, '');
}
