// The editor: Dockerfile completion of instructions and flags, hover docs, and languages by
// file type; project files can be added, renamed and deleted; projects duplicated and deleted.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { useBrowserApp } from '../support/browser.ts';
import { editorText, openApp, openFile, replaceText } from './app.ts';

const app = useBrowserApp('preview');

describe('editor', () => {
  it('completes Dockerfile instructions and COPY flags, and shows hover docs', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await openFile(page, 'Dockerfile');
    await replaceText(page, 'FROM scratch\n');
    await page.keyboard.type('ENTRYP');
    const suggest = page.locator('.monaco-editor .suggest-widget');
    await expect.poll(() => suggest.textContent(), { message: 'suggestions after "ENTRYP"' }).toMatch(/ENTRYPOINT/);
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(page)).toMatch(/ENTRYPOINT $/m);
    await page.keyboard.press('Enter');
    await page.keyboard.type('COPY --f');
    await expect.poll(() => suggest.textContent(), { message: 'suggestions after "COPY --f"' }).toMatch(/--from=/);
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-line', { hasText: 'FROM scratch' }).locator('span span').first().hover();
    await expect
      .poll(() => page.locator('.monaco-hover').first().textContent(), { message: 'hover over FROM' })
      .toMatch(/Starts a build stage/);
    await context.close();
  });

  it('adds, renames and deletes files; Rust and WAT files get their languages', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    const tree = page.getByRole('navigation', { name: 'Files' });
    await tree.getByRole('button', { name: 'New file' }).click();
    await page.getByRole('textbox', { name: 'New file name' }).fill('src/main.rs');
    await page.getByRole('textbox', { name: 'New file name' }).press('Enter');
    await replaceText(page, 'fn main() { println!("hi"); }\n');
    const lang = page.getByLabel('Language', { exact: true });
    await expect.poll(() => lang.textContent(), { message: 'language of src/main.rs' }).toBe('Rust');
    // Highlighted: the keyword "fn" is its own token, coloured apart from the identifiers.
    await expect
      .poll(() => page.locator('.monaco-editor .view-line span span', { hasText: /^fn$/ }).count(), {
        message: 'a token for fn',
      })
      .toBe(1);
    await tree.getByRole('button', { name: 'Rename src/main.rs' }).click();
    const rename = page.getByRole('textbox', { name: 'Rename src/main.rs' });
    await rename.fill('module.wat');
    await rename.press('Enter');
    await expect.poll(() => tree.getByRole('button', { name: 'module.wat', exact: true }).count()).toBe(1);
    await openFile(page, 'module.wat');
    await expect.poll(() => lang.textContent(), { message: 'language of module.wat' }).toBe('WebAssembly text');
    await tree.getByRole('button', { name: 'Delete module.wat' }).click();
    await expect.poll(() => tree.getByRole('button', { name: 'module.wat', exact: true }).count()).toBe(0);
    await context.close();
  });

  it('a .wasm dropped on the file list is added as a binary file', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    const bytes = [...readFileSync('test/fixtures/hello.wasm')];
    await page.evaluate((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'dropped.wasm', { type: 'application/wasm' }));
      const nav = document.querySelector('nav[aria-label="Files"]')!;
      nav.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      nav.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    const tree = page.getByRole('navigation', { name: 'Files' });
    await tree.getByRole('button', { name: 'dropped.wasm', exact: true }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: 'dropped.wasm (binary)' }).textContent(), {
        message: 'hex view of the dropped module',
      })
      .toMatch(new RegExp(`${bytes.length.toLocaleString('en')} bytes.*WebAssembly module`));
    await context.close();
  });

  it('duplicates and deletes projects', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    const menu = page.getByTitle('Projects and examples');
    await menu.click();
    await page.getByRole('dialog', { name: 'Projects' }).getByRole('button', { name: 'Duplicate' }).click();
    await expect.poll(() => menu.textContent()).toMatch(/hello-world copy/);
    await menu.click();
    const dialog = page.getByRole('dialog', { name: 'Projects' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Really delete' }).click();
    await expect
      .poll(() => menu.textContent(), { message: 'open project after deleting the copy' })
      .toMatch(/hello-world\s*$/);
    await menu.click();
    expect(
      await page.getByRole('dialog', { name: 'Projects' }).getByRole('list').first().getByRole('listitem').count(),
      'projects left',
    ).toBe(1);
    await context.close();
  });
});
