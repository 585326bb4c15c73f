// Socket programs through `wharf run`, as a user runs them, on loopback addresses only: the C
// server answers curl and Node's fetch, concurrent clients, a client that leaves mid-request,
// a 1 MB body and a crash mid-response; -p publishes its port (the image's EXPOSE is in
// `inspect`); what it sends before it sleeps goes out at once; its close is close(2) (a client
// still sending gets a reset); Ctrl-C and --timeout stop it; the non-blocking fixture serves several clients at
// once and connects out (non-blocking, blocking, by name).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_TIMEOUT, EXIT_TRAP } from '../../src/core/runtime/index.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '../..');
const fixture = (name: string): string => join(root, 'test/fixtures', `${name}.wasm`);
const curl = promisify(execFile);

interface Served {
  port: number;
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number>;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
});

/** Starts `wharf run ARGS` and waits until `ready` matches its stdout or stderr; the port it names. */
async function serve(args: string[], ready: RegExp): Promise<Served> {
  const proc = spawn(process.execPath, wharfArgs(['run', ...args]), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  let err = '';
  const exited = new Promise<number>((res) =>
    proc.on('close', (code) => {
      running.delete(proc);
      res(code ?? -1);
    }),
  );
  const port = await new Promise<number>((res, rej) => {
    const look = (): void => {
      const m = ready.exec(out) ?? ready.exec(err);
      if (m) res(Number(m[1]));
    };
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      look();
    });
    proc.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      look();
    });
    void exited.then((code) => rej(new Error(`wharf run ${args.join(' ')} exited ${code} first: ${out}${err}`)));
  });
  return { port, proc, stdout: () => out, stderr: () => err, exited };
}

const LISTENING = /listening on http:\/\/[^\s]*:(\d+)\//;

function fnv1a(bytes: Uint8Array): string {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Sends `head` on a raw connection and closes it without waiting for an answer. */
function leaveMidRequest(port: number, head: string): Promise<void> {
  return new Promise((res, rej) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(head, () => {
        s.destroy();
        res();
      });
    });
    s.on('error', rej);
  });
}

/** A raw exchange on one connection: sends `parts` with pauses between them, returns all that comes back. */
function exchange(port: number, parts: string[]): { send(i: number): void; response: Promise<string> } {
  const s = connect(port, '127.0.0.1');
  let got = '';
  const response = new Promise<string>((res, rej) => {
    s.on('data', (b) => (got += b.toString()));
    s.on('end', () => res(got));
    s.on('error', rej);
  });
  return { send: (i) => s.write(parts[i]!), response };
}

