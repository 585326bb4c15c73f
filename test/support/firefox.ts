// The second real browser: Debian's Firefox ESR driven headless by puppeteer-core over WebDriver
// BiDi (puppeteer-core never downloads a browser; it runs the system binary).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startApp, type AppServer } from './browser.ts';
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
 * its own; every tab a test opened is closed after it.
 */
export function useFirefoxApp(
  mode: 'dev' | 'preview' = 'dev',
  options: FirefoxOptions = {},
): {
  readonly server: AppServer;
  readonly firefox: LaunchedFirefox;
  tab(): Promise<Tab>;
} {
  const env: { server?: AppServer; firefox?: LaunchedFirefox } = {};
  const tabs: Tab[] = [];
  beforeAll(async () => {
    env.server = await startApp(mode);
    env.firefox = await launchFirefox(options);
  }, 180_000);
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
  });
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
