// Cross-origin isolation (COOP + COEP): what makes `crossOriginIsolated` true, so a running
// program can block on keyboard input (SharedArrayBuffer + Atomics). One list for every place
// that sends it: the Vite dev and preview servers, and the site's service worker on hosts that
// send no headers of their own. Pure: Node tests import it as the page and the worker do.

/**
 * No Cross-Origin-Resource-Policy: the site's own pages and workers load same-origin files, which
 * never need one, and a page of another origin may embed the site's pages.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
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
