// wasi:http components served by `wharf run`, hit as a user hits them (Node's fetch and curl):
// status, headers and body; a fresh instance per request (REQUEST_ID 0, 1, 2...); POST bodies;
// concurrent requests; a trap and a hang answered 500 and 504 while the server goes on; outgoing
// requests; the address from -p or from the image's Env; --timeout, Ctrl-C; a component Wharf
// cannot serve.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentCacheDir } from '../../src/cli/component-cache.ts';
import { ensureCommands } from '../support/system-tools.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '../..');
const component = (name: string): string => join(root, 'test/fixtures/components', `${name}.wasm`);

interface Server {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr(): string;
  stdout(): string;
  exited: Promise<number | null>;
}

/** Starts `wharf run ARGS` and waits for its "Serving HTTP on" line. */
async function serve(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, wharfArgs(['run', ...args]), { cwd: root });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const url = await new Promise<string>((ok, fail) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      const m = /Serving HTTP on (http:\/\/\S+?)\/\n/.exec(stderr);
      if (m) ok(m[1]!);
    });
    void exited.then((code) => fail(new Error(`wharf run exited ${code} before serving:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr, stdout: () => stdout, exited };
}

async function text(url: string, init?: RequestInit): Promise<string> {
  const r = await fetch(url, init);
  return `${r.status} ${await r.text()}`;
}

function curl(args: string[]): string {
  return execFileSync('curl', ['-sS', '--max-time', '20', ...args], { encoding: 'utf8' });
}

describe('wharf run of a wasi:http component (CLI)', () => {
  let server: Server;
  const upstream = createServer((req, res) => res.end(`upstream saw ${req.method} ${req.url}\n`));

  beforeAll(async () => {
    ensureCommands(['curl']);
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    server = await serve([
      '-p',
      '127.0.0.1::8080',
      '--request-timeout',
      '2',
      '-e',
      'GREETING=hi',
      component('http-handler'),
    ]);
  });

  afterAll(() => {
    server?.child.kill('SIGKILL');
    upstream.close();
  });

  it('a fresh instance per request: REQUEST_ID 0, 1, 2 and the run env, without the server settings', async () => {
    expect(server.url, 'the address printed').toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const id of [0, 1, 2]) {
      expect(await text(`${server.url}/env`), `GET /env #${id}`).toBe(`200 GREETING=hi\nREQUEST_ID=${id}\n`);
    }
    expect(server.stderr(), 'the request log').toMatch(/^#0 GET \/env 200 \d+\.\d ms\n#1 GET \/env 200 /m);
  });

  it('status, headers and body, to fetch and to curl', async () => {
    const r = await fetch(`${server.url}/`);
    expect([r.status, r.headers.get('content-type'), r.headers.get('x-handler'), await r.text()]).toEqual([
      200,
      'text/plain',
      'wharf-fixture',
      'hello from wasi:http\n',
    ]);
    const head = curl(['-i', `${server.url}/status/418`]);
    expect(head, 'curl -i /status/418').toMatch(/^HTTP\/1\.1 418 I'm a Teapot\r\ncontent-type: text\/plain\r\n/);
    expect(head.endsWith('\r\n\r\nstatus 418\n'), `curl -i /status/418 = ${JSON.stringify(head)}`).toBe(true);
    // A proxy-style request (absolute-form target): the handler sees the path and query.
    expect(curl(['-x', server.url, 'http://example.invalid/status/201?q']), 'curl -x').toBe('status 201\n');
  });

  it('POST bodies, from fetch and curl', async () => {
    expect(
      await text(`${server.url}/echo`, {
        method: 'POST',
        body: 'a posted body',
        headers: { 'content-type': 'text/x' },
      }),
    ).toBe('200 a posted body');
    const data = join(mkdtempSync(join(tmpdir(), 'wharf-http-')), 'data.bin');
    writeFileSync(data, Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256)));
    const echoed = execFileSync('curl', ['-sS', '--data-binary', `@${data}`, `${server.url}/echo`]);
    expect(Buffer.compare(echoed, readFileSync(data)), 'curl --data-binary 70 KB, echoed').toBe(0);
  });

  it('concurrent requests each get their own instance', async () => {
    const bodies = await Promise.all(Array.from({ length: 8 }, () => text(`${server.url}/env`)));
    const ids = bodies.map((b) => Number(/REQUEST_ID=(\d+)/.exec(b)?.[1])).sort((a, b) => a - b);
    expect(new Set(ids).size, `REQUEST_IDs of 8 concurrent requests: ${ids.join(',')}`).toBe(8);
    expect(
      bodies.every((b) => b.startsWith('200 GREETING=hi\n')),
      'all 200',
    ).toBe(true);
  });

  it('a trap is a 500 with its reason, and the server goes on', async () => {
    expect(await text(`${server.url}/trap`)).toBe('500 wasm trap: wasm `unreachable` instruction executed\n');
    expect(await text(`${server.url}/`), 'GET / after the trap').toBe('200 hello from wasi:http\n');
    expect(server.stderr(), 'logged with its reason').toMatch(
      /^#\d+ GET \/trap 500 \d+\.\d ms: wasm trap: wasm `unreachable` instruction executed$/m,
    );
  });

  it('a hung handler: answered meanwhile, 504 past the limit, then served again', async () => {
    const hung = text(`${server.url}/hang`);
    let hungDone = false;
    void hung.then(() => (hungDone = true));
    expect(await text(`${server.url}/`), 'GET / while /hang runs').toBe('200 hello from wasi:http\n');
    expect(hungDone, '/hang answered before GET /').toBe(false);
    expect(await hung).toBe(
      '504 the handler did not answer within 2 s (the per-request limit); its instance was stopped\n',
    );
    expect(await text(`${server.url}/`), 'GET / after the 504').toBe('200 hello from wasi:http\n');
  });

  it("malformed responses are 500s; the handler's stderr and stdout are ours", async () => {
    expect(await text(`${server.url}/bad-length`)).toBe('500 response body is 3 bytes, content-length says 10\n');
    expect(await text(`${server.url}/no-response`)).toBe(
      '500 the handler returned without setting a response (response-outparam.set)\n',
    );
    expect(await text(`${server.url}/log`)).toBe('200 logged\n');
    await expect.poll(() => server.stderr(), { message: 'stderr' }).toContain('handler stderr line\n');
    await expect.poll(() => server.stdout(), { message: 'stdout' }).toBe('handler stdout line\n');
  });

  it('outgoing requests go out through fetch', async () => {
    const port = (upstream.address() as AddressInfo).port;
    expect(
      await text(`${server.url}/fetch`, {
        headers: { 'x-fetch-authority': `127.0.0.1:${port}`, 'x-fetch-path': '/up?q=1' },
      }),
    ).toBe('200 upstream saw GET /up?q=1\n');
    // A port nothing listens on: the handler answers 502, and the log says why.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const shut = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await text(`${server.url}/fetch`, { headers: { 'x-fetch-authority': `127.0.0.1:${shut}` } })).toBe(
      '502 error-code 6\n',
    );
    await expect
      .poll(() => server.stderr(), { message: 'the request log' })
      .toMatch(
        new RegExp(
          `^#\\d+ GET /fetch 502 \\d+\\.\\d ms \\[outgoing GET http://127\\.0\\.0\\.1:${shut}/: connection-refused\\]$`,
          'm',
        ),
      );
  });

  it('Ctrl-C stops it: exit 130, nothing listens any more', async () => {
    const s = await serve(['-p', '127.0.0.1::8080', component('http-handler')]);
    expect(await text(`${s.url}/`), 'GET / before').toBe('200 hello from wasi:http\n');
    s.child.kill('SIGINT');
    expect(await s.exited, 'exit code').toBe(130);
    await expect(fetch(`${s.url}/`), 'GET / after').rejects.toThrow(/fetch failed/);
  });
});

