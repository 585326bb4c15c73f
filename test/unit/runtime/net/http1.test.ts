// HTTP/1.1 as the page speaks it to a module serving on its own socket: the request's bytes, and
// responses read in any slicing (Content-Length, chunked with trailers, to the close, HEAD, 204,
// interim 1xx), with a clear error for each way a response can be malformed or cut short.
import { describe, expect, it } from 'vitest';
import { ResponseReader, serializeRequest } from '../../../../src/core/runtime/net/index.ts';
import { isWharfError } from '../../../../src/core/errors.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Reads `text` split at every `step` bytes, then the close when `close`. */
function read(text: string | Uint8Array, o: { method?: string; step?: number; close?: boolean; max?: number } = {}) {
  const bytes = typeof text === 'string' ? enc(text) : text;
  const r = new ResponseReader({ method: o.method ?? 'GET', maxBodyBytes: o.max ?? 1 << 20 });
  const step = o.step ?? bytes.byteLength;
  let done = false;
  for (let i = 0; i < bytes.byteLength && !done; i += step) done = r.push(bytes.subarray(i, i + step));
  if (!done && o.close) r.end();
  const res = r.response();
  return { ...res, text: dec(res.body) };
}

function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isWharfError(e) && e.code, 'error code').toBe('HTTP_PROTOCOL');
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('serializeRequest', () => {
  it('writes the request line, Host, the headers a hop passes on, Content-Length and Connection: close', () => {
    const bytes = serializeRequest({
      method: 'POST',
      target: '/echo?x=1',
      host: 'localhost:5173',
      headers: [
        ['Content-Type', 'text/plain'],
        ['Connection', 'keep-alive'],
        ['host', 'other'],
        ['content-length', '99'],
        ['x-tag', 'a b'],
      ],
      body: enc('hello'),
    });
    expect(dec(bytes), 'serializeRequest(POST /echo?x=1)').toBe(
      'POST /echo?x=1 HTTP/1.1\r\nHost: localhost:5173\r\nContent-Type: text/plain\r\nx-tag: a b\r\n' +
        'Content-Length: 5\r\nConnection: close\r\n\r\nhello',
    );
    expect(dec(serializeRequest({ method: 'GET', target: '/', host: 'h', headers: [], body: new Uint8Array(0) }))).toBe(
      'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
    );
    expect(dec(serializeRequest({ method: 'PUT', target: '/', host: 'h', headers: [], body: new Uint8Array(0) }))).toBe(
      'PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
  });

  it('header values are byte strings: each char one byte', () => {
    const bytes = serializeRequest({
      method: 'GET',
      target: '/',
      host: 'h',
      headers: [['x', 'caf\u00e9']],
      body: enc(''),
    });
    expect([...bytes.subarray(bytes.indexOf(0x63), bytes.indexOf(0x63) + 4)], 'x: café as latin-1').toEqual([
      0x63, 0x61, 0x66, 0xe9,
    ]);
  });

  it('refuses what would break the message', () => {
    const req = { method: 'GET', target: '/', host: 'h', headers: [] as [string, string][], body: enc('') };
    expect(() => serializeRequest({ ...req, method: 'GE T' })).toThrow(
      'HTTP request: method "GE T" is not an HTTP token',
    );
    expect(() => serializeRequest({ ...req, target: '/a b' })).toThrow(/target "\/a b" is not a path/);
    expect(() => serializeRequest({ ...req, target: 'a' })).toThrow(/target "a" is not a path/);
    expect(() => serializeRequest({ ...req, headers: [['x', 'a\r\nInjected: 1']] })).toThrow(
      'HTTP request: header x: its value holds a line break',
    );
    expect(() => serializeRequest({ ...req, headers: [['x y', '1']] })).toThrow(/header name "x y"/);
  });
});

describe('ResponseReader', () => {
  const page = 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 11\r\n\r\nhello world';

  it('a Content-Length body, in any slicing; bytes after it are ignored', () => {
    for (const step of [1, 2, 7, 1000]) {
      const r = read(page + 'GARBAGE', { step });
      expect([r.status, r.headers, r.text], `read(page, step ${step})`).toEqual([
        200,
        [
          ['content-type', 'text/html'],
          ['content-length', '11'],
        ],
        'hello world',
      ]);
    }
  });

  it('chunked, with extensions and trailers, in any slicing', () => {
    const chunked =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n';
    for (const step of [1, 3, 1000]) {
      const r = read(chunked, { step });
      expect([r.text, r.trailers], `read(chunked, step ${step})`).toEqual(['hello world', [['x-sum', '42']]]);
    }
    expect(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n').text).toBe('');
  });

  it('a body to the close; no body for HEAD, 204 and 304; interim 1xx responses dropped', () => {
    expect(read('HTTP/1.0 200 OK\r\n\r\nall of it', { close: true }).text, 'close-delimited').toBe('all of it');
    expect(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw', { close: true }).text).toBe('raw');
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', { method: 'HEAD' }).status, 'HEAD').toBe(200);
    expect(read('HTTP/1.1 204 No Content\r\n\r\n').status).toBe(204);
    expect(read('HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n').text).toBe('');
    const r = read('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n' + page, { step: 4 });
    expect([r.status, r.text], 'after 100 and 103').toEqual([200, 'hello world']);
  });

  it('bare LF line ends, a folded header, an empty reason phrase', () => {
    const r = read('HTTP/1.1 404 \nX-A: one\n  two\nContent-Length: 2\n\nno');
    expect([r.status, r.headers, r.text]).toEqual([
      404,
      [
        ['x-a', 'one two'],
        ['content-length', '2'],
      ],
      'no',
    ]);
  });

  it('says what is wrong with a malformed response', () => {
    expect(failure(() => read('<html>hello</html>\r\n\r\n'))).toBe(
      'not an HTTP/1 response: it starts "<html>hello</html>"',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nbad line\r\n\r\n'))).toBe(
      'a header line "bad line" is not "name: value"',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n'))).toBe(
      'Content-Length is given as 5 and 6: which is it?',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n'))).toBe(
      'Content-Length "lots" is not a number',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toBe(
      'a chunk size line "zz" is not hexadecimal',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n'))).toBe(
      `a chunk's data runs past its size ("c")`,
    );
    expect(failure(() => read('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'))).toMatch(
      /^101 Switching Protocols: a connection upgrade/,
    );
    expect(failure(() => read(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`))).toBe(
      'a response head larger than 65536 bytes',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789', { max: 4 }))).toBe(
      'a response body larger than 4 bytes',
    );
  });

  it('says what is missing when the connection closes early', () => {
    expect(failure(() => read('', { close: true }))).toBe('the server closed the connection without answering');
    expect(failure(() => read('HTTP/1.1 200 OK\r\nContent-', { close: true }))).toBe(
      'the connection closed in the middle of the response head (25 bytes)',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nthe first half', { close: true }))).toBe(
      'the connection closed after 14 of 100 body bytes (Content-Length)',
    );
    expect(failure(() => read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', { close: true }))).toBe(
      'the connection closed in the middle of a chunked body (after 3 body bytes)',
    );
  });
});
