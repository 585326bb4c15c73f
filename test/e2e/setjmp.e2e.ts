// setjmp/longjmp in the tab, in Chromium (firefox-run.e2e.ts runs the same flow in Firefox): built
// with -mllvm -wasm-enable-sjlj -lsetjmp, run with the engine's Wasm exception handling.
import { afterEach, describe, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { chromiumTab, type Tab } from '../support/tab.ts';
import { setjmpRuns } from './flows.ts';

const app = useBrowserApp('preview');
const tabs: Tab[] = [];
afterEach(async () => {
  await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
});

describe('setjmp', () => {
  it('chromium: setjmp/longjmp (Wasm exception handling) builds and runs; a stale longjmp traps', async () => {
    const t = await chromiumTab(app.browser);
    tabs.push(t);
    await setjmpRuns(t, app.server.url);
  });
});
