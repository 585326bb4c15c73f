// Helpers for driving the playground in e2e tests: open it, wait for it, edit files in Monaco.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newPage } from '../support/browser.ts';

export async function openApp(
  browser: Browser,
  url: string,
  context?: BrowserContext,
): Promise<{ context: BrowserContext; page: Page }> {
  let page: Page;
  if (context) {
    page = await context.newPage();
    await page.goto(url);
  } else {
    ({ context, page } = await newPage(browser, url));
  }
  await page
    .getByRole('button', { name: 'Run', exact: true })
    .and(page.locator(':enabled'))
    .waitFor({ timeout: 60_000 });
  // With a cold dependency cache Vite reloads the page once it has seen the lazy imports
  // (Monaco); let that happen before a test starts typing.
  await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await page
    .getByRole('button', { name: 'Run', exact: true })
    .and(page.locator(':enabled'))
    .waitFor({ timeout: 60_000 });
  return { context, page };
}

/**
 * Brings the page's tab to the front, as a person does before acting in it: Chromium gives a tab
 * in the background no frames, and every click there waits ~2 s for the element to be stable.
 */
export async function inFront(page: Page): Promise<Page> {
  await page.bringToFront();
  return page;
}

export async function openFile(page: Page, path: string): Promise<void> {
  await inFront(page);
  await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: path, exact: true }).click();
}

/** Replace the open file's text in Monaco, as a person would (select all, type). */
export async function replaceText(page: Page, text: string): Promise<void> {
  await inFront(page);
  const editor = page.locator('.monaco-editor').first();
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // insertText avoids Monaco's auto-closing brackets and quotes doubling what we type.
  await page.keyboard.insertText(text);
}

export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Click Run and wait until the status says the program exited; returns the Output text and status. */
export async function runAndWait(page: Page, timeout = 60_000): Promise<{ output: string; status: string }> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
  await status.filter({ hasText: /Exited \(\d+\)|failed/ }).waitFor({ timeout });
  return {
    output: (await page.getByRole('log', { name: 'Output' }).textContent()) ?? '',
    status: (await status.textContent()) ?? '',
  };
}

/** A project as IndexedDB holds it, read straight from the database (text files only). */
export interface StoredView {
  id: string;
  name: string;
  rev: number | undefined;
  files: Record<string, string>;
  fileCount: number;
  updatedAt: number;
  /** The project's summary as stored beside it (what lists show). */
  summary: unknown;
}

/** Every project in the page's IndexedDB, read without the app (as another tab would). */
export async function storedProjects(page: Page): Promise<StoredView[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('wharf');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const tx = db.transaction(['projects', 'revisions', 'summaries']);
      const all = (type: 'projects' | 'revisions' | 'summaries', keys = false): Promise<unknown[]> =>
        new Promise((resolve, reject) => {
          const store = tx.objectStore(type);
          const req = keys ? store.getAllKeys() : store.getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => reject(req.error);
        });
      const [projects, revKeys, revs, sumKeys, sums] = await Promise.all([
        all('projects'),
        all('revisions', true),
        all('revisions'),
        all('summaries', true),
        all('summaries'),
      ]);
      const rev = new Map(revKeys.map((k, i) => [k as string, revs[i] as number]));
      const summary = new Map(sumKeys.map((k, i) => [k as string, sums[i]]));
      type Stored = { id: string; name: string; updatedAt: number; files: { path: string; data?: unknown }[] };
      return (projects as Stored[]).map((p) => ({
        id: p.id,
        name: p.name,
        rev: rev.get(p.id),
        files: Object.fromEntries(
          p.files.filter((f) => typeof f.data === 'string').map((f) => [f.path, f.data as string]),
        ),
        fileCount: p.files.length,
        updatedAt: p.updatedAt,
        summary: summary.get(p.id),
      }));
    } finally {
      db.close();
    }
  });
}

/** The names in the Files list, in order. */
export async function fileNames(page: Page): Promise<string[]> {
  return page
    .getByRole('navigation', { name: 'Files' })
    .getByRole('listitem')
    .evaluateAll((items) =>
      items.map((li) => li.querySelector('button.file, .entry')?.getAttribute('aria-label') ?? ''),
    );
}
