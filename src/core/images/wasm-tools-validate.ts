// `wasm-tools validate` through wasmparser as jco's transpiler (js-component-bindgen) runs it:
// the library build of wasm-tools exports no validator, the transpiler validates everything it
// translates. A core module goes in wrapped as the only item of a component; its function
// bodies are then validated on the module's own bytes (offsets as `wasm-tools validate` gives
// them) and its structure inside the wrapper (offsets shifted back here). A component's core
// modules are checked that way one by one (offsets moved to where each sits), then the component.
// What the transpiler refuses without an offset (a limit of its own, such as two memories) comes
// after validation succeeded, so it is no validation error.
import { leb, readLeb } from '../bytes.ts';
import { loadFullTranspiler } from '../runtime/index.ts';
import { LibraryError } from '../userland/wasm-tools/engine.ts';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const CONTEXTS = ['failed to extract interface information from component', 'failed to translate component'];

export async function validateWasm(bytes: Uint8Array): Promise<void> {
  const { generate } = await loadFullTranspiler();
  const transpile = (input: Uint8Array): string | undefined => {
    try {
      generate(input, {
        name: 'validate',
        instantiation: { tag: 'sync' },
        noTypescript: true,
        bindgenEnableWasmExnref: true,
      });
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  if (isComponent(bytes)) {
    for (const m of coreModules(bytes)) checkModule(transpile, bytes.subarray(m.start, m.end), m.start);
    const error = transpile(bytes);
    if (error !== undefined && hasOffset(error)) throw new LibraryError(innermost(error));
    return;
  }
  checkModule(transpile, bytes, 0);
}

function checkModule(transpile: (b: Uint8Array) => string | undefined, module: Uint8Array, base: number): void {
  const wrapper = wrap(module);
  const shift = wrapper.byteLength - module.byteLength;
  const error = transpile(wrapper);
  if (error === undefined || !hasOffset(error)) return;
  if (CONTEXTS.some((c) => error.startsWith(c))) {
    throw new LibraryError(moveOffset(innermost(error), base - shift));
  }
  // A function body's error, its offset counted from the module's start.
  const offset = offsetOf(error);
  const func = offset === undefined ? undefined : functionAt(module, offset);
  const moved = moveOffset(error, base);
  if (func === undefined) throw new LibraryError(moved);
  throw new LibraryError(`func ${func} failed to validate`, [moved]);
}

function isComponent(b: Uint8Array): boolean {
  return MAGIC.every((x, i) => b[i] === x) && b[4] === 0x0d && b[5] === 0x00 && b[6] === 0x01 && b[7] === 0x00;
}

/** `(component (core module M))`: the component header, then section 1 holding M. */
export function wrap(module: Uint8Array): Uint8Array {
  const size = leb(module.byteLength);
  const out = new Uint8Array(8 + 1 + size.length + module.byteLength);
  out.set([...MAGIC, 0x0d, 0x00, 0x01, 0x00, 0x01, ...size]);
  out.set(module, 9 + size.length);
  return out;
}

const OFFSET = /\(at offset 0x([0-9a-f]+)\)/;

function hasOffset(message: string): boolean {
  return OFFSET.test(message);
}

function offsetOf(message: string): number | undefined {
  const m = OFFSET.exec(message);
  return m ? parseInt(m[1]!, 16) : undefined;
}

function moveOffset(message: string, by: number): string {
  return message.replace(OFFSET, (_, hex: string) => `(at offset 0x${(parseInt(hex, 16) + by).toString(16)})`);
}

/** The last cause of an anyhow chain as jco prints it ("context\n\nCaused by:\n    cause"). */
function innermost(message: string): string {
  const at = message.lastIndexOf('Caused by:\n');
  if (at < 0) return message;
  return message
    .slice(at + 'Caused by:\n'.length)
    .split('\n')
    .map((l) => l.replace(/^ {4}/, ''))
    .join('\n')
    .replace(/^\d+: /, '')
    .trimEnd();
}

interface Span {
  start: number;
  end: number;
}

/** Where each core module of a component sits, nested components included. */
export function coreModules(component: Uint8Array): Span[] {
  const out: Span[] = [];
  const walk = (from: number, to: number): void => {
    let at = from + 8;
    while (at < to) {
      const id = component[at++]!;
      const size = readLeb(component, at);
      if (!size) return;
      const start = size.next;
      const end = start + size.value;
      if (end > to) return;
      if (id === 1) out.push({ start, end });
      else if (id === 4) walk(start, end);
      at = end;
    }
  };
  walk(0, component.byteLength);
  return out;
}

/** The index of the function whose body holds `offset` in a core module, counting imported functions. */
export function functionAt(module: Uint8Array, offset: number): number | undefined {
  let at = 8;
  let imported = 0;
  while (at < module.byteLength) {
    const id = module[at++]!;
    const size = readLeb(module, at);
    if (!size) return undefined;
    const start = size.next;
    const end = start + size.value;
    if (id === 2) {
      const n = countFuncImports(module, start, end);
      if (n === undefined) return undefined;
      imported = n;
    } else if (id === 10) {
      const count = readLeb(module, start);
      if (!count) return undefined;
      let body = count.next;
      for (let i = 0; i < count.value && body < end; i++) {
        const len = readLeb(module, body);
        if (!len) return undefined;
        if (offset >= body && offset < len.next + len.value) return imported + i;
        body = len.next + len.value;
      }
      return undefined;
    }
    at = end;
  }
  return undefined;
}

/** Imported functions in an import section; undefined for encodings this reader does not know. */
function countFuncImports(b: Uint8Array, start: number, end: number): number | undefined {
  const count = readLeb(b, start);
  if (!count) return undefined;
  let at = count.next;
  let funcs = 0;
  const skipName = (): boolean => {
    const len = readLeb(b, at);
    if (!len) return false;
    at = len.next + len.value;
    return true;
  };
  const skipLeb = (): boolean => {
    const v = readLeb(b, at);
    if (!v) return false;
    at = v.next;
    return true;
  };
  const skipLimits = (): boolean => {
    const flags = b[at++]!;
    if (!skipLeb()) return false;
    if (flags & 1 && !skipLeb()) return false;
    if (flags & 8 && !skipLeb()) return false; // custom page size
    return true;
  };
  const skipRefType = (): boolean => {
    const t = b[at++]!;
    return t === 0x63 || t === 0x64 ? skipLeb() : true;
  };
  for (let i = 0; i < count.value; i++) {
    if (!skipName() || !skipName()) return undefined;
    const kind = b[at++];
    if (kind === 0x00) {
      funcs++;
      if (!skipLeb()) return undefined;
    } else if (kind === 0x01) {
      if (!skipRefType() || !skipLimits()) return undefined;
    } else if (kind === 0x02) {
      if (!skipLimits()) return undefined;
    } else if (kind === 0x03) {
      if (!skipRefType()) return undefined; // a value type reads like a reference type's first byte
      at++; // mutability
    } else if (kind === 0x04) {
      at++; // attribute
      if (!skipLeb()) return undefined;
    } else return undefined;
    if (at > end) return undefined;
  }
  return funcs;
}
