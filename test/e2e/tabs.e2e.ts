// Several tabs of one browser profile on one project: edits in each end up stored and shown in
// all, a file both changed is the user's choice (neither version lost), a fast first action
// stays, and deleting a project or images in one tab is followed by the others without errors.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { editorText, fileNames, inFront, openApp, openFile, replaceText, runAndWait, storedProjects } from './app.ts';

const app = useBrowserApp('preview');
const SEED_C = readFileSync('public/examples/hello-world/hello-world.c', 'utf8');
const SEED_DOCKERFILE = readFileSync('public/examples/hello-world/Dockerfile', 'utf8');

/**
 * Lets a test keep news from other tabs away from a page until it says, as a tab that is slow to
 * hear would be: that tab then saves from a stale copy, the case the revision check is for.
 */
const HOLD_NEWS = `(() => {
  const Real = BroadcastChannel;
  const held = [];
  window.wharfTest = { hold: false, release() { this.hold = false; held.splice(0).forEach((f) => f()); } };
  window.BroadcastChannel = class extends Real {
    addEventListener(type, fn, options) {
      super.addEventListener(type, (e) => (window.wharfTest.hold ? held.push(() => fn(e)) : fn(e)), options);
    }
  };
})()`;

type TestWindow = { wharfTest: { hold: boolean; release(): void } };

/** `n` tabs of one new browser profile, opened one after another; `close()` fails on any page error. */
async function tabs(n: number): Promise<{ pages: Page[]; close(): Promise<void> }> {
  const context: BrowserContext = await app.browser.newContext();
  await context.addInitScript(HOLD_NEWS);
  const errors: string[] = [];
  context.on('page', (page) => page.on('pageerror', (e) => errors.push(e.message)));
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) pages.push((await openApp(app.browser, app.server.url, context)).page);
  return {
    pages,
    async close() {
      expect(errors, 'errors in the pages').toEqual([]);
      await context.close();
    },
  };
}

async function hold(page: Page, on: boolean): Promise<void> {
  await page.evaluate((h) => {
    const t = (window as unknown as TestWindow).wharfTest;
    if (h) t.hold = true;
    else t.release();
  }, on);
}

/** The seed project as stored, once `check` holds for it. */
async function storedSeed(page: Page, check: (files: Record<string, string>) => boolean, what: string) {
  await expect
    .poll(
      async () => {
        const seed = (await storedProjects(page)).find((p) => p.name === 'hello-world');
        return seed !== undefined && check(seed.files);
      },
      { message: what, timeout: 15_000 },
    )
    .toBe(true);
  return (await storedProjects(page)).find((p) => p.name === 'hello-world')!;
}

