// A server session driven as a server's front drives it (the CLI's listener here, the page's
// service worker later): HttpServerPool over real runner threads (Node worker_threads running
// core's runner, as the page's runner Worker runs it), plain-data requests in, outcomes out,
// handler output streamed back; outgoing requests through the threads' fetch mailboxes.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHandlerThread } from '../../../../src/cli/handler-threads.ts';
import { WharfError } from '../../../../src/core/errors.ts';
import { HttpServerPool, type HttpRequestData } from '../../../../src/core/runtime/http/index.ts';

const fixtures = join(import.meta.dirname, '../../../fixtures/components');
const component = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, `${name}.wasm`)));
const enc = new TextEncoder();
const dec = new TextDecoder();

const get = (path: string, headers: Array<[string, string]> = []): HttpRequestData => ({
  method: 'GET',
  pathWithQuery: path,
  scheme: 'http',
  authority: 'localhost',
  headers,
  body: new Uint8Array(0),
});

function text(r: Awaited<ReturnType<HttpServerPool['request']>>): string {
  return r.outcome.kind === 'response'
    ? `${r.outcome.response.status} ${dec.decode(r.outcome.response.body)}`
    : `${r.outcome.status} ${r.outcome.reason}`;
}

describe('HttpServerPool over runner threads', () => {
  const output: string[] = [];
  const late: string[] = [];
  let pool: HttpServerPool;
  let upstream: Server;
  let upstreamPort = 0;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      res.setHeader('x-upstream', 'yes');
      res.statusCode = 201;
      res.end(`upstream saw ${req.method} ${req.url}\n`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamPort = (upstream.address() as AddressInfo).port;
    pool = await HttpServerPool.start({
      component: component('http-handler'),
      what: 'http-handler.wasm',
      env: ['GREETING=hi'],
      threads: 2,
      requestTimeoutMs: 1500,
      spawn: () => spawnHandlerThread(1 << 20),
      output: (id, fd, chunk) => output.push(`#${id} fd${fd} ${dec.decode(chunk)}`),
      late: (id, reason) => late.push(`#${id} ${reason}`),
    });
    // A fresh machine transpiles the component first (then the cache folder has it).
  }, 120_000);

  afterAll(() => {
    pool?.close();
    upstream?.close();
  });

  it('a fresh instance per request: REQUEST_ID counts from 0 in arrival order', async () => {
    const served = await Promise.all([pool.request(get('/env')), pool.request(get('/env')), pool.request(get('/env'))]);
    expect(served.map((r) => [r.requestId, text(r)])).toEqual([
      [0, '200 GREETING=hi\nREQUEST_ID=0\n'],
      [1, '200 GREETING=hi\nREQUEST_ID=1\n'],
      [2, '200 GREETING=hi\nREQUEST_ID=2\n'],
    ]);
  });

  it("POST bodies in, the handler's output out, tagged with its request", async () => {
    const r = await pool.request({ ...get('/echo'), method: 'POST', body: enc.encode('a posted body') });
    expect(text(r), 'POST /echo').toBe('200 a posted body');
    const logged = await pool.request(get('/log'));
    expect(output, 'output').toEqual([
      `#${logged.requestId} fd1 handler stdout line\n`,
      `#${logged.requestId} fd2 handler stderr line\n`,
    ]);
  });

  it('a trap is a 500 and the next request is served', async () => {
    expect(text(await pool.request(get('/trap'))), 'GET /trap').toBe(
      '500 wasm trap: wasm `unreachable` instruction executed',
    );
    expect(text(await pool.request(get('/'))), 'GET / after the trap').toBe('200 hello from wasi:http\n');
  });

  it('a hung handler: others are answered meanwhile, it gets a 504, its thread is replaced', async () => {
    const hung = pool.request(get('/hang'));
    const order: string[] = [];
    void hung.then(() => order.push('hang'));
    const quick = await pool.request(get('/'));
    order.push('quick');
    expect(text(quick), 'GET / while /hang runs').toBe('200 hello from wasi:http\n');
    expect(text(await hung), 'GET /hang').toBe(
      '504 the handler did not answer within 1.5 s (the per-request limit); its instance was stopped',
    );
    expect(order, 'which answered first').toEqual(['quick', 'hang']);
    expect(text(await pool.request(get('/'))), 'GET / after the 504').toBe('200 hello from wasi:http\n');
    expect(late, 'late reasons').toEqual([]);
  }, 60_000);

  it('outgoing requests: fetched by the thread that owns the mailbox, or an error-code', async () => {
    const fetched = await pool.request(
      get('/fetch', [
        ['x-fetch-authority', `127.0.0.1:${upstreamPort}`],
        ['x-fetch-path', '/up?x=1'],
      ]),
    );
    expect(text(fetched), 'GET /fetch').toBe('201 upstream saw GET /up?x=1\n');
    // A port nothing listens on (the upstream's, closed).
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await pool.request(get('/fetch', [['x-fetch-authority', `127.0.0.1:${port}`]]));
    expect(text(refused), 'GET /fetch to a closed port').toBe('502 error-code 6\n');
    expect(refused.outcome.fetchFailures, 'the failure, whatever the handler made of it').toEqual([
      `GET http://127.0.0.1:${port}/: connection-refused`,
    ]);
    expect(fetched.outcome.fetchFailures, 'failures of a request that succeeded').toBeUndefined();
  });

  it('a component that is no server, or that does not load, is refused at start', async () => {
    const start = (name: string) =>
      HttpServerPool.start({
        component: component(name),
        what: `${name}.wasm`,
        env: [],
        spawn: () => spawnHandlerThread(1 << 20),
        output: () => undefined,
      });
    await expect(start('hello'), 'start(hello)').rejects.toThrow(
      new WharfError(
        'WASM_UNSUPPORTED',
        'hello.wasm: exports wasi:cli/run@0.2.12: a command, not a server (wasi:http/incoming-handler)',
      ),
    );
    await expect(start('truncated'), 'start(truncated)').rejects.toThrow(/truncated.wasm: not a valid component/);
  }, 120_000);

  it('close(): what is still waiting or running is answered, later requests too', async () => {
    const p = await HttpServerPool.start({
      component: component('http-handler'),
      what: 'http-handler.wasm',
      env: [],
      threads: 1,
      spawn: () => spawnHandlerThread(1 << 20),
      output: () => undefined,
    });
    const running = p.request(get('/hang'));
    const waiting = p.request(get('/'));
    p.close();
    const stopped = '500 the server stopped before the handler answered';
    expect([text(await running), text(await waiting), text(await p.request(get('/')))]).toEqual([
      stopped,
      stopped,
      stopped,
    ]);
    expect(p.threads, 'threads after close').toBe(0);
  }, 60_000);
});
