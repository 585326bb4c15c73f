// `npm run bench [-- NAME...]`: runs bench/*.bench.ts in Node and headless Chromium and prints
// each figure beside the machine limit measured in the same run. Figures, not pass/fail: a noisy
// machine must not fail a build, so goals are shown, never asserted.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Bench, BenchContext, Figure } from './context.ts';
import { launchChromium, startApp, type AppServer } from '../test/support/browser.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f === `${o}.bench.ts`))
  .sort();

const figures: Figure[] = [];
let browser: Browser | undefined;
let server: AppServer | undefined;

const ctx: BenchContext = {
  report(f) {
    figures.push(f);
    console.log(formatFigure(f));
  },
  async page(): Promise<Page> {
    if (!server) {
      server = await startApp('dev');
      browser = await launchChromium();
      await warmUp(browser, server.url);
    }
    browser ??= await launchChromium();
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error('[page console]', m.text());
    });
    await page.goto(new URL('bench/page.html', server.url).href);
    return page;
  },
};

/**
 * Loads the app once and runs the seed, so Vite has optimized every dependency the pages and
 * Workers import: otherwise it reloads a page mid-measurement when it finds a new one.
 */
async function warmUp(b: Browser, url: string): Promise<void> {
  const context = await b.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const run = page.getByRole('button', { name: 'Run', exact: true });
    await run.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    await run.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    await run.click();
    await page
      .getByText(/Exited \(\d+\)/)
      .first()
      .waitFor({ timeout: 300_000 });
    await page.waitForLoadState('networkidle');
    await page.goto(new URL('bench/page.html', url).href);
    await page.evaluate(`Promise.all([
      import('/bench/build-work.ts'), import('/src/store/index.ts'), import('/src/worker/builder-client.ts'),
      import('/src/ui/engine/engine.ts'), import('/src/worker/runner-client.ts'),
    ])`);
    await page.waitForLoadState('networkidle');
  } finally {
    await context.close();
  }
}

function formatFigure(f: Figure): string {
  const v = `${round(f.value)} ${f.unit}`;
  let line = `  [${f.host}] ${f.name}: ${v}`;
  if (f.limit) {
    const ratio = f.value / f.limit.value;
    line += `  (limit ${f.limit.name}: ${round(f.limit.value)} ${f.unit}; ratio ${ratio.toFixed(2)}x`;
    if (f.goal?.ratio !== undefined) line += `, goal <= ${f.goal.ratio}x ${ratio <= f.goal.ratio ? 'met' : 'MISSED'}`;
    if (f.goal?.minRatio !== undefined) {
      line += `, goal >= ${f.goal.minRatio}x ${ratio >= f.goal.minRatio ? 'met' : 'MISSED'}`;
    }
    if (f.goal?.max !== undefined) {
      // An absolute goal below the floor measured beside it cannot be met on this machine.
      const verdict =
        f.value < f.goal.max ? 'met' : f.limit.value >= f.goal.max ? 'the floor itself is above it' : 'MISSED';
      line += `; goal < ${f.goal.max} ${f.unit} ${verdict}`;
    }
    line += ')';
  } else if (f.goal?.max !== undefined) {
    line += `  (goal < ${f.goal.max} ${f.unit} ${f.value < f.goal.max ? 'met' : 'MISSED'})`;
  }
  return line;
}

function round(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

try {
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
    console.log(`\n# ${mod.default.name} (${file})`);
    await mod.default.run(ctx);
  }
} finally {
  await browser?.close();
  await server?.close();
}
mkdirSync(join(here, '..', 'test-results'), { recursive: true });
writeFileSync(join(here, '..', 'test-results', 'bench.json'), JSON.stringify(figures, null, 2));
console.log(`\n${figures.length} figures; written to test-results/bench.json`);
