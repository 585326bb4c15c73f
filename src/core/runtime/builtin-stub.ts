// Built-in stubs: the files that stand for Wharf's TypeScript programs (the shell and its
// commands) inside an image. Each is a tiny but complete WASI command, so an image exported
// from Wharf stays a valid image: run by another runtime (wasmtime), a stub says what it is on
// stderr and exits 126 (POSIX's "found but cannot execute"). Inside Wharf, the process model
// reads the `wharf.builtin` custom section and runs the TypeScript program of that name.
// Binary format: https://webassembly.github.io/spec/core/binary/modules.html
import { leb, readLeb } from '../bytes.ts';
import { BUILTIN_SECTION } from './process.ts';

const encoder = new TextEncoder();

/** Exit status of a stub run outside Wharf: "command found but not executable". */
export const STUB_EXIT = 126;

/** The stub module for the built-in program `name`. Deterministic: same name, same bytes. */
export function builtinStub(name: string): Uint8Array<ArrayBuffer> {
  if (name === '' || name.includes('/') || name.includes('\0')) {
    throw new RangeError(`builtinStub: "${name}" is not a program name`);
  }
  const message = encoder.encode(`${name}: a Wharf built-in program; it runs only inside Wharf\n`);
  const TEXT = 16; // the message's address; the iovec sits at 0, fd_write's result at 8
  const iovec = [...u32(TEXT), ...u32(message.byteLength)];
  const i32 = 0x7f;
  const sections = [
    // First, so builtinName finds it after reading one section header.
    section(0, [...str(BUILTIN_SECTION), ...encoder.encode(name)]),
    // types: 0 fd_write (i32 i32 i32 i32) -> i32, 1 proc_exit (i32) -> (), 2 _start () -> ()
    section(
      1,
      vec([
        [0x60, ...vec([[i32], [i32], [i32], [i32]]), ...vec([[i32]])],
        [0x60, ...vec([[i32]]), ...vec([])],
        [0x60, ...vec([]), ...vec([])],
      ]),
    ),
    section(
      2,
      vec([
        [...str('wasi_snapshot_preview1'), ...str('fd_write'), 0x00, ...leb(0)],
        [...str('wasi_snapshot_preview1'), ...str('proc_exit'), 0x00, ...leb(1)],
      ]),
    ),
    section(3, vec([leb(2)])), // function 2 (_start) has type 2
    section(5, vec([[0x00, ...leb(1)]])), // one memory, min 1 page
    section(
      7,
      vec([
        [...str('memory'), 0x02, ...leb(0)],
        [...str('_start'), 0x00, ...leb(2)],
      ]),
    ),
    section(
      10,
      vec([
        body([
          // drop(fd_write(2, iovs=0, iovs_len=1, nwritten=8)); proc_exit(126)
          ...[0x41, ...sleb(2), 0x41, ...sleb(0), 0x41, ...sleb(1), 0x41, ...sleb(8), 0x10, ...leb(0), 0x1a],
          ...[0x41, ...sleb(STUB_EXIT), 0x10, ...leb(1)],
          0x0b,
        ]),
      ]),
    ),
    section(
      11,
      vec([
        [0x00, 0x41, ...sleb(0), 0x0b, ...vec(iovec.map((b) => [b]))],
        [0x00, 0x41, ...sleb(TEXT), 0x0b, ...leb(message.byteLength), ...message],
      ]),
    ),
  ];
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()];
  return Uint8Array.from(out);
}

/**
 * The built-in program a stub stands for, or undefined for any other file (a Wasm module
 * without the section, or not a module at all). Reads section headers only: cheap even for a
 * 75 MB module, which it skips through in a dozen steps.
 */
export function builtinName(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    return undefined;
  }
  let at = 8;
  while (at < bytes.byteLength) {
    const id = bytes[at++]!;
    const size = readLeb(bytes, at);
    if (!size) return undefined;
    at = size.next;
    const end = at + size.value;
    if (end > bytes.byteLength) return undefined;
    if (id === 0) {
      const len = readLeb(bytes, at);
      if (!len || len.next + len.value > end) return undefined;
      const name = new TextDecoder().decode(bytes.subarray(len.next, len.next + len.value));
      if (name === BUILTIN_SECTION) {
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(len.next + len.value, end));
        } catch {
          return undefined;
        }
      }
    }
    at = end;
  }
  return undefined;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

function str(s: string): number[] {
  const b = encoder.encode(s);
  return [...leb(b.byteLength), ...b];
}

function vec(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

function body(code: number[]): number[] {
  const withLocals = [0x00, ...code]; // no locals
  return [...leb(withLocals.length), ...withLocals];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}
