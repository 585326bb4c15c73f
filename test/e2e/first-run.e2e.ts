// First visit -> Run prints "Hello, Wasm!" and the status reads Exited (0); edits rebuild.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { openApp, openFile, replaceText, runAndWait } from './app.ts';

const app = useBrowserApp('preview');

describe('first run', () => {
  it('Run on the seed project prints Hello, Wasm! and Exited (0)', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    const out = await runAndWait(page);
    expect(out.output, 'Output after Run').toContain('Hello, Wasm!');
    expect(out.status, 'status after Run').toMatch(/Exited \(0\)/);
    await page.getByRole('tab', { name: 'Build log' }).click();
    const log = await page.getByRole('log', { name: 'Build log' }).textContent();
    expect(log, 'Build log after Run').toMatch(
      /RUN \$CC hello-world\.c -o hello-world\.wasm[\s\S]*naming to .*hello-world:latest/,
    );
    await context.close();
  });

  it('Ctrl+Enter runs too', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 })
      .toMatch(/Exited \(0\)/);
  });

  it('an edited Dockerfile is rebuilt by Run with the new result', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await runAndWait(page);
    await openFile(page, 'Dockerfile');
    // The same module, now under another name with an argument: the build must redo the COPY.
    await replaceText(
      page,
      'FROM wasi-sdk AS build\nCOPY hello-world.c .\nRUN $CC hello-world.c -o hello-world.wasm\n' +
        'FROM scratch\nCOPY --from=build /hello-world.wasm /bin/hi.wasm\nENV WHO=you\nENTRYPOINT ["/bin/hi.wasm"]\n',
    );
    await runAndWait(page);
    const images = page.getByRole('tab', { name: /Images/ });
    await images.click();
    await expect.poll(() => page.getByRole('region', { name: 'Images' }).textContent()).toMatch(/hello-world:latest/);
    await page.getByRole('button', { name: 'Inspect hello-world:latest' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Images' }).textContent(), { message: 'inspected config' })
      .toMatch(/\/bin\/hi\.wasm/);
  });
});
