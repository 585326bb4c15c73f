// A full store in both browsers, each at a 10 MiB limit of its own making: Chromium's DevTools
// quota override, Firefox's fixed storage limit (a fifth of 50 MiB per site). The user is told
// where they look, with the browser's figures. The two browsers differ after the refusal:
// Firefox frees the refused data at once (and refuses one of the next writes: the store retries),
// while Chromium keeps counting it (12 MB used, across reloads), so only Firefox is shown
// recovering here; and Chromium's estimate() does not report the DevTools override, while
// Firefox's reports its limit.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startApp, type AppServer } from '../support/browser.ts';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox.ts';
import { chromiumTab, firefoxTab, type Tab } from '../support/tab.ts';
import { recoverFromStorageFull, storageFull } from './flows.ts';

const LIMIT = 10 * 1024 * 1024;
/** The built site, for the flows a user goes through; the dev server, for its modules. */
let site: AppServer;
let server: AppServer;
let chromium: Browser | undefined;
let firefox: LaunchedFirefox | undefined;
let tab: Tab | undefined;
const big = join(mkdtempSync(join(tmpdir(), 'wharf-quota-e2e-')), 'noise.bin');

beforeAll(async () => {
  // Random bytes past the limit on their own: whichever write comes first, the project's autosave
  // or the image's layer, is refused, and so is the other.
  writeFileSync(big, randomBytes(11 * 1024 * 1024));
  site = await startApp('preview');
  server = await startApp('dev');
}, 180_000);
afterAll(async () => {
  await tab?.close().catch(() => {});
  await chromium?.close();
  await firefox?.browser.close();
  await server?.close();
  await site?.close();
});

describe('storage quota', () => {
  it('chromium: a full store is reported above the panels and in the Build log, with the figures', async () => {
    chromium ??= await launchChromium();
    tab = await chromiumTab(chromium, async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(site.url).origin, quotaSize: LIMIT });
    });
    await storageFull(tab, site.url, big);
    await tab.close();
    tab = undefined;
  });

  it('firefox: a full store is reported above the panels and in the Build log, and Run works once the large file is gone', async () => {
    firefox ??= await launchFirefox({ storageLimitMiB: (5 * LIMIT) / 1024 / 1024 });
    tab = await firefoxTab(firefox.browser);
    await storageFull(tab, site.url, big);
    expect(
      await tab.evaluate('navigator.storage.estimate().then((e) => e.quota)'),
      'the site limit Firefox reports',
    ).toBe(LIMIT);
    await recoverFromStorageFull(tab, big);
    await tab.close();
    tab = undefined;
  });

  it('firefox: writes after a refused one go through (Firefox refuses one of them)', async () => {
    firefox ??= await launchFirefox({ storageLimitMiB: (5 * LIMIT) / 1024 / 1024 });
    tab = await firefoxTab(firefox.browser);
    await tab.goto(new URL('bench/page.html', server.url).href);
    // A string, so Firefox resolves the imports (Vitest would rewrite import() in a function).
    const got = await tab.evaluate<{ refused: string; after: string[]; cached: unknown }>(`(async () => {
      const { openIdbStore } = await import('/src/store/index.ts');
      const { newProject } = await import('/src/ui/lib/new-project.ts');
      const store = await openIdbStore('after-quota');
      const big = new Uint8Array(${LIMIT} + (1 << 20));
      for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
      const code = (p) => p.then(() => 'ok', (e) => e.code + ': ' + e.message);
      const project = newProject({ name: 'big', files: [{ path: 'Dockerfile', data: 'FROM scratch\\n', mode: 0o644 }, { path: 'big.bin', data: big, mode: 0o644 }] });
      const refused = await code(store.saveProject(project, 0));
      const after = [];
      for (let i = 1; i <= 3; i++) after.push(await code(store.putCache('after', i)));
      return { refused, after, cached: await store.getCache('after') };
    })()`);
    expect(got.refused, 'saveProject(11 MiB, 0) at a 10 MiB limit').toMatch(/^STORE_QUOTA: /);
    expect(got.after, 'putCache() three times after it').toEqual(['ok', 'ok', 'ok']);
    expect(got.cached, 'getCache() after').toBe(3);
    await tab.close();
    tab = undefined;
  });
});
