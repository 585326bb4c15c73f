// The page's side of the site's service worker (service.worker.ts), through workbox-window:
// registers it; reloads once when it first controls a page that is not cross-origin isolated
// (a host that sends no COOP/COEP: only a page the worker controls gets its headers, so the
// first visit there needs one reload); and says when a new version of the site is installed and
// waiting, which takes over only when the user accepts. No reload ever happens before what
// waits to be saved is written.
import { Workbox } from 'workbox-window';

/** Where the build puts the worker, relative to the site's base URL. */
export const SERVICE_WORKER_PATH = 'service.worker.js';
/** Set for the tab's session once it reloaded to be isolated: never a second time. */
const ISOLATION_RELOADED = 'wharf-coi-reloaded';
/** A tab left open checks for a new deployment this often (browsers check on each visit). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export interface ServiceWorkerOptions {
  /** The site's base URL (the page's document.baseURI). */
  base: string;
  /** Writes what waits to be saved before a reload; when it rejects, the page is not reloaded. */
  beforeReload(): Promise<void>;
  /** A new version of the site is installed and waits for `acceptUpdate()`. */
  onUpdate(): void;
}

export interface SiteServiceWorker {
  /** Saves, then activates the waiting version and reloads into it; rejects (no reload) when saving fails. */
  acceptUpdate(): Promise<void>;
}

/** Registers the site's service worker; undefined where the browser has none (or the page is not secure). */
export function startServiceWorker(o: ServiceWorkerOptions): SiteServiceWorker | undefined {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return undefined;
  const container = navigator.serviceWorker;
  const wb = new Workbox(new URL(SERVICE_WORKER_PATH, o.base).href);
  let accepted = false;

  const reload = async (): Promise<void> => {
    await o.beforeReload();
    location.reload();
  };
  const isolate = (): void => {
    if (window.crossOriginIsolated || sessionStorage.getItem(ISOLATION_RELOADED)) return;
    sessionStorage.setItem(ISOLATION_RELOADED, '1');
    reload().catch((e: unknown) => console.warn('Wharf: not reloaded into a cross-origin isolated page:', e));
  };

  container.addEventListener('controllerchange', () => {
    // The version the user took is in control: load the page it serves.
    if (accepted) location.reload();
    else isolate();
  });
  wb.addEventListener('waiting', () => o.onUpdate());
  // At once, not at the page's load event (workbox-window's default): on a host without the
  // headers, the sooner the worker controls the page, the sooner its one reload.
  wb.register({ immediate: true }).then(
    () => {
      if (container.controller) isolate();
      setInterval(() => void wb.update().catch(() => {}), UPDATE_CHECK_MS);
    },
    (e: unknown) => console.warn('Wharf: no service worker, so no offline use and no keyboard input to programs:', e),
  );

  return {
    async acceptUpdate() {
      await o.beforeReload();
      const registration = await container.getRegistration(new URL('./', o.base).href);
      if (registration?.waiting) {
        accepted = true;
        wb.messageSkipWaiting();
      } else {
        // Another tab took the new version already: it serves this page's reload.
        location.reload();
      }
    },
  };
}

/**
 * Resolves once a service worker answers the Preview's URLs (`<base>preview/...`), or rejects
 * saying why there is none. The built site has registered its worker at start (this waits for it
 * to be active, which a first visit's may not be yet); the dev server's page registers the same
 * worker here, as Vite serves it (a module), scoped to `preview/` alone, so the rest of the dev
 * site stays as Vite serves it.
 */
export async function previewWorker(base: string): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    throw new Error(
      'this browser gives this page no service worker (a private window, or a page that is not served over HTTPS or from localhost)',
    );
  }
  const container = navigator.serviceWorker;
  if (import.meta.env.PROD) {
    await container.ready;
    return;
  }
  // The worker's source beside this module's, as the dev server serves both (a variable, so the
  // build does not take this for an asset to bundle).
  const here = import.meta.url;
  const registration = await container.register(new URL('./service.worker.ts', here).href, {
    type: 'module',
    scope: new URL('preview/', base).href,
  });
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker || worker.state === 'activated') return;
  await new Promise<void>((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      else if (worker.state === 'redundant') reject(new Error('the preview service worker failed to install'));
    });
  });
}
