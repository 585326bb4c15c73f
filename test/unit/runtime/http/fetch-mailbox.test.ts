// The outgoing-request mailbox, both ends in one thread (the handler's end polled between turns
// of the event loop instead of blocking): head, streamed body and end; gzip decoded as fetch
// decodes it; request-options timeouts and the body size limit as failures; an abort.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetchFailure } from '../../../../src/cli/handler-threads.ts';
import {
  mailboxFetcher,
  openFetchMailbox,
  type FetchFunction,
  type FetchRequest,
  type FetchResult,
  type PendingFetch,
} from '../../../../src/core/runtime/http/index.ts';

const dec = new TextDecoder();
const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

async function settle<T>(f: () => T | undefined): Promise<T> {
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    await turn();
  }
}

/** The whole body as text, or the failure's kind. */
async function bodyText(r: FetchResult): Promise<string> {
  if (!r.ok) return `failed: ${r.failure.kind}`;
  let text = '';
  for (;;) {
    const chunk = await settle(() => {
      const c = r.body.tryRead(1 << 16);
      return c === null || c.byteLength > 0 ? c : undefined;
    });
    if (chunk === null) break;
    text += dec.decode(chunk);
  }
  const end = r.body.end();
  return end?.ok ? text : `${text}|failed: ${end?.failure.kind}`;
}

describe('fetch mailbox', () => {
  let server: Server;
  let base = '';
  const { port1, port2 } = new MessageChannel();
  const mailbox = openFetchMailbox(
    { handlerEnd: port2, listen: (f) => port1.on('message', f), close: () => port1.close() },
    { fetch: fetch as unknown as FetchFunction, classify: nodeFetchFailure, maxBodyBytes: 1000 },
  );
  const box = mailboxFetcher(mailbox.end);
  const start = (path: string, o: Partial<FetchRequest> = {}): PendingFetch =>
    box.start({ method: 'GET', url: `${base}${path}`, headers: [], ...o });
  /** Starts a request and waits for its head (or failure). */
  const head = (path: string, o: Partial<FetchRequest> = {}): Promise<FetchResult> => {
    const f = start(path, o);
    return settle(() => f.poll());
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/chunks') {
        res.write('one,');
        setTimeout(() => res.end('two'), 30);
      } else if (req.url === '/gzip') {
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync('unzipped'));
      } else if (req.url === '/slow-head') {
        setTimeout(() => res.end('late'), 2000);
      } else if (req.url === '/stall') {
        res.write('a');
        setTimeout(() => res.end('b'), 2000);
      } else if (req.url === '/big') {
        res.end('x'.repeat(5000));
      } else {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => res.end(`${req.method} ${req.url} ${req.headers['x-a'] ?? ''} ${body}`));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    mailbox.close();
    port2.close();
    server.close();
  });

  it('a request with method, headers and body; the head, then the body as it streams', async () => {
    const r = await head('/echo?q', { method: 'PUT', headers: [['x-a', 'b']], body: new TextEncoder().encode('sent') });
    expect(await bodyText(r)).toBe('PUT /echo?q b sent');
    const chunks = await head('/chunks');
    expect(chunks.ok && chunks.status, 'status').toBe(200);
    expect(await bodyText(chunks), '/chunks').toBe('one,two');
  });

  it('a gzip body comes decoded, without the headers that described the encoding', async () => {
    const r = await head('/gzip');
    expect(r.ok && r.headers.some(([n]) => n === 'content-encoding'), 'content-encoding kept').toBe(false);
    expect(await bodyText(r)).toBe('unzipped');
  });

  it('timeouts and the size limit are failures of their kind', async () => {
    expect((await head('/slow-head', { firstByteTimeoutMs: 100 })) as unknown).toMatchObject({
      ok: false,
      failure: { kind: 'first-byte-timeout' },
    });
    expect(await bodyText(await head('/stall', { betweenBytesTimeoutMs: 100 }))).toBe(
      'a|failed: between-bytes-timeout',
    );
    expect(await bodyText(await head('/big'))).toBe('|failed: too-large');
  });

  it('an abort stops the request; nothing arrives for it', async () => {
    const f = start('/slow-head');
    f.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(f.poll(), 'poll after abort').toBeUndefined();
  });
});
