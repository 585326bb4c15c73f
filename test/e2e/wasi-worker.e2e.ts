// The fixture programs run in a real Worker in headless Chromium through RunnerClient, with
// output identical to what the Node runner and the CLI print (test/wasi/fixtures.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newPage, startApp, type AppServer } from '../support/browser.ts';
import { CASES, type FixtureCase } from '../wasi/cases.ts';
import { EXPECTED } from '../wasi/expected.ts';

// Modules load through this page-side helper: Vitest would rewrite a real import() inside a
// function passed to page.evaluate.
type Win = { wharfImport(p: string): Promise<unknown> };
type RunnerMod = typeof import('../../src/worker/runner-client.ts');
type RootfsMod = typeof import('../../src/core/rootfs/index.ts');
type RuntimeMod = typeof import('../../src/core/runtime/index.ts');

let server: AppServer;
let browser: Browser;
let page: Page;

interface PageResult {
  code: number;
  reason?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs one case in the page: fetches the fixture, builds the root tree, starts the run. */
function runInPage(c: FixtureCase & { interactive?: string[] }): Promise<PageResult> {
  return page.evaluate(async (c) => {
    const { RunnerClient } = (await (window as unknown as Win).wharfImport(
      '/src/worker/runner-client.ts',
    )) as RunnerMod;
    const { dirNode, fileNode, graft } = (await (window as unknown as Win).wharfImport(
      '/src/core/rootfs/index.ts',
    )) as RootfsMod;
    const w = window as unknown as { runner?: InstanceType<typeof RunnerClient> };
    w.runner ??= new RunnerClient();
    const bytes = new Uint8Array(await (await fetch(`/test/fixtures/${c.wasm}.wasm`)).arrayBuffer());
    let root = dirNode();
    for (const [path, text] of Object.entries(c.files ?? {})) root = graft(root, path, fileNode(text));
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    const run = w.runner.start({
      module: { bytes, digest: c.wasm },
      argv: [`${c.wasm}.wasm`, ...c.args],
      env: c.env,
      root,
      ...(c.stdin !== undefined ? { stdin: new TextEncoder().encode(c.stdin) } : {}),
      ...(c.interactive ? { interactive: true } : {}),
      ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}),
      onStdout: (b) => out.push(b),
      onStderr: (b) => err.push(b),
    });
    if (c.interactive) {
      for (const line of c.interactive) {
        await new Promise((r) => setTimeout(r, 20));
        run.writeStdin(new TextEncoder().encode(line));
      }
      run.closeStdin();
    }
    const exit = await run.exited;
    const text = (l: Uint8Array[]): string => new TextDecoder().decode(new Uint8Array(l.flatMap((b) => [...b])));
    return { ...exit, stdout: text(out), stderr: text(err) };
  }, c);
}

