// Embeds in Firefox ESR (see embed-flows.ts), which has no Document-Isolation-Policy: on a page
// with no headers `<wharf-embed>` runs in the degraded mode, which a raw <iframe> sandboxed as
// documented shares, and whose "Open in Wharf" opens the project in the playground; a cross-origin
// isolated page (COOP + COEP) lends the frame its isolation through allow="cross-origin-isolated".
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startApp, type AppServer } from '../support/browser.ts';
import { startEmbedHost, type EmbedHost } from '../support/embed-host.ts';
import { firefoxEmbedTab, type EmbedTab, type FirefoxEmbedOptions } from '../support/embed-tab.ts';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox.ts';
import { embedApi, embedOnHost } from './embed-flows.ts';

describe('firefox: embeds', () => {
  let firefox: LaunchedFirefox;
  let site: AppServer;
  let host: EmbedHost;
  const tabs: EmbedTab[] = [];
  const tab = async (o?: FirefoxEmbedOptions): Promise<EmbedTab> => {
    const t = await firefoxEmbedTab(firefox.browser, o);
    tabs.push(t);
    return t;
  };
  beforeAll(async () => {
    [firefox, site, host] = await Promise.all([launchFirefox(), startApp('preview'), startEmbedHost()]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(tabs.map((t) => t.close().catch(() => {})));
    await firefox?.browser.close();
    await Promise.all([site?.close(), host?.close()]);
  });

  it('firefox: <wharf-embed> on a page with no headers runs in the degraded mode', async () => {
    await embedOnHost(await tab(), host, { kind: 'element', wharf: site.url, isolated: false });
  });

  it('firefox: <wharf-embed> on a cross-origin isolated page (COOP + COEP, allow=) runs isolated', async () => {
    await embedOnHost(await tab({ scriptClicks: true }), host, {
      kind: 'isolated-element',
      wharf: site.url,
      isolated: true,
    });
  });

  it('firefox: an <iframe> sandboxed as documented runs in the degraded mode, and Open in Wharf opens the project', async () => {
    await embedOnHost(await tab(), host, {
      kind: 'sandboxed-frame',
      wharf: site.url,
      isolated: false,
      openInWharf: true,
    });
  });

  it('firefox: the postMessage API: get-files, set-theme, errors, run with no stdin, init', async () => {
    await embedApi(await tab(), host, site.url, false);
  });
});
