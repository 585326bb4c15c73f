// A component -> its core modules plus JavaScript glue, by js-component-bindgen (jco-transpile's
// `/component` build: Wasm, runs in a browser and in Node). Loaded on first use only: the page's
// first load never fetches it. https://github.com/bytecodealliance/jco
import { WharfError } from '../../errors.ts';

/** The transpiler's version: part of every cache key, since the glue it writes changes with it. */
export const TRANSPILER_VERSION = '0.15.0';

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

type Transpiler = typeof import('@bytecodealliance/jco-transpile/component');
let transpiler: Promise<Transpiler> | undefined;
let loaded = false;

/** Whether this thread has the transpiler ready (its first load downloads and compiles it). */
export function transpilerLoaded(): boolean {
  return loaded;
}

/** The transpiler, imported and initialised once per thread. */
export function loadTranspiler(): Promise<Transpiler> {
  transpiler ??= import('@bytecodealliance/jco-transpile/component').then(async (m) => {
    await m.$init;
    loaded = true;
    return m;
  });
  transpiler.catch(() => (transpiler = undefined));
  return transpiler;
}

const NAME = 'component';

export async function transpileComponent(bytes: Uint8Array, what: string): Promise<TranspiledComponent> {
  const { generate } = await loadTranspiler();
  let out: ReturnType<Transpiler['generate']>;
  try {
    out = generate(bytes, {
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
