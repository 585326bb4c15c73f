// A wasi:http server in the page, through the seam the Preview pane calls (HttpServerClient in
// src/worker): requests in as method, path, headers and body; responses out with their log
// entries; a fresh instance per request; handler stderr as it writes; a trap and a hang
// answered 500 and 504 while the server goes on; outgoing requests fetched by the page, and a
// CORS refusal as a clear error in the handler's result. In Chromium and Firefox, on a page of
// the dev server that boots nothing (the modules load from /src).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startApp, type AppServer } from '../support/browser.ts';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox.ts';
import { chromiumTab, firefoxTab, type Tab } from '../support/tab.ts';
import type { Browser } from 'playwright-core';

interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  entry: {
    requestId?: number;
    method: string;
    path: string;
    status: number;
    reason?: string;
    fetchFailures?: string[];
  };
}

interface PageRun {
  origin: string;
  answers: Record<string, Answer>;
  stderr: string[];
  logged: string[];
}

/** Runs in the page: starts the server, sends the requests, closes it. */
function serverScript(upstream: { cors: number; plain: number }): string {
  return `(async () => {
    const { HttpServerClient } = await import('/src/worker/http-server-client.ts');
    const component = new Uint8Array(
      await (await fetch('/test/fixtures/components/http-handler.wasm')).arrayBuffer(),
    );
    const dec = new TextDecoder();
    const stderr = [];
    const logged = [];
    const server = await HttpServerClient.start({
      component,
      what: 'http-handler.wasm',
      env: ['GREETING=hi', 'WASMTIME_HTTP_PROXY_SOCKET_ADDR=0.0.0.0:9000'],
      requestTimeoutMs: 2000,
      onStderr: (chunk, id) => stderr.push('#' + id + ' ' + dec.decode(chunk)),
      onLog: (e) => logged.push(e.method + ' ' + e.path + ' ' + e.status),
    });
    const send = async (method, path, headers = [], body) => {
      const r = await server.request({ method, path, headers, body: body && new TextEncoder().encode(body) });
      return { status: r.status, headers: r.headers, body: dec.decode(r.body), entry: r.entry };
    };
    const answers = {};
    answers.hello = await send('GET', '/');
    answers.env1 = await send('GET', '/env');
    answers.env2 = await send('GET', '/env');
    answers.echo = await send('POST', '/echo?x=1', [['Content-Type', 'text/plain']], 'posted in the page');
    answers.log = await send('GET', '/log');
    answers.trap = await send('GET', '/trap');
    const hang = send('GET', '/hang');
    answers.during = await send('GET', '/');
    answers.hang = await hang;
    answers.allowed = await send('GET', '/fetch', [
      ['x-fetch-authority', '127.0.0.1:${upstream.cors}'],
      ['x-fetch-path', '/data?q=1'],
    ]);
    answers.refused = await send('GET', '/fetch', [['x-fetch-authority', '127.0.0.1:${upstream.plain}']]);
    server.close();
    answers.closed = await send('GET', '/');
    return { origin: location.origin, answers, stderr, logged };
  })()`;
}

function upstream(cors: boolean): Promise<Server> {
  const s = createServer((req, res) => {
    if (cors) res.setHeader('access-control-allow-origin', '*');
    res.end(`upstream saw ${req.method} ${req.url}\n`);
  });
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r(s)));
}

const port = (s: Server): number => (s.address() as AddressInfo).port;

async function serveInPage(tab: Tab, appUrl: string, up: { cors: Server; plain: Server }): Promise<void> {
  await tab.goto(new URL('bench/page.html', appUrl).href);
  const run = await tab.evaluate<PageRun>(serverScript({ cors: port(up.cors), plain: port(up.plain) }));
  const a = run.answers;
  const said = (name: string): string => `${a[name]!.status} ${a[name]!.body}`;
  expect(said('hello'), 'GET /').toBe('200 hello from wasi:http\n');
  expect(a.hello!.headers, 'GET / headers').toEqual([
    ['content-type', 'text/plain'],
    ['x-handler', 'wharf-fixture'],
  ]);
  expect([said('env1'), said('env2')], 'a fresh instance each, without the server settings').toEqual([
    '200 GREETING=hi\nREQUEST_ID=1\n',
    '200 GREETING=hi\nREQUEST_ID=2\n',
  ]);
  expect(said('echo'), 'POST /echo?x=1').toBe('200 posted in the page');
  expect(said('log'), 'GET /log').toBe('200 logged\n');
  expect(run.stderr, "the handler's stderr").toEqual([`#${a.log!.entry.requestId} handler stderr line\n`]);
  // Each engine words its trap (V8: "wasm `unreachable` instruction executed", SpiderMonkey:
  // "unreachable executed").
  expect(said('trap'), 'GET /trap').toMatch(/^500 wasm trap: .*unreachable.* executed\n$/);
  expect(`500 ${a.trap!.entry.reason}\n`, 'its log entry').toBe(said('trap'));
  expect(said('during'), 'GET / while /hang runs').toBe('200 hello from wasi:http\n');
  expect(said('hang'), 'GET /hang').toBe(
    '504 the handler did not answer within 2 s (the per-request limit); its instance was stopped\n',
  );
  expect(said('allowed'), 'an outgoing request CORS allows').toBe('200 upstream saw GET /data?q=1\n');
  const cors =
    `CORS: the browser kept the response of http://127.0.0.1:${port(up.plain)} from this page (${run.origin}): ` +
    'that server must allow it with Access-Control-Allow-Origin (and answer the preflight of a request with ' +
    'other methods or headers), or it could not be reached at all; a browser does not tell a page which';
  expect(said('refused'), 'an outgoing request CORS refuses').toBe(`502 error-code 38: ${cors}\n`);
  expect(a.refused!.entry.fetchFailures, 'in the log entry').toEqual([
    `GET http://127.0.0.1:${port(up.plain)}/: internal-error (${cors})`,
  ]);
  expect(said('closed'), 'after close()').toBe('500 the server stopped before the handler answered\n');
  expect(run.logged, 'the request log').toEqual([
    'GET / 200',
    'GET /env 200',
    'GET /env 200',
    'POST /echo?x=1 200',
    'GET /log 200',
    'GET /trap 500',
    'GET / 200',
    'GET /hang 504',
    'GET /fetch 200',
    'GET /fetch 502',
    'GET / 500',
  ]);
}

describe('a wasi:http server in the page', () => {
  let app: AppServer;
  const up: { cors?: Server; plain?: Server } = {};
  beforeAll(async () => {
    app = await startApp('dev');
    [up.cors, up.plain] = await Promise.all([upstream(true), upstream(false)]);
  }, 180_000);
  afterAll(async () => {
    up.cors?.close();
    up.plain?.close();
    await app?.close();
  });

  it('chromium: requests, output, 500 and 504, outgoing requests and a CORS refusal', async () => {
    const browser: Browser = await launchChromium();
    try {
      await serveInPage(await chromiumTab(browser), app.url, { cors: up.cors!, plain: up.plain! });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('firefox: requests, output, 500 and 504, outgoing requests and a CORS refusal', async () => {
    const firefox: LaunchedFirefox = await launchFirefox();
    try {
      await serveInPage(await firefoxTab(firefox.browser), app.url, { cors: up.cors!, plain: up.plain! });
    } finally {
      await firefox.browser.close();
    }
  }, 180_000);
});
