// `npm run bench http-server`: one request to a warm wasi:http server under `wharf run` (a fresh
// instance of the handler fixture per request, through the CLI's HTTP listener and a handler
// thread), beside a Node `http` hello server measured in the same run with the same client
// (fetch, keep-alive, one request at a time); the handler's part alone (instantiate + handle
// in one thread, no HTTP); and in the page, one request through HttpServerClient (what the
// Preview pane's service worker calls: the pool, a runner Worker, a fresh instance), beside the
// page's own fetch of the Node hello server; and one request through the Preview itself (from
// its frame, through the service worker and the page), beside the same request sent straight.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Bench } from './context.ts';
import { PREVIEW_RUNS, pageTimes, previewTiming } from './preview-page.ts';
import { ComponentLoader, handleRequest } from '../src/core/runtime/index.ts';
import { wharfArgs } from '../test/support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '..');
const handler = join(root, 'test/fixtures/components/http-handler.wasm');
const WARM = 100;
const RUNS = 300;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const PAGE = (helloUrl: string): string => `(async () => {
  const { HttpServerClient } = await import('/src/worker/http-server-client.ts');
  const component = new Uint8Array(await (await fetch('/test/fixtures/components/http-handler.wasm')).arrayBuffer());
  const server = await HttpServerClient.start({ component, what: 'http-handler.wasm', env: [] });
  ${pageTimes(WARM, RUNS)}
  const served = await times(async () => {
    const r = await server.request({ method: 'GET', path: '/' });
    if (r.status !== 200) throw new Error('GET /: ' + r.status);
  });
  server.close();
  const fetched = await times(async () => {
    const r = await fetch('${helloUrl}');
    await r.arrayBuffer();
  });
  return { served, fetched };
})()`;

/** Median ms of RUNS sequential GETs, after WARM unmeasured ones. */
async function requestMs(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM + RUNS; i++) {
    const t = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
    if (i >= WARM) times.push(performance.now() - t);
  }
  return median(times);
}

const bench: Bench = {
  name: 'http-server',
  async run(ctx) {
    const hello = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain');
      // The page fetches it too.
      res.setHeader('access-control-allow-origin', '*');
      res.end('hello from node:http\n');
    });
    await new Promise<void>((r) => hello.listen(0, '127.0.0.1', r));
    const helloUrl = `http://127.0.0.1:${(hello.address() as AddressInfo).port}/`;
    const nodeMs = await requestMs(helloUrl);

    const child = spawn(process.execPath, wharfArgs(['run', '-p', '127.0.0.1::8080', handler]), { cwd: root });
    let stderr = '';
    const url = await new Promise<string>((ok, fail) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-4096);
        const m = /Serving HTTP on (http:\/\/\S+?)\/\n/.exec(stderr);
        if (m) ok(m[1]!);
      });
      child.on('close', (code) => fail(new Error(`wharf run exited ${code}: ${stderr}`)));
    });
    child.stdout.resume();
    let wharfMs: number;
    try {
      wharfMs = await requestMs(`${url}/`);
    } finally {
      child.kill('SIGINT');
    }
    ctx.report({
      name: `one request to a warm wharf run server (fresh instance, GET /), median of ${RUNS}`,
      host: 'node',
      value: wharfMs,
      unit: 'ms',
      limit: { name: 'a Node http hello server, same client', value: nodeMs },
      goal: { max: 5 },
    });

    const component = await new ComponentLoader().load(new Uint8Array(readFileSync(handler)), 'http-handler.wasm');
    const request = {
      method: 'GET',
      pathWithQuery: '/',
      scheme: 'http' as const,
      authority: 'localhost',
      headers: [],
      body: new Uint8Array(0),
    };
    const times: number[] = [];
    for (let i = 0; i < WARM + RUNS; i++) {
      const t = performance.now();
      handleRequest({
        component,
        handler: 'wasi:http/incoming-handler@0.2.12',
        request,
        env: [`REQUEST_ID=${i}`],
        stdout: () => undefined,
        stderr: () => undefined,
        onOutcome: () => undefined,
      });
      if (i >= WARM) times.push(performance.now() - t);
    }
    ctx.report({
      name: `the handler alone: a fresh instance + handle, in one thread, median of ${RUNS}`,
      host: 'node',
      value: median(times),
      unit: 'ms',
      limit: { name: 'the whole request through wharf run', value: wharfMs },
    });

    const page = await ctx.page();
    const inPage = (await page.evaluate(PAGE(helloUrl))) as { served: number; fetched: number };
    hello.close();
    ctx.report({
      name: `one request to a warm server in the page (HttpServerClient, fresh instance, GET /), median of ${RUNS}`,
      host: 'chromium',
      value: inPage.served,
      unit: 'ms',
      limit: { name: "the page's fetch of a Node http hello server", value: inPage.fetched },
      goal: { max: 20 },
    });

    const preview = (await page.evaluate(
      previewTiming(
        `(async () => {
          const { HttpServerClient } = await import('/src/worker/http-server-client.ts');
          const bytes = await (await fetch('/test/fixtures/components/http-handler.wasm')).arrayBuffer();
          const server = await HttpServerClient.start({ component: new Uint8Array(bytes), what: 'http-handler.wasm', env: [] });
          return { server, stop: async () => server.close() };
        })()`,
        '/',
      ),
    )) as { framed: number; direct: number };
    ctx.report({
      name: `one request through the Preview to a wasi:http component (frame -> service worker -> page -> handler), median of ${PREVIEW_RUNS}`,
      host: 'chromium',
      value: preview.framed,
      unit: 'ms',
      limit: { name: 'the same request sent to the server from the page', value: preview.direct },
      goal: { max: 20 },
    });
  },
};
export default bench;
