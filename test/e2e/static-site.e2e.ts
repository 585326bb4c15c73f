// The built site on a static host that sends no special headers: the service worker makes the
// page cross-origin isolated (after one reload), and the seed project runs.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage } from '../support/browser.ts';
import { openFile, replaceText, runAndWait } from './app.ts';

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
};

/** Set to answer every toolchain file with an error, as a network cut would. */
let toolchainsCut = false;
const refused: string[] = [];

/** A plain static file server: no COOP/COEP headers, as on most static hosts. */
function serveStatic(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (toolchainsCut && (req.url ?? '').includes('/toolchains/')) {
      refused.push(req.url ?? '');
      req.socket.destroy();
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
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the built site on a plain static host', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
      cwd: root,
      stdio: 'pipe',
    });
    server = await serveStatic(dist);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('becomes cross-origin isolated through the service worker and runs the seed', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { page } = await newPage(browser, url);
    await page.waitForFunction(() => window.crossOriginIsolated, undefined, { timeout: 60_000 });
    await page
      .getByRole('button', { name: 'Run', exact: true })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 60_000 });
    const { output, status } = await runAndWait(page, 180_000);
    expect(output).toContain('Hello, Wasm!');
    expect(status).toMatch(/Exited \(0\)/);

    // A second visit (same browser profile: its Cache Storage and IndexedDB) with the toolchain
    // files unreachable still compiles an edit: clang comes from Cache Storage.
    toolchainsCut = true;
    try {
      const second = await page.context().newPage();
      await second.goto(url);
      await second
        .getByRole('button', { name: 'Run', exact: true })
        .and(second.locator(':enabled'))
        .waitFor({ timeout: 60_000 });
      await openFile(second, 'hello-world.c');
      await replaceText(second, '#include <stdio.h>\nint main(void) { puts("compiled offline"); return 0; }\n');
      const again = await runAndWait(second, 180_000);
      expect(again.output, 'Output of the second visit').toContain('compiled offline');
      expect(refused.length, 'toolchain requests the cut refused').toBeGreaterThan(0);
    } finally {
      toolchainsCut = false;
    }
  });
});
