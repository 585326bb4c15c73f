// A host page with a Wharf embed, in either browser, in the words the embed flows need: script
// in the host page, in the embed's frame and in the third party's frame, a real click inside the
// embed's frame (user activation: what a popup needs), and the tab a click opens. Playwright
// drives Chromium, puppeteer-core Firefox over WebDriver BiDi, as test/support/tab.ts does.
import type { Browser as PlaywrightBrowser, Frame as PlaywrightFrame, Page as PlaywrightPage } from 'playwright-core';
import type {
  Browser as PuppeteerBrowser,
  BrowserContext as PuppeteerContext,
  Frame as PuppeteerFrame,
  KeyInput,
  Page as PuppeteerPage,
} from 'puppeteer-core';
import { waitUntil, type BrowserName } from './tab.ts';

export type FrameName = 'embed' | 'third';

/** A tab another click opened: script in it, and its address. */
export interface OpenedTab {
  url(): string;
  evaluate<T>(js: string): Promise<T>;
}

export interface EmbedTab {
  readonly browser: BrowserName;
  goto(url: string): Promise<void>;
  /** A JavaScript expression evaluated in the host page (a promise is awaited). */
  host<T>(js: string): Promise<T>;
  /** The same in a frame: the embed (its address holds `/embed`) or the third party's. */
  frame<T>(which: FrameName, js: string): Promise<T>;
  /** The same in every embed frame of the page, in the page's order. */
  frames<T>(js: string): Promise<T[]>;
  /** A click as a person's, on the first element matching `css` in the embed's frame. */
  click(css: string): Promise<void>;
  /** Types `text` into the element matching `css` in the embed's frame, then presses `key` there. */
  type(css: string, text: string, key: string): Promise<void>;
  /** Clicks `css` in the embed's frame and returns the tab it opened, once its address is `opened`'s. */
  clickOpens(css: string, opened: RegExp): Promise<OpenedTab>;
  /** Closes the tab and its profile. */
  close(): Promise<void>;
}

const isFrame = (which: FrameName, url: string): boolean =>
  which === 'embed' ? new URL(url).pathname.endsWith('/embed') : new URL(url).pathname === '/third';

async function frameOf<F extends { url(): string }>(all: () => F[], which: FrameName, browser: string): Promise<F> {
  const found = await waitUntil(
    `${browser}: the ${which} frame in the host page`,
    async () => all().find((f) => f.url() !== 'about:blank' && isFrame(which, f.url())),
    (f) => f !== undefined,
  );
  return found!;
}

// ---- Chromium (Playwright) ----

export async function chromiumEmbedTab(browser: PlaywrightBrowser): Promise<EmbedTab> {
  const context = await browser.newContext();
  const page: PlaywrightPage = await context.newPage();
  page.on('pageerror', (e) => console.error('[chromium host page error]', e.message));
  const frame = (which: FrameName): Promise<PlaywrightFrame> => frameOf(() => page.frames(), which, 'chromium');
  return {
    browser: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    host: <T>(js: string) => page.evaluate(js) as Promise<T>,
    frame: async <T>(which: FrameName, js: string) => (await frame(which)).evaluate(js) as Promise<T>,
    frames: <T>(js: string) =>
      Promise.all(
        page
          .frames()
          .filter((f) => f.url() !== 'about:blank' && isFrame('embed', f.url()))
          .map((f) => f.evaluate(js) as Promise<T>),
      ),
    click: async (css) => (await frame('embed')).locator(css).first().click(),
    type: async (css, text, key) => {
      const field = (await frame('embed')).locator(css).first();
      await field.pressSequentially(text);
      await field.press(key);
    },
    clickOpens: async (css, opened) => {
      const [tab] = await Promise.all([
        context.waitForEvent('page'),
        (await frame('embed')).locator(css).first().click(),
      ]);
      await tab.waitForURL(opened);
      return { url: () => tab.url(), evaluate: <T>(js: string) => tab.evaluate(js) as Promise<T> };
    },
    close: () => context.close(),
  };
}

// ---- Firefox (puppeteer-core over WebDriver BiDi) ----

export interface FirefoxEmbedOptions {
  /**
   * Clicks in the embed's frame as a script's `click()`: in Firefox ESR 153 headless, the
   * pointer input WebDriver BiDi sends does not reach a frame of a cross-origin isolated page
   * (neither an element's click nor one at the page's coordinates; the same frame in a page
   * that is not isolated gets it). Nothing that needs user activation is clicked there.
   */
  scriptClicks?: boolean;
}

export async function firefoxEmbedTab(browser: PuppeteerBrowser, o: FirefoxEmbedOptions = {}): Promise<EmbedTab> {
  const context: PuppeteerContext = await browser.createBrowserContext();
  const page: PuppeteerPage = await context.newPage();
  page.on('pageerror', (e) => console.error('[firefox host page error]', e instanceof Error ? e.message : e));
  const frame = (which: FrameName): Promise<PuppeteerFrame> => frameOf(() => page.frames(), which, 'firefox');
  const click = async (css: string): Promise<void> => {
    const el = await (await frame('embed')).waitForSelector(css, { timeout: 30_000 });
    if (!el) throw new Error(`firefox: no ${css} in the embed's frame`);
    if (o.scriptClicks) await el.evaluate((e) => (e as HTMLElement).click());
    else await el.click();
  };
  return {
    browser: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    host: <T>(js: string) => page.evaluate(js) as Promise<T>,
    frame: async <T>(which: FrameName, js: string) => (await frame(which)).evaluate(js) as Promise<T>,
    frames: <T>(js: string) =>
      Promise.all(
        page
          .frames()
          .filter((f) => f.url() !== 'about:blank' && isFrame('embed', f.url()))
          .map((f) => f.evaluate(js) as Promise<T>),
      ),
    click,
    type: async (css, text, key) => {
      const field = await (await frame('embed')).waitForSelector(css, { timeout: 30_000 });
      if (!field) throw new Error(`firefox: no ${css} in the embed's frame`);
      await field.type(text);
      await field.press(key as KeyInput);
    },
    clickOpens: async (css, opened) => {
      const [target] = await Promise.all([
        context.waitForTarget((t) => opened.test(t.url()), { timeout: 30_000 }),
        click(css),
      ]);
      const tab = (await target.page())!;
      return { url: () => tab.url(), evaluate: <T>(js: string) => tab.evaluate(js) as Promise<T> };
    },
    close: () => context.close(),
  };
}
