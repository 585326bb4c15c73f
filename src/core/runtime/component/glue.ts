// The transpiled glue as a function: js-component-bindgen's synchronous instantiation mode emits
// one self-contained `export function instantiate(getCoreModule, imports, instantiateCore)`, which
// becomes the body of a Function. That is one path for a Worker and Node (no Blob URL to keep
// alive, no module file to import), synchronous once the text is at hand, and the text is what
// the caches keep. (A page with a Content-Security-Policy would need 'unsafe-eval' for it, as a
// Blob URL import would need blob: in script-src; Wharf's pages set none.)
import { WharfError } from '../../errors.ts';
import type { WasmImports, WasmInstance, WasmModule } from '../wasm-api.ts';
import type { ComponentImports } from './wasi-host.ts';

export type InstantiateGlue = (
  getCoreModule: (name: string) => WasmModule,
  imports: ComponentImports,
  instantiateCore: (module: WasmModule, imports?: WasmImports) => WasmInstance,
) => Record<string, unknown>;

/**
 * The glue's debug logger reads `process.env.JCO_DEBUG` on every call it makes, a dozen per
 * import call; in Node each is a getenv, a quarter of a warm hello run (0.73 -> 0.55 ms).
 * Wharf never turns it on. Glue written otherwise is left as it is.
 */
const DEBUG_LOG =
  /const _debugLog = \(\.\.\.args\) => \{\s*if \(!globalThis\?\.process\?\.env\?\.JCO_DEBUG\) \{ return; \}\s*console\.debug\(\.\.\.args\);\s*\};?/;

export function glueFunction(source: string): InstantiateGlue {
  if (/^import[\s{*]/m.test(source)) {
    throw new WharfError('INTERNAL', 'component glue: it imports modules; expected self-contained synchronous glue');
  }
  const body = source
    .replace(/^export function instantiate\(/m, 'function instantiate(')
    .replace(/^export const _util\b/m, 'const _util')
    .replace(DEBUG_LOG, 'const _debugLog = () => {};');
  if (/^export\s/m.test(body) || !/^function instantiate\(/m.test(body)) {
    throw new WharfError('INTERNAL', 'component glue: not the synchronous instantiate function expected');
  }
  // The glue tries `WebAssembly.promising(...)` inside a try on every instantiation. Where it
  // does not exist (no JSPI: Node 20, Firefox), the TypeError's message ("... is not a
  // function") makes V8 re-parse the whole enclosing function to render the call site: ~10 ms
  // for a 500 KB glue, on every instance. A `promising` that throws a plain value costs nothing.
  const prelude =
    'const __wharfPromising = typeof WebAssembly.promising === "function" ? WebAssembly.promising : () => { throw 0; };';
  const patched = body.replace(/\bWebAssembly\.promising\(/g, '__wharfPromising(');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated code, see above
  return new Function(`"use strict";\n${prelude}\n${patched}\nreturn instantiate;`)() as InstantiateGlue;
}
