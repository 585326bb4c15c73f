// A new deployment, in Chromium and Firefox. The site is built twice: the run's own build
// (dist/, test/e2e/setup.ts) and a second build of the same sources whose page differs
// (second-build.config.ts). A plain static host serves the first; a visit installs the service
// worker; the host then serves the second at the same address. A later visit, opened from the
// precache, says a new version is ready and does not reload by itself; an edit still waiting for
// the autosave, then Reload: the page is the new version and the edit is there.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { chromiumTab, firefoxTab, waitUntil, type Tab } from '../support/tab.ts';
import { controlled, updateOffered } from './service-worker.ts';

const root = join(import.meta.dirname, '../..');
/** The mark second-build.config.ts puts in the page. */
const IS_SECOND = `!!document.querySelector('meta[name="wharf-second-build"]')`;

/** `vite build` of the second deployment into `outDir`, in a process of its own. */
function buildSecond(outDir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(import.meta.dirname, 'second-build.config.ts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build of the second site exited with ${code}:\n${output}`)),
    );
  });
}

describe('a new deployment', () => {
  const second = mkdtempSync(join(tmpdir(), 'wharf-second-build-'));
  let chromium: Browser;
  let firefox: LaunchedFirefox;
  let site: StaticServer | undefined;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    [chromium, firefox] = await Promise.all([launchChromium(), launchFirefox(), buildSecond(second)]);
  }, 300_000);
  afterAll(async () => {
    await chromium?.close();
    await firefox?.browser.close();
    rmSync(second, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
    await site?.close();
  });

  for (const browser of ['chromium', 'firefox'] as const) {
    it(`${browser}: is offered, never forced, and an edit made just before Reload is there after it`, async () => {
      site = await serveStatic(join(root, 'dist'));
      const t = browser === 'chromium' ? await chromiumTab(chromium) : await firefoxTab(firefox.browser);
      tabs.push(t);
      await t.goto(site.url);
      // The first visit on a host without isolation headers reloads once, under the worker.
      await waitUntil(
        `${browser}: crossOriginIsolated`,
        () => t.evaluate<boolean>('crossOriginIsolated'),
        Boolean,
        60_000,
      );
      await controlled(t);
      site.root = second;
      await updateOffered(t, site.url, IS_SECOND);
    });
  }
});
