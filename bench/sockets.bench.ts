// `npm run bench sockets`: the C HTTP server (the gallery's http-server example) under `wharf
// run`, requests per second, latency and the server's CPU time a request (from /proc) with
// ApacheBench (keep-alive off: each request a new connection), against the same source built
// natively by gcc and, as the floor Wharf's CLI
// stands on, a plain Node net server answering the same bytes; and in the page, one request
// through the Preview to the same server (a runner Worker on the page's virtual network), beside
// the same request sent to it from the page without the service worker.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Bench, Figure } from './context.ts';
import { PREVIEW_RUNS, previewTiming } from './preview-page.ts';
import { ensureCommands } from '../test/support/system-tools.ts';
import { wharfArgs } from '../test/support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '..');
const REQUESTS = 4000;
const SAMPLES = 3;

/** Starts a server and resolves with its port once it prints `listening on http://ADDR:PORT/`. */
function start(cmd: string, args: string[]): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => {
      // Keep reading (the server logs every request): a full pipe would stall it.
      if (out === null) return;
      out += b.toString();
      const m = /listening on http:\/\/[^\s]*:(\d+)\//.exec(out);
      if (m) {
        out = null as unknown as string;
        res({ proc, port: Number(m[1]) });
      }
    });
    proc.on('exit', (code) => rej(new Error(`${cmd} exited ${code} before listening`)));
  });
}

interface AbResult {
  rps: number;
  /** Mean time per request, ms. */
  latency: number;
  /** The server's CPU time (user and system, all its threads) per request, µs. */
  cpu: number;
}

const run = promisify(execFile);

