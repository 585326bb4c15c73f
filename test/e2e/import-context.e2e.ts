// Import of a build context: a .zip, a .tar, a .tar.gz, or loose files (.wasm included) — and a project too
// large for a link is offered as a .zip download instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { launchChromium, startApp, type AppServer } from '../support/browser.ts';
import { openApp, runAndWait } from './app.ts';

let server: AppServer;
let browser: Browser;
const work = mkdtempSync(join(tmpdir(), 'wharf-import-e2e-'));
const example = 'public/examples/data-file';
const files = ['Dockerfile', 'read-data.c', 'data/poem.txt'];

beforeAll(async () => {
  server = await startApp('dev');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function importAndRun(archive: string, project: string): Promise<void> {
  const { page, context } = await openApp(browser, server.url);
  await page.getByLabel('Import', { exact: true }).setInputFiles(archive);
  await expect
    .poll(() => page.getByTitle('Projects and examples').textContent(), {
      message: `project after importing ${archive}`,
    })
    .toContain(project);
  const tree = page.getByRole('navigation', { name: 'Files' });
  for (const f of files)
    expect(await tree.getByRole('button', { name: f, exact: true }).count(), `${f} imported from ${archive}`).toBe(1);
  const { output, status } = await runAndWait(page);
  expect(status).toMatch(/Exited \(0\)/);
  expect(output, `Output of the project imported from ${archive}`).toMatch(/\/data\/poem\.txt: 2 lines, 15 words/);
  await context.close();
}

describe('import a build context', () => {
  it('a .zip of a folder becomes a runnable project', async () => {
    const zip = zipSync(
      Object.fromEntries(files.map((f) => [`poem-context/${f}`, new Uint8Array(readFileSync(join(example, f)))])),
    );
    const path = join(work, 'poem-context.zip');
    writeFileSync(path, zip);
    await importAndRun(path, 'poem-context');
  });

  it('a .tar made by GNU tar becomes a runnable project', async () => {
    const path = join(work, 'tarred.tar');
    execFileSync('tar', ['-cf', path, '-C', example, ...files]);
    await importAndRun(path, 'tarred');
  });

  it('a .tar.gz (inflated in the builder Worker) becomes a runnable project', async () => {
    const path = join(work, 'zipped-up.tar.gz');
    execFileSync('tar', ['-czf', path, '-C', example, ...files]);
    await importAndRun(path, 'zipped-up');
  });

  it('a picked folder becomes a runnable project', async () => {
    const { page, context } = await openApp(browser, server.url);
    await page.getByLabel('Import folder', { exact: true }).setInputFiles('public/examples/multi-stage');
    await expect
      .poll(() => page.getByTitle('Projects and examples').textContent(), {
        message: 'project after importing a folder',
      })
      .toContain('multi-stage');
    const { output } = await runAndWait(page);
    expect(output, 'Output of the imported folder').toContain('Hello from a multi-stage build!');
    await context.close();
  });

  it('a project too large for a link is offered as a .zip download', async () => {
    const { page, context } = await openApp(browser, server.url);
    const noise = new Uint8Array(1_300_000);
    for (let i = 0; i < noise.length; i += 65536) crypto.getRandomValues(noise.subarray(i, i + 65536));
    const big = join(work, 'noise.bin');
    writeFileSync(big, noise);
    await page.getByLabel('Import', { exact: true }).setInputFiles(big);
    await page
      .getByRole('navigation', { name: 'Files' })
      .getByRole('button', { name: 'noise.bin', exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { message: 'Share of a 1.3 MB random file' })
      .toMatch(/too large to share as a link/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: /Download project/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hello-world.zip');
    const saved = join(work, 'project.zip');
    await download.saveAs(saved);
    const entries = unzipSync(new Uint8Array(readFileSync(saved)));
    expect(Object.keys(entries).sort(), 'files in the downloaded project').toEqual([
      'Dockerfile',
      'hello-world.c',
      'noise.bin',
    ]);
    expect(entries['noise.bin']!.length).toBe(noise.length);
    await context.close();
  });
});