beforeAll(async () => {
  server = await startApp('dev');
  browser = await launchChromium();
  ({ page } = await newPage(browser));
  await page.addInitScript('window.wharfImport = (p) => import(p)');
  // A page that boots nothing (not the app): the runner's own modules are all this file needs.
  await page.goto(new URL('bench/page.html', server.url).href);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('WASI runs in a Worker (Chromium)', () => {
  it('the page is cross-origin isolated (interactive stdin and output flow control need it)', async () => {
    expect(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated').toBe(true);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const got = await runInPage(c);
      const want = EXPECTED[c.name]!;
      expect(got.code, `${c.name}: exit code = ${got.code}, want ${want.code}; stderr ${got.stderr}`).toBe(want.code);
      if (typeof want.stdout === 'string') {
        expect(got.stdout.length, `${c.name}: stdout length = ${got.stdout.length}, want ${want.stdout.length}`).toBe(
          want.stdout.length,
        );
        expect(got.stdout === want.stdout, `${c.name}: stdout identical to the CLI's`).toBe(true);
      } else expect(got.stdout).toMatch(want.stdout);
      if (typeof want.stderr === 'string') expect(got.stderr, `${c.name}: stderr`).toBe(want.stderr);
      else if (want.stderr) expect(got.stderr, `${c.name}: stderr`).toMatch(want.stderr);
    });
  }

  it('interactive stdin: keystrokes written after the start reach the module', async () => {
    const got = await runInPage({
      name: 'interactive',
      wasm: 'upper',
      args: [],
      env: [],
      interactive: ['abc\n', 'def\n'],
    });
    expect(got, 'upper with typed input').toMatchObject({ code: 0, stdout: 'ABC\nDEF\n', stderr: 'upper: 8 bytes\n' });
  });

  it('Stop ends a looping run with 137 and the next run starts in a fresh worker', async () => {
    const stopped = await page.evaluate(async () => {
      const { RunnerClient } = (await (window as unknown as Win).wharfImport(
        '/src/worker/runner-client.ts',
      )) as RunnerMod;
      const runner = new RunnerClient();
      const bytes = new Uint8Array(await (await fetch('/test/fixtures/loop.wasm')).arrayBuffer());
      const run = runner.start({ module: bytes, argv: ['loop.wasm'] });
      await new Promise((r) => setTimeout(r, 300));
      run.stop();
      const first = await run.exited;
      const hello = new Uint8Array(await (await fetch('/test/fixtures/hello.wasm')).arrayBuffer());
      let out = '';
      const second = await runner.start({
        module: hello,
        argv: ['hello.wasm'],
        onStdout: (b) => (out += new TextDecoder().decode(b)),
      }).exited;
      runner.dispose();
      return { first: first.code, reason: first.reason, second: second.code, out };
    });
    expect(stopped).toEqual({ first: 137, reason: 'stopped', second: 0, out: 'Hello, Wasm!\n' });
  });

  it('several runs at once', async () => {
    const outs = await page.evaluate(async () => {
      const { RunnerClient } = (await (window as unknown as Win).wharfImport(
        '/src/worker/runner-client.ts',
      )) as RunnerMod;
      const runner = new RunnerClient();
      const bytes = new Uint8Array(await (await fetch('/test/fixtures/args.wasm')).arrayBuffer());
      const runs = [1, 2, 3].map((i) => {
        let out = '';
        const r = runner.start({
          module: { bytes, digest: 'args' },
          argv: ['args.wasm', String(i)],
          onStdout: (b) => (out += new TextDecoder().decode(b)),
        });
        return r.exited.then((e) => `${e.code}:${out}`);
      });
      const all = await Promise.all(runs);
      runner.dispose();
      return all;
    });
    expect(outs).toEqual([1, 2, 3].map((i) => `0:argc=2\nargv[0]=args.wasm\nargv[1]=${i}\n`));
  });

  it('a listening module on a VirtualNetwork answers connections the page opens; connecting out fails', async () => {
    const got = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const { RunnerClient } = (await w.wharfImport('/src/worker/runner-client.ts')) as RunnerMod;
      const { VirtualNetwork } = (await w.wharfImport('/src/core/runtime/index.ts')) as RuntimeMod;
      const runner = new RunnerClient({ warm: 0 });
      const text = (b: Uint8Array): string => new TextDecoder().decode(b);
      const bytes = (t: string): Uint8Array => new TextEncoder().encode(t);
      const fixture = async (name: string) =>
        new Uint8Array(await (await fetch(`/test/fixtures/${name}.wasm`)).arrayBuffer());
      try {
        const net = new VirtualNetwork();
        const listening = new Promise<number>((r) => (net.onlisten = (a) => r(a.port)));
        let out = '';
        let serverErr = '';
        const server = runner.start({
          module: await fixture('http-server'),
          argv: ['http-server.wasm', '8080'],
          net,
          onStdout: (b) => (out += text(b)),
          onStderr: (b) => (serverErr += text(b)),
        });
        const port = await Promise.race([
          listening,
          server.exited.then((e) => {
            throw new Error(`http-server exited ${e.code} before it listened: ${serverErr}`);
          }),
        ]);
        const hello = text(await net.request(port, bytes('GET /hello HTTP/1.1\r\nHost: preview\r\n\r\n')));
        const body = 'x'.repeat(100_000);
        const echo = text(
          await net.request(port, bytes(`POST /echo HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`)),
        );
        server.stop();
        const stopped = (await server.exited).code;

        let err = '';
        const client = await runner.start({
          module: await fixture('poll-server'),
          argv: ['poll-server.wasm', 'get', '93.184.216.34', '80', '/'],
          net: new VirtualNetwork(),
          onStderr: (b) => (err += text(b)),
        }).exited;
        return { port, hello, echo, out, stopped, client: client.code, err };
      } finally {
        runner.dispose();
      }
    });
    expect(got.port, 'the port the module listens on').toBe(8080);
    expect(got.hello, 'GET /hello').toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nHello, Wasm!\n$/);
    expect(got.echo, 'POST /echo of 100 KB').toMatch(/\r\n\r\nreceived 100000 bytes, fnv1a [0-9a-f]{8}\n$/);
    expect(got.out, "the server's log").toBe(
      'listening on http://0.0.0.0:8080/\n127.0.0.1 GET /hello 200\n127.0.0.1 POST /echo 200\n',
    );
    expect(got.stopped, 'exit code after Stop').toBe(137);
    expect([got.client, got.err], 'a connection out of the page').toEqual([
      1,
      'wharf: sock_connect to 93.184.216.34:80: a browser page cannot open outgoing TCP connections\n' +
        'poll-server: connect: Network unreachable\n',
    ]);
  });

  it('a module that is not WebAssembly rejects with a WharfError', async () => {
    const err = await page.evaluate(async () => {
      const { RunnerClient } = (await (window as unknown as Win).wharfImport(
        '/src/worker/runner-client.ts',
      )) as RunnerMod;
      const runner = new RunnerClient({ warm: 0 });
      try {
        await runner.start({ module: new TextEncoder().encode('nope'), argv: ['x.wasm'] }).exited;
        return null;
      } catch (e) {
        return { name: (e as Error).name, code: (e as { code?: string }).code };
      } finally {
        runner.dispose();
      }
    });
    expect(err).toEqual({ name: 'WharfError', code: 'WASM_INVALID' });
  });
});
