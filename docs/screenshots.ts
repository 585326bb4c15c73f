// Takes the screenshots in docs/ with the real app in Debian's Chromium:
//   npx tsx docs/screenshots.ts
import { launchChromium, startApp } from '../test/support/browser.ts';
import { openApp, openFile, replaceText, runAndWait } from '../test/e2e/app.ts';
import type { Browser, Page } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
const server = await startApp('dev');
const browser = await launchChromium();

async function fresh(b: Browser, scheme: 'light' | 'dark', width = 1440, height = 880): Promise<Page> {
  const context = await b.newContext({
    colorScheme: scheme,
    viewport: { width, height },
    deviceScaleFactor: 1,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const { page } = await openApp(b, server.url, context);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: `${here}${name}.png` });
const example = async (page: Page, title: RegExp) => {
  await page.getByTitle('Projects and examples').click();
  await page.getByRole('dialog', { name: 'Projects' }).getByRole('button', { name: title }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).and(page.locator(':enabled')).waitFor();
};

try {
  {
    const page = await fresh(browser, 'light');
    await runAndWait(page);
    await shot(page, 'playground-light');
    await page.getByRole('tab', { name: 'Build log' }).click();
    await shot(page, 'build-log');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('textbox', { name: 'Share link' }).waitFor();
    await shot(page, 'share');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await openFile(page, 'hello-world.wasm');
    await shot(page, 'hex-view');
    await page.getByTitle('Projects and examples').click();
    await shot(page, 'projects-and-examples');
    await page.keyboard.press('Escape');
    await page.context().close();
  }
  {
    const page = await fresh(browser, 'dark');
    await example(page, /ANSI colours/);
    await runAndWait(page);
    await shot(page, 'playground-dark');
    await example(page, /CPU-bound/);
    await runAndWait(page);
    await page.getByRole('tab', { name: /Images/ }).click();
    await page.getByRole('button', { name: 'Inspect cpu-bound:latest' }).click();
    await shot(page, 'images-dark');
    await page.context().close();
  }
  {
    const page = await fresh(browser, 'light');
    await openFile(page, 'Dockerfile');
    await replaceText(
      page,
      'FROM scratch\nCOPY hello-world.wasm /hello-world.wasm\nFROBNICATE now\nENTRYPOINT ["/hello-world.wasm"]\n',
    );
    await page.getByRole('list', { name: 'Problems' }).waitFor();
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await page
      .getByRole('tablist', { name: 'Panels' })
      .getByRole('status')
      .filter({ hasText: 'Build failed' })
      .waitFor();
    await page.locator('.monaco-editor .view-line', { hasText: 'FROBNICATE' }).locator('span span').first().hover();
    await page
      .locator('.monaco-hover')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => {});
    await page.waitForTimeout(300);
    await shot(page, 'dockerfile-error');
    await page.context().close();
  }
  {
    // Run options with a picked file mounted at /mnt, read by the data-file example.
    const page = await fresh(browser, 'light');
    await example(page, /Files in the image/);
    await page.getByRole('tab', { name: 'Run options' }).click();
    const form = page.getByRole('form', { name: 'Run options' });
    await form.getByRole('textbox', { name: 'Mount at' }).fill('/mnt');
    await form.getByLabel('Mount files').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Mounted from the host,\nread by the module.\n'),
    });
    await form.getByRole('textbox', { name: /Arguments/ }).fill('/mnt/notes.txt');
    await form.getByRole('textbox', { name: /Arguments/ }).press('Tab');
    await runAndWait(page);
    await page.getByRole('tab', { name: 'Run options' }).click();
    await shot(page, 'run-options');
    await page.context().close();
  }
  {
    const page = await fresh(browser, 'light', 390, 844);
    await runAndWait(page);
    await page.screenshot({ path: `${here}narrow.png`, fullPage: true });
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}
