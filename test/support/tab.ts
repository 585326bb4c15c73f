// One tab of the app in either browser, in the words a person's actions need: Playwright drives
// Chromium, puppeteer-core drives Firefox over WebDriver BiDi, and flows written against `Tab`
// run in both. Elements are found by what a person or a screen reader reads: aria-label, title,
// text, or CSS where a flow watches a region. Not by ARIA role queries: in Firefox those go
// through its accessibility tree, which on a busy 2-core machine took ten seconds to start and
// about a second a query.
import { mkdtempSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser as PlaywrightBrowser, Locator, Page as PlaywrightPage } from 'playwright-core';
import type {
  Browser as PuppeteerBrowser,
  BrowserContext as PuppeteerContext,
  ElementHandle,
  KeyInput,
  Page as PuppeteerPage,
} from 'puppeteer-core';

export type BrowserName = 'chromium' | 'firefox';

/** What to act on; `within` narrows the search to another target's element. */
export type Target = { within?: Target } & (
  | { label: string } // the element's aria-label, exactly
  | { title: string } // its title, exactly
  | { text: string } // the innermost element whose text contains this
  | { css: string }
);

export interface Tab {
  readonly browser: BrowserName;
  goto(url: string): Promise<void>;
  url(): string;
  /** Waits for the target, then clicks it. */
  click(t: Target): Promise<void>;
  /** The first match's text content, '' while there is none. */
  text(t: Target): Promise<string>;
  /** An input's current value. */
  value(t: Target): Promise<string>;
  count(t: Target): Promise<number>;
  enabled(t: Target): Promise<boolean>;
  waitFor(t: Target, timeout?: number): Promise<void>;
  /** Types `text` over what a text field holds (the target may be the field's <label> text). */
  fill(t: Target, text: string): Promise<void>;
  setFiles(t: Target, paths: string[]): Promise<void>;
  /** Keystrokes into the focused element. */
  type(text: string): Promise<void>;
  /** One key or a chord: `Enter`, `Control+d`. */
  press(keys: string): Promise<void>;
  /** Text arriving as one input event, as a paste or an IME commit (Monaco takes it as typed). */
  insertText(text: string): Promise<void>;
  /** A JavaScript expression evaluated in the page (a promise is awaited). */
  evaluate<T>(js: string): Promise<T>;
  /** Clicks `t` and returns the path of the file the browser saved in `dir`. */
  download(t: Target, dir: string): Promise<string>;
  /** Another tab in the same profile (its storage, its service worker); closing it closes it alone. */
  sibling(): Promise<Tab>;
  /** Closes the tab and its context (own storage, like a separate profile). */
  close(): Promise<void>;
}

/** Polls `probe` until it returns a value `ok` accepts; the failure names `what` and the last value. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeout = 30_000,
): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) {
      const got = error !== undefined && last === undefined ? String(error) : JSON.stringify(last);
      throw new Error(`${what}: still ${got} after ${timeout} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- Chromium (Playwright) ----

/** `prepare` sees the Playwright page before anything loads (to reach Chromium's DevTools). */
export async function chromiumTab(
  browser: PlaywrightBrowser,
  prepare?: (page: PlaywrightPage) => Promise<void>,
): Promise<Tab> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await prepare?.(page);
  return pageTab(page, () => context.close());
}

/** A Playwright page as a Tab (a page a test holds already); `close` ends it (default: the page). */
export function pageTab(page: PlaywrightPage, close: () => Promise<void> = () => page.close()): Tab {
  page.on('pageerror', (e) => console.error('[chromium page error]', e.message));
  /** Every match, inside the first match of `within`. */
  const all = (t: Target): Locator => {
    const scope: PlaywrightPage | Locator = t.within ? all(t.within).first() : page;
    if ('label' in t) return scope.locator(`[aria-label=${JSON.stringify(t.label)}]`);
    if ('title' in t) return scope.getByTitle(t.title, { exact: true });
    if ('text' in t) return scope.getByText(t.text);
    return scope.locator(t.css);
  };
  const find = (t: Target): Locator => all(t).first();
  return {
    browser: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    url: () => page.url(),
    click: (t) => find(t).click(),
    text: async (t) => ((await all(t).count()) > 0 ? ((await find(t).textContent()) ?? '') : ''),
    value: (t) => find(t).inputValue(),
    count: (t) => all(t).count(),
    enabled: (t) => find(t).isEnabled(),
    waitFor: (t, timeout = 30_000) => find(t).waitFor({ timeout }),
    fill: (t, text) => find(t).fill(text),
    setFiles: (t, paths) => find(t).setInputFiles(paths),
    type: (text) => page.keyboard.type(text),
    press: (keys) => page.keyboard.press(keys),
    insertText: (text) => page.keyboard.insertText(text),
    evaluate: <T>(js: string) => page.evaluate(js) as Promise<T>,
    download: async (t, dir) => {
      const [download] = await Promise.all([page.waitForEvent('download'), find(t).click()]);
      const file = join(dir, download.suggestedFilename());
      await download.saveAs(file);
      return file;
    },
    sibling: async () => pageTab(await page.context().newPage()),
    close,
  };
}

