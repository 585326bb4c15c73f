// The Preview's two halves over real MessageChannels, as the service worker and the page hold
// them: which requests are a preview's, the owner found among the site's windows and asked for
// each response, what a Response can carry of the server's answer, and the 503 and 504 pages.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PreviewHost, type MessageSource } from '../../../src/worker/preview-host.ts';
import { PreviewRelay, toResponse, type RelayClient } from '../../../src/worker/preview-relay.ts';
import {
  PREVIEW_PROTOCOL_VERSION,
  isHostReply,
  isRelayMessage,
  previewPath,
} from '../../../src/worker/preview-protocol.ts';
import type { PreviewRequest, PreviewServer } from '../../../src/worker/preview-server.ts';

const BASE = 'https://wharf.test/app/';
const PREFIX = 'https://wharf.test/app/preview/';
const S = '0123456789abcdef';

/** A window of the site: a PreviewHost behind a fake navigator.serviceWorker. */
function windowWith(host: (source: MessageSource) => PreviewHost | undefined, id: string) {
  const listeners: Array<(e: MessageEvent) => void> = [];
  const source: MessageSource = { addEventListener: (_t, l) => listeners.push(l) };
  const h = host(source);
  const seen: unknown[] = [];
  const client: RelayClient = {
    id,
    postMessage(message, transfer) {
      seen.push(message);
      for (const l of listeners) l({ data: message, ports: transfer.slice(0, 1) } as unknown as MessageEvent);
    },
  };
  return { client, host: h, seen };
}

function server(answer: (r: PreviewRequest) => { status: number; headers?: [string, string][]; body?: string }) {
  const got: PreviewRequest[] = [];
  const s: PreviewServer = {
    async request(r) {
      got.push(r);
      const a = answer(r);
      return {
        status: a.status,
        headers: a.headers ?? [],
        body: new TextEncoder().encode(a.body ?? ''),
        entry: { method: r.method, path: r.path, status: a.status, ms: 1 },
      };
    },
    close: () => undefined,
  };
  return { s, got };
}

/** A request as a service worker sees it (Node's Request has no referrer or mode to set). */
function req(url: string, init: { method?: string; body?: string; referrer?: string; mode?: string } = {}): Request {
  const r = new Request(url, { method: init.method ?? 'GET', body: init.body, headers: { 'x-test': '1' } });
  return {
    url: r.url,
    method: r.method,
    headers: r.headers,
    referrer: init.referrer ?? '',
    mode: init.mode ?? 'cors',
    arrayBuffer: () => r.arrayBuffer(),
  } as unknown as Request;
}

describe('the preview protocol', () => {
  it('guards every message; previewPath reads a URL back', () => {
    const v = PREVIEW_PROTOCOL_VERSION;
    expect(isRelayMessage({ v, type: 'preview-claim', session: S })).toBe(true);
    expect(
      isRelayMessage({ v, type: 'preview-request', session: S, method: 'GET', path: '/', headers: [], body: null }),
    ).toBe(true);
    expect(
      isRelayMessage({ v, type: 'preview-request', session: S, method: 'GET', path: 'x', headers: [], body: null }),
      'a path not starting /',
    ).toBe(false);
    expect(isRelayMessage({ v: 2, type: 'preview-claim', session: S }), 'another version').toBe(false);
    expect(
      isHostReply({ v, type: 'preview-response', status: 200, headers: [['a', 'b']], body: new ArrayBuffer(1) }),
    ).toBe(true);
    expect(isHostReply({ v, type: 'preview-response', status: 200, headers: [['a']], body: new ArrayBuffer(1) })).toBe(
      false,
    );
    expect(isHostReply({ v, type: 'preview-owner', owns: 'yes' })).toBe(false);
    expect(previewPath(PREFIX, S, `${PREFIX}${S}/a/b?c=1#top`)).toBe('/a/b?c=1');
    expect(previewPath(PREFIX, S, `${PREFIX}${S}/`)).toBe('/');
    expect(previewPath(PREFIX, S, `${BASE}other`)).toBeUndefined();
  });
});

describe('PreviewRelay.target', () => {
  const relay = new PreviewRelay(PREFIX, { get: async () => undefined, windows: async () => [] });

  it("a preview URL's session and path; its root without the slash is redirected", () => {
    expect(relay.target(req(`${PREFIX}${S}/a/b?c=1`), '')).toEqual({ session: S, path: '/a/b?c=1' });
    expect(relay.target(req(`${PREFIX}${S}?q`), '')).toEqual({ redirect: `${PREFIX}${S}/?q` });
    expect(relay.target(req(`${PREFIX}nope/x`), ''), 'a malformed session').toEqual({
      session: '',
      path: '/app/preview/nope/x',
    });
  });

  it("another path of the site is the preview's when a preview's document asks for it; else not", () => {
    expect(relay.target(req(`${BASE}style.css`, { referrer: `${PREFIX}${S}/page` }), '')).toEqual({
      session: S,
      path: '/app/style.css',
    });
    expect(relay.target(req(`${BASE}assets/app.js`, { referrer: BASE }), ''), "the app's own request").toBeUndefined();
    expect(
      relay.target(req('https://elsewhere.test/x', { referrer: `${PREFIX}${S}/` }), ''),
      'another origin',
    ).toBeUndefined();
  });
});

