// What an OCI Wasm artifact needs to know of its .wasm: module or component by the first 8
// bytes (as runwasi tells them apart), and a component's world as the names of its top-level
// imports and exports (what oci-wasm writes into the artifact's config).
// https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md
import { WharfError } from '../errors.ts';
import type { WasmComponentInfo } from './types.ts';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const MODULE_VERSION = [0x01, 0x00, 0x00, 0x00];
const COMPONENT_VERSION = [0x0d, 0x00, 0x01, 0x00];

export type WasmKind = 'module' | 'component';

/** 'module' or 'component' by the preamble (`\0asm` then 01 00 00 00 or 0d 00 01 00); else undefined. */
export function wasmKind(bytes: Uint8Array): WasmKind | undefined {
  if (bytes.byteLength < 8 || !MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  if (MODULE_VERSION.every((b, i) => bytes[4 + i] === b)) return 'module';
  if (COMPONENT_VERSION.every((b, i) => bytes[4 + i] === b)) return 'component';
  return undefined;
}

/** Says what `bytes` are when they are no Wasm module or component ("not WebAssembly", "version 0e 00 01 00"). */
export function describeNotWasm(bytes: Uint8Array): string {
  if (bytes.byteLength < 8 || !MAGIC.every((b, i) => bytes[i] === b))
    return 'not WebAssembly (no \\0asm magic at its start)';
  const version = [...bytes.subarray(4, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `WebAssembly of an unknown version (${version}; a module has 01 00 00 00, a component 0d 00 01 00)`;
}

const SECTION_IMPORT = 10;
const SECTION_EXPORT = 11;

/**
 * A component's top-level import and export names, in order ("wasi:cli/run@0.2.0"): the world
 * wit-component decodes from it names its imports and exports so. Nested components and every
 * other section are skipped by their sizes. IMAGE_FORMAT naming `what` on a malformed binary.
 */
export function componentInterfaces(bytes: Uint8Array, what: string): WasmComponentInfo {
  if (wasmKind(bytes) !== 'component') throw new WharfError('IMAGE_FORMAT', `${what}: ${describeNotWasm(bytes)}`);
  const r = new Reader(bytes, 8, what);
  const imports: string[] = [];
  const exports: string[] = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (end > bytes.byteLength) throw r.bad(`section ${id} runs past the end`);
    if (id === SECTION_IMPORT || id === SECTION_EXPORT) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.externName();
        if (id === SECTION_EXPORT) {
          r.sortIdx();
          if (r.byte() === 0x01) r.externType();
        } else r.externType();
        (id === SECTION_IMPORT ? imports : exports).push(name);
      }
      if (r.at !== end) throw r.bad(`section ${id} is ${size} bytes, its entries ${r.at - (end - size)}`);
    }
    r.at = end;
  }
  return { exports, imports, target: null };
}

class Reader {
  at: number;
  readonly #bytes: Uint8Array;
  readonly #what: string;

  constructor(bytes: Uint8Array, at: number, what: string) {
    this.#bytes = bytes;
    this.at = at;
    this.#what = what;
  }

  get done(): boolean {
    return this.at >= this.#bytes.byteLength;
  }

  bad(why: string): WharfError {
    return new WharfError('IMAGE_FORMAT', `${this.#what}: not a valid component: ${why} (at byte ${this.at})`);
  }

  byte(): number {
    if (this.done) throw this.bad('unexpected end');
    return this.#bytes[this.at++]!;
  }

  /** An unsigned LEB128 of up to 32 bits (also skips an s33 type index or primitive type). */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw this.bad('LEB128 number too long');
  }

  name(): string {
    const len = this.u32();
    if (this.at + len > this.#bytes.byteLength) throw this.bad('name runs past the end');
    const s = new TextDecoder('utf-8', { fatal: true }).decode(this.#bytes.subarray(this.at, this.at + len));
    this.at += len;
    return s;
  }

  /** nameattributes: the extern name, with a version suffix attribute appended as written. */
  externName(): string {
    const form = this.byte();
    const name = this.name();
    if (form === 0x00 || form === 0x01) return name;
    if (form !== 0x02) throw this.bad(`name form 0x${form.toString(16)}`);
    let suffix = '';
    for (let n = this.u32(); n > 0; n--) {
      const kind = this.byte();
      const value = this.name();
      if (kind === 0x01) suffix = value;
      else if (kind !== 0x00 && kind !== 0x02) throw this.bad(`name attribute 0x${kind.toString(16)}`);
    }
    return name + suffix;
  }

  sortIdx(): void {
    if (this.byte() === 0x00) this.byte(); // a core sort
    this.u32();
  }

  externType(): void {
    const kind = this.byte();
    switch (kind) {
      case 0x00: // core module: 0x11 typeidx
        this.byte();
        this.u32();
        return;
      case 0x01: // func
      case 0x04: // component
      case 0x05: // instance
        this.u32();
        return;
      case 0x02: // value: eq valueidx | valtype
      case 0x03: // type: eq typeidx | sub resource
        if (this.byte() === 0x00 || kind === 0x02) this.u32();
        return;
      default:
        throw this.bad(`extern type 0x${kind.toString(16)}`);
    }
  }
}
