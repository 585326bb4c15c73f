// WASI 0.2 command components in Chromium (firefox-run.e2e.ts runs the same flow in Firefox): a
// component COPY'd into `FROM scratch` runs with interactive and piped stdin, and traps exit 137.
import { afterEach, describe, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { chromiumTab, type Tab } from '../support/tab.ts';
import { componentRuns } from './flows.ts';

const app = useBrowserApp('preview');
const tabs: Tab[] = [];
afterEach(async () => {
  await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
});

describe('components', () => {
  it('chromium: a command component runs: output, interactive and piped stdin, a trap exits 137', async () => {
    const t = await chromiumTab(app.browser);
    tabs.push(t);
    await componentRuns(t, app.server.url);
  });
});
