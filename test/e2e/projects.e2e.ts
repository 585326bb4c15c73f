// Projects: the seed on first visit, autosave across reloads (a binary file too, run after it),
// binary files as hex, examples, rename.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { chromiumTab } from '../support/tab.ts';
import { binaryKeptAcrossReload } from './flows.ts';
import { editorText, openApp, openFile, replaceText } from './app.ts';

const app = useBrowserApp('preview');

describe('projects', () => {
  it('first visit opens the hello-world seed: its C source and the Dockerfile that compiles it', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    const files = page.getByRole('navigation', { name: 'Files' });
    for (const name of ['Dockerfile', 'hello-world.c']) {
      await expect
        .poll(() => files.getByRole('button', { name, exact: true }).count(), { message: `file ${name} in the tree` })
        .toBe(1);
    }
    await openFile(page, 'Dockerfile');
    await expect
      .poll(() => editorText(page))
      .toMatch(
        /FROM wasi-sdk AS build\s+COPY hello-world\.c \.\s+RUN \$CC hello-world\.c -o hello-world\.wasm\s+FROM scratch\s+COPY --from=build \/hello-world\.wasm \/hello-world\.wasm\s+ENTRYPOINT \["\/hello-world\.wasm"\]/,
      );
    await context.close();
  });

  it("the prebuilt-module example keeps the article's Dockerfile, its .wasm shown as hex", async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await page.getByTitle('Projects and examples').click();
    await page
      .getByRole('dialog', { name: 'Projects' })
      .getByRole('button', { name: /^Prebuilt module/ })
      .click();
    await openFile(page, 'Dockerfile');
    await expect
      .poll(() => editorText(page))
      .toMatch(/FROM scratch\s+COPY hello-world\.wasm \/hello-world\.wasm\s+ENTRYPOINT \["\/hello-world\.wasm"\]/);
    await openFile(page, 'hello-world.wasm');
    const hex = page.getByRole('region', { name: 'hello-world.wasm (binary)' });
    await expect
      .poll(() => hex.innerText(), { message: 'the .wasm shows as hex' })
      .toMatch(/00000000  00 61 73 6d 01 00 00 00/);
    await expect.poll(() => hex.innerText()).toMatch(/WebAssembly module/);
    await context.close();
  });

  it('keeps edits across a reload (autosave to IndexedDB)', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await openFile(page, 'hello-world.c');
    await replaceText(page, '// edited\nint main(void) { return 3; }\n');
    await expect.poll(() => editorText(page)).toMatch(/return 3/);
    await page.waitForTimeout(800); // autosave debounce
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await openFile(page, 'hello-world.c');
    await expect.poll(() => editorText(page), { message: 'hello-world.c after reload' }).toMatch(/\/\/ edited/);
    await context.close();
  });

  it('a binary file saved with the project is there after a reload and runs', async () => {
    const tab = await chromiumTab(app.browser);
    try {
      await binaryKeptAcrossReload(tab, app.server.url);
    } finally {
      await tab.close();
    }
  });

  it('opens an example as a new project, renames it, and lists both projects', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await page.getByTitle('Projects and examples').click();
    await page
      .getByRole('dialog', { name: 'Projects' })
      .getByRole('button', { name: /Standard input/ })
      .click();
    await expect
      .poll(() =>
        page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'upper.c', exact: true }).count(),
      )
      .toBe(1);
    await page.getByTitle('Projects and examples').dblclick();
    const name = page.getByRole('textbox', { name: 'Project name' });
    await name.fill('shouting');
    await name.press('Enter');
    await page.getByTitle('Projects and examples').click();
    const list = page.getByRole('dialog', { name: 'Projects' });
    await expect
      .poll(() => list.getByRole('button', { name: /^shouting/ }).count(), { message: 'renamed project listed' })
      .toBe(1);
    await expect
      .poll(() => list.getByRole('button', { name: /^hello-world/ }).count(), { message: 'seed still listed' })
      .toBe(1);
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await expect
      .poll(() => page.getByTitle('Projects and examples').innerText(), { message: 'last opened project after reload' })
      .toMatch(/shouting/);
    await context.close();
  });
});