describe('wharf run of a wasi:http image, bad servers (CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'wharf-http-image-'));

  it("an image: the address from its Env, kept from the guest's env with the backlog", async () => {
    const ctx = join(work, 'ctx');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'server.wasm'), readFileSync(component('http-handler')));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY server.wasm /server.wasm\n' +
        'ENV WASMTIME_HTTP_PROXY_SOCKET_ADDR=127.0.0.1:0 WASMTIME_HTTP_BACKLOG=16 GREETING=from-image\n' +
        'ENTRYPOINT ["/server.wasm"]\n',
    );
    const tar = join(work, 'server.tar');
    execFileSync(process.execPath, wharfArgs(['build', '-o', tar, ctx]), { cwd: root, stdio: 'pipe' });
    const s = await serve(['--timeout', '60', tar]);
    try {
      expect(await text(`${s.url}/env`)).toBe(
        '200 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nGREETING=from-image\nREQUEST_ID=0\n',
      );
    } finally {
      s.child.kill('SIGINT');
      await s.exited;
    }
  });

  it('--timeout stops a server whose handler never answers: exit 124, the request answered', async () => {
    const s = await serve(['-p', '127.0.0.1::8080', '--timeout', '3', component('http-handler')]);
    const hung = await text(`${s.url}/hang`);
    expect(hung, 'GET /hang').toBe('500 the server stopped before the handler answered\n');
    expect(await s.exited, 'exit code').toBe(124);
    expect(s.stderr(), 'stderr').toMatch(/wharf: timed out after 3 s\n/);
  });

  it('a component Wharf cannot serve: one clear line, exit 1, nothing listening, nothing half-stored', () => {
    const run = (name: string) =>
      spawnSync(process.execPath, wharfArgs(['run', '-p', '127.0.0.1::8080', component(name)]), {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(run('http-unsupported')).toMatchObject({
      status: 1,
      stderr: 'wharf run: http-unsupported.wasm: imports wasi:config/store, which Wharf does not provide\n',
    });
    expect(run('answer')).toMatchObject({
      status: 1,
      stderr:
        'wharf run: answer.wasm: a component that exports answer: Wharf runs components that export ' +
        'wasi:cli/run (commands) or wasi:http/incoming-handler (servers)\n',
    });
    const leftovers = existsSync(componentCacheDir)
      ? readdirSync(componentCacheDir).filter((n) => n.endsWith('.tmp'))
      : [];
    expect(leftovers, 'half-written cache entries').toEqual([]);
  });

  it('-v is refused for a server, and a -p for another port says which one it listens on', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, wharfArgs(['run', ...args, component('http-handler')]), {
        cwd: root,
        encoding: 'utf8',
      });
    expect(run(['-v', `${work}:/data`])).toMatchObject({
      status: 2,
      stderr: "wharf run: -v: a wasi:http server's handlers get no preopened directories (as runwasi gives none)\n",
    });
    expect(run(['-p', '127.0.0.1::9090'])).toMatchObject({
      status: 2,
      stderr:
        'wharf run: -p 127.0.0.1::9090: the server listens on port 8080 (WASMTIME_HTTP_PROXY_SOCKET_ADDR), not 9090\n',
    });
  });
});
