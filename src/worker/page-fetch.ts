// How the page fetches for a wasi:http server's handlers (the fetching side of their mailboxes,
// core's fetch-mailbox.ts): the page's own fetch, without the user's cookies or the HTTP cache
// (a handler's request is its own, as wasmtime sends it), redirects followed (a browser hides a
// redirect's response from the page: status 0, no headers), and failures told apart as far as a
// browser lets a page tell them: a cross-origin request that fails is most often a CORS refusal,
// and says so. Pure but for the fetch it is given: Node tests import it.
import type { FetchFailure, FetchHost, FetchRequest } from '../core/runtime/index.ts';

/** The browsers' one message for a failed fetch (Chromium, Firefox, Safari): no reason given. */
const OPAQUE_FAILURE = /^(Failed to fetch|NetworkError when attempting to fetch resource|Load failed)/;

type PageFetch = (url: string, init: RequestInit) => Promise<Response>;

export function pageFetchHost(o: { origin: string; maxBodyBytes: number; fetch?: PageFetch }): FetchHost {
  const f: PageFetch = o.fetch ?? ((url, init) => fetch(url, init));
  return {
    maxBodyBytes: o.maxBodyBytes,
    fetch: (url, init) =>
      f(url, {
        ...init,
        body: init.body as Uint8Array<ArrayBuffer> | undefined,
        redirect: 'follow',
        credentials: 'omit',
        cache: 'no-store',
      }),
    classify: (e, request) => pageFetchFailure(e, request, o.origin),
  };
}

/** What a rejected fetch of `request` from a page of `origin` says, as a failure. */
export function pageFetchFailure(e: unknown, request: FetchRequest, origin: string): FetchFailure {
  const said = e instanceof Error ? e.message : String(e);
  if (!(e instanceof TypeError)) return { kind: 'network', detail: said };
  // Any other TypeError is fetch refusing the request as built (a header, the URL).
  if (!OPAQUE_FAILURE.test(said)) return { kind: 'invalid-request', detail: said };
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { kind: 'invalid-request', detail: said };
  }
  if (url.origin === origin) return { kind: 'network', detail: `the browser could not fetch ${url.href} (${said})` };
  if (origin.startsWith('https:') && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      kind: 'network',
      detail: `a page served over https may not fetch ${url.origin} (mixed content): use https://`,
    };
  }
  return {
    kind: 'cors',
    detail:
      `the browser kept the response of ${url.origin} from this page (${origin}): that server must allow ` +
      `it with Access-Control-Allow-Origin (and answer the preflight of a request with other methods ` +
      `or headers), or it could not be reached at all; a browser does not tell a page which`,
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
}
