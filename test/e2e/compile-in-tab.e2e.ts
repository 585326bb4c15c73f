// Compile in the tab: the seed's hello-world.c is compiled by its Dockerfile's RUN step, so an
// edit and Run prints the edit; a compile error marks the C file's line; Stop ends a RUN that
// does not end; an unchanged rebuild after a reload serves RUN from the build cache.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { editorText, openApp, openFile, replaceText, runAndWait } from './app.ts';

const app = useBrowserApp('preview');

const status = (page: import('playwright-core').Page) =>
  page.getByRole('tablist', { name: 'Panels' }).getByRole('status');

describe('compiling in the tab', () => {
  it('an edit of hello-world.c and Run prints the edit', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    const first = await runAndWait(page, 180_000);
    expect(first.output, 'the seed').toContain('Hello, Wasm!');
    await openFile(page, 'hello-world.c');
    await replaceText(page, '#include <stdio.h>\n\nint main(void) {\n  puts("Hello from an edit!");\n  return 0;\n}\n');
    const second = await runAndWait(page, 120_000);
    expect(second.status).toMatch(/Exited \(0\)/);
    expect(second.output, 'Output after editing hello-world.c').toContain('Hello from an edit!');
    expect(second.output).not.toContain('Hello, Wasm!');
  });

  it("a compile error fails the build with clang's line intact, marks hello-world.c at it and jumps there", async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await openFile(page, 'hello-world.c');
    await replaceText(page, '#include <stdio.h>\n\nint main(void) {\n  puts("no semicolon")\n  return 0;\n}\n');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await status(page)
      .filter({ hasText: /Build failed/ })
      .waitFor({ timeout: 180_000 });
    const log = (await page.getByRole('log', { name: 'Build log' }).textContent()) ?? '';
    expect(log, 'Build log').toMatch(/hello-world\.c:4:23: error: expected ';' after expression/);
    expect(log, 'Build log').toMatch(
      /Dockerfile:3: process "\/bin\/sh -c \$CC hello-world\.c -o hello-world\.wasm" did not complete successfully: exit code: 1/,
    );
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect.poll(() => problems.textContent(), { message: 'Problems' }).toMatch(/hello-world\.c:4:23: error/);
    await expect.poll(() => editorText(page), { message: 'the editor shows hello-world.c' }).toMatch(/no semicolon/);
    await expect
      .poll(() => page.locator('.monaco-editor .squiggly-error').count(), { message: 'a marker in hello-world.c' })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.monaco-editor .line-numbers.active-line-number').first().textContent(), {
        message: 'cursor on line 4',
      })
      .toBe('4');
  });

  it('Stop ends a RUN step that never ends; the build stores nothing and the next one works', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await openFile(page, 'Dockerfile');
    await replaceText(page, 'FROM wasi-sdk\nRUN echo spinning; while true; do :; done\n');
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await expect
      .poll(() => page.getByRole('log', { name: 'Build log' }).textContent(), {
        timeout: 180_000,
        message: 'the RUN step started',
      })
      .toMatch(/spinning/);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await status(page)
      .filter({ hasText: /Build stopped/ })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: /Images/ }).click();
    const images = page.getByRole('region', { name: 'Images' });
    await expect.poll(() => images.textContent()).toMatch(/image/);
    expect(await images.textContent(), 'no image from the stopped build').not.toMatch(/hello-world:latest/);
    await openFile(page, 'Dockerfile');
    await replaceText(
      page,
      'FROM wasi-sdk AS build\nCOPY hello-world.c .\nRUN $CC hello-world.c -o hello-world.wasm\nFROM scratch\nCOPY --from=build /hello-world.wasm /h.wasm\nENTRYPOINT ["/h.wasm"]\n',
    );
    const after = await runAndWait(page, 180_000);
    expect(after.output, 'a build after Stop').toContain('Hello, Wasm!');
  });

  it('after a reload, an unchanged rebuild shows the RUN step CACHED (the build cache is in IndexedDB)', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await runAndWait(page, 180_000);
    await page.reload();
    await page.getByRole('button', { name: 'Build', exact: true }).and(page.locator(':enabled')).waitFor();
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await status(page).filter({ hasText: /Built/ }).waitFor({ timeout: 180_000 });
    const log = (await page.getByRole('log', { name: 'Build log' }).textContent()) ?? '';
    const id = /#(\d+) \[build 3\/3\] RUN \$CC hello-world\.c/.exec(log)?.[1];
    expect(id, `the RUN vertex in:\n${log}`).toBeDefined();
    expect(log, 'the RUN step after a reload').toMatch(new RegExp(`#${id} CACHED`));
  });
});
