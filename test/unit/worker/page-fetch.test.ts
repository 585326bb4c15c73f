// How the page fetches for handlers: the init it gives fetch (no cookies, no HTTP cache,
// redirects followed), and what its failures say: a cross-origin failure as a CORS refusal,
// a same-origin one as a network failure, mixed content, a request fetch refuses as built.
import { describe, expect, it } from 'vitest';
import { errorCodeOf, describeErrorCode, type FetchRequest } from '../../../src/core/runtime/index.ts';
import { pageFetchFailure, pageFetchHost } from '../../../src/worker/page-fetch.ts';

const get = (url: string): FetchRequest => ({ method: 'GET', url, headers: [] });
const page = 'https://wharf.example';

describe('page fetch', () => {
  it('fetches without cookies or the HTTP cache, following redirects', async () => {
    const calls: Array<[string, RequestInit]> = [];
    const host = pageFetchHost({
      origin: page,
      maxBodyBytes: 10,
      fetch: (url, init) => {
        calls.push([url, init]);
        return Promise.resolve(new Response('ok'));
      },
    });
    const signal = new AbortController().signal;
    await host.fetch('https://api.example/x', { method: 'PUT', headers: [['x-a', 'b']], redirect: 'manual', signal });
    expect(calls).toEqual([
      [
        'https://api.example/x',
        {
          method: 'PUT',
          headers: [['x-a', 'b']],
          body: undefined,
          redirect: 'follow',
          credentials: 'omit',
          cache: 'no-store',
          signal,
        },
      ],
    ]);
    expect(host.maxBodyBytes, 'maxBodyBytes').toBe(10);
  });

  it("a cross-origin failure reads as a CORS refusal, in Chromium's and Firefox's words", () => {
    for (const said of ['Failed to fetch', 'NetworkError when attempting to fetch resource.']) {
      const f = pageFetchFailure(new TypeError(said), get('https://api.example/data?q=1'), page);
      expect(f.kind, `kind for "${said}"`).toBe('cors');
      expect(describeErrorCode(errorCodeOf(f))).toBe(
        'internal-error (CORS: the browser kept the response of https://api.example from this page ' +
          '(https://wharf.example): that server must allow it with Access-Control-Allow-Origin (and answer ' +
          'the preflight of a request with other methods or headers), or it could not be reached at all; ' +
          'a browser does not tell a page which)',
      );
    }
  });

  it('same origin, mixed content, a request fetch refuses, anything else', () => {
    const fail = new TypeError('Failed to fetch');
    expect(pageFetchFailure(fail, get('https://wharf.example/api'), page)).toEqual({
      kind: 'network',
      detail: 'the browser could not fetch https://wharf.example/api (Failed to fetch)',
    });
    expect(pageFetchFailure(fail, get('http://api.example/'), page)).toEqual({
      kind: 'network',
      detail: 'a page served over https may not fetch http://api.example (mixed content): use https://',
    });
    expect(pageFetchFailure(fail, get('http://127.0.0.1:9000/'), page).kind, 'http loopback from https').toBe('cors');
    const built = new TypeError("Failed to execute 'fetch' on 'Window': Invalid name");
    expect(pageFetchFailure(built, get('https://api.example/'), page)).toEqual({
      kind: 'invalid-request',
      detail: "Failed to execute 'fetch' on 'Window': Invalid name",
    });
    expect(pageFetchFailure(new Error('odd'), get('https://api.example/'), page)).toEqual({
      kind: 'network',
      detail: 'odd',
    });
  });
});
