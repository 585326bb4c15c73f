// `npm run bench http-server`: one request to a warm wasi:http server under `wharf run` (a fresh
// instance of the handler fixture per request, through the CLI's HTTP listener and a handler
// thread), beside a Node `http` hello server measured in the same run with the same client
// (fetch, keep-alive, one request at a time); and the handler's part alone (instantiate + handle
// in one thread, no HTTP).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Bench } from './context.ts';
import { ComponentLoader, handleRequest } from '../src/core/runtime/index.ts';
import { wharfArgs } from '../test/support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '..');
const handler = join(root, 'test/fixtures/components/http-handler.wasm');
const WARM = 100;
const RUNS = 300;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
      res.end('hello from node:http\n');
    });
    await new Promise<void>((r) => hello.listen(0, '127.0.0.1', r));
    const nodeMs = await requestMs(`http://127.0.0.1:${(hello.address() as AddressInfo).port}/`);
    hello.close();

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
  },
};
export default bench;