describe('the C HTTP server under wharf run', () => {
  it('answers curl and fetch; concurrent clients, one that leaves mid-request, a 1 MB body; Ctrl-C stops it', async () => {
    const s = await serve([fixture('http-server'), '0', '127.0.0.1'], LISTENING);
    const base = `http://127.0.0.1:${s.port}`;
    const { stdout: hello } = await curl('curl', ['-sS', '--max-time', '20', `${base}/hello`]);
    expect(hello, 'curl /hello').toBe('Hello, Wasm!\n');

    const page = await fetch(`${base}/`);
    expect([page.status, page.headers.get('content-type')], 'fetch /').toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toMatch(/<h1>Hello from a C server on WASI sockets<\/h1>\n<p>Visit number 1\.<\/p>/);

    await leaveMidRequest(s.port, 'GET /hello HTTP/1.1\r\nHost: x\r\n');
    const all = await Promise.all(Array.from({ length: 8 }, () => fetch(`${base}/`).then((r) => r.text())));
    const visits = all.map((t) => Number(/Visit number (\d+)/.exec(t)?.[1])).sort((a, b) => a - b);
    expect(visits, 'eight clients at once, served one after another').toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

    const body = new Uint8Array(1 << 20).map((_, i) => (i * 31 + (i >> 10)) & 0xff);
    const echo = await fetch(`${base}/echo`, { method: 'POST', body });
    expect(await echo.text(), 'a 1 MB body').toBe(`received 1048576 bytes, fnv1a ${fnv1a(body)}\n`);

    // The log line follows the response: wait for it.
    await expect.poll(() => s.stdout()).toMatch(/127\.0\.0\.1 POST \/echo 200\n$/);
    expect(s.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/\n127\.0\.0\.1 GET \/hello 200\n/);
    expect(s.stdout(), 'the client that left').toMatch(/127\.0\.0\.1 left before its request was complete\n/);

    // Bytes a module sends may wait for its next socket call or block (bridge-guest.ts): a sleep
    // is a block, so the first part is out while the server sleeps, not with the second.
    const chunks = await new Promise<string[]>((res, rej) => {
      const got: string[] = [];
      const c = connect(s.port, '127.0.0.1', () => c.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n'));
      c.on('data', (b) => got.push(b.toString()));
      c.on('end', () => res(got));
      c.on('error', rej);
    });
    expect(chunks.join(''), 'GET /slow').toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nfirst\nsecond\n$/);
    expect(chunks[0], 'what arrived first').toMatch(/\r\n\r\nfirst\n$/);

    // The module's close is close(2), not a half-close: a client that goes on sending after the
    // answer and the FIN gets a reset.
    const afterClose = await new Promise<string>((res) => {
      const c = connect({ port: s.port, host: '127.0.0.1', allowHalfOpen: true }, () =>
        c.write('GET /hello HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      const timer = setTimeout(() => res('no reset'), 5000);
      c.on('data', () => {});
      c.on('end', () => {
        c.write('more');
        setTimeout(() => c.write('more'), 100);
      });
      c.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        res(e.code ?? e.message);
      });
    });
    expect(afterClose, 'sending after the close').toMatch(/^(ECONNRESET|EPIPE)$/);

    s.proc.kill('SIGINT');
    expect(await s.exited, 'exit code after Ctrl-C').toBe(130);
    expect(s.stderr()).toBe('wharf: interrupted (Ctrl-C)\n');
    await expect(fetch(`${base}/hello`), 'the port after the run').rejects.toThrow();
  });

  it('a crash mid-response: the client gets what was sent, wharf says why and exits with the trap code', async () => {
    const s = await serve([fixture('http-server'), '0', '::1'], LISTENING);
    const r = spawnSync('curl', ['-sS', '-g', '--max-time', '20', `http://[::1]:${s.port}/crash`], {
      encoding: 'utf8',
    });
    expect(r.stdout, 'the body so far').toBe('the first half');
    expect(r.status, `curl's exit code (18: transfer closed early): ${r.stderr}`).toBe(18);
    expect(await s.exited, 'wharf run exit code').toBe(EXIT_TRAP);
    expect(s.stderr()).toBe('wharf: wasm trap: unreachable\n');
  });

  it('an image with EXPOSE 8080: inspect shows it, -p publishes it on a loopback port; --timeout ends a server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-sockets-'));
    copyFileSync(fixture('http-server'), join(dir, 'server.wasm'));
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY server.wasm /server.wasm\nEXPOSE 8080\nENTRYPOINT ["/server.wasm"]\n',
    );
    const tar = join(dir, 'server.tar');
    const wharf = (args: string[]) => spawnSync(process.execPath, wharfArgs(args), { cwd: root, encoding: 'utf8' });
    const b = wharf(['build', '-t', 'server', '-o', tar, dir]);
    expect(b.status, b.stderr).toBe(0);
    const inspected = JSON.parse(wharf(['inspect', tar]).stdout) as { config: { config: { ExposedPorts?: object } } };
    expect(inspected.config.config.ExposedPorts, 'config ExposedPorts').toEqual({ '8080/tcp': {} });

    const s = await serve(['-p', '127.0.0.1::8080', tar], /wharf: 8080\/tcp -> 127\.0\.0\.1:(\d+)\n/);
    await expect
      .poll(() => s.stdout(), { message: 'the module sees its own address' })
      .toBe('listening on http://0.0.0.0:8080/\n');
    const { stdout } = await curl('curl', ['-sS', '--max-time', '20', `http://127.0.0.1:${s.port}/hello`]);
    expect(stdout, 'through the published port').toBe('Hello, Wasm!\n');
    s.proc.kill('SIGINT');
    expect(await s.exited).toBe(130);
    expect(s.stderr()).toBe(`wharf: 8080/tcp -> 127.0.0.1:${s.port}\nwharf: interrupted (Ctrl-C)\n`);

    const limited = await serve(['--timeout', '2', fixture('http-server'), '0', '127.0.0.1'], LISTENING);
    expect(await limited.exited, 'exit code at the time limit').toBe(EXIT_TIMEOUT);
    expect(limited.stderr()).toBe('wharf: timed out after 2 s\n');
    await expect(fetch(`http://127.0.0.1:${limited.port}/`), 'the port after the time limit').rejects.toThrow();

    const bad = wharf(['run', '-p', '8080/udp', tar]);
    expect([bad.status, bad.stderr], '-p with udp').toEqual([
      2,
      'wharf run: -p "8080/udp": udp is not supported, only tcp (expected [IP:][HOSTPORT:]CONTAINERPORT)\n',
    ]);
  });
});

