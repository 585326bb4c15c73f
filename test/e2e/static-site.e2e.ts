// The built site served the ways people serve it, in Chromium and Firefox: `npm run preview`
// (Vite's preview server: COOP/COEP headers, and `Content-Encoding: gzip` for the toolchains'
// `.gz` files, which the browser then inflates), and a plain static host with no special
// headers that also sends `.gz` files with `Content-Encoding: gzip` (the service worker makes
// the page cross-origin isolated after one reload). The seed runs, an edit compiles, a second
// visit compiles offline from Cache Storage, and a toolchain the host refuses is named in the
// build log with its URL and status.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox.ts';
import { chromiumTab, firefoxTab, waitUntil, type Tab } from '../support/tab.ts';
import { BUILD_LOG, EDIT, openFile, openPlayground, replaceText, runAndWait, waitForStatus } from './flows.ts';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.gz': 'application/gzip',
};

/** What the plain host does with toolchain requests: serve them, cut the connection, or refuse. */
let toolchains: 'serve' | 'cut' | 'forbid' = 'serve';
const refused: string[] = [];

/**
 * A plain static file server: no COOP/COEP headers, as on most static hosts, and `.gz` files
 * sent with `Content-Encoding: gzip`, as many hosts send them.
 */
function serveStatic(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const toolchain = (req.url ?? '').includes('/toolchains/');
    if ((toolchains === 'cut' && toolchain) || (toolchains === 'forbid' && toolchain && !req.url?.endsWith('.json'))) {
      refused.push(req.url ?? '');
      if (toolchains === 'cut') req.socket.destroy();
      else res.writeHead(403, 'Forbidden').end('forbidden');
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const gz = file.endsWith('.gz');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      ...(gz ? { 'Content-Encoding': 'gzip' } : {}),
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** `npm run preview` on a free port, as a person starts it; resolves once it answers. */
async function npmPreview(): Promise<{ url: string; child: ChildProcess }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const child = spawn(
    'npm',
    ['run', '-s', 'preview', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: root,
      stdio: 'pipe',
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntil(
    `npm run preview answering at ${url} (its output: ${output})`,
    async () => (await fetch(url)).ok,
    Boolean,
    60_000,
  );
  return { url, child };
}

describe('the built site', () => {
  let plain: Server;
  let plainUrl: string;
  let preview: { url: string; child: ChildProcess };
  let chromium: Browser;
  let firefox: LaunchedFirefox;
  const tabs: Tab[] = [];
  const tab = async (which: 'chromium' | 'firefox'): Promise<Tab> => {
    const t = which === 'chromium' ? await chromiumTab(chromium) : await firefoxTab(firefox.browser);
    tabs.push(t);
    return t;
  };

  // dist/ is the run's own build (test/e2e/setup.ts): building it again here would change the
  // files under the feet of the files that serve it meanwhile.
  beforeAll(async () => {
    plain = await serveStatic(dist);
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
    preview = await npmPreview();
    [chromium, firefox] = await Promise.all([launchChromium(), launchFirefox()]);
  }, 300_000);
  afterAll(async () => {
    await chromium?.close();
    await firefox?.browser.close();
    if (preview?.child.pid) process.kill(-preview.child.pid);
    await new Promise((r) => plain?.close(r));
  });
  afterEach(async () => {
    toolchains = 'serve';
    await Promise.all(tabs.splice(0).map((t) => t.close().catch(() => {})));
  });

  for (const browser of ['chromium', 'firefox'] as const) {
    it(`${browser}: under npm run preview (Content-Encoding: gzip for .gz) the seed runs and an edit compiles`, async () => {
      const t = await tab(browser);
      await openPlayground(t, preview.url);
      expect(await t.evaluate('crossOriginIsolated'), 'the page is cross-origin isolated').toBe(true);
      const seed = await runAndWait(t, 180_000);
      expect(seed.output, `Output of the seed; build log: ${await t.text(BUILD_LOG)}`).toContain('Hello, Wasm!');
      await openFile(t, EDIT.file);
      await replaceText(t, EDIT.text);
      const edit = await runAndWait(t, 120_000);
      expect(edit.output, 'Output after the edit').toMatch(EDIT.prints);
    });

    it(`${browser}: on a plain static host the service worker isolates the page and the seed runs`, async () => {
      const t = await tab(browser);
      await t.goto(plainUrl);
      await waitUntil(
        `${browser}: crossOriginIsolated through the service worker`,
        () => t.evaluate<boolean>('crossOriginIsolated'),
        Boolean,
        60_000,
      );
      await openPlayground(t, t.url());
      const { output, status } = await runAndWait(t, 180_000);
      expect(output, `Output of the seed; build log: ${await t.text(BUILD_LOG)}`).toContain('Hello, Wasm!');
      expect(status).toMatch(/Exited \(0\)/);
      if (browser !== 'chromium') return;

      // A second visit (same profile: its Cache Storage and IndexedDB) with the toolchain files
      // unreachable still compiles an edit: clang comes from Cache Storage.
      toolchains = 'cut';
      refused.length = 0;
      await openPlayground(t, plainUrl);
      await openFile(t, 'hello-world.c');
      await replaceText(t, '#include <stdio.h>\nint main(void) { puts("compiled offline"); return 0; }\n');
      const again = await runAndWait(t, 180_000);
      expect(again.output, 'Output of the second visit').toContain('compiled offline');
      expect(refused.length, 'toolchain requests the cut refused').toBeGreaterThan(0);
    });
  }

  it('chromium: a toolchain file the host refuses is named in the build log with its URL and HTTP status', async () => {
    toolchains = 'forbid';
    const t = await tab('chromium');
    await t.goto(plainUrl);
    await waitUntil('crossOriginIsolated', () => t.evaluate<boolean>('crossOriginIsolated'), Boolean, 60_000);
    await openPlayground(t, t.url());
    await t.click({ label: 'Run' });
    await waitForStatus(t, /failed/, 120_000);
    const log = await t.text(BUILD_LOG);
    expect(log, 'Build log').toMatch(/toolchains\/yowasp-clang@[^ ]+\.gz: HTTP 403 Forbidden/);
    expect(log.match(/ERROR: /g)?.length, `ERROR lines, once at the step and once at the end: ${log}`).toBe(2);
  });
});
