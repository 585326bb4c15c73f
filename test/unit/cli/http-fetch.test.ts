// The CLI's registry fetch over node:http, against a real local HTTP server: what goes on the
// wire (lengths, no compression asked for), what comes back (status, headers, streamed body),
// redirects left to the client, connections reused, and failures shaped as fetch shapes them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../../../src/cli/http-fetch.ts';
import { RegistryClient } from '../../../src/core/registry/index.ts';
import { freePort } from '../../support/registry.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const sockets = new Set<Socket>();
const BIG = 8 << 20;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url === '/redirect') {
        res.writeHead(307, { Location: '/elsewhere' }).end();
      } else if (req.url === '/big') {
        res.writeHead(200, { 'Content-Length': String(BIG) });
        // Sent in pieces, so a reader sees it arrive in several chunks.
        let sent = 0;
        const more = () => {
          while (sent < BIG) {
            sent += 1 << 20;
            if (!res.write(Buffer.alloc(1 << 20, 7))) return void res.once('drain', more);
          }
          res.end();
        };
        more();
      } else if (req.url === '/stall') {
        res.writeHead(200, { 'Content-Length': '1000' });
        res.write('partial');
      } else {
        res.setHeader('Docker-Content-Digest', 'sha256:abc');
        res.setHeader('X-Twice', ['a', 'b']);
        const answer = `you sent ${chunks.reduce((n, c) => n + c.length, 0)} bytes`;
        res.writeHead(req.method === 'POST' ? 202 : 200, {
          'Content-Type': 'text/plain',
          'Content-Length': String(answer.length),
        });
        res.end(req.method === 'HEAD' ? undefined : answer);
      }
    });
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const text = async (res: { arrayBuffer(): Promise<ArrayBuffer> }) => Buffer.from(await res.arrayBuffer()).toString();

describe('httpFetch', () => {
  it('sends the body with its length, asks for no compression, and reads status, headers and body', async () => {
    const body = new Uint8Array(100_000).fill(3);
    const res = await httpFetch(`${base}/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
      redirect: 'manual',
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('docker-content-digest')).toBe('sha256:abc');
    expect(res.headers.get('Content-Type')).toBe('text/plain');
    expect(res.headers.get('x-twice')).toBe('a, b');
    expect(res.headers.get('location')).toBeNull();
    expect(await text(res)).toBe('you sent 100000 bytes');
    const got = seen.at(-1)!;
    expect(got.headers['content-length']).toBe('100000');
    expect(got.headers['transfer-encoding']).toBeUndefined();
    expect(got.headers['accept-encoding']).toBeUndefined();
    expect(got.body.equals(Buffer.from(body))).toBe(true);
  });

  it('a PUT without a body says Content-Length: 0; a GET says nothing', async () => {
    await text(await httpFetch(`${base}/close`, { method: 'PUT', headers: {}, redirect: 'manual' }));
    expect(seen.at(-1)!.headers['content-length']).toBe('0');
    await text(await httpFetch(`${base}/get`, { method: 'GET', headers: {}, redirect: 'manual' }));
    expect(seen.at(-1)!.headers['content-length']).toBeUndefined();
  });

  it('streams a body through its reader, in several chunks', async () => {
    const res = await httpFetch(`${base}/big`, { method: 'GET', headers: {}, redirect: 'manual' });
    const reader = res.body!.getReader();
    let total = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value!.length;
      chunks++;
    }
    expect(total).toBe(BIG);
    expect(chunks).toBeGreaterThan(1);
    expect(() => res.body!.getReader()).toThrow(/read already/);
  });

  it('leaves redirects to the client: a 307 comes back as it is', async () => {
    const res = await httpFetch(`${base}/redirect`, { method: 'GET', headers: {}, redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/elsewhere');
    await res.body!.cancel();
    expect(seen.some((s) => s.url === '/elsewhere')).toBe(false);
  });

  it('keeps one connection for HEADs, bodies read to the end and bodies dropped unread', async () => {
    const before = sockets.size;
    for (let i = 0; i < 5; i++) {
      await text(await httpFetch(`${base}/read`, { method: 'GET', headers: {}, redirect: 'manual' }));
      const reader = (
        await httpFetch(`${base}/read`, { method: 'GET', headers: {}, redirect: 'manual' })
      ).body!.getReader();
      while (!(await reader.read()).done);
      const head = await httpFetch(`${base}/head`, { method: 'HEAD', headers: {}, redirect: 'manual' });
      expect(head.status).toBe(200);
      expect(head.body).toBeNull();
      const get = await httpFetch(`${base}/small`, { method: 'GET', headers: {}, redirect: 'manual' });
      await get.body!.cancel();
    }
    expect(sockets.size - before).toBeLessThanOrEqual(1);
  });

  it('a refused connection fails as fetch fails: a TypeError whose cause names ECONNREFUSED', async () => {
    const port = await freePort();
    const err = await httpFetch(`http://127.0.0.1:${port}/v2/`, {
      method: 'GET',
      headers: {},
      redirect: 'manual',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    // ...which the registry client turns into its one-line message.
    const client = new RegistryClient(`127.0.0.1:${port}`, { fetch: httpFetch });
    await expect(client.request({ method: 'GET', url: '/v2/', scopes: [] })).rejects.toThrow(
      `cannot reach registry 127.0.0.1:${port} at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });

  it('an abort ends a body that is still arriving', async () => {
    const abort = new AbortController();
    const res = await httpFetch(`${base}/stall`, {
      method: 'GET',
      headers: {},
      redirect: 'manual',
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('partial');
    const next = reader.read();
    abort.abort();
    await expect(next).rejects.toThrow();
  });
});