/** Linux's clock ticks per second, the unit of /proc's CPU times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user and system) process `pid` has used so far, µs. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // utime and stime are the 14th and 15th fields; the name (2nd) is in parentheses and may hold spaces.
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(after[11]) + Number(after[12])) * 1e6) / TICKS;
}

/** One ApacheBench run of REQUESTS requests, `concurrency` at a time, against server `pid`. */
async function ab(pid: number, port: number, concurrency: number, requests = REQUESTS): Promise<AbResult> {
  const url = `http://127.0.0.1:${port}/hello`;
  const cpu0 = cpuMicros(pid);
  // Asynchronously: the server's log must keep being read meanwhile, or its stdout fills.
  const { stdout: out } = await run('ab', ['-q', '-n', String(requests), '-c', String(concurrency), url]);
  const cpu = (cpuMicros(pid) - cpu0) / requests;
  const failed = Number(/Failed requests:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  if (failed !== 0) throw new Error(`ab ${url}: ${failed} failed requests\n${out}`);
  return {
    rps: Number(/Requests per second:\s+([\d.]+)/.exec(out)![1]),
    latency: Number(/Time per request:\s+([\d.]+) \[ms\] \(mean\)/.exec(out)![1]),
    cpu,
  };
}

const NODE_SERVER = `
const net = require('node:net');
const answer = 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 13\\r\\nConnection: close\\r\\n\\r\\nHello, Wasm!\\n';
const s = net.createServer((c) => {
  let head = '';
  c.setNoDelay(true);
  c.on('data', (d) => { head += d; if (head.includes('\\r\\n\\r\\n')) c.end(answer); });
  c.on('error', () => {});
});
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port + '/'));
`;

/**
 * The floor under a guest that blocks: the same Node net server, with each request's answer
 * coming from a thread that sleeps in Atomics.wait until the request is there and answers with
 * one message. A Wasm module's blocking sock_accept/sock_recv cannot run on the thread that owns
 * Node's sockets (Node 20 has no synchronous sockets and no JSPI), so every request costs at least
 * this one wake and one message.
 */
const NODE_THREAD_SERVER = `
const net = require('node:net');
const { Worker } = require('node:worker_threads');
const answer = 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 13\\r\\nConnection: close\\r\\n\\r\\nHello, Wasm!\\n';
const arrived = new Int32Array(new SharedArrayBuffer(4));
const worker = new Worker(\`
  const { parentPort, workerData } = require('node:worker_threads');
  const arrived = new Int32Array(workerData);
  let answered = 0;
  for (;;) {
    Atomics.wait(arrived, 0, answered);
    const n = Atomics.load(arrived, 0);
    while (answered < n) parentPort.postMessage(++answered);
  }
\`, { eval: true, workerData: arrived.buffer });
const waiting = new Map();
worker.on('message', (id) => { const c = waiting.get(id); waiting.delete(id); c.end(answer); });
const s = net.createServer((c) => {
  let head = '';
  c.setNoDelay(true);
  c.on('data', (d) => {
    head += d;
    if (!head.includes('\\r\\n\\r\\n')) return;
    waiting.set(Atomics.add(arrived, 0, 1) + 1, c);
    Atomics.notify(arrived, 0);
  });
  c.on('error', () => {});
});
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port + '/'));
`;

type Results = Record<'one' | 'eight', AbResult>;

/**
 * Every server measured in turns, SAMPLES rounds, the best round of each kept: the machine is
 * shared, and turns spread its moods over all of them alike.
 */
async function measure(servers: Record<string, [string, string[]]>): Promise<Record<string, Results>> {
  const started: Record<string, { proc: ChildProcess; port: number }> = {};
  const best: Record<string, Results> = {};
  try {
    for (const [name, [cmd, args]] of Object.entries(servers)) {
      started[name] = await start(cmd, args);
      await ab(started[name].proc.pid!, started[name].port, 1, 300); // warm-up
      const none = { rps: 0, latency: Infinity, cpu: Infinity };
      best[name] = { one: none, eight: none };
    }
    for (let i = 0; i < SAMPLES; i++) {
      for (const [name, { proc, port }] of Object.entries(started)) {
        for (const [key, c] of [
          ['one', 1],
          ['eight', 8],
        ] as const) {
          const r = await ab(proc.pid!, port, c);
          if (r.rps > best[name]![key].rps) best[name]![key] = r;
        }
      }
    }
    return best;
  } finally {
    for (const { proc } of Object.values(started)) proc.kill('SIGKILL');
  }
}

const bench: Bench = {
  name: 'sockets',
  async run(ctx) {
    ensureCommands(['ab', 'gcc']);
    const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-sockets-'));
    try {
      const native = join(dir, 'server');
      execFileSync('gcc', ['-O2', '-o', native, join(root, 'public/examples/http-server/server.c')]);
      const r = await measure({
        native: [native, ['0', '127.0.0.1']],
        floor: [process.execPath, ['-e', NODE_SERVER]],
        threadFloor: [process.execPath, ['-e', NODE_THREAD_SERVER]],
        wharf: [process.execPath, wharfArgs(['run', join(root, 'test/fixtures/http-server.wasm'), '0', '127.0.0.1'])],
      });
      const [n, floor, threadFloor, w] = [r.native!, r.floor!, r.threadFloor!, r.wharf!];

      const nativeRps = (c: 'one' | 'eight'): NonNullable<Figure['limit']> => ({
        name: `the same C built natively (gcc -O2), ${c === 'one' ? '1 client' : '8 clients'}`,
        value: n[c].rps,
      });
      ctx.report({
        name: 'C server under wharf run: requests/s, 1 client',
        host: 'node',
        value: w.one.rps,
        unit: 'req/s',
        limit: nativeRps('one'),
        goal: { minRatio: 0.5 },
      });
      ctx.report({
        name: 'C server under wharf run: requests/s, 8 clients',
        host: 'node',
        value: w.eight.rps,
        unit: 'req/s',
        limit: nativeRps('eight'),
        goal: { minRatio: 0.5 },
      });
      ctx.report({
        name: 'C server under wharf run: mean latency, 1 client',
        host: 'node',
        value: w.one.latency,
        unit: 'ms',
        limit: { name: 'native', value: n.one.latency },
      });
      for (const [key, clients] of [
        ['one', '1 client'],
        ['eight', '8 clients'],
      ] as const) {
        ctx.report({
          name: `C server under wharf run: CPU time a request (user and system, both threads), ${clients}`,
          host: 'node',
          value: w[key].cpu,
          unit: 'µs',
          limit: { name: 'the native build', value: n[key].cpu },
        });
      }
      ctx.report({
        name: "Node's own floor: a plain Node net server, CPU time a request, 1 client",
        host: 'node',
        value: floor.one.cpu,
        unit: 'µs',
        limit: { name: 'the native build', value: n.one.cpu },
      });
      ctx.report({
        name: "Node's own floor: a plain Node net server, requests/s, 1 client",
        host: 'node',
        value: floor.one.rps,
        unit: 'req/s',
        limit: nativeRps('one'),
      });
      ctx.report({
        name: 'C server under wharf run against the plain Node net server, 1 client',
        host: 'node',
        value: w.one.rps,
        unit: 'req/s',
        limit: { name: 'plain Node net server', value: floor.one.rps },
      });
      for (const [key, clients] of [
        ['one', '1 client'],
        ['eight', '8 clients'],
      ] as const) {
        ctx.report({
          name: `the floor under a blocking guest: Node net server answering from a waiting thread, requests/s, ${clients}`,
          host: 'node',
          value: threadFloor[key].rps,
          unit: 'req/s',
          limit: nativeRps(key),
        });
        ctx.report({
          name: `the floor under a blocking guest: CPU time a request (both threads), ${clients}`,
          host: 'node',
          value: threadFloor[key].cpu,
          unit: 'µs',
          limit: { name: 'the native build', value: n[key].cpu },
        });
        ctx.report({
          name: `C server under wharf run against that floor, ${clients}`,
          host: 'node',
          value: w[key].rps,
          unit: 'req/s',
          limit: { name: 'Node net server answering from a waiting thread', value: threadFloor[key].rps },
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const page = await ctx.page();
    const preview = (await page.evaluate(
      previewTiming(
        `(async () => {
          const { RunnerClient } = await import('/src/worker/runner-client.ts');
          const { VirtualNetwork } = await import('/src/core/runtime/index.ts');
          const { SocketServerClient } = await import('/src/worker/preview-server.ts');
          const bytes = new Uint8Array(await (await fetch('/test/fixtures/http-server.wasm')).arrayBuffer());
          const net = new VirtualNetwork();
          const port = new Promise((r) => (net.onlisten = (a) => r(a.port)));
          const runner = new RunnerClient();
          const run = runner.start({ module: bytes, argv: ['http-server', '8080'], net, onStdout: () => {} });
          const server = new SocketServerClient({ net, port: await port });
          return { server, stop: async () => { run.stop(); await run.exited; runner.dispose(); } };
        })()`,
        '/hello',
      ),
    )) as { framed: number; direct: number };
    ctx.report({
      name: `one request through the Preview to the C server (frame -> service worker -> page -> module's socket), median of ${PREVIEW_RUNS}`,
      host: 'chromium',
      value: preview.framed,
      unit: 'ms',
      limit: { name: 'the same request sent to the server from the page', value: preview.direct },
      goal: { max: 20 },
    });
  },
};

export default bench;
