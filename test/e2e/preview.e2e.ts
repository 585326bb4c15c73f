// The Preview pane in Chromium: a wasi:http component served from the built site (the same flow
// runs in Firefox in firefox-run.e2e.ts; the gallery's C server in examples.e2e.ts), and the
// service worker the dev server registers for the Preview alone, on a page of the dev server.
import { describe, expect, it } from 'vitest';
import { startApp, useBrowserApp } from '../support/browser.ts';
import { pageTab } from '../support/tab.ts';
import { previewComponent } from './flows.ts';

const app = useBrowserApp('preview');

describe('the Preview pane', () => {
  it('a wasi:http component answers in the Preview: pages, a POST, stderr, a trap 500, Stop', async () => {
    await previewComponent(pageTab(await (await app.profile()).newPage()), app.server.url);
  });

  it('on the dev server, the same service worker serves the Preview (scoped to preview/): GET, POST, a 503 after the end', async () => {
    const dev = await startApp('dev');
    const page = await (await app.profile()).newPage();
    await page.goto(new URL('bench/page.html', dev.url).href);
    const got = await page.evaluate(`(async () => {
      const { previewWorker } = await import('/src/worker/service-worker-client.ts');
      const { PreviewHost } = await import('/src/worker/preview-host.ts');
      await previewWorker(document.baseURI);
      const host = new PreviewHost({ base: document.baseURI, messages: navigator.serviceWorker });
      const enc = new TextEncoder();
      host.serve({
        async request(r) {
          const body = r.body ? new TextDecoder().decode(r.body) : '';
          return {
            status: 200,
            headers: [['content-type', 'text/plain']],
            body: enc.encode('dev ' + r.method + ' ' + r.path + (body ? ' ' + body : '')),
            entry: { method: r.method, path: r.path, status: 200, ms: 0 },
          };
        },
        close() {},
      });
      const frame = document.createElement('iframe');
      const loaded = new Promise((r) => (frame.onload = r));
      frame.src = host.url('/a?b=1');
      document.body.append(frame);
      await loaded;
      const w = frame.contentWindow;
      const posted = await (await w.fetch('x', { method: 'POST', body: 'hi' })).text();
      host.end('ended by the test');
      const r = await w.fetch('y');
      return { scope: (await navigator.serviceWorker.getRegistration(host.prefix)).scope, prefix: host.prefix,
        first: frame.contentDocument.body.innerText, posted, ended: r.status + ' ' + (await r.text()) };
    })()`);
    const g = got as { scope: string; prefix: string; first: string; posted: string; ended: string };
    expect(g.scope, "the dev server's worker's scope").toBe(g.prefix);
    expect(g.first, 'GET /a?b=1 in the frame').toBe('dev GET /a?b=1');
    expect(g.posted, 'POST from the frame').toBe('dev POST /x hi');
    expect(g.ended, 'after the end').toMatch(
      /^503 <!doctype html>[^]*<h1>503 Nothing is serving<\/h1>\n<p>ended by the test<\/p>/,
    );
  });
});
