// Interactive runs (docker run -i): keystrokes typed into the Output terminal reach the program's
// stdin line by line; Ctrl+D ends input; Ctrl+C stops the run.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserApp } from '../support/browser.ts';
import { openApp } from './app.ts';

const app = useBrowserApp('preview');

async function startInteractive(page: Page): Promise<void> {
  expect(await page.evaluate(() => crossOriginIsolated), 'the dev server serves the page cross-origin isolated').toBe(
    true,
  );
  await page.getByTitle('Projects and examples').click();
  await page
    .getByRole('dialog', { name: 'Projects' })
    .getByRole('button', { name: /^Standard input/ })
    .click();
  await page.getByRole('tab', { name: 'Run options' }).click();
  await page.getByRole('checkbox', { name: /Interactive/ }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByText(/Reading input: type here/).waitFor({ timeout: 60_000 });
}

describe('interactive stdin', () => {
  it('sends typed lines to the program and ends input on Ctrl+D', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await startInteractive(page);
    await page.keyboard.type('hello there');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    const output = page.getByRole('log', { name: 'Output' });
    await expect
      .poll(() => output.textContent(), { message: 'Output after one line' })
      .toMatch(/hello ther\nHELLO THER\n/);
    await page.keyboard.type('bye');
    await page.keyboard.press('Control+d');
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /Exited/ }).waitFor({ timeout: 10_000 });
    expect(await status.textContent(), 'status after Ctrl+D').toMatch(/Exited \(0\)/);
    expect(await output.textContent(), 'Output at the end').toMatch(/BYE\(14 bytes\)/);
  });

  it('Ctrl+C stops a program waiting for input', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await startInteractive(page);
    await page.keyboard.press('Control+c');
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /Exited/ }).waitFor({ timeout: 10_000 });
    expect(await status.textContent(), 'status after Ctrl+C').toMatch(/Exited \(137\), stopped/);
  });
});
