// HTTP requests to a module serving on the page's virtual network, through the same ServerFront
// as a wasi:http component: scripted servers for each way a response can go (a keep-alive server
// that never closes, a malformed answer, a hang, nothing listening), then the C server fixture in
// a worker thread on the socket bridge (a page, a POST, requests at once, a crash mid-response).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInWorker } from '../../../../src/cli/run-node.ts';
import {
  ServerFront,
  SocketHttpHandler,
  VirtualNetwork,
  wasm,
  type BackendStream,
  type RequestLogEntry,
} from '../../../../src/core/runtime/index.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A server on `port` of a new virtual network that answers each connection with `answer`. */
async function scripted(answer: (s: BackendStream, request: string) => void) {
  const net = new VirtualNetwork();
  const listener = await net.bind({ family: 4, addr: new Uint8Array(4), port: 8080 });
  const seen: string[] = [];
  listener.listen(8, (s) => {
    let got = '';
    s.ondata = (b) => {
      got += dec(b);
      if (got.includes('\r\n\r\n')) {
        seen.push(got);
        answer(s, got);
      }
    };
    s.resume();
  });
  return { net, seen };
}

function front(net: VirtualNetwork, o: { timeoutMs?: number; max?: number } = {}) {
  const log: RequestLogEntry[] = [];
  const handler = new SocketHttpHandler(net, 8080, { timeoutMs: o.timeoutMs ?? 5000, maxBodyBytes: o.max ?? 1 << 20 });
  const f = new ServerFront(handler, {
    scheme: 'http',
    authority: 'preview.test',
    maxBodyBytes: 1 << 20,
    log: (e) => log.push(e),
  });
  const send = async (method: string, target: string, body = '') => {
    const { response, entry } = await f.handle({ method, target, headers: [['accept', '*/*']], body: enc(body) });
    return { status: response.status, headers: response.headers, text: dec(response.body), entry };
  };
  return { send, log, handler };
}

describe('SocketHttpHandler over a virtual network', () => {
  it('sends the request as HTTP/1.1 and reads a keep-alive response by its length, then ends the connection', async () => {
    let ended = false;
    const { net, seen } = await scripted((s) => {
      s.onend = () => (ended = true);
      s.write(enc('HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok'));
    });
    const { send, log } = front(net);
    const r = await send('POST', '/items?x=1', 'body!');
    expect([r.status, r.text, r.headers], 'POST /items?x=1').toEqual([
      201,
      'ok',
      [
        ['content-length', '2'],
        ['connection', 'keep-alive'],
      ],
    ]);
    expect(seen[0], 'what the server read').toBe(
      'POST /items?x=1 HTTP/1.1\r\nHost: preview.test\r\naccept: */*\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbody!',
    );
    expect(ended, 'the client ended its side after the response').toBe(true);
    expect(log.map((e) => `#${e.requestId} ${e.method} ${e.path} ${e.status}`)).toEqual(['#0 POST /items?x=1 201']);
  });

  it('a malformed or cut-short response is a 502 with the reason; a hang a 504; nothing listening a 502', async () => {
    const { net } = await scripted((s, request) => {
      if (request.startsWith('GET /bad ')) s.write(enc('hello there\r\n\r\n'));
      else if (request.startsWith('GET /cut ')) {
        s.write(enc('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nthe first half'));
        s.end();
      } else if (request.startsWith('GET /hang ')) s.write(enc('HTTP/1.1 200 OK\r\n'));
    });
    const { send, log } = front(net, { timeoutMs: 300 });
    expect((await send('GET', '/bad')).text).toBe('not an HTTP/1 response: it starts "hello there"\n');
    expect((await send('GET', '/cut')).text).toBe(
      'the connection closed after 14 of 100 body bytes (Content-Length)\n',
    );
    expect((await send('GET', '/hang')).text).toBe('the server did not answer within 0.3 s (the per-request limit)\n');
    expect(log.map((e) => `${e.path} ${e.status}: ${e.reason}`)).toEqual([
      '/bad 502: not an HTTP/1 response: it starts "hello there"',
      '/cut 502: the connection closed after 14 of 100 body bytes (Content-Length)',
      '/hang 504: the server did not answer within 0.3 s (the per-request limit)',
    ]);
    const nobody = front(new VirtualNetwork());
    expect((await nobody.send('GET', '/')).text).toBe('nothing listens on port 8080\n');
  });

  it('close() answers what is in flight, and later requests, 502', async () => {
    const { net } = await scripted(() => undefined);
    const { send, handler } = front(net);
    const pending = send('GET', '/');
    await new Promise((r) => setTimeout(r, 10));
    handler.close();
    expect(`${(await pending).status} ${(await pending).text}`).toBe('502 the server stopped\n');
    expect((await send('GET', '/')).status).toBe(502);
  });
});

describe('SocketHttpHandler and the C server fixture on the socket bridge', () => {
  it('a page, a POST, five requests at once; a crash mid-response is a 502 and the run ends 137', async () => {
    const net = new VirtualNetwork();
    const listening = new Promise<number>((resolve) => (net.onlisten = (a) => resolve(a.port)));
    const out: string[] = [];
    const run = runInWorker({
      module: await wasm.compile(readFileSync(join(import.meta.dirname, '../../../fixtures/http-server.wasm'))),
      args: ['http-server', '8080'],
      env: [],
      root: null,
      stdout: (c) => out.push(dec(c)),
      stderr: (c) => out.push(dec(c)),
      net,
    });
    expect(await listening, 'the port').toBe(8080);
    const { send } = front(net);
    const page = await send('GET', '/');
    expect([page.status, page.text], 'GET /').toEqual([
      200,
      '<!doctype html>\n<title>Hello from WASI</title>\n<h1>Hello from a C server on WASI sockets</h1>\n<p>Visit number 1.</p>\n',
    ]);
    expect((await send('POST', '/echo', 'x'.repeat(100_000))).text, 'POST /echo').toMatch(
      /^received 100000 bytes, fnv1a [0-9a-f]{8}\n$/,
    );
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => send('GET', '/hello')));
    expect(five.map((r) => `${r.status} ${r.text}`)).toEqual(Array(5).fill('200 Hello, Wasm!\n'));
    const crash = await send('GET', '/crash');
    expect(`${crash.status} ${crash.text}`, 'GET /crash').toBe(
      '502 the connection closed after 14 of 100 body bytes (Content-Length)\n',
    );
    const r = await run;
    expect(r.code, 'the trap ends the run').toBe(137);
    expect((await send('GET', '/')).text, 'after the run').toBe('nothing listens on port 8080\n');
  });
});
