// A reload while the store is writing leaves the last complete state: an image is stored whole
// (its ref, manifest, config and every layer) or not at all, and a project with the revision its
// save gave it or as it was before. The page is reloaded the moment the write's IndexedDB
// transaction opens, with a 48 MB layer (or project) in it; and once with that transaction held
// open (a commit that takes as long as the test likes), so the reload surely lands inside it. A
// project's summary (what lists show) is written in its save's transaction: it matches always.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { openApp, openFile, replaceText, storedProjects } from './app.ts';

const app = useBrowserApp('preview');
const BIG = 48 * 1024 * 1024;
const DOCKERFILE = 'FROM scratch\nCOPY big.bin /big.bin\n';

/**
 * Says on the console when the page opens a readwrite transaction, naming its stores; when
 * `window.wharfHoldOpen` names them, keeps that transaction busy with reads so it never commits.
 */
const WATCH_WRITES = `(() => {
  const open = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
    const tx = open.call(this, names, mode, ...rest);
    if (mode === 'readwrite') {
      const list = typeof names === 'string' ? [names] : [...names];
      const stores = list.sort().join(',');
      console.log('wharf-test: readwrite ' + stores);
      if (window.wharfHoldOpen === stores) {
        const busy = () => { tx.objectStore(list[0]).count().onsuccess = busy; };
        busy();
      }
    }
    return tx;
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    console.log('wharf-test: put ' + this.name);
    return put.apply(this, args);
  };
})()`;

/**
 * Picks a file of `size` random bytes in the Import field as a person's file dialog would, the
 * bytes made in the page: setInputFiles sends a file from the test to a connected browser as
 * base64 in one message, ~6 s for 48 MB.
 */
async function pickRandomFile(page: Page, name: string, size: number): Promise<void> {
  await page.getByLabel('Import', { exact: true }).evaluate(
    (input: HTMLInputElement, [name, size]) => {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const picked = new DataTransfer();
      picked.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      input.files = picked.files;
      // The events a browser fires when a file is picked (as setInputFiles fires them).
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [name, size] as const,
  );
}

async function appWithBigFile(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext();
  await context.addInitScript(WATCH_WRITES);
  const { page } = await openApp(app.browser, app.server.url, context);
  await pickRandomFile(page, 'big.bin', BIG);
  await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'big.bin', exact: true }).waitFor();
  await openFile(page, 'Dockerfile');
  await replaceText(page, DOCKERFILE);
  await expect
    .poll(async () => (await storedProjects(page))[0]?.files.Dockerfile, {
      message: 'the project saved',
      timeout: 30_000,
    })
    .toBe(DOCKERFILE);
  return { context, page };
}

/** Reload `delay` ms after a readwrite transaction over `stores` opens, after `action`. */
async function reloadDuring(page: Page, stores: string, action: () => Promise<void>, delay = 0): Promise<void> {
  const opened = page.waitForEvent('console', {
    predicate: (m) => m.text() === `wharf-test: readwrite ${stores}`,
    timeout: 60_000,
  });
  await action();
  await opened;
  if (delay > 0) await page.waitForTimeout(delay);
  await page.reload();
  await page.getByRole('button', { name: 'Run', exact: true }).and(page.locator(':enabled')).waitFor();
}

interface ImageState {
  refs: string[];
  /** Problems: a ref whose manifest, config or layer is missing. */
  missing: string[];
  /** Whether a blob of the big file's size (its layer) is stored. */
  bigLayer: boolean;
}

