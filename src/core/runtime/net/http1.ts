// HTTP/1.1 on a byte stream, the client's side: a request as the bytes a server reads, and an
// incremental reader of the response it writes back (status line, headers, a body framed by
// Content-Length, chunked transfer coding or the end of the connection). What the page needs to
// talk to a program that serves HTTP on its own socket. https://www.rfc-editor.org/rfc/rfc9112
import { concatBytes } from '../../bytes.ts';
import { WharfError } from '../../errors.ts';
import { HTTP_TOKEN, byteStringBytes, bytesByteString, type HeaderPair, type HttpResponseData } from '../http/data.ts';

/** The most bytes of a response's status line and headers (and of a chunked body's trailers). */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Connection-level headers: they describe one hop, so a client forwarding a request drops them
 *  (RFC 9110 7.6.1); Host and Content-Length are written anew. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

export interface Http1Request {
  method: string;
  /** Origin form: "/path?query". */
  target: string;
  /** The Host header's value. */
  host: string;
  headers: readonly HeaderPair[];
  body: Uint8Array;
}

/** Methods whose requests carry a body by definition: they get a Content-Length even when empty. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The request as bytes: one message, `Connection: close` (each request its own connection). */
export function serializeRequest(r: Http1Request): Uint8Array {
  const bad = (what: string): never => {
    throw new WharfError('USAGE', `HTTP request: ${what}`);
  };
  if (!HTTP_TOKEN.test(r.method)) bad(`method ${JSON.stringify(r.method)} is not an HTTP token`);
  if (!r.target.startsWith('/') || /[\s\x00-\x1f\x7f]/.test(r.target))
    bad(`target ${JSON.stringify(r.target)} is not a path (with no spaces or control characters)`);
  let head = `${r.method} ${r.target} HTTP/1.1\r\nHost: ${r.host}\r\n`;
  for (const [name, value] of r.headers) {
    if (!HTTP_TOKEN.test(name)) bad(`header name ${JSON.stringify(name)} is not an HTTP token`);
    if (/[\r\n\0]/.test(value)) bad(`header ${name}: its value holds a line break`);
    if (!HOP_BY_HOP.has(name.toLowerCase())) head += `${name}: ${value}\r\n`;
  }
  if (r.body.byteLength > 0 || BODY_METHODS.has(r.method.toUpperCase()))
    head += `Content-Length: ${r.body.byteLength}\r\n`;
  head += 'Connection: close\r\n\r\n';
  const start = byteStringBytes(head);
  return r.body.byteLength === 0 ? start : concatBytes([start, r.body]);
}

export interface ResponseReaderOptions {
  /** The request's method: the response to a HEAD has no body, whatever its headers say. */
  method: string;
  /** The most body bytes taken; a larger body is an error. */
  maxBodyBytes: number;
}

type Framing = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };

/** Where a chunked body's reader is: a size line, data, the CRLF after data, or the trailers. */
type ChunkState = 'size' | 'data' | 'data-end' | 'trailers';

/**
 * Reads one response from the bytes a server sends, as they come: `push` each chunk (true once
 * the response is complete), `end` when the connection closes (which completes a body that runs
 * to the close). Throws WharfError HTTP_PROTOCOL, saying what is wrong, for a response that is
 * malformed, too large, or cut short.
 */
export class ResponseReader {
  readonly #o: ResponseReaderOptions;
  /** Bytes not yet taken apart. */
  #buf: Uint8Array = new Uint8Array(0);
  #status = 0;
  #headers: HeaderPair[] = [];
  #trailers: HeaderPair[] = [];
  #framing: Framing | undefined;
  #chunk: ChunkState = 'size';
  #chunkLeft = 0;
  readonly #body: Uint8Array[] = [];
  #bodyBytes = 0;
  #total = 0;
  #done = false;

