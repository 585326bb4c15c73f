// Cross-origin isolation: what makes `crossOriginIsolated` true, so a running program can block
// on keyboard input (SharedArrayBuffer + Atomics). One list for every place that sends it: the
// Vite dev and preview servers, `_headers` for hosts that read it, and the site's service
// worker on hosts that send no headers of their own. Pure: Node tests import it as the page and
// the worker do.

/**
 * COOP + COEP isolate a top-level page (the playground), and a frame whose host is itself
 * isolated and lets it (`allow="cross-origin-isolated"`). Document-Isolation-Policy isolates a
 * frame on its own, in a host that is not (the common case for an embed), where the browser has
 * it (Chromium 137 and later); other browsers ignore it. Cross-Origin-Resource-Policy
 * `cross-origin` lets an isolated host (COEP) load the site's pages in a frame and its `embed.js`;
 * the site serves nothing private.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};

/**
 * The response with the isolation headers added (the body is passed on, not read). An opaque
 * response (status 0) cannot be rebuilt, and is returned as it is.
 */
export function withIsolation(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
