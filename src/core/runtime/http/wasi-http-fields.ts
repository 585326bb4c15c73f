// wasi:http/types's `fields` (headers and trailers), as wasmtime-wasi-http keeps them: names
// case-insensitive and kept lowercase, values checked as the http crate checks them, the
// hop-by-hop headers a guest may neither see nor send refused ("forbidden"), and the headers of a
// request or response immutable once it is made. https://github.com/WebAssembly/wasi-http
import { WasiResultError } from '../component/index.ts';
import { HTTP_TOKEN, byteStringBytes, bytesByteString, type HeaderPair } from './data.ts';

export type HeaderError = { tag: 'invalid-syntax' } | { tag: 'forbidden' } | { tag: 'immutable' };

/** wasmtime-wasi-http's DEFAULT_FORBIDDEN_HEADERS: stripped from what comes in, refused from a guest. */
export const FORBIDDEN_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'http2-settings',
]);

/** The most bytes one fields resource may hold (names and values), as wasmtime's default. */
export const FIELDS_SIZE_LIMIT = 128 * 1024;

const fail = (tag: HeaderError['tag']): WasiResultError<HeaderError> => new WasiResultError({ tag });

/** A field value the http crate accepts: visible bytes, spaces, tabs and obs-text; no controls. */
function validValue(v: Uint8Array): boolean {
  for (const b of v) if ((b < 0x20 && b !== 0x09) || b === 0x7f) return false;
  return true;
}

function checkName(name: string): string {
  if (!HTTP_TOKEN.test(name)) throw fail('invalid-syntax');
  const key = name.toLowerCase();
  if (FORBIDDEN_HEADERS.has(key)) throw fail('forbidden');
  return key;
}

function checkValue(key: string, value: Uint8Array): Uint8Array {
  if (!validValue(value)) throw fail('invalid-syntax');
  // RFC 9110: Content-Length is 1*DIGIT (wasmtime refuses anything else, a sign included).
  if (key === 'content-length' && (value.length === 0 || !value.every((b) => b >= 0x30 && b <= 0x39))) {
    throw fail('invalid-syntax');
  }
  return value.slice();
}

export class Fields {
  /** Lowercase name -> values, in the order names first appeared (as http's HeaderMap). */
  #map = new Map<string, Uint8Array[]>();
  #mutable = true;
  #size = 0;

  /** Fields from the outside (a request, a fetched response): forbidden names dropped, immutable. */
  static incoming(pairs: readonly HeaderPair[]): Fields {
    const f = new Fields();
    for (const [name, value] of pairs) {
      const key = name.toLowerCase();
      if (!HTTP_TOKEN.test(key) || FORBIDDEN_HEADERS.has(key)) continue;
      const bytes = byteStringBytes(value);
      if (!validValue(bytes)) continue;
      f.#add(key, bytes);
    }
    f.#mutable = false;
    return f;
  }

  static fromList(entries: Array<[string, Uint8Array]>): Fields {
    const f = new Fields();
    for (const [name, value] of entries) f.append(name, value);
    return f;
  }

  /** Makes these fields immutable: they now belong to a request or response. */
  freeze(): this {
    this.#mutable = false;
    return this;
  }

  get(name: string): Uint8Array[] {
    return (this.#map.get(name.toLowerCase()) ?? []).map((v) => v.slice());
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  set(name: string, values: Uint8Array[]): void {
    const key = checkName(name);
    this.#checkMutable();
    const checked = values.map((v) => checkValue(key, v));
    this.#remove(key);
    for (const v of checked) this.#add(key, v);
  }

  delete(name: string): void {
    const key = checkName(name);
    this.#checkMutable();
    this.#remove(key);
  }

  append(name: string, value: Uint8Array): void {
    const key = checkName(name);
    this.#checkMutable();
    this.#add(key, checkValue(key, value));
  }

  entries(): Array<[string, Uint8Array]> {
    const out: Array<[string, Uint8Array]> = [];
    for (const [key, values] of this.#map) for (const v of values) out.push([key, v.slice()]);
    return out;
  }

  /** A mutable copy. */
  clone(): Fields {
    const f = new Fields();
    for (const [key, values] of this.#map) for (const v of values) f.#add(key, v);
    return f;
  }

  /** As plain data (names lowercase, values byte strings). */
  pairs(): HeaderPair[] {
    const out: HeaderPair[] = [];
    for (const [key, values] of this.#map) for (const v of values) out.push([key, bytesByteString(v)]);
    return out;
  }

  /** The first value of a field (a lowercase name) as a byte string; undefined when absent. */
  first(name: string): string | undefined {
    const v = this.#map.get(name)?.[0];
    return v && bytesByteString(v);
  }

  #checkMutable(): void {
    if (!this.#mutable) throw fail('immutable');
  }

  #add(key: string, value: Uint8Array): void {
    const grown = this.#size + value.length + (this.#map.has(key) ? 0 : key.length);
    // Past the limit wasmtime traps the guest; an Error (not a result) does the same here.
    if (grown > FIELDS_SIZE_LIMIT) throw new Error(`fields: more than ${FIELDS_SIZE_LIMIT} bytes of headers`);
    this.#size = grown;
    const values = this.#map.get(key);
    if (values) values.push(value);
    else this.#map.set(key, [value]);
  }

  #remove(key: string): void {
    const values = this.#map.get(key);
    if (!values) return;
    this.#size -= key.length + values.reduce((n, v) => n + v.length, 0);
    this.#map.delete(key);
  }
}
