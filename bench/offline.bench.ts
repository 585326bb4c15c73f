// `npm run bench offline`: a later visit with no network, on the built site. The site is built
// (into a folder of its own) and served by a plain static host, so the service worker isolates
// the page and precaches the app shell; a first visit runs the seed (clang into Cache Storage).
// Then later visits, each a new page of that profile: edit hello-world.c, Run, until Exited (0),
// with the host up and with the host stopped (no network at all), in turns. Goal: the offline
// one under 2 s, as the online one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/support/browser.ts';
import { serveStatic } from '../test/support/static-server.ts';
import { clickUntil } from './click-until.ts';
import type { Bench } from './context.ts';
import { viteBuild } from './site-build.ts';
import { secondVisitRun } from './toolchain.bench.ts';

const SAMPLES = 3;

const bench: Bench = {
  name: 'offline',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-site-'));
    const browser = await launchChromium();
    try {
      await viteBuild(dir);
      const site = await serveStatic(dir);
      const profile = await browser.newContext();
      const first = await profile.newPage();
      await first.goto(site.url);
      // The first visit on a host without isolation headers reloads once, under the worker.
      await first.waitForFunction('crossOriginIsolated', null, { timeout: 120_000 });
      await first
        .getByRole('button', { name: 'Run', exact: true })
        .and(first.locator(':enabled'))
        .waitFor({ timeout: 120_000 });
      await clickUntil(first, 'Run', '^Exited \\(0\\)');
      await first.waitForFunction(
        `caches.open('wharf-toolchains').then((c) => c.keys()).then((ks) => ks.some((r) => r.url.endsWith('/llvm.core.wasm')))`,
        null,
        { timeout: 60_000, polling: 200 },
      );
      await first.close();

      // Interleaved, so the later samples' warmer caches and the machine's load favour neither.
      const port = Number(new URL(site.url).port);
      const online: number[] = [];
      const offline: number[] = [];
      let host = site;
      for (let i = 0; i < SAMPLES; i++) {
        online.push(await secondVisitRun(profile, site.url, 0));
        await host.close();
        offline.push(await secondVisitRun(profile, site.url, 0));
        host = await serveStatic(dir, port);
      }
      await host.close();
      const ms = (xs: number[]): string => xs.map((x) => Math.round(x)).join(', ');
      console.log(`    (each later visit in turn, host up: ${ms(online)} ms; host stopped: ${ms(offline)} ms)`);
      ctx.report({
        name: 'offline later visit (host stopped): edit -> Run -> Exited (0), Run clicked as soon as enabled, the built site',
        host: 'chromium',
        value: Math.min(...offline),
        unit: 'ms',
        limit: { name: 'the same later visit with the host up', value: Math.min(...online) },
        goal: { max: 2000 },
      });
      await profile.close();
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
