// A full disk, as Chromium's DevTools quota override makes one for this test's profile (1 MB;
// Chromium applies it to storage opened after it is set, while the DevTools session lasts): a save
// the browser refuses is said above the panels, the edit stays in the editor, nothing already
// stored changes, and the edit is saved once there is space. The browser is asked to keep the
// site's data once the user has saved work, and Images shows what images take of the quota.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import type { Page } from 'playwright-core';
import { editorText, fileNames, openApp, openFile, replaceText, storedProjects } from './app.ts';

const app = useBrowserApp('preview');
const SEED_C = readFileSync('public/examples/hello-world/hello-world.c', 'utf8');

/** Counts the page's calls of navigator.storage.persist() (the browser's answer is its own). */
const COUNT_PERSIST = `(() => {
  const storage = navigator.storage;
  const persist = storage.persist.bind(storage);
  window.wharfPersistCalls = 0;
  storage.persist = () => { window.wharfPersistCalls++; return persist(); };
})()`;

/** Size of a binary file of the stored seed project. */
async function storedBytes(page: Page, path: string): Promise<number | undefined> {
  return page.evaluate(async (path) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('wharf');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise<{ files: { path: string; data: unknown }[] }[]>((resolve, reject) => {
      const req = db.transaction('projects').objectStore('projects').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const data = all[0]?.files.find((f) => f.path === path)?.data;
    // A binary file's bytes are a Blob in the record (inline bytes in records of older releases).
    return data instanceof Blob ? data.size : data instanceof Uint8Array ? data.byteLength : undefined;
  }, path);
}

describe('storage limits', () => {
  it('a refused save: told above the panels, the edit kept, nothing stored lost, saved once there is space', async () => {
    const context = await app.browser.newContext();
    await context.addInitScript(COUNT_PERSIST);
    const devtools = await context.newCDPSession(await context.newPage());
    const origin = new URL(app.server.url).origin;
    await devtools.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1_000_000 });
    const { page } = await openApp(app.browser, app.server.url, context);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const persistCalls = (): Promise<number> =>
      page.evaluate(() => (window as unknown as { wharfPersistCalls: number }).wharfPersistCalls);
    const images = page.getByRole('region', { name: 'Images' });
    await page.getByRole('tab', { name: /Images/ }).click();
    await expect
      .poll(() => images.textContent(), { message: 'storage figures under Images' })
      .toMatch(/Images take [\d.]+ [kMG]?B\s+· [\d.]+ [kMG]?B of [\d.]+ [kMG]?B used/);
    expect(await persistCalls(), 'persist() calls before the user saved anything').toBe(0);

    const before = await storedProjects(page);
    expect(before.map((p) => p.name)).toEqual(['hello-world']);
    // A 2 MB data file does not fit in what is left of 1 MB.
    const noise = Buffer.alloc(2_000_000);
    for (let i = 0; i < noise.length; i += 4) noise.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
    await page.getByLabel('Import', { exact: true }).setInputFiles({
      name: 'noise.bin',
      mimeType: 'application/octet-stream',
      buffer: noise,
    });
    await page
      .getByRole('navigation', { name: 'Files' })
      .getByRole('button', { name: 'noise.bin', exact: true })
      .waitFor();
    await openFile(page, 'hello-world.c');
    await replaceText(page, SEED_C.replace('Hello, Wasm!', 'Hello, full disk'));
    const alert = page.locator('.notice[role="alert"]');
    await expect
      .poll(() => alert.textContent(), { message: 'the alert above the panels', timeout: 15_000 })
      .toMatch(
        /saving project "hello-world": the browser refused to store more data \(storage quota exceeded\); delete unused images \(Images > Prune\) or projects and try again\. Your edits stay here and are saved as soon as there is space\./,
      );
    expect(await page.locator('.save-error').textContent(), 'beside the project name').toMatch(/^Not saved: /);
    // The edit stays in the editor, and more edits can be made; the store holds what it held.
    await replaceText(page, SEED_C.replace('Hello, Wasm!', 'Hello, still full'));
    await page.waitForTimeout(2_500); // past the autosave pause and the first retry
    expect(await editorText(page), 'editor while the disk is full').toContain('Hello, still full');
    expect(await fileNames(page), 'files while the disk is full').toEqual(['Dockerfile', 'hello-world.c', 'noise.bin']);
    expect(await storedProjects(page), 'stored projects while the disk is full').toEqual(before);

    // Space again (the browser's own quota): a Prune says space may be free, and the edit is saved.
    await devtools.send('Storage.overrideQuotaForOrigin', { origin });
    await images.getByRole('button', { name: 'Prune' }).click();
    await expect
      .poll(async () => (await storedProjects(page))[0]?.files['hello-world.c'], { message: 'stored once saved' })
      .toContain('Hello, still full');
    expect(await storedBytes(page, 'noise.bin'), 'noise.bin stored').toBe(noise.length);
    await expect.poll(() => page.locator('.save-error').count(), { message: '"Not saved" once saved' }).toBe(0);
    expect(await page.locator('.notice').textContent()).toContain('Saved "hello-world".');
    expect(await persistCalls(), 'persist() calls after the first saved edit').toBe(1);
    await replaceText(page, SEED_C.replace('Hello, Wasm!', 'Hello again'));
    await expect
      .poll(async () => (await storedProjects(page))[0]?.files['hello-world.c'], { message: 'the next edit stored' })
      .toContain('Hello again');
    expect(await persistCalls(), 'persist() is asked once').toBe(1);
    expect(errors, 'page errors').toEqual([]);
    await context.close();
  });
});
