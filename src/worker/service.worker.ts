// The site's one service worker (built to service.worker.js by vite-plugin-pwa, which writes the
// build's own file list into self.__WB_MANIFEST). It serves the app shell from a precache
// (workbox-precaching), so a later visit opens with no network; it adds the cross-origin
// isolation headers to everything it answers, so the page is isolated on hosts that send none;
// and a new version waits until the page says the user took it (workbox-window's SKIP_WAITING).
// The toolchains are not precached: the page keeps them in Cache Storage itself
// (toolchain-loader.ts), and their requests, like every request no route takes, pass untouched.
import { setCacheNameDetails } from 'workbox-core';
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, Router, type Route } from 'workbox-routing';
import { withIsolation } from './isolation-headers.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

// Cache Storage names start `wharf-`, beside the toolchains' `wharf-toolchains`.
setCacheNameDetails({ prefix: 'wharf' });

/** The app shell: every file of the build but the toolchains (see vite.config.ts). */
const shell = new PrecacheController();
shell.precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

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
const ROUTES: Route[] = [
  // A file of the build, from the precache (`/` is index.html; `/name` may be `name.html`).
  new PrecacheRoute(shell, { directoryIndex: 'index.html', cleanURLs: true }),
  // The playground opened with a query string: still its one page.
  new NavigationRoute(shell.createHandlerBoundToURL('index.html'), { allowlist: [page(''), page('index.html')] }),
  // An embed's options are its query string (`/embed?view=output#p=…`).
  new NavigationRoute(shell.createHandlerBoundToURL('embed.html'), { allowlist: [page('embed'), page('embed.html')] }),
];

const router = new Router();
for (const route of ROUTES) router.registerRoute(route);

self.addEventListener('fetch', (event) => {
  const answer = router.handleRequest({ request: event.request, event });
  if (answer) event.respondWith(answer.then(withIsolation));
});

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
