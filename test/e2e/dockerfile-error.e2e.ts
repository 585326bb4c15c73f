// A Dockerfile error shows a marker at its line, and a failed build jumps there.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { openApp, openFile, replaceText } from './app.ts';

const app = useBrowserApp('preview');

describe('Dockerfile errors', () => {
  it('a syntax error is marked at its line while typing', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await openFile(page, 'Dockerfile');
    await replaceText(
      page,
      'FROM scratch\nCOPY hello-world.wasm /hello-world.wasm\nFROBNICATE now\nENTRYPOINT ["/hello-world.wasm"]\n',
    );
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/Dockerfile:3:/);
    await expect
      .poll(() => page.locator('.monaco-editor .squiggly-error').count(), { message: 'error squiggles' })
      .toBeGreaterThan(0);
    await context.close();
  });

  it('a build error (missing COPY source) fails the build with the line, and the editor jumps to it', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await openFile(page, 'Dockerfile');
    await replaceText(page, 'FROM scratch\n\nCOPY missing.wasm /missing.wasm\nENTRYPOINT ["/missing.wasm"]\n');
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 })
      .toMatch(/Build failed/);
    await expect
      .poll(() => page.getByRole('log', { name: 'Build log' }).textContent())
      .toMatch(/Dockerfile:3: .*missing\.wasm/);
    await expect
      .poll(() => page.locator('.monaco-editor .squiggly-error').count(), { message: 'marker for the failing line' })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.monaco-editor .line-numbers.active-line-number').first().textContent(), {
        message: 'cursor on line 3',
      })
      .toBe('3');
    await context.close();
  });

  it('an ENTRYPOINT that names no module fails the run with the reason in Output', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await openFile(page, 'Dockerfile');
    await replaceText(page, 'FROM scratch\nCOPY hello-world.c /hello-world.c\nENTRYPOINT ["/nope.wasm"]\n');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /failed|Exited/ }).waitFor({ timeout: 60_000 });
    expect(await status.textContent(), 'status').toMatch(/Run failed/);
    expect(await page.getByRole('log', { name: 'Output' }).textContent(), 'Output').toMatch(
      /\/nope\.wasm: no such file in the image/,
    );
    await context.close();
  });
});
