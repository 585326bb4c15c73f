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
  });

  it('replaces weaker policies a host sent', () => {
    const r = withIsolation(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(r.headers.get('cross-origin-embedder-policy'), 'COEP over unsafe-none').toBe('require-corp');
  });

  it('names exactly the two headers isolation needs (no CORP, so other origins may embed the site)', () => {
    expect(Object.keys(ISOLATION_HEADERS).sort()).toEqual([
      'Cross-Origin-Embedder-Policy',
      'Cross-Origin-Opener-Policy',
    ]);
  });

  it('passes an opaque response through as it is', () => {
    const opaque = Response.error();
    expect(withIsolation(opaque), 'withIsolation(Response.error())').toBe(opaque);
  });
});