describe('PreviewRelay.answer with PreviewHost', () => {
  it('finds the owner among the windows, passes the request, and answers with what a Response can carry', async () => {
    const { s, got } = server((r) =>
      r.path === '/gz'
        ? { status: 200, headers: [['content-encoding', 'gzip']], body: '' }
        : {
            status: 201,
            headers: [
              ['content-type', 'text/plain'],
              ['connection', 'close'],
              ['content-length', '999'],
              ['x-many', 'a'],
              ['x-many', 'b'],
            ],
            body: `you sent ${r.method} ${r.path}`,
          },
    );
    const other = windowWith((m) => new PreviewHost({ base: BASE, messages: m }), 'w1');
    const owner = windowWith((m) => {
      const h = new PreviewHost({ base: BASE, messages: m, session: S });
      h.serve(s);
      return h;
    }, 'w2');
    const windows = [other.client, owner.client];
    const relay = new PreviewRelay(PREFIX, {
      get: async (id) => windows.find((w) => w.id === id),
      windows: async () => windows,
    });
    const post = req(`${PREFIX}${S}/echo?x=1`, { method: 'POST', body: 'hello', mode: 'navigate' });
    const r = await relay.answer(post, relay.target(post, '')!, 'frame-1');
    expect([r.status, await r.text()], 'POST /echo?x=1').toEqual([201, 'you sent POST /echo?x=1']);
    expect([...r.headers], 'the headers a Response takes').toEqual([
      ['content-type', 'text/plain'],
      ['x-many', 'a, b'],
    ]);
    expect(new TextDecoder().decode(got[0]!.body), 'the body the server got').toBe('hello');
    expect([...(got[0]!.headers ?? [])], 'the headers it got').toContainEqual(['x-test', '1']);
    // The navigation's document is the preview's: its request for another path of the site too.
    expect(relay.target(req(`${BASE}logo.png`), 'frame-1')).toEqual({ session: S, path: '/app/logo.png' });

    // Remembered: the next request asks the owner alone.
    other.seen.length = 0;
    const head = req(`${PREFIX}${S}/`, { method: 'HEAD' });
    const h = await relay.answer(head, relay.target(head, '')!);
    expect([h.status, await h.text()], 'HEAD: no body').toEqual([201, '']);
    expect(other.seen, 'messages to the other window').toEqual([]);

    const gz = toResponse(
      {
        v: PREVIEW_PROTOCOL_VERSION,
        type: 'preview-response',
        status: 200,
        headers: [['content-encoding', 'gzip']],
        body: new Uint8Array(gzipSync('unzipped here')).buffer,
      },
      'GET',
    );
    expect([await gz.text(), gz.headers.get('content-encoding')], 'a gzip body, decoded').toEqual([
      'unzipped here',
      null,
    ]);
    const bad = toResponse(
      { v: PREVIEW_PROTOCOL_VERSION, type: 'preview-response', status: 99, headers: [], body: new ArrayBuffer(0) },
      'GET',
    );
    expect(bad.status, 'status 99').toBe(502);
  });

  it('503 pages: a session whose server ended, and one no window owns; a reloaded owner is looked for again', async () => {
    const ended = windowWith((m) => {
      const h = new PreviewHost({ base: BASE, messages: m, session: S });
      h.end('The program exited (Exited (137), stopped). Run it again in its Wharf tab.');
      return h;
    }, 'w1');
    let windows: RelayClient[] = [ended.client];
    const relay = new PreviewRelay(
      PREFIX,
      {
        get: async (id) => windows.find((w) => w.id === id),
        windows: async () => windows,
      },
      { claimMs: 200 },
    );
    const get = req(`${PREFIX}${S}/`);
    const stopped = await relay.answer(get, relay.target(get, '')!);
    expect(stopped.status).toBe(503);
    expect(await stopped.text()).toMatch(
      /<h1>503 Nothing is serving<\/h1>\n<p>The program exited \(Exited \(137\), stopped\)\. Run it again/,
    );

    // The same window reloaded: a new page with another session answers "not mine", then nobody claims it.
    const reloaded = windowWith((m) => new PreviewHost({ base: BASE, messages: m }), 'w1');
    windows = [reloaded.client];
    const gone = await relay.answer(get, relay.target(get, '')!);
    expect(gone.status).toBe(503);
    expect(await gone.text()).toMatch(
      /Nothing serves this preview.*The Wharf tab that ran its server was closed or reloaded/s,
    );
    expect(
      reloaded.seen.map((m) => (m as { type: string }).type),
      'what the reloaded page was asked',
    ).toEqual(['preview-request', 'preview-claim']);
  });
});