async function images(page: Page): Promise<ImageState> {
  return page.evaluate(async (size) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('wharf');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const get = <T>(store: string, all: boolean, key?: string): Promise<T> =>
      new Promise((resolve, reject) => {
        const s = db.transaction(store).objectStore(store);
        const req = all ? s.getAll() : s.get(key!);
        req.onsuccess = () => resolve(req.result as T);
        req.onerror = () => reject(req.error);
      });
    const refs = await get<{ ref: string; manifest: string; config: string }[]>('refs', true);
    const blobs = await get<Blob[]>('blobs', true);
    const missing: string[] = [];
    for (const r of refs) {
      const manifest = await get<Blob | undefined>('blobs', false, r.manifest);
      if (!manifest) {
        missing.push(`${r.ref}: manifest`);
        continue;
      }
      const m = JSON.parse(await manifest.text()) as { config: { digest: string }; layers: { digest: string }[] };
      for (const d of [m.config.digest, ...m.layers.map((l) => l.digest)]) {
        if (!(await get<Blob | undefined>('blobs', false, d))) missing.push(`${r.ref}: ${d}`);
      }
    }
    db.close();
    // The layer is a tar of the file: its size plus headers and padding.
    return {
      refs: refs.map((r) => r.ref),
      missing,
      bigLayer: blobs.some((b) => b.size > size && b.size < size + 8192),
    };
  }, BIG);
}

describe('a reload while the store writes', () => {
  for (const delay of [0, 40]) {
    it(`during a big build's commit (reload ${delay} ms into it): the whole image or none of it`, async () => {
      const { context, page } = await appWithBigFile();
      await reloadDuring(
        page,
        'blobs,refs',
        () => page.getByRole('button', { name: 'Build', exact: true }).click(),
        delay,
      );
      const after = await images(page);
      console.info(`reload ${delay} ms into the commit: ${after.refs.length > 0 ? 'whole image' : 'no image'}`);
      expect(after.missing, 'parts missing from stored images').toEqual([]);
      expect(after.bigLayer, `the big layer is stored exactly when its image is (refs: ${after.refs.join(', ')})`).toBe(
        after.refs.some((r) => r.includes('hello-world')),
      );
      // An uninterrupted build stores it whole.
      await page.getByRole('button', { name: 'Build', exact: true }).click();
      await page
        .getByRole('tablist', { name: 'Panels' })
        .getByRole('status')
        .filter({ hasText: /^Built / })
        .waitFor();
      const built = await images(page);
      expect(built.missing).toEqual([]);
      expect(built.bigLayer, 'the big layer after a full build').toBe(true);
      await context.close();
    });
  }

  it("while a big build's commit is still open: none of the image", async () => {
    const { context, page } = await appWithBigFile();
    await page.evaluate(() => ((window as unknown as { wharfHoldOpen: string }).wharfHoldOpen = 'blobs,refs'));
    await reloadDuring(
      page,
      'blobs,refs',
      async () => {
        await page.getByRole('button', { name: 'Build', exact: true }).click();
        // Every put of the commit is made and waits on the transaction: the build says it is naming the image.
      },
      1_000,
    );
    const after = await images(page);
    expect(after, 'images after a reload inside the open commit').toEqual({ refs: [], missing: [], bigLayer: false });
    await context.close();
  });

  it('during a project save: the project as it was or as saved, with the matching revision', async () => {
    const { context, page } = await appWithBigFile();
    const [before] = await storedProjects(page);
    await reloadDuring(page, 'projects,revisions,summaries', async () => {
      await openFile(page, 'Dockerfile');
      await replaceText(page, `${DOCKERFILE}# saved or not\n`);
    });
    const [after] = await storedProjects(page);
    const saved = after!.files.Dockerfile!.includes('# saved or not');
    console.info(`reload during a project save: ${saved ? 'saved' : 'not saved'}`);
    expect(after!.rev, `revision (the edit ${saved ? 'was' : 'was not'} saved)`).toBe(before!.rev! + (saved ? 1 : 0));
    const { id, name, fileCount, updatedAt } = after!;
    expect(after!.summary, 'the summary stored beside the project').toEqual({ id, name, fileCount, updatedAt });
    // The app opens it: the record passed its guard.
    await expect
      .poll(() =>
        page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'big.bin', exact: true }).count(),
      )
      .toBe(1);
    await context.close();
  });
});
