// Bytes and text for the shell and its commands. File data is handled as byte strings (one
// char per byte, 0-255), so every command is binary-safe and matches what GNU tools do in
// the C locale that container images run in (no LANG): `.` is a byte, sort is byte order.
// argv, variables and file names are ordinary strings, UTF-8 where they meet bytes.
import { concatBytes } from '../../bytes.ts';
import type { Sink, StdinSource } from '../../runtime/stdio.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/**
 * TextDecoder('latin1') is windows-1252 in the Encoding Standard: 27 of the bytes 0x80-0x9f
 * become characters above U+00FF. Without those its output is the byte string.
 */
const windows1252 = new TextDecoder('latin1');

/** Bytes -> byte string; the native decoder when it decodes them one to one (ten times faster). */
export function bytesToBin(b: Uint8Array): string {
  // Browsers' TextDecoder refuses views of a SharedArrayBuffer.
  if (b.buffer instanceof ArrayBuffer) {
    const fast = windows1252.decode(b);
    if (!/[^\x00-\xff]/.test(fast)) return fast;
  }
  let s = '';
  for (let i = 0; i < b.byteLength; i += 0x8000) {
    s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return s;
}

export function binToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** An argument (or file name) as the bytes a program would see, as a byte string. */
export function argToBin(s: string): string {
  // ASCII needs no round trip, and is nearly every argument.
  return /^[\x00-\x7f]*$/.test(s) ? s : bytesToBin(utf8(s));
}

/** A byte string back to text (invalid UTF-8 becomes U+FFFD). */
export function binToArg(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : fromUtf8(binToBytes(s));
}

/** Everything left on `stdin`, to its end. */
export function readAll(stdin: StdinSource | undefined): Uint8Array {
  if (!stdin) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  for (;;) {
    const c = stdin.read(64 * 1024);
    if (c.byteLength === 0) break;
    chunks.push(c.slice());
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** A writer over a sink: text is written as UTF-8, byte strings as their bytes. */
export class Out {
  readonly sink: Sink;
  constructor(sink: Sink) {
    this.sink = sink;
  }
  text(s: string): void {
    if (s !== '') this.sink(utf8(s));
  }
  bin(s: string): void {
    if (s !== '') this.sink(binToBytes(s));
  }
  bytes(b: Uint8Array): void {
    if (b.byteLength > 0) this.sink(b);
  }
}

/** A sink that keeps what it is given (command substitution, pipeline stages). */
export class Collector {
  readonly #chunks: Uint8Array[] = [];
  readonly sink: Sink = (chunk) => {
    this.#chunks.push(chunk.slice());
  };
  bytes(): Uint8Array {
    return concatBytes(this.#chunks);
  }
}

export const discard: Sink = () => undefined;

/** Splits a byte string into lines, each without its "\n"; a last line without one is kept. */
export function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