/** The text a Monaco editor shows (its spaces are no-break spaces on screen). */
async function linesOf(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

async function textOf(page: Page, path: string): Promise<string> {
  await openFile(page, path);
  return editorText(page);
}

describe('several tabs', () => {
  it("two tabs edit two files of one project: both edits are stored and every tab shows both (the third tab's too)", async () => {
    const { pages, close } = await tabs(3);
    const [a, b, c] = pages as [Page, Page, Page];
    // B hears nothing until it has saved: its copy is stale when it saves, as in the report.
    await hold(b, true);
    await openFile(a, 'hello-world.c');
    await replaceText(a, `// line from tab A\n${SEED_C}`);
    await storedSeed(a, (f) => f['hello-world.c']!.includes('line from tab A'), "A's edit stored");
    await openFile(b, 'Dockerfile');
    expect(await editorText(b), "B's Dockerfile before its edit").not.toMatch(/line from tab B/);
    await replaceText(b, `${SEED_DOCKERFILE}# line from tab B\n`);
    const stored = await storedSeed(a, (f) => f.Dockerfile!.includes('line from tab B'), "B's edit stored");
    expect(stored.files['hello-world.c'], "hello-world.c after B's save").toContain('line from tab A');
    expect(stored.rev, 'revision: created, A saved, B saved').toBe(3);
    await hold(b, false);
    for (const [name, page] of [
      ['A', a],
      ['B', b],
      ['C', c],
    ] as const) {
      await expect
        .poll(() => textOf(page, 'hello-world.c'), { message: `tab ${name}: hello-world.c` })
        .toContain('line from tab A');
      await expect
        .poll(() => textOf(page, 'Dockerfile'), { message: `tab ${name}: Dockerfile` })
        .toContain('line from tab B');
      expect(await fileNames(page), `tab ${name}: files`).toEqual(['Dockerfile', 'hello-world.c']);
    }
    await close();
  });

  it('two tabs change the same file: the second sees both versions and chooses; neither is lost', async () => {
    const { pages, close } = await tabs(2);
    const [a, b] = pages as [Page, Page];
    await hold(b, true);
    await openFile(a, 'hello-world.c');
    await replaceText(a, SEED_C.replace('Hello, Wasm!', 'Hello from A'));
    await storedSeed(a, (f) => f['hello-world.c']!.includes('Hello from A'), "A's edit stored");
    await openFile(b, 'hello-world.c');
    await replaceText(b, SEED_C.replace('Hello, Wasm!', 'Hello from B'));
    const panel = b.getByRole('region', { name: 'Conflict in hello-world.c' });
    await panel.waitFor({ timeout: 15_000 });
    const sides = panel.locator('.monaco-diff-editor');
    await expect
      .poll(() => linesOf(sides.locator('.editor.original')), { message: "their side (A's)" })
      .toContain('Hello from A');
    await expect
      .poll(() => linesOf(sides.locator('.editor.modified')), { message: "my side (B's)" })
      .toContain('Hello from B');
    expect(await editorText(b), "B's editor keeps B's text").toContain('Hello from B');
    const before = await storedSeed(a, () => true, 'stored');
    expect(before.files['hello-world.c'], 'stored while B has not chosen: A’s version').toContain('Hello from A');
    await hold(b, false);

    await panel.getByRole('button', { name: 'Keep both' }).click();
    await panel.waitFor({ state: 'detached' });
    const after = await storedSeed(a, (f) => 'hello-world.copy.c' in f, 'the copy stored');
    expect(after.files['hello-world.c'], 'hello-world.c after Keep both').toContain('Hello from A');
    expect(after.files['hello-world.copy.c'], 'hello-world.copy.c after Keep both').toContain('Hello from B');
    for (const [name, page] of [
      ['A', a],
      ['B', b],
    ] as const) {
      await expect
        .poll(() => fileNames(page), { message: `tab ${name}: files` })
        .toEqual(['Dockerfile', 'hello-world.c', 'hello-world.copy.c']);
      await expect
        .poll(() => textOf(page, 'hello-world.copy.c'), { message: `tab ${name}: the copy` })
        .toContain('Hello from B');
      await expect
        .poll(() => textOf(page, 'hello-world.c'), { message: `tab ${name}: hello-world.c` })
        .toContain('Hello from A');
    }
    await close();
  });

  it("another tab's edit reaches an open editor as a small change: the cursor stays on its line", async () => {
    const { pages, close } = await tabs(2);
    const [a, b] = pages as [Page, Page];
    await openFile(b, 'hello-world.c');
    // B's cursor on the puts line.
    await b.locator('.monaco-editor .view-line', { hasText: 'puts' }).click();
    await openFile(a, 'hello-world.c');
    await replaceText(a, `// added above by A\n${SEED_C}`);
    await expect.poll(() => editorText(b), { message: "A's line in B's editor" }).toContain('added above by A');
    // Typing in B lands where the cursor was: on the puts line, now one line further down.
    await b.keyboard.insertText('/* typed in B */');
    await expect
      .poll(async () => (await editorText(b)).split('\n').find((l) => l.includes('typed in B')), {
        message: 'the line B typed on',
      })
      .toMatch(/Hello, Wasm!/);
    await storedSeed(a, (f) => f['hello-world.c']!.includes('typed in B'), "B's typing stored");
    await expect.poll(() => editorText(a), { message: "B's typing in A's editor" }).toContain('typed in B');
    expect(await editorText(a)).toContain('added above by A');
    await close();
  });

  it('an import made while the page is still starting opens the imported project, and it stays open', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const zip = zipSync({
      'quick-import/Dockerfile': new TextEncoder().encode(
        'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n',
      ),
      'quick-import/hello.wasm': new Uint8Array(readFileSync('test/fixtures/hello.wasm')),
    });
    await page.goto(app.server.url);
    // As soon as the Import field exists: before the first project is loaded, before Run is enabled.
    await page.getByLabel('Import', { exact: true }).setInputFiles({
      name: 'quick-import.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zip),
    });
    const current = page.getByTitle('Projects and examples');
    await expect.poll(() => current.textContent(), { message: 'project after the import' }).toContain('quick-import');
    await page.getByRole('button', { name: 'Run', exact: true }).and(page.locator(':enabled')).waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
    expect(await current.textContent(), 'project once start-up is over').toContain('quick-import');
    expect(await fileNames(page)).toEqual(['Dockerfile', 'hello.wasm']);
    const { output } = await runAndWait(page);
    expect(output, 'Output of the imported project').toContain('Hello');
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).and(page.locator(':enabled')).waitFor();
    expect(await current.textContent(), 'project after a reload').toContain('quick-import');
    await context.close();
  });

  it('a project deleted in one tab: the other tab, which had it open, moves on without errors', async () => {
    const { pages, close } = await tabs(2);
    const [a, b] = pages as [Page, Page];
    const menu = (p: Page) => p.getByRole('dialog', { name: 'Projects' });
    await inFront(a);
    await a.getByTitle('Projects and examples').click();
    await menu(a).getByRole('button', { name: 'New project' }).click();
    await expect.poll(() => a.getByTitle('Projects and examples').textContent()).toContain('untitled');
    // B lists the new project without a reload.
    await inFront(b);
    await b.getByTitle('Projects and examples').click();
    await expect
      .poll(
        () =>
          menu(b)
            .getByRole('button', { name: /^untitled/ })
            .count(),
        { message: "B's list" },
      )
      .toBe(1);
    await b.keyboard.press('Escape');
    // A opens the seed again and deletes it; B has it open.
    await inFront(a);
    await a.getByTitle('Projects and examples').click();
    await menu(a)
      .getByRole('button', { name: /^hello-world/ })
      .click();
    await expect.poll(() => a.getByTitle('Projects and examples').textContent()).toContain('hello-world');
    await a.getByTitle('Projects and examples').click();
    await menu(a).getByRole('button', { name: 'Delete' }).click();
    await menu(a).getByRole('button', { name: 'Really delete' }).click();
    await expect
      .poll(() => b.getByTitle('Projects and examples').textContent(), { message: "B's project" })
      .toContain('untitled');
    await expect
      .poll(() => b.locator('.notice').textContent(), { message: "B's notice" })
      .toContain('Project "hello-world" was deleted in another tab');
    await inFront(b);
    await b.getByTitle('Projects and examples').click();
    expect(
      await menu(b)
        .getByRole('button', { name: /^hello-world/ })
        .count(),
      "B's list",
    ).toBe(0);
    expect((await storedProjects(b)).map((p) => p.name)).toEqual(['untitled']);
    await close();
  });

  it('images deleted and pruned in one tab: the other tab lists them gone and builds again on Run', async () => {
    const { pages, close } = await tabs(2);
    const [a, b] = pages as [Page, Page];
    const images = (p: Page) => p.getByRole('region', { name: 'Images' });
    // Both tabs on the prebuilt-module example: its build needs no toolchain.
    await inFront(a);
    await a.getByTitle('Projects and examples').click();
    await a
      .getByRole('dialog', { name: 'Projects' })
      .getByRole('button', { name: /^Prebuilt module/ })
      .click();
    await inFront(b);
    await b.getByTitle('Projects and examples').click();
    await b
      .getByRole('dialog', { name: 'Projects' })
      .getByRole('button', { name: /^hello-world-prebuilt/ })
      .first()
      .click();
    await expect.poll(() => fileNames(b)).toContain('hello-world.wasm');
    const first = await runAndWait(b);
    expect(first.output, "B's first run").toContain('Hello, Wasm!');
    await inFront(a);
    await a.getByRole('tab', { name: /Images/ }).click();
    const row = images(a).getByRole('row', { name: /hello-world-prebuilt:latest/ });
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: /^Delete/ }).click();
    await images(a).getByRole('button', { name: 'Prune' }).click();
    await expect.poll(() => images(a).getByRole('status').textContent()).toMatch(/Deleted \d+ unused blob/);
    await inFront(b);
    await b.getByRole('tab', { name: /Images/ }).click();
    await expect
      .poll(() => images(b).textContent(), { message: "B's Images after A's delete and prune" })
      .toMatch(/0 images stored in this browser/);
    // B's last build is gone: Run builds again instead of running a deleted image.
    const again = await runAndWait(b);
    expect(again.status, "B's run after the delete").toMatch(/Exited \(0\)/);
    expect(again.output).toContain('Hello, Wasm!');
    await expect
      .poll(() => images(a).textContent(), { message: "A's Images after B's build" })
      .toMatch(/1 image stored in this browser/);
    await close();
  });
});
