// The real browser for e2e tests and benchmarks: Debian's Chromium driven by playwright-core,
// with a Vite server for the app (dev) or the built site (preview).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { createServer, preview, type ViteDevServer, type PreviewServer } from 'vite';
import { FORGET_VISIT_SCRIPT } from './forget-visit.ts';
import { ensureCommands } from './system-tools.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The e2e run's one Vite dev server (test/e2e/setup.ts), shared by every file. */
    e2eAppUrl: string;
    /** The e2e run's one server of the built site (`vite preview` over dist/, built once). */
    e2eSiteUrl: string;
    /** The e2e run's one Chromium, as a Playwright browser server to connect to. */
    e2eChromium: string;
  }
}

/** What the e2e global setup provides, or undefined outside that run (benchmarks, other projects). */
function provided(key: 'e2eAppUrl' | 'e2eSiteUrl' | 'e2eChromium'): string | undefined {
  try {
    return inject(key) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Chromium for a test file: a connection to the e2e run's shared browser when there is one
 * (every context is still its own profile; closing the connection closes them), else a launch.
 */
export async function launchChromium(): Promise<Browser> {
  const ws = provided('e2eChromium');
  if (ws) return chromium.connect(ws);
  return chromium.launch(chromiumLaunchOptions());
}

/**
 * Chromium's own omnibox popup, a WebUI page: headless Chromium loads it in a renderer of its
 * own for every new window, ~1 s of CPU each, 40% of what opening the playground costs a test
 * (5.8 -> 3.6 core-seconds per new profile, measured on the built site).
 */
const BROWSER_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI'];

/**
 * Playwright's own --disable-features list (playwright-core's chromiumSwitches.ts): Chromium
 * reads the last --disable-features switch only, so ours repeats it.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

export function chromiumLaunchOptions(): Parameters<typeof chromium.launch>[0] & object {
  ensureCommands(['chromium']);
  return {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags Chromium keeps dialling hosts a closed network refuses.
    args: [
      `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES].join(',')}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  };
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serve the app with Vite's dev server (mode "dev") or the built site (mode "preview"). In the
 * e2e run both are the run's own servers, started once (closing them is the run's business):
 * "dev" also serves the sources, for pages that import core modules (modulePage); "preview"
 * serves the site as users get it, which a page opens several times faster (a few bundles, not
 * Monaco's thousand modules one by one).
 */
export async function startApp(mode: 'dev' | 'preview' = 'dev'): Promise<AppServer> {
  const shared = provided(mode === 'dev' ? 'e2eAppUrl' : 'e2eSiteUrl');
  if (shared) return { url: shared, close: async () => {} };
  return startOwnApp(mode);
}

/** A server of this process's own, whatever run it is in. */
export async function startOwnApp(mode: 'dev' | 'preview' = 'dev'): Promise<AppServer> {
  if (mode === 'preview') {
    const server: PreviewServer = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview gave no URL');
    return { url, close: () => server.close() };
  }
  const server: ViteDevServer = await createServer({
    server: { port: 0, host: '127.0.0.1' },
    // Bundle the dependencies afresh, as on a clean checkout: with last run's bundles a
    // dependency the start-up scan misses goes unnoticed here, and reloads pages mid-test there.
    optimizeDeps: { force: true },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite dev server gave no URL');
  return { url, close: () => server.close() };
}

/** A fresh context (own IndexedDB, clipboard allowed) and a page that reports its uncaught errors. */
export async function newPage(browser: Browser, url?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  if (url) await page.goto(url);
  return { context, page };
}

/** A fresh profile (clipboard allowed) whose pages report their uncaught errors. */
async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  context.on('page', (page) => page.on('pageerror', (e) => console.error('[page error]', e.message)));
  return context;
}

/**
 * One Vite server and one Chromium for a test file: call at the top level of the file, read
 * `.server` and `.browser` inside tests (they exist once beforeAll has run). `profile()` is the
 * file's kept profile: a later visit's, for flows that are not about a first visit.
 */
export function useBrowserApp(mode: 'dev' | 'preview' = 'dev'): {
  readonly server: AppServer;
  readonly browser: Browser;
  profile(): Promise<BrowserContext>;
} {
  const env: { server?: AppServer; browser?: Browser; profile?: BrowserContext; used?: boolean } = {};
  beforeAll(async () => {
    env.server = await startApp(mode);
    env.browser = await launchChromium();
  }, 180_000);
  afterEach(async () => {
    if (!env.used || !env.profile || !env.server) return;
    env.used = false;
    await forgetVisit(env.profile, env.server.url);
  }, 60_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  const self = {
    get server() {
      if (!env.server) throw new Error('useBrowserApp: the server is not started yet (use it inside a test)');
      return env.server;
    },
    get browser() {
      if (!env.browser) throw new Error('useBrowserApp: the browser is not launched yet (use it inside a test)');
      return env.browser;
    },
    /**
     * A profile that keeps what the site keeps across visits (Cache Storage: the toolchains,
     * compiled) from one test of the file to the next, and nothing else: after each test its
     * pages are closed and its IndexedDB, localStorage and sessionStorage are emptied. A first
     * visit costs a fresh profile several seconds of CPU (download, compile, caching); flows that
     * are not about a first visit need not pay it again and again. Do not close it.
     */
    async profile(): Promise<BrowserContext> {
      env.profile ??= await newContext(self.browser);
      env.used = true;
      return env.profile;
    },
  };
  return self;
}

/** Closes the profile's pages and empties the app's storage but Cache Storage, as a new user of it. */
async function forgetVisit(context: BrowserContext, url: string): Promise<void> {
  await Promise.all(context.pages().map((p) => p.close()));
  const page = await context.newPage();
  try {
    // Any document of the origin will do; this one is served in both modes and boots nothing.
    await page.goto(new URL('toolchains/manifest.json', url).href);
    await page.evaluate(FORGET_VISIT_SCRIPT);
  } finally {
    await page.close();
  }
}

/**
 * A page of the app's origin that does not boot the app, for tests that import core modules: in
 * `context` (a test's kept profile()) when given, else in a fresh profile.
 */
export async function modulePage(
  app: { readonly server: AppServer; readonly browser: Browser },
  context?: BrowserContext,
): Promise<Page> {
  const url = new URL('bench/page.html', app.server.url).href;
  if (!context) return (await newPage(app.browser, url)).page;
  const page = await context.newPage();
  await page.goto(url);
  return page;
}
