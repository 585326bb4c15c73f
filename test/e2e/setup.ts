import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { ensureCommands } from '../support/system-tools.ts';
import { chromiumLaunchOptions, startOwnApp, type AppServer } from '../support/browser.ts';

/**
 * Install what the browser tests need; build the site (dist/) once; start the run's one server
 * of the built site, one Vite dev server and one Chromium (every file connects to them: a server
 * per file transformed the app's modules again for its first page, a browser per file started
 * again). Nothing is loaded ahead from the dev server: Vite's dependency scan at its start
 * covers the app's module graph, workers included, so a page's first imports do not make it
 * bundle a dependency again and reload the page mid-test (checked with an empty cache).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureCommands(['chromium', 'firefox-esr', 'skopeo', 'docker-registry']);
  const root = join(import.meta.dirname, '../..');
  // The site builds while the dev server and Chromium start.
  const built = buildSite(root);
  // Awaited below; if the dev server or Chromium fails to start first, the build's own failure
  // is not reported on top of theirs as an unhandled rejection.
  built.catch(() => undefined);
  const server = await startOwnApp('dev');
  const browserServer = await chromium.launchServer(chromiumLaunchOptions());
  let site: AppServer | undefined;
  const teardown = async (): Promise<void> => {
    await browserServer.close();
    await server.close();
    await site?.close();
  };
  try {
    await built;
    site = await startOwnApp('preview');
  } catch (e) {
    await built.catch(() => undefined);
    await teardown();
    throw e;
  }
  project.provide('e2eAppUrl', server.url);
  project.provide('e2eSiteUrl', site.url);
  project.provide('e2eChromium', browserServer.wsEndpoint());
  return teardown;
}

/** `vite build` in a process of its own; rejects with its output when it fails. */
function buildSite(root: string): Promise<void> {
  const child = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
    // The production build `npm run build` makes: Vitest's NODE_ENV=test would make Vite build
    // for development (import.meta.env.PROD false: no service worker, Svelte's dev checks).
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}:\n${output}`)),
    );
  });
}
