// Embeds in Chromium (see embed-flows.ts): `<wharf-embed>` on a page with no headers and on a
// cross-origin isolated page, a raw <iframe> with the documented sandbox, each isolated by the
// site's Document-Isolation-Policy; and on a Wharf whose host sends no headers at all (a plain
// static host: no Document-Isolation-Policy), the degraded mode and "Open in Wharf".
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, startApp, type AppServer } from '../support/browser.ts';
import { startEmbedHost, type EmbedHost } from '../support/embed-host.ts';
import { chromiumEmbedTab, type EmbedTab } from '../support/embed-tab.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import type { Browser } from 'playwright-core';
import { chromiumTab } from '../support/tab.ts';
import { embedApi, embedOnHost, shareEmbed } from './embed-flows.ts';

describe('chromium: embeds', () => {
  let browser: Browser;
  let site: AppServer;
  let plain: StaticServer;
  let host: EmbedHost;
  const tabs: EmbedTab[] = [];
  const tab = async (): Promise<EmbedTab> => {
    const t = await chromiumEmbedTab(browser);
    tabs.push(t);
    return t;
  };
  beforeAll(async () => {
    [browser, site, plain, host] = await Promise.all([
      launchChromium(),
      startApp('preview'),
      serveStatic(join(import.meta.dirname, '../../dist')),
      startEmbedHost(),
    ]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(tabs.map((t) => t.close().catch(() => {})));
    await browser?.close();
    await Promise.all([site?.close(), plain?.close(), host?.close()]);
  });

  it('chromium: <wharf-embed> on a page with no headers runs isolated (Document-Isolation-Policy)', async () => {
    await embedOnHost(await tab(), host, { kind: 'element', wharf: site.url, isolated: true });
  });

  it('chromium: <wharf-embed> on a cross-origin isolated page (COOP + COEP, allow=) runs isolated', async () => {
    await embedOnHost(await tab(), host, { kind: 'isolated-element', wharf: site.url, isolated: true });
  });

  it('chromium: an <iframe> sandboxed as documented runs isolated', async () => {
    await embedOnHost(await tab(), host, { kind: 'sandboxed-frame', wharf: site.url, isolated: true });
  });

  it('chromium: from a Wharf host that sends no headers, the degraded mode runs and Open in Wharf opens the project', async () => {
    await embedOnHost(await tab(), host, {
      kind: 'sandboxed-frame',
      wharf: plain.url,
      isolated: false,
      openInWharf: true,
    });
  });

  it('chromium: the postMessage API: get-files, set-theme, errors, run with keyboard input, stop, init', async () => {
    await embedApi(await tab(), host, site.url, true);
  });

  it('chromium: Share -> Embed gives both snippets, and each shows the project on another page', async () => {
    const playground = await chromiumTab(browser);
    try {
      await shareEmbed(playground, await tab(), host, site.url);
    } finally {
      await playground.close();
    }
  });
});
