// The built site served the ways people serve it, in Chromium and Firefox: `npm run preview`
// (Vite's preview server: COOP/COEP headers, and `Content-Encoding: gzip` for the toolchains'
// `.gz` files, which the browser then inflates), and a plain static host with no special
// headers that also sends `.gz` files with `Content-Encoding: gzip` (the service worker makes
// the page cross-origin isolated after one reload). The seed runs, an edit compiles, and once
// the server is gone a later visit opens from the service worker's precache and compiles with
// clang from Cache Storage; the site can be installed; a toolchain the host refuses is named in
// the build log with its URL and status.
//
// No network is a server that is gone: each test has servers of its own and stops them. That
// cuts the page, its Workers and its service worker alike in both browsers, where the drivers'
// offline switches (Playwright's per context, WebDriver BiDi's per browsing context) are each
// the browser's own emulation, with its own reach.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { chromiumTab, firefoxTab, waitUntil, type Tab } from '../support/tab.ts';
import { BUILD_LOG, EDIT, openFile, openPlayground, replaceText, runAndWait, waitForStatus } from './flows.ts';
import { installable, laterVisitOffline, offlineReady } from './service-worker.ts';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');

/** `npm run preview` on a free port, as a person starts it; resolves once it answers. */
async function npmPreview(): Promise<{ url: string; child: ChildProcess }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const child = spawn(
    'npm',
    ['run', '-s', 'preview', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: root,
      stdio: 'pipe',
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntil(
    `npm run preview answering at ${url} (its output: ${output})`,
    async () => (await fetch(url)).ok,
    Boolean,
    60_000,
  );
  return { url, child };
}

describe('the built site', () => {
  let chromium: Browser;
  let firefox: LaunchedFirefox;
  const tabs: Tab[] = [];
  const servers: { close(): Promise<void> }[] = [];
  const tab = async (which: 'chromium' | 'firefox'): Promise<Tab> => {
    const t = which === 'chromium' ? await chromiumTab(chromium) : await firefoxTab(firefox.browser);
    tabs.push(t);
    return t;
  };
  /** The plain host over dist/, the run's own build (test/e2e/setup.ts), stopped after the test. */
  const plainHost = async (): Promise<StaticServer> => {
    const s = await serveStatic(dist);
    servers.push(s);
    return s;
  };
  const preview = async (): Promise<{ url: string; close(): Promise<void> }> => {
    const p = await npmPreview();
    const s = { url: p.url, close: async () => stop(p.child) };
    servers.push(s);
    return s;
  };

  beforeAll(async () => {
    [chromium, firefox] = await Promise.all([launchChromium(), launchFirefox()]);
  }, 300_000);
  afterAll(async () => {
    await chromium?.close();
    await firefox?.browser.close();
  });
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  for (const browser of ['chromium', 'firefox'] as const) {
    it(`${browser}: under npm run preview the seed runs, an edit compiles, the site installs, and a later visit runs the edit offline`, async () => {
      const site = await preview();
      const t = await tab(browser);
      await openPlayground(t, site.url);
      expect(await t.evaluate('crossOriginIsolated'), 'the page is cross-origin isolated').toBe(true);
      const seed = await runAndWait(t, 180_000);
      expect(seed.output, `Output of the seed; build log: ${await t.text(BUILD_LOG)}`).toContain('Hello, Wasm!');
      await openFile(t, EDIT.file);
      await replaceText(t, EDIT.text);
      const edit = await runAndWait(t, 120_000);
      expect(edit.output, 'Output after the edit').toMatch(EDIT.prints);
      await installable(t);

      await offlineReady(t);
      await site.close();
      await laterVisitOffline(t, site.url, 'runs the last edit');
    });

    it(`${browser}: on a plain static host the service worker isolates the page, the seed runs, and a later visit compiles offline`, async () => {
      const site = await plainHost();
      const t = await tab(browser);
      await t.goto(site.url);
      await waitUntil(
        `${browser}: crossOriginIsolated through the service worker`,
        () => t.evaluate<boolean>('crossOriginIsolated'),
        Boolean,
        60_000,
      );
      await openPlayground(t, t.url());
      const { output, status } = await runAndWait(t, 180_000);
      expect(output, `Output of the seed; build log: ${await t.text(BUILD_LOG)}`).toContain('Hello, Wasm!');
      expect(status).toMatch(/Exited \(0\)/);

      await offlineReady(t);
      await site.close();
      await laterVisitOffline(t, site.url, 'compiles an edit');
    });
  }

  it('chromium: a toolchain file the host refuses is named in the build log with its URL and HTTP status', async () => {
    const site = await plainHost();
    site.toolchains = 'forbid';
    const t = await tab('chromium');
    await t.goto(site.url);
    await waitUntil('crossOriginIsolated', () => t.evaluate<boolean>('crossOriginIsolated'), Boolean, 60_000);
    await openPlayground(t, t.url());
    await t.click({ label: 'Run' });
    await waitForStatus(t, /failed/, 120_000);
    const log = await t.text(BUILD_LOG);
    expect(log, 'Build log').toMatch(/toolchains\/yowasp-clang@[^ ]+\.gz: HTTP 403 Forbidden/);
    expect(log.match(/ERROR: /g)?.length, `ERROR lines, once at the step and once at the end: ${log}`).toBe(2);
    expect(site.refused.length, 'toolchain requests the host refused').toBeGreaterThan(0);
  });
});

/** Ends `npm run preview` and the server it started (its process group), and waits for it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid);
  await exited;
}
