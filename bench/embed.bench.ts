// `npm run bench embed`: what an embed costs another site's page. The element's script, gzip'd
// (goal: under 10 KB). Then the built site (built into a folder of its own, served as
// `npm run preview` serves it) embedded by `<wharf-embed image=…>` on a page of another origin
// (test/support/embed-host.ts): Run clicked -> the program's output in the frame, timed in the
// frame, on a first visit (a new profile: the bytes it downloads, and that no toolchain is among
// them) and on a later visit (the same profile: HTTP cache), beside a second Run in the same
// frame (the image already imported: the run alone). Goal: a later visit under 1 s.
import { get } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Frame } from 'playwright-core';
import { preview } from 'vite';
import { bundleEmbedScript } from '../vite-embed-element.ts';
import { launchChromium } from '../test/support/browser.ts';
import { STDIN, startEmbedHost } from '../test/support/embed-host.ts';
import type { Bench } from './context.ts';
import { viteBuild } from './site-build.ts';

const root = resolve(import.meta.dirname, '..');

/** The bytes a server sends for `url` to a browser (gzip accepted), counted as they arrive. */
function sentBytes(url: string): Promise<number> {
  return new Promise((done, fail) => {
    get(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => done(n));
    }).on('error', fail);
  });
}
const SAMPLES = 3;

/** Run clicked in the frame -> the first line of the output there, timed in the frame. */
function clickToOutput(frame: Frame): Promise<number> {
  return frame.evaluate(
    (want) =>
      new Promise<number>((done) => {
        const output = document.querySelector('[aria-label="Output"]')!;
        const t0 = performance.now();
        const mo = new MutationObserver(() => {
          if (!(output.textContent ?? '').includes(want)) return;
          mo.disconnect();
          done(performance.now() - t0);
        });
        mo.observe(output, { subtree: true, characterData: true, childList: true });
        document.querySelector<HTMLButtonElement>('[aria-label="Run"]')!.click();
      }),
    STDIN.split('\n')[0]!.toUpperCase(),
  );
}

/** Opens the host page in `profile` and waits until the embed shows the project; its frame. */
async function visit(profile: BrowserContext, url: string): Promise<{ frame: Frame; close(): Promise<void> }> {
  const page = await profile.newPage();
  await page.goto(url);
  await page.waitForFunction(`window.events.some((e) => e.type === 'status' && e.state === 'idle')`, null, {
    timeout: 60_000,
    polling: 50,
  });
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/embed')!;
  return { frame, close: () => page.close() };
}

/** Waits until the embed's Run button is there again (the run ended). */
async function ended(frame: Frame): Promise<void> {
  await frame.waitForSelector('[aria-label="Run"]', { timeout: 60_000 });
}

const bench: Bench = {
  name: 'embed',
  async run(ctx) {
    const js = await bundleEmbedScript();
    const gz = gzipSync(Buffer.from(js), { level: 9 }).byteLength;
    ctx.report({
      name: '/embed.js (<wharf-embed>), gzip -9',
      host: 'node',
      value: gz / 1024,
      unit: 'KiB',
      goal: { max: 10 },
    });
    console.log(`    (${(js.length / 1024).toFixed(1)} KiB minified)`);

    const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-embed-'));
    const browser = await launchChromium();
    const host = await startEmbedHost();
    try {
      await viteBuild(dir);
      const site = await preview({
        root,
        build: { outDir: dir },
        preview: { port: 0, host: '127.0.0.1' },
        logLevel: 'error',
      });
      const url = host.page('element', site.resolvedUrls!.local[0]!);
      try {
        const firsts: number[] = [];
        const laters: number[] = [];
        const seconds: number[] = [];
        let downloads: { url: string; bytes: number }[] = [];
        const toolchainUrls: string[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          const profile = await browser.newContext();
          // What the first visit downloads: each response as the server sent it (compressed where
          // it compresses). A Worker's script has no body size in the driver: it is asked again.
          const sizes: Promise<{ url: string; bytes: number }>[] = [];
          let counting = true;
          profile.on('requestfinished', (r) => {
            if (r.url().includes('/toolchains/') && !r.url().endsWith('manifest.json')) toolchainUrls.push(r.url());
            if (counting)
              sizes.push(
                r.sizes().then(
                  async (s) => ({ url: r.url(), bytes: s.responseBodySize || (await sentBytes(r.url())) }),
                  async () => ({ url: r.url(), bytes: await sentBytes(r.url()) }),
                ),
              );
          });
          const first = await visit(profile, url);
          firsts.push(await clickToOutput(first.frame));
          await ended(first.frame);
          seconds.push(await clickToOutput(first.frame));
          await ended(first.frame);
          counting = false;
          await first.close();
          downloads = await Promise.all(sizes);
          const later = await visit(profile, url);
          laters.push(await clickToOutput(later.frame));
          await ended(later.frame);
          await later.close();
          await profile.close();
        }
        const ms = (xs: number[]): string => xs.map((x) => Math.round(x)).join(', ');
        console.log(
          `    (first visits: ${ms(firsts)} ms; later visits: ${ms(laters)} ms; second Runs: ${ms(seconds)} ms)`,
        );
        const floor = { name: 'a second Run in the same frame (the image imported)', value: Math.min(...seconds) };
        ctx.report({
          name: 'image= embed, first visit: Run clicked -> output in the frame',
          host: 'chromium',
          value: Math.min(...firsts),
          unit: 'ms',
          limit: floor,
        });
        const wharfOrigin = new URL(site.resolvedUrls!.local[0]!).origin;
        const kib = (pick: (u: string) => boolean): number =>
          downloads.filter((d) => pick(d.url)).reduce((n, d) => n + d.bytes, 0) / 1024;
        ctx.report({
          name: 'image= embed, first visit: bytes from Wharf (embed.js, the frame, its Workers)',
          host: 'chromium',
          value: kib((u) => u.startsWith(wharfOrigin)),
          unit: 'KiB',
        });
        ctx.report({
          name: 'image= embed, first visit: bytes of the image tarball',
          host: 'chromium',
          value: kib((u) => u.endsWith('/upper.tar')),
          unit: 'KiB',
        });
        const big = [...downloads].sort((a, b) => b.bytes - a.bytes).slice(0, 4);
        console.log(
          `    (largest: ${big.map((d) => `${new URL(d.url).pathname} ${(d.bytes / 1024).toFixed(0)} KiB`).join(', ')})`,
        );
        ctx.report({
          name: 'image= embed, toolchain files downloaded',
          host: 'chromium',
          value: toolchainUrls.length,
          unit: 'files',
          goal: { max: 1 },
        });
        ctx.report({
          name: 'image= embed, later visit: Run clicked -> output in the frame',
          host: 'chromium',
          value: Math.min(...laters),
          unit: 'ms',
          limit: floor,
          goal: { max: 1000 },
        });
      } finally {
        await site.close();
      }
    } finally {
      await host.close();
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
