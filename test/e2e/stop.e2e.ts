// Stop ends a program that never exits (needs the runner Worker: a run in the page's thread
// cannot be interrupted).
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { openApp, replaceText } from './app.ts';

const app = useBrowserApp('preview');

describe('stop', () => {
  it('Stop ends an infinite loop', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await page.getByLabel('Import', { exact: true }).setInputFiles('test/fixtures/loop.wasm');
    await page
      .getByRole('navigation', { name: 'Files' })
      .getByRole('button', { name: 'Dockerfile', exact: true })
      .click();
    await replaceText(page, 'FROM scratch\nCOPY loop.wasm /loop.wasm\nENTRYPOINT ["/loop.wasm"]\n');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /Running/ }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await status.filter({ hasText: /Exited \(\d+\)/ }).waitFor({ timeout: 10_000 });
    expect(await status.textContent(), 'status after Stop').toMatch(/Exited \(137\), stopped/);
    await context.close();
  });
});