// ---- Firefox (puppeteer-core over WebDriver BiDi) ----

function selector(t: Target): string {
  const q = (s: string) => JSON.stringify(s);
  if ('label' in t) return `[aria-label=${q(t.label)}]`;
  if ('title' in t) return `[title=${q(t.title)}]`;
  if ('text' in t) return `::-p-text(${q(t.text)})`;
  return t.css;
}

/** A tab in a new browser context of its own, or in `kept` (then closing it closes the tab only). */
export async function firefoxTab(browser: PuppeteerBrowser, kept?: PuppeteerContext): Promise<Tab> {
  const context: PuppeteerContext = kept ?? (await browser.createBrowserContext());
  const page: PuppeteerPage = await context.newPage();
  page.on('pageerror', (e) => console.error('[firefox page error]', e instanceof Error ? e.message : e));
  const scopeOf = async (t: Target, timeout: number): Promise<PuppeteerPage | ElementHandle | null> =>
    t.within ? find(t.within, timeout) : page;
  /** The first match; with a timeout, waits for it to appear (null when it never does). */
  async function find(t: Target, timeout = 0): Promise<ElementHandle | null> {
    const scope = await scopeOf(t, timeout);
    if (!scope) return null;
    if (timeout === 0) return scope.$(selector(t));
    return scope.waitForSelector(selector(t), { timeout });
  }
  async function must(t: Target, timeout = 30_000): Promise<ElementHandle> {
    const el = await find(t, timeout);
    if (!el) throw new Error(`no element for ${JSON.stringify(t)}`);
    return el;
  }
  async function press(keys: string): Promise<void> {
    const parts = keys.split('+') as KeyInput[];
    const key = parts.pop()!;
    for (const m of parts) await page.keyboard.down(m);
    await page.keyboard.press(key);
    for (const m of parts.reverse()) await page.keyboard.up(m);
  }
  return {
    browser: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    url: () => page.url(),
    click: async (t) => (await must(t)).click(),
    text: async (t) => (await (await find(t))?.evaluate((el) => el.textContent ?? '')) ?? '',
    value: async (t) => (await must(t)).evaluate((el) => (el as HTMLInputElement).value),
    count: async (t) => {
      const scope = await scopeOf(t, 0);
      return scope ? (await scope.$$(selector(t))).length : 0;
    },
    enabled: async (t) => (await must(t)).evaluate((el) => !(el as HTMLButtonElement).disabled),
    waitFor: async (t, timeout = 30_000) => void (await must(t, timeout)),
    fill: async (t, text) => {
      // A click on a field's label focuses the field, as it does for a person.
      await (await must(t)).click();
      await press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.type(text);
    },
    setFiles: async (t, paths) => ((await must(t)) as ElementHandle<HTMLInputElement>).uploadFile(...paths),
    type: (text) => page.keyboard.type(text),
    press,
    // What Chromium's Input.insertText does: one insertText edit at the focus.
    insertText: async (text) => void (await page.evaluate((t) => document.execCommand('insertText', false, t), text)),
    evaluate: <T>(js: string) => page.evaluate(js) as Promise<T>,
    download: async (t, dir) => {
      const before = new Set(readdirSync(dir));
      // Firefox saves into the folder its profile names (see launchFirefox), which must be `dir`.
      await (await must(t)).click();
      // Firefox writes NAME.part, then renames it NAME when the download is complete.
      const name = await waitUntil(
        'a finished download',
        async () => {
          const names = readdirSync(dir).filter((n) => !before.has(n));
          return names.find(
            (n) => !n.endsWith('.part') && !names.includes(`${n}.part`) && statSync(join(dir, n)).size > 0,
          );
        },
        (n) => n !== undefined,
        60_000,
      );
      // Out of Firefox's download folder, so a later download of the same name keeps its name.
      const kept = join(mkdtempSync(join(dir, 'download-')), name!);
      renameSync(join(dir, name!), kept);
      return kept;
    },
    // In the same context, as `kept`: closing it closes the page alone.
    sibling: () => firefoxTab(browser, context),
    close: () => (kept ? page.close() : context.close()),
  };
}
