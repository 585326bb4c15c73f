// The second real browser: Debian's Firefox ESR driven headless by puppeteer-core over WebDriver
// BiDi (puppeteer-core never downloads a browser; it runs the system binary).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type BrowserContext } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startApp, type AppServer } from './browser.ts';
import { FORGET_VISIT_SCRIPT } from './forget-visit.ts';
import { ensureCommands } from './system-tools.ts';
import { firefoxTab, type Tab } from './tab.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxOptions {
  /**
   * Firefox's whole temporary storage, in MiB. A site may use a fifth of it (10 MiB at least),
   * as `navigator.storage.estimate()` reports; unset, Firefox sizes it from the disk.
   */
  storageLimitMiB?: number;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** Where downloads land: Firefox saves them without asking. */
  downloads: string;
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<LaunchedFirefox> {
  ensureCommands(['firefox-esr']);
  const downloads = mkdtempSync(join(tmpdir(), 'wharf-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.manager.showWhenStarting': false,
      // A closed network: nothing to check for, nothing to report.
      'app.update.auto': false,
      'browser.ping-centre.telemetry': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      ...(options.storageLimitMiB !== undefined
        ? { 'dom.quotaManager.temporaryStorage.fixedLimit': options.storageLimitMiB * 1024 }
        : {}),
    },
  });
  return { browser, downloads };
}

/**
 * One Vite server and one Firefox for a test file, as useBrowserApp() gives Chromium: call at
 * the top level of the file, read the fields inside tests. `tab()` opens a tab in a profile of
 * its own; `keptTab()` one in the file's kept profile (a later visit's: see keptProfile);
 * every tab a test opened is closed after it.
 */
export function useFirefoxApp(
  mode: 'dev' | 'preview' = 'dev',
  options: FirefoxOptions = {},
): {
  readonly server: AppServer;
  readonly firefox: LaunchedFirefox;
  tab(): Promise<Tab>;
  keptTab(): Promise<Tab>;
} {
  const env: { server?: AppServer; firefox?: LaunchedFirefox; kept?: BrowserContext; used?: boolean } = {};
  const tabs: Tab[] = [];
  beforeAll(async () => {
    env.server = await startApp(mode);
    env.firefox = await launchFirefox(options);
  }, 180_000);
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
    if (!env.used || !env.kept || !env.server) return;
    env.used = false;
    await forgetVisit(env.kept, env.server.url);
  }, 60_000);
  afterAll(async () => {
    await env.firefox?.browser.close();
    await env.server?.close();
  });
  return {
    async tab() {
      if (!env.firefox) throw new Error('useFirefoxApp: Firefox is not launched yet (use it inside a test)');
      const t = await firefoxTab(env.firefox.browser);
      tabs.push(t);
      return t;
    },
    /**
     * A tab in the file's kept profile: Cache Storage (the toolchains) stays from one test to
     * the next; after each test its tabs are closed and its IndexedDB, localStorage and
     * sessionStorage emptied. For flows that are not about a first visit, which costs Firefox
     * the toolchains' download and caching again in every new profile.
     */
    async keptTab() {
      if (!env.firefox) throw new Error('useFirefoxApp: Firefox is not launched yet (use it inside a test)');
      env.kept ??= await env.firefox.browser.createBrowserContext();
      env.used = true;
      const t = await firefoxTab(env.firefox.browser, env.kept);
      tabs.push(t);
      return t;
    },
    get server() {
      if (!env.server) throw new Error('useFirefoxApp: the server is not started yet (use it inside a test)');
      return env.server;
    },
    get firefox() {
      if (!env.firefox) throw new Error('useFirefoxApp: Firefox is not launched yet (use it inside a test)');
      return env.firefox;
    },
  };
}

/** Empties the app's storage in `context` but Cache Storage, as a new user of the profile. */
async function forgetVisit(context: BrowserContext, url: string): Promise<void> {
  const page = await context.newPage();
  try {
    // Any document of the origin will do; this one is served in both modes and boots nothing (a
    // JSON file would open in Firefox's JSON viewer, whose page is not the origin's).
    await page.goto(new URL('icons/wharf.svg', url).href);
    await page.evaluate(FORGET_VISIT_SCRIPT);
  } finally {
    await page.close();
  }
}
