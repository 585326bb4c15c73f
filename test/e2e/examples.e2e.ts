// The examples gallery: every example opens as a project and runs with its expected output, the
// servers answer in the Preview; Run options (arguments, environment, stdin) reach the program.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserApp } from '../support/browser.ts';
import { pageTab } from '../support/tab.ts';
import { openApp, runAndWait } from './app.ts';
import { previewSocketServer } from './flows.ts';

const app = useBrowserApp('preview');
let page: Page;

beforeAll(async () => {
  ({ page } = await openApp(app.browser, app.server.url));
});

async function openExample(title: string): Promise<void> {
  await page.getByTitle('Projects and examples').click();
  await page
    .getByRole('dialog', { name: 'Projects' })
    .getByRole('button', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    .click();
  await expect
    .poll(() => page.getByTitle('Projects and examples').textContent(), { message: `project after opening ${title}` })
    .not.toMatch(/hello-world$/);
}

const cases: [title: string, want: RegExp][] = [
  ['Hello, Wasm!', /^Hello, Wasm!\s*$/],
  [
    'Arguments and environment',
    /argv\[0\] = \/bin\/args-and-env\.wasm[\s\S]*argv\[1\] = first[\s\S]*argv\[2\] = second argument[\s\S]*Hello, Wharf!/,
  ],
  ['Files in the image', /\/data\/poem\.txt: 2 lines, 15 words, 69 bytes/],
  ['Multi-stage build', /Hello from a multi-stage build!/],
  ['Standard input', /WASM CONTAINERS RUN IN THE BROWSER[\s\S]*\(35 bytes\)/],
  ['CPU-bound, timed', /round 5: 664579 primes below 10000000 in [\d.]+ ms/],
  ['ANSI colours', /red\s+bold[\s\S]*colours work/],
  ['C: several files and a header', /1\. Hello, Wharf![\s\S]*3\. Hello, Wharf!/],
  ['C++', /browser: 1[\s\S]*wasm: 2/],
  ['Python app', /"to": 2[\s\S]*Python 3\.12\.\d+ on wasi/],
  ['Python generates, C compiles', /\s+10\s+100\s+1000/],
  ['Prebuilt module', /^Hello, Wasm!\s*$/],
  // clang, then wasm-tools component new with the preview1 adapter, in the tab; Run runs the component.
  [
    'WASI 0.2 component from C',
    /Hello from a WASI 0\.2 component, Wharf!\s+arg 1: first\s+arg 2: second\s+greeting\.txt: Components run where runwasi runs them\./,
  ],
];

describe('examples gallery', () => {
  for (const [title, want] of cases) {
    it(`"${title}" runs with its expected output`, async () => {
      await openExample(title);
      const { output, status } = await runAndWait(page);
      expect(status, `status of ${title}`).toMatch(/Exited \(0\)/);
      expect(output, `Output of ${title}`).toMatch(want);
      expect(output, `Output of ${title} is plain text (no escape sequences)`).not.toMatch(/\x1b/);
    });
  }

  // The flow in both browsers (Firefox: firefox-run.e2e.ts), here on this file's warm page.
  it('"HTTP server on WASI sockets" builds in the tab and answers in the Preview; a crash is a 502', async () => {
    await previewSocketServer(pageTab(page), app.server.url);
  });

  it('"HTTP handler component (WAT + WIT)" builds in the tab and answers in the Preview', async () => {
    await openExample('HTTP handler component');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /Serving component-http:latest \(wasi:http\)|Exited|failed/ }).waitFor();
    expect(await status.textContent(), 'status of the handler example').toMatch(/Serving component-http:latest/);
    const frame = page.frameLocator('iframe[title="Served page"]').locator('body');
    await expect
      .poll(() => frame.textContent(), { message: 'the Preview of the handler' })
      .toBe('Hello from a WebAssembly HTTP handler!\n');
    await expect
      .poll(() => page.locator('[role="log"][aria-label="Request log"]').textContent())
      .toMatch(/#0 GET \/ 200 [\d.]+ ms/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await status.filter({ hasText: /Exited/ }).waitFor();
    expect(await status.textContent(), 'status after Stop').toMatch(/Exited \(137\), stopped/);
  });

  it('Run options replace CMD, overlay ENV and feed stdin', async () => {
    await openExample('Arguments and environment');
    await page.getByRole('tab', { name: 'Run options' }).click();
    const form = page.getByRole('form', { name: 'Run options' });
    await form.getByRole('textbox', { name: /Arguments/ }).fill('one "two words"');
    await form.getByRole('textbox', { name: /Arguments/ }).press('Tab');
    await form.getByRole('textbox', { name: /Environment/ }).fill('GREETING_NAME=options\nEXTRA=1');
    await form.getByRole('textbox', { name: /Environment/ }).press('Tab');
    const { output } = await runAndWait(page);
    expect(output, 'argv with Run options').toMatch(
      /argc = 3\s+argv\[0\] = \/bin\/args-and-env\.wasm\s+argv\[1\] = one\s+argv\[2\] = two words/,
    );
    expect(output, 'env with Run options').toMatch(/EXTRA=1[\s\S]*Hello, options!/);

    await openExample('Standard input');
    await page.getByRole('tab', { name: 'Run options' }).click();
    await page
      .getByRole('form', { name: 'Run options' })
      .getByRole('textbox', { name: /Standard input/ })
      .fill('quiet please');
    const piped = await runAndWait(page);
    expect(piped.output, 'stdin from Run options').toMatch(/QUIET PLEASE\s*\(12 bytes\)/);
  });

  it('Mounts put picked files and a picked folder into the run, at the path given', async () => {
    await openExample('Files in the image');
    await page.getByRole('tab', { name: 'Run options' }).click();
    const form = page.getByRole('form', { name: 'Run options' });
    const args = form.getByRole('textbox', { name: /Arguments/ });
    const at = form.getByRole('textbox', { name: 'Mount at' });
    await at.fill('/mnt');
    await form
      .getByLabel('Mount files')
      .setInputFiles({ name: 'mine.txt', mimeType: 'text/plain', buffer: Buffer.from('one two\nthree\n') });
    await form.getByRole('list', { name: 'Mounts' }).getByText('mine.txt').waitFor();
    await args.fill('/mnt/mine.txt');
    await args.press('Tab');
    const files = await runAndWait(page);
    expect(files.output, 'a mounted file').toMatch(/\/mnt\/mine\.txt: 2 lines, 3 words, 14 bytes/);

    const dir = mkdtempSync(join(tmpdir(), 'wharf-mount-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'deep.txt'), 'from a folder\n');
    await page.getByRole('tab', { name: 'Run options' }).click();
    await at.fill('/in');
    await form.getByLabel('Mount folder').setInputFiles(dir);
    await form
      .getByRole('list', { name: 'Mounts' })
      .getByText(`${basename(dir)}/`)
      .waitFor();
    await args.fill('/in/sub/deep.txt');
    await args.press('Tab');
    const folder = await runAndWait(page);
    expect(folder.output, "a mounted folder's contents").toMatch(/\/in\/sub\/deep\.txt: 1 lines, 3 words, 14 bytes/);

    await page.getByRole('tab', { name: 'Run options' }).click();
    await form.getByRole('button', { name: 'Remove mount /mnt' }).click();
    await form.getByRole('button', { name: 'Remove mount /in' }).click();
    await args.fill('/in/sub/deep.txt');
    await args.press('Tab');
    const gone = await runAndWait(page);
    expect(gone.status, 'after removing the mounts').toMatch(/Exited \(1\)/);
    await page.getByRole('tab', { name: 'Run options' }).click();
    await args.fill('');
    await args.press('Tab');
  });
});
