import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolation } from '../../../src/worker/isolation-headers.ts';

describe('withIsolation', () => {
  it('adds COOP and COEP and keeps the status, the other headers and the body', async () => {
    const r = withIsolation(
      new Response('<!doctype html>', { status: 203, statusText: 'Kept', headers: { 'Content-Type': 'text/html' } }),
    );
    expect(
      [r.status, r.statusText, r.headers.get('content-type'), await r.text()],
      'withIsolation(203 text/html) status, text, type, body',
    ).toEqual([203, 'Kept', 'text/html', '<!doctype html>']);
    expect(r.headers.get('cross-origin-opener-policy'), 'COOP').toBe('same-origin');
    expect(r.headers.get('cross-origin-embedder-policy'), 'COEP').toBe('require-corp');
    expect(r.headers.get('document-isolation-policy'), 'DIP').toBe('isolate-and-require-corp');
  });

  it('replaces weaker policies a host sent', () => {
    const r = withIsolation(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(r.headers.get('cross-origin-embedder-policy'), 'COEP over unsafe-none').toBe('require-corp');
  });

  it('isolates a page (COOP, COEP), a frame in any host (DIP), and lets isolated hosts frame the site (CORP)', () => {
    expect(ISOLATION_HEADERS).toEqual({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Document-Isolation-Policy': 'isolate-and-require-corp',
    });
  });

  it('passes an opaque response through as it is', () => {
    const opaque = Response.error();
    expect(withIsolation(opaque), 'withIsolation(Response.error())').toBe(opaque);
  });

  it('is what public/_headers sends, for hosts that read it', () => {
    const file = readFileSync(join(import.meta.dirname, '../../../public/_headers'), 'utf8');
    const sent = Object.fromEntries(
      [...file.matchAll(/^ {2}([A-Za-z-]+): (.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const),
    );
    expect(sent, 'public/_headers for /*').toEqual(ISOLATION_HEADERS);
  });
});