describe('non-blocking sockets and poll_oneoff under wharf run (poll-server)', () => {
  let http: Server;
  afterAll(() => http?.close());

  it('serves several clients at once; a big response goes out in pieces; an idle client gets 408', async () => {
    const s = await serve(
      ['-e', 'IDLE_MS=1500', fixture('poll-server'), 'serve', '0', '127.0.0.1'],
      /listening on port (\d+)/,
    );
    const a = exchange(s.port, ['GET /hel', 'lo HTTP/1.0\r\n\r\n']);
    const b = exchange(s.port, ['GET /hello HT', 'TP/1.0\r\n\r\n']);
    const c = exchange(s.port, ['GET /hello HTTP/1.0\r\n', '\r\n']);
    for (const x of [a, b, c]) x.send(0);
    await new Promise((r) => setTimeout(r, 300));
    c.send(1);
    const third = await c.response;
    expect(third, 'the last client answered first, while the other two wait').toMatch(
      /\r\n\r\nhello from poll\(\): connection \d, 3 open\n$/,
    );
    b.send(1);
    expect(await b.response).toMatch(/connection \d, 2 open\n$/);
    a.send(1);
    expect(await a.response).toMatch(/connection \d, 1 open\n$/);

    const big = await fetch(`http://127.0.0.1:${s.port}/bytes/2000000`);
    const bytes = new Uint8Array(await big.arrayBuffer());
    expect(bytes.byteLength).toBe(2_000_000);
    expect(
      bytes.every((v, i) => v === 97 + (i % 26)),
      '2 MB of the alphabet',
    ).toBe(true);

    const idle = exchange(s.port, []);
    expect(await idle.response, 'after IDLE_MS with no request').toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    s.proc.kill('SIGINT');
    expect(await s.exited).toBe(130);
  });

  it('connects out: non-blocking to 127.0.0.1, blocking to localhost (sock_getaddrinfo), refused', async () => {
    http = createServer((req, res) => res.end(`you asked for ${req.url}\n`));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const httpPort = (http.address() as { port: number }).port;
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((res) => {
        execFile(
          process.execPath,
          wharfArgs(['run', fixture('poll-server'), ...args]),
          { cwd: root },
          (e, stdout, stderr) => res({ code: e ? ((e as { code?: number }).code ?? -1) : 0, stdout, stderr }),
        );
      });
    const nb = await run(['get', '127.0.0.1', String(httpPort), '/non-blocking']);
    expect(nb.code, nb.stderr).toBe(0);
    expect(nb.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nyou asked for \/non-blocking\n$/);
    expect(nb.stderr).toMatch(
      new RegExp(`^connected from 127\\.0\\.0\\.1 port \\d+\\nconnected to 127\\.0\\.0\\.1 port ${httpPort}\\n$`),
    );

    const named = await run(['get', 'localhost', String(httpPort), '/blocking', 'blocking']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/you asked for \/blocking\n$/);
    expect(named.stderr).toMatch(/^localhost is 127\.0\.0\.1\n/);

    const closed = await new Promise<number>((r) => {
      const t = createServer();
      t.listen(0, '127.0.0.1', () => {
        const p = (t.address() as { port: number }).port;
        t.close(() => r(p));
      });
    });
    const refused = await run(['get', '127.0.0.1', String(closed), '/']);
    expect([refused.code, refused.stderr]).toEqual([1, 'poll-server: connect: Connection refused\n']);
  });
});