  constructor(o: ResponseReaderOptions) {
    this.#o = o;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Takes the next bytes; true when the response is complete (bytes after it are ignored). */
  push(bytes: Uint8Array): boolean {
    if (this.#done) return true;
    this.#total += bytes.byteLength;
    this.#buf = this.#buf.byteLength === 0 ? bytes.slice() : concatBytes([this.#buf, bytes]);
    this.#advance();
    return this.#done;
  }

  /** The connection closed: completes a body read to the close, or says what is missing. */
  end(): void {
    if (this.#done) return;
    const f = this.#framing;
    if (f?.kind === 'close') {
      this.#done = true;
      return;
    }
    if (this.#total === 0) throw protocol('the server closed the connection without answering');
    if (!f) throw protocol(`the connection closed in the middle of the response head (${this.#total} bytes)`);
    if (f.kind === 'length')
      throw protocol(
        `the connection closed after ${this.#bodyBytes} of ${this.#bodyBytes + f.left} body bytes (Content-Length)`,
      );
    throw protocol(`the connection closed in the middle of a chunked body (after ${this.#bodyBytes} body bytes)`);
  }

  /** The complete response. */
  response(): HttpResponseData {
    if (!this.#done) throw new WharfError('INTERNAL', 'ResponseReader: response() before the response is complete');
    const r: HttpResponseData = {
      status: this.#status,
      headers: this.#headers,
      body: this.#body.length === 1 ? this.#body[0]! : concatBytes(this.#body),
    };
    if (this.#trailers.length > 0) r.trailers = this.#trailers;
    return r;
  }

  #advance(): void {
    while (!this.#done) {
      if (!this.#framing) {
        if (!this.#readHead()) return;
        continue;
      }
      if (!this.#readBody(this.#framing)) return;
    }
  }

  /** One head (an interim 1xx is read and dropped); false when more bytes are needed. */
  #readHead(): boolean {
    const end = headEnd(this.#buf);
    if (end < 0) {
      if (this.#buf.byteLength > MAX_HEAD_BYTES) throw protocol(`a response head larger than ${MAX_HEAD_BYTES} bytes`);
      return false;
    }
    const lines = bytesByteString(this.#buf.subarray(0, end))
      .split(/\r?\n/)
      .filter((l, i, all) => i < all.length - 1 || l !== '');
    this.#buf = this.#buf.subarray(skipBlank(this.#buf, end));
    const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
    if (!m) throw protocol(`not an HTTP/1 response: it starts ${JSON.stringify(excerpt(lines[0] ?? ''))}`);
    const status = Number(m[2]);
    if (status < 100) throw protocol(`status ${m[2]} is not an HTTP status`);
    const headers = parseFields(lines.slice(1));
    if (status === 101) throw protocol('101 Switching Protocols: a connection upgrade (WebSocket) is not passed on');
    if (status < 200) return true; // an interim response (100 Continue, 103 Early Hints): the real one follows
    this.#status = status;
    this.#headers = headers;
    this.#framing = framing(this.#o.method, status, headers);
    if (this.#framing.kind === 'none' || (this.#framing.kind === 'length' && this.#framing.left === 0))
      this.#done = true;
    return true;
  }

  /** Takes what it can of the body; false when more bytes are needed. */
  #readBody(f: Framing): boolean {
    if (f.kind === 'close') {
      this.#take(this.#buf);
      this.#buf = new Uint8Array(0);
      return false;
    }
    if (f.kind === 'length') {
      const n = Math.min(f.left, this.#buf.byteLength);
      this.#take(this.#buf.subarray(0, n));
      this.#buf = this.#buf.subarray(n);
      f.left -= n;
      if (f.left === 0) this.#done = true;
      return this.#done;
    }
    return this.#readChunked();
  }

  #readChunked(): boolean {
    for (;;) {
      if (this.#chunk === 'data') {
        const n = Math.min(this.#chunkLeft, this.#buf.byteLength);
        this.#take(this.#buf.subarray(0, n));
        this.#buf = this.#buf.subarray(n);
        this.#chunkLeft -= n;
        if (this.#chunkLeft > 0) return false;
        this.#chunk = 'data-end';
        continue;
      }
      if (this.#chunk === 'trailers') {
        const end = headEnd(this.#buf, true);
        if (end < 0) {
          if (this.#buf.byteLength > MAX_HEAD_BYTES) throw protocol(`trailers larger than ${MAX_HEAD_BYTES} bytes`);
          return false;
        }
        const lines = bytesByteString(this.#buf.subarray(0, end)).split(/\r?\n/);
        this.#trailers = parseFields(lines.filter((l) => l !== ''));
        this.#buf = this.#buf.subarray(skipBlank(this.#buf, end));
        this.#done = true;
        return true;
      }
      const eol = lineEnd(this.#buf);
      if (eol < 0) {
        if (this.#buf.byteLength > 1024) throw protocol('a chunk size line longer than 1024 bytes');
        return false;
      }
      const line = bytesByteString(this.#buf.subarray(0, eol)).replace(/\r$/, '');
      this.#buf = this.#buf.subarray(eol + 1);
      if (this.#chunk === 'data-end') {
        if (line !== '') throw protocol(`a chunk's data runs past its size (${JSON.stringify(excerpt(line))})`);
        this.#chunk = 'size';
        continue;
      }
      const size = /^([0-9A-Fa-f]{1,8})[ \t]*(?:;.*)?$/.exec(line);
      if (!size) throw protocol(`a chunk size line ${JSON.stringify(excerpt(line))} is not hexadecimal`);
      this.#chunkLeft = parseInt(size[1]!, 16);
      this.#chunk = this.#chunkLeft === 0 ? 'trailers' : 'data';
    }
  }

  #take(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.#bodyBytes += bytes.byteLength;
    if (this.#bodyBytes > this.#o.maxBodyBytes)
      throw protocol(`a response body larger than ${this.#o.maxBodyBytes} bytes`);
    this.#body.push(bytes.slice());
  }
}

function protocol(message: string): WharfError {
  return new WharfError('HTTP_PROTOCOL', message);
}

/** How the body of a response is delimited (RFC 9112 section 6.3). */
function framing(method: string, status: number, headers: HeaderPair[]): Framing {
  if (method.toUpperCase() === 'HEAD' || status === 204 || status === 304) return { kind: 'none' };
  const te = headers.filter(([n]) => n === 'transfer-encoding').map(([, v]) => v);
  if (te.length > 0) {
    const codings = te
      .join(',')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean);
    // Chunked last: the body ends with its last chunk; otherwise it runs to the close.
    return codings.at(-1) === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  }
  const lengths = headers.filter(([n]) => n === 'content-length').flatMap(([, v]) => v.split(',').map((s) => s.trim()));
  if (lengths.length === 0) return { kind: 'close' };
  if (!lengths.every((l) => /^\d{1,15}$/.test(l)))
    throw protocol(`Content-Length ${JSON.stringify(lengths.join(', '))} is not a number`);
  if (new Set(lengths.map(Number)).size > 1)
    throw protocol(`Content-Length is given as ${lengths.join(' and ')}: which is it?`);
  return { kind: 'length', left: Number(lengths[0]) };
}

/** Header lines as pairs: names lowercased, values trimmed, folded lines joined (obs-fold). */
function parseFields(lines: string[]): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length > 0) {
      const last = out[out.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!HTTP_TOKEN.test(name)) throw protocol(`a header line ${JSON.stringify(excerpt(line))} is not "name: value"`);
    out.push([name.toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** The index where a head's blank line starts (CRLFCRLF, or LFLF as lenient readers allow), or -1.
 *  With `blankFirst`, a blank line at the very start ends it (trailers that are empty). */
function headEnd(b: Uint8Array, blankFirst = false): number {
  if (blankFirst && (b[0] === 0x0a || (b[0] === 0x0d && b[1] === 0x0a))) return 0;
  for (let i = 0; i < b.byteLength - 1; i++) {
    if (b[i] !== 0x0a) continue;
    if (b[i + 1] === 0x0a) return i + 1;
    if (b[i + 1] === 0x0d && b[i + 2] === 0x0a) return i + 1;
  }
  return -1;
}

/** Past the blank line that starts at `at`. */
function skipBlank(b: Uint8Array, at: number): number {
  return b[at] === 0x0d ? at + 2 : at + 1;
}

function lineEnd(b: Uint8Array): number {
  return b.indexOf(0x0a);
}

function excerpt(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
