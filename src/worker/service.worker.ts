// The site's one service worker (built to service.worker.js by vite-plugin-pwa, which writes the
// build's own file list into self.__WB_MANIFEST). It serves the app shell from a precache
// (workbox-precaching), so a later visit opens with no network; it adds the cross-origin
// isolation headers to everything it answers, so the page is isolated on hosts that send none;
// a new version waits until the page says the user took it (workbox-window's SKIP_WAITING); and
// it answers the Preview's requests (`preview/<session>/...`) by passing each to the page whose
// server the session is (preview-relay.ts). The toolchains are not precached: the page keeps them
// in Cache Storage itself (toolchain-loader.ts), and their requests, like every request no route
// takes, pass untouched. The dev server registers this same worker for the Preview alone, scoped
// to `preview/` and with no app shell to precache (service-worker-client.ts).
import { setCacheNameDetails } from 'workbox-core';
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, Router, type Route } from 'workbox-routing';
import { withIsolation } from './isolation-headers.ts';
import { PreviewRelay } from './preview-relay.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

// Cache Storage names start `wharf-`, beside the toolchains' `wharf-toolchains`.
setCacheNameDetails({ prefix: 'wharf' });

/** The app shell: every file of the build but the toolchains (see vite.config.ts); none on the
 *  dev server, which serves the worker as it is, with no file list written into it. */
const manifest = self.__WB_MANIFEST ?? [];
const shell = new PrecacheController();
shell.precache(manifest);
cleanupOutdatedCaches();

/** The Preview's base URL: `preview/` in the site, which is the dev server's whole scope. */
const scope = self.registration.scope;
const relay = new PreviewRelay(scope.endsWith('/preview/') ? scope : new URL('preview/', scope).href, {
  get: async (id) => (await self.clients.get(id)) ?? undefined,
  windows: () => self.clients.matchAll({ type: 'window', includeUncontrolled: true }),
});

/** The path of a page of the site, relative to where the site is served (the worker's scope). */
function page(path: string): RegExp {
  const base = new URL(self.registration.scope).pathname;
  const escaped = (base + path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(?:\\?.*)?$`);
}

/**
 * Every request the site answers itself, tried in order; the first route that matches answers,
 * and its answer gets the isolation headers. A request no route matches goes to the network as
 * if there were no service worker.
 */
const ROUTES: Route[] =
  manifest.length === 0
    ? []
    : [
        // A file of the build, from the precache (`/` is index.html; `/name` may be `name.html`).
        new PrecacheRoute(shell, { directoryIndex: 'index.html', cleanURLs: true }),
        // The playground opened with a query string: still its one page.
        new NavigationRoute(shell.createHandlerBoundToURL('index.html'), {
          allowlist: [page(''), page('index.html')],
        }),
        // An embed's options are its query string (`/embed?view=output#p=…`).
        new NavigationRoute(shell.createHandlerBoundToURL('embed.html'), {
          allowlist: [page('embed'), page('embed.html')],
        }),
      ];

const router = new Router();
for (const route of ROUTES) router.registerRoute(route);

self.addEventListener('fetch', (event) => {
  // The Preview's requests come before the routes, whatever their method (a workbox Route takes
  // one method; a preview's scripts may send any): a preview's page asking for `/index.html`
  // asks its own server, not the precache.
  const preview = relay.target(event.request, event.clientId);
  const answer = preview
    ? relay.answer(event.request, preview, event.resultingClientId)
    : router.handleRequest({ request: event.request, event });
  if (answer) event.respondWith(answer.then(withIsolation));
});

// The dev server's worker has no version to offer (no shell): an edited one takes over at once.
if (manifest.length === 0) self.addEventListener('install', () => void self.skipWaiting());

// A first visit's page is controlled at once: on a host without isolation headers it reloads
// into an isolated page, and its later visits open offline.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** What workbox-window's messageSkipWaiting() sends when the user takes the new version. */
function isSkipWaiting(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';
}

self.addEventListener('message', (event) => {
  if (isSkipWaiting(event.data)) void self.skipWaiting();
});
