// The names a component exports, read from its binary's top-level export sections without
// transpiling it: enough to tell a server from a command before any thread loads it (the CLI
// serves or runs by it; the page can pick its Preview pane or its terminal).
// https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md
import { WharfError } from '../../errors.ts';
import { wasmKind } from './binary-kind.ts';

const EXPORT_SECTION = 11;

/** Top-level export names in binary order; throws WASM_INVALID for a truncated or malformed binary. */
export function componentExportNames(bytes: Uint8Array, what: string): string[] {
  if (wasmKind(bytes) !== 'component') throw new WharfError('WASM_INVALID', `${what}: not a WebAssembly component`);
  const r = new Reader(bytes, what);
  r.at = 8;
  const names: string[] = [];
  while (r.at < bytes.byteLength) {
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (end > bytes.byteLength) r.fail(`section ${id} runs past the end`);
    if (id === EXPORT_SECTION) {
      for (let n = r.u32(); n > 0; n--) {
        names.push(r.nameAttributes());
        r.sortIdx();
        if (r.byte() === 0x01) r.externType();
      }
      if (r.at !== end) r.fail('an export section of unexpected length');
    }
    r.at = end;
  }
  return names;
}

class Reader {
  at = 0;
  readonly #b: Uint8Array;
  readonly #what: string;

  constructor(b: Uint8Array, what: string) {
    this.#b = b;
    this.#what = what;
  }

  fail(why: string): never {
    throw new WharfError('WASM_INVALID', `${this.#what}: not a valid component: ${why} (at offset ${this.at})`);
  }

  byte(): number {
    if (this.at >= this.#b.byteLength) this.fail('unexpected end');
    return this.#b[this.at++]!;
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    return this.fail('a LEB128 number too long');
  }

  string(): string {
    const len = this.u32();
    if (this.at + len > this.#b.byteLength) this.fail('a name runs past the end');
    const s = new TextDecoder().decode(this.#b.subarray(this.at, this.at + len));
    this.at += len;
    return s;
  }

  /** nameattributes: 0x00 or 0x01 name, or 0x02 name with attributes (implements, version, id). */
  nameAttributes(): string {
    const kind = this.byte();
    if (kind > 0x02) this.fail(`an export name of kind ${kind}`);
    const name = this.string();
    if (kind === 0x02) {
      for (let n = this.u32(); n > 0; n--) {
        const a = this.byte();
        if (a > 0x02) this.fail(`a name attribute of kind ${a}`);
        this.string();
      }
    }
    return name;
  }

  /** sortidx: a sort (0x00 and a core sort, or 0x01..0x05) and an index. */
  sortIdx(): void {
    if (this.byte() === 0x00) this.byte();
    this.u32();
  }

  /** externtype, as an export's optional ascribed type. */
  externType(): void {
    const kind = this.byte();
    switch (kind) {
      case 0x00:
        this.byte(); // 0x11: core module
        this.u32();
        return;
      case 0x02: // value bound: eq index or a valtype
        this.byte();
        this.u32();
        return;
      case 0x03: // type bound: eq index, or sub resource
        if (this.byte() === 0x00) this.u32();
        return;
      case 0x01:
      case 0x04:
      case 0x05:
        this.u32();
        return;
      default:
        this.fail(`an extern type of kind ${kind}`);
    }
  }
}
