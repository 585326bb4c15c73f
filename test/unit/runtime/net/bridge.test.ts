// The socket bridge driven as the page will drive it: the C server fixture runs in a worker
// thread on the bridge's guest half, and this thread, the connection side, serves it virtual
// connections (VirtualNetwork) whose bytes are raw HTTP requests, reading the raw responses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInWorker, type NodeRunResult } from '../../../../src/cli/run-node.ts';
import { VirtualNetwork, wasm } from '../../../../src/core/runtime/index.ts';

const fixtures = join(import.meta.dirname, '../../../fixtures');
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Runs a fixture on a virtual network until `stop`; its output as text. */
async function start(name: string, args: string[]) {
  const net = new VirtualNetwork();
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  const listening = new Promise<number>((resolve) => (net.onlisten = (a) => resolve(a.port)));
  const run: Promise<NodeRunResult> = runInWorker({
    module: await wasm.compile(readFileSync(join(fixtures, `${name}.wasm`))),
    args: [name, ...args],
    env: [],
    root: null,
    stdout: (c) => out.push(text(c)),
    stderr: (c) => err.push(text(c)),
    net,
    stop: { signal: stop.signal, code: 137, reason: 'stopped' },
  });
  return { net, out, err, run, listening, stop: () => stop.abort() };
}

describe('the socket bridge over virtual connections', () => {
  it('the C server answers raw requests: a page, a 300 KB body through 64 KB rings, three at once, one that leaves', async () => {
    const s = await start('http-server', ['8080']);
    try {
      expect(await s.listening, 'the port the module listens on').toBe(8080);
      expect(s.net.ports()).toEqual([8080]);

      const page = text(await s.net.request(8080, new TextEncoder().encode('GET / HTTP/1.1\r\nHost: preview\r\n\r\n')));
      expect(page).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(page).toMatch(/<p>Visit number 1\.<\/p>/);

      const body = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
      let h = 2166136261;
      for (const b of body) h = Math.imul(h ^ b, 16777619) >>> 0;
      const head = `POST /echo HTTP/1.1\r\nContent-Length: ${body.byteLength}\r\n\r\n`;
      const c = s.net.open(8080);
      c.write(new TextEncoder().encode(head));
      for (let i = 0; i < body.byteLength; i += 50_000) c.write(body.subarray(i, i + 50_000));
      expect(text(await c.response())).toMatch(
        new RegExp(`\\r\\n\\r\\nreceived 300000 bytes, fnv1a ${h.toString(16).padStart(8, '0')}\\n$`),
      );

      const leaving = s.net.open(8080);
      leaving.write(new TextEncoder().encode('GET /hel'));
      leaving.abort();
      const three = await Promise.all(
        [1, 2, 3].map((i) => s.net.request(8080, new TextEncoder().encode(`GET /hello HTTP/1.${i % 2}\r\n\r\n`))),
      );
      expect(three.map((r) => text(r).split('\r\n\r\n')[1])).toEqual([
        'Hello, Wasm!\n',
        'Hello, Wasm!\n',
        'Hello, Wasm!\n',
      ]);
      await expect.poll(() => s.out.join('')).toMatch(/127\.0\.0\.1 left before its request was complete\n/);
      expect(s.out.join('').match(/ GET \/hello 200\n/g)).toHaveLength(3);
    } finally {
      s.stop();
      expect((await s.run).code).toBe(137);
    }
  });

  it('a connection out of the page fails as an unreachable network, said on stderr', async () => {
    const net = new VirtualNetwork();
    const err: string[] = [];
    const r = await runInWorker({
      module: await wasm.compile(readFileSync(join(fixtures, 'poll-server.wasm'))),
      args: ['poll-server', 'get', '93.184.216.34', '80', '/'],
      env: [],
      root: null,
      stdout: () => {},
      stderr: (c) => err.push(text(c)),
      net,
    });
    expect(r.code).toBe(1);
    expect(err.join('')).toBe(
      'wharf: sock_connect to 93.184.216.34:80: a browser page cannot open outgoing TCP connections\n' +
        'poll-server: connect: Network unreachable\n',
    );
  });
});
