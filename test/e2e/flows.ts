// The playground's main user flows, written once over `Tab` (test/support/tab.ts) so they run in
// any browser the suite drives: first visit and Run, an edit and Run, a Dockerfile error, Share,
// Download image, Import, interactive stdin, Stop, mounts, a binary file kept across a reload. Each flow opens its own tab (own
// storage) and closes it, so one can be retried alone.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { expect } from 'vitest';
import { formatBytes } from '../../src/ui/lib/format.ts';
import { waitUntil, type Tab, type Target } from '../support/tab.ts';

// What flows poll is found by aria-label or CSS: cheap in both browsers.
export const RUN: Target = { label: 'Run' };
export const STATUS: Target = { css: '[role="status"]', within: { label: 'Panels' } };
export const OUTPUT: Target = { css: '[role="log"][aria-label="Output"]' };
export const BUILD_LOG: Target = { css: '[role="log"][aria-label="Build log"]' };
const FILES: Target = { label: 'Files' };
const EDITOR_LINES: Target = { css: '.monaco-editor .view-lines' };
const RUN_OPTIONS: Target = { label: 'Run options' };
const PANELS: Target = { label: 'Panels' };

/**
 * The edit of "an edit and Run", in one place: the file, its new text, and what Run then prints.
 * The seed compiles hello-world.c in the tab, so the edit is to the C source.
 */
export const EDIT = {
  file: 'hello-world.c',
  text: '#include <stdio.h>\nint main(void) {\nputs("Hello from an edit, compiled in the tab!");\nreturn 0;\n}\n',
  prints: /Hello from an edit, compiled in the tab!/,
};

// ---- the playground, as a person uses it ----

/** Loads the app and waits until it is ready to Run (Monaco loaded, the seed or link opened). */
export async function openPlayground(tab: Tab, url: string): Promise<void> {
  await tab.goto(url);
  await waitUntil(`${tab.browser}: Run enabled after loading ${url}`, () => tab.enabled(RUN), Boolean, 60_000);
  await tab.waitFor({ css: '.monaco-editor' }, 60_000);
}

export async function openFile(tab: Tab, path: string): Promise<void> {
  await tab.click({ label: path, within: FILES });
}

/** Opens an example from the Projects menu by its title. */
export async function openExample(tab: Tab, title: string): Promise<void> {
  await tab.click({ title: 'Projects and examples' });
  await tab.click({ text: title, within: { label: 'Projects' } });
  await waitUntil(
    `${tab.browser}: Projects menu closed`,
    () => tab.count({ label: 'Projects' }),
    (n) => n === 0,
  );
}

/**
 * Replaces the open file's text in Monaco as a person would: click into it, select all, delete,
 * type, and look that the text arrived. A click while Monaco lays itself out again (just after
 * the hex view of a binary file gave way to it) can miss its input: click until it has the focus.
 */
export async function replaceText(tab: Tab, text: string): Promise<void> {
  const focused = `!!document.activeElement?.closest('.monaco-editor')`;
  await waitUntil(
    `${tab.browser}: the editor has the focus`,
    async () =>
      (await tab.evaluate<boolean>(focused)) || (await tab.click(EDITOR_LINES), tab.evaluate<boolean>(focused)),
    Boolean,
    10_000,
  );
  await tab.press('Control+a');
  await tab.press('Delete');
  await tab.insertText(text);
  const first = text.split('\n')[0]!;
  await waitUntil(
    `${tab.browser}: the editor shows ${JSON.stringify(first)}`,
    () => editorText(tab),
    (t) => t.includes(first),
    10_000,
  );
}

export async function editorText(tab: Tab): Promise<string> {
  return (await tab.text(EDITOR_LINES)).replace(/\u00a0/g, ' ');
}

/** Waits until the status next to the panel tabs matches `re`, and returns it. */
export function waitForStatus(tab: Tab, re: RegExp, timeout = 60_000): Promise<string> {
  return waitUntil(
    `${tab.browser}: status ~ ${re}`,
    () => tab.text(STATUS),
    (s) => re.test(s),
    timeout,
  );
}

/** Clicks Run and waits for the program to exit (or the build or run to fail). */
export async function runAndWait(tab: Tab, timeout = 60_000): Promise<{ output: string; status: string }> {
  await tab.click(RUN);
  const status = await waitForStatus(tab, /Exited \(\d+\)|failed/, timeout);
  return { output: await tab.text(OUTPUT), status };
}

// ---- the flows ----

export async function seedRuns(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  expect(await tab.evaluate('crossOriginIsolated'), 'the page is cross-origin isolated').toBe(true);
  const { output, status } = await runAndWait(tab);
  expect(output, 'Output after Run on the seed').toContain('Hello, Wasm!');
  expect(status, 'status after Run on the seed').toMatch(/Exited \(0\)/);
}

export async function editAndRun(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  const before = await runAndWait(tab);
  expect(before.output, 'Output before the edit').not.toMatch(EDIT.prints);
  await openFile(tab, EDIT.file);
  await replaceText(tab, EDIT.text);
  const after = await runAndWait(tab);
  expect(after.status, 'status after the edit').toMatch(/Exited \(0\)/);
  expect(after.output, `Output after editing ${EDIT.file}`).toMatch(EDIT.prints);
}

export async function dockerfileErrorMarked(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await openFile(tab, 'Dockerfile');
  await replaceText(
    tab,
    'FROM scratch\nCOPY hello-world.wasm /hello-world.wasm\nFROBNICATE now\nENTRYPOINT ["/hello-world.wasm"]\n',
  );
  await waitUntil(
    `${tab.browser}: Problems while typing`,
    () => tab.text({ label: 'Problems' }),
    (t) => /Dockerfile:3:/.test(t),
    10_000,
  );
  const squiggles = { css: '.monaco-editor .squiggly-error' };
  await waitUntil(
    `${tab.browser}: error squiggle`,
    () => tab.count(squiggles),
    (n) => n > 0,
    10_000,
  );
  // A build error that only the build finds (a missing COPY source): the log names the line and
  // the editor's cursor jumps there.
  await replaceText(tab, 'FROM scratch\n\nCOPY missing.wasm /missing.wasm\nENTRYPOINT ["/missing.wasm"]\n');
  await tab.click({ label: 'Build' });
  await waitForStatus(tab, /Build failed/);
  expect(await tab.text(BUILD_LOG), 'Build log').toMatch(/Dockerfile:3: .*missing\.wasm/);
  await waitUntil(
    `${tab.browser}: cursor on the failing line`,
    () => tab.text({ css: '.monaco-editor .line-numbers.active-line-number' }),
    (n) => n === '3',
    10_000,
  );
  expect(await tab.count(squiggles), 'marker for the failing line').toBeGreaterThan(0);
}

const SHARED_SOURCE =
  '/* shared ünïcode */\n#include <stdio.h>\nint main(void) {\nputs("Hello from a shared link!");\nreturn 0;\n}\n';

/**
 * Share in `sender`, then open the link in a tab of another profile, opened only once the sender
 * is closed: a tab left in the background is throttled (no frames), and clicks wait for frames.
 */
export async function shareLink(sender: Tab, openReceiver: () => Promise<Tab>, url: string): Promise<string> {
  await openPlayground(sender, url);
  // A binary travels in the link too.
  await sender.setFiles({ label: 'Import' }, ['test/fixtures/loop.wasm']);
  await sender.waitFor({ label: 'loop.wasm', within: FILES });
  await openFile(sender, 'hello-world.c');
  await replaceText(sender, SHARED_SOURCE);
  await sender.click({ label: 'Share' });
  const field: Target = { label: 'Share link' };
  await sender.waitFor(field);
  const link = await sender.value(field);
  expect(link, 'Share link value').toMatch(/#p=\d+\.[A-Za-z0-9_-]+$/);
  expect(await sender.text({ css: '[role="dialog"][aria-label="Share"]' }), 'Share says where the link went').toMatch(
    /Link copied to the clipboard/,
  );
  expect(await sender.evaluate('navigator.clipboard.readText()'), 'clipboard after Share').toBe(link);
  await sender.close();

  const receiver = await openReceiver();
  await openPlayground(receiver, link);
  expect(await receiver.count({ label: 'loop.wasm', within: FILES }), 'shared .wasm').toBe(1);
  await openFile(receiver, 'hello-world.c');
  await waitUntil(
    `${receiver.browser}: shared hello-world.c`,
    () => editorText(receiver),
    (t) => /shared ünïcode/.test(t),
  );
  expect(new URL(receiver.url()).hash, 'the fragment is cleared once opened').toBe('');
  const { output, status } = await runAndWait(receiver);
  expect(status, 'status of the shared project').toMatch(/Exited \(0\)/);
  expect(output, 'Output of the shared project, compiled where it was opened').toContain('Hello from a shared link!');
  return link;
}

/** Run, then Download image; returns the tarball, checked with skopeo. */
export async function downloadImage(tab: Tab, url: string, dir: string): Promise<string> {
  await openPlayground(tab, url);
  await runAndWait(tab);
  const file = await tab.download({ label: 'Download image' }, dir);
  expect(file.split('/').pop(), 'download name').toBe('hello-world_latest.tar');
  const config = JSON.parse(
    execFileSync('skopeo', ['inspect', '--config', `oci-archive:${file}`], { encoding: 'utf8' }),
  ) as { architecture: string; os: string; config: { Entrypoint: string[] } };
  expect([config.architecture, config.os, config.config.Entrypoint], 'skopeo inspect --config').toEqual([
    'wasm',
    'wasi',
    ['/hello-world.wasm'],
  ]);
  return file;
}

/** Import an image tarball into a profile that has never built it: it is stored and runs. */
export async function importImage(tab: Tab, url: string, tarball: string): Promise<void> {
  await openPlayground(tab, url);
  await tab.setFiles({ label: 'Import' }, [tarball]);
  await waitForStatus(tab, /Exited \(\d+\)|failed/);
  expect(await tab.text(STATUS), 'status of the imported image').toMatch(/Exited \(0\)/);
  expect(await tab.text(OUTPUT), 'Output of the imported image').toContain('Hello, Wasm!');
  await tab.click({ text: 'Images', within: PANELS });
  await waitUntil(
    `${tab.browser}: Images after Import`,
    () => tab.text({ label: 'Images' }),
    (t) => /hello-world:latest/.test(t),
  );
}

export async function interactiveStdin(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await openExample(tab, 'Standard input');
  await tab.click({ text: 'Run options', within: PANELS });
  await tab.click({ css: 'input[type="checkbox"]', within: RUN_OPTIONS });
  await tab.click(RUN);
  await tab.waitFor({ text: 'Reading input: type here' }, 60_000);
  await tab.type('hello there');
  await tab.press('Backspace');
  await tab.press('Enter');
  await waitUntil(
    `${tab.browser}: Output after one line`,
    () => tab.text(OUTPUT),
    (t) => /hello ther\nHELLO THER\n/.test(t),
  );
  await tab.type('bye');
  await tab.press('Control+d');
  expect(await waitForStatus(tab, /Exited/, 10_000), 'status after Ctrl+D').toMatch(/Exited \(0\)/);
  expect(await tab.text(OUTPUT), 'Output at the end').toMatch(/BYE\(14 bytes\)/);
}

/** The stored project holding `path`: its Dockerfile's text and the size of `path`'s bytes as stored. */
const storedWith = (path: string): string => `(async () => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('wharf');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const all = await new Promise((resolve, reject) => {
    const req = db.transaction('projects').objectStore('projects').getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  for (const p of all) {
    const file = p.files.find((f) => f.path === ${JSON.stringify(path)});
    if (!file) continue;
    const data = file.data;
    const size = data instanceof Blob ? data.size : data.byteLength;
    return p.files.find((f) => f.path === 'Dockerfile').data + ' | ' + size;
  }
  return '';
})()`;

/**
 * A binary file saved with its project is there after a reload, and the project builds and runs
 * from what was stored: the store keeps its bytes as a Blob and reads them back.
 */
export async function binaryKeptAcrossReload(tab: Tab, url: string): Promise<void> {
  const dockerfile = 'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n';
  const size = statSync('test/fixtures/hello.wasm').size;
  await openPlayground(tab, url);
  await tab.setFiles({ label: 'Import' }, ['test/fixtures/hello.wasm']);
  await tab.waitFor({ label: 'hello.wasm', within: FILES });
  await openFile(tab, 'Dockerfile');
  await replaceText(tab, dockerfile);
  await waitUntil(
    `${tab.browser}: the project saved with hello.wasm`,
    () => tab.evaluate<string>(storedWith('hello.wasm')),
    (s) => s === `${dockerfile} | ${size}`,
  );
  await openPlayground(tab, url);
  await tab.waitFor({ label: 'hello.wasm', within: FILES });
  const { output, status } = await runAndWait(tab);
  expect(status, 'status of a Run after the reload').toMatch(/Exited \(0\)/);
  expect(output, 'Output of the stored hello.wasm').toContain('Hello, Wasm!');
}

export async function stopLoop(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await tab.setFiles({ label: 'Import' }, ['test/fixtures/loop.wasm']);
  await tab.waitFor({ label: 'loop.wasm', within: FILES });
  await openFile(tab, 'Dockerfile');
  await replaceText(tab, 'FROM scratch\nCOPY loop.wasm /loop.wasm\nENTRYPOINT ["/loop.wasm"]\n');
  await tab.click(RUN);
  await waitForStatus(tab, /Running/);
  await waitUntil(
    `${tab.browser}: the loop's first line`,
    () => tab.text(OUTPUT),
    (t) => t.includes('looping'),
  );
  await tab.click({ label: 'Stop' });
  expect(await waitForStatus(tab, /Exited \(\d+\)/, 10_000), 'status after Stop').toMatch(/Exited \(137\), stopped/);
}

/**
 * Picked files mounted into a run (`-v`), read by the program; and the read-write folder offered
 * only where the File System Access API exists (Chromium), never in Firefox.
 */
export async function mountPickedFiles(tab: Tab, url: string, file: string): Promise<void> {
  await openPlayground(tab, url);
  await openExample(tab, 'Files in the image');
  await tab.click({ text: 'Run options', within: PANELS });
  const readWrite: Target = { text: 'Folder, read-write…', within: RUN_OPTIONS };
  expect(await tab.count({ label: 'Mount files', within: RUN_OPTIONS }), 'Mount files offered').toBe(1);
  expect(await tab.count({ label: 'Mount folder', within: RUN_OPTIONS }), 'Mount folder offered').toBe(1);
  expect(await tab.count(readWrite), `"Folder, read-write…" offered in ${tab.browser}`).toBe(
    tab.browser === 'firefox' ? 0 : 1,
  );
  await tab.fill({ text: 'Mount at', within: RUN_OPTIONS }, '/picked');
  await tab.setFiles({ label: 'Mount files', within: RUN_OPTIONS }, [file]);
  const name = file.split('/').pop()!;
  await waitUntil(
    `${tab.browser}: the mount listed`,
    () => tab.text({ label: 'Mounts', within: RUN_OPTIONS }),
    (t) => t.includes('/picked') && t.includes(name),
  );
  await tab.fill({ text: 'Arguments', within: RUN_OPTIONS }, `/picked/${name}`);
  await tab.press('Tab');
  const { output, status } = await runAndWait(tab);
  expect(status, 'status of the run with a mount').toMatch(/Exited \(0\)/);
  expect(output, 'Output of the program reading the mounted file').toMatch(
    new RegExp(`/picked/${name}: 2 lines, 3 words, 14 bytes`),
  );
}

/**
 * A store the browser will not grow (a 10 MiB limit, set by the caller) meets an image too large
 * for it: the build fails saying so in the Build log and above every panel, with the browser's
 * own figures, which the Images panel shows too; and nothing half-written is left.
 */
export async function storageFull(tab: Tab, url: string, big: string): Promise<void> {
  await openPlayground(tab, url);
  await tab.click({ text: 'Images', within: PANELS });
  const figures = /· [\d.]+ [kMG]?B of [\d.]+ [kMG]?B used/;
  await waitUntil(
    `${tab.browser}: storage figures in Images`,
    () => tab.text({ label: 'Images' }),
    (t) => figures.test(t),
  );

  const name = big.split('/').pop()!;
  // A prebuilt module beside it: a toolchain (tens of MB) would not fit the limit either.
  await tab.setFiles({ label: 'Import' }, [big, 'test/fixtures/hello.wasm']);
  await tab.waitFor({ label: name, within: FILES });
  await tab.waitFor({ label: 'hello.wasm', within: FILES });
  await openFile(tab, 'Dockerfile');
  await replaceText(
    tab,
    `FROM scratch\nCOPY ${name} /${name}\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n`,
  );
  const full = await runAndWait(tab);
  expect(full.status, 'status when the image does not fit').toMatch(/Build failed/);
  expect(await tab.text(BUILD_LOG), 'Build log when the image does not fit').toMatch(
    /ERROR: saving image .*hello-world:latest: the browser refused to store more data \(storage quota exceeded\)/,
  );
  const notice = await waitUntil(
    `${tab.browser}: the alert above the panels`,
    () => tab.text({ css: '.notice[role="alert"]' }),
    (t) => t.length > 0,
  );
  const { quota } = await tab.evaluate<{ quota: number }>('navigator.storage.estimate()');
  expect(notice, 'the alert above the panels').toMatch(/storage quota exceeded\).*delete unused images/);
  expect(notice, 'the figures in the alert').toMatch(
    new RegExp(`\\([\\d.]+ [kMG]?B of ${formatBytes(quota).replace('.', '\\.')} used by this site\\)`),
  );
  await tab.click({ text: 'Images', within: PANELS });
  expect(await tab.text({ label: 'Images' }), 'Images after the refused commit').toMatch(/0 images stored/);
}

/** After storageFull(): with the large file deleted, the project saves and Run works again. */
export async function recoverFromStorageFull(tab: Tab, big: string): Promise<void> {
  await tab.click({ label: `Delete ${big.split('/').pop()!}`, within: FILES });
  await openFile(tab, 'Dockerfile');
  await replaceText(tab, 'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n');
  const again = await runAndWait(tab);
  expect(again.status, 'Run once the large file is gone').toMatch(/Exited \(0\)/);
  expect(again.output).toContain('Hello, Wasm!');
  await waitUntil(
    `${tab.browser}: saved once the large file is gone`,
    () => tab.count({ css: '.save-error' }),
    (n) => n === 0,
  );
}

/** setjmp/longjmp built with the flags wasi-libc asks for: Wasm exception handling in the tab. */
const SETJMP = {
  dockerfile:
    'FROM wasi-sdk AS build\nCOPY hello-world.c .\n' +
    'RUN $CC -mllvm -wasm-enable-sjlj hello-world.c -lsetjmp -o hello-world.wasm\n' +
    'FROM scratch\nCOPY --from=build /hello-world.wasm /hello-world.wasm\nENTRYPOINT ["/hello-world.wasm"]\n',
  source:
    '#include <setjmp.h>\n#include <stdio.h>\nstatic jmp_buf env;\n' +
    'static void deep(int n) { if (n == 0) longjmp(env, 42); deep(n - 1); }\n' +
    'int main(void) {\nint r = setjmp(env);\nif (r == 0) { deep(5); return 1; }\n' +
    'printf("longjmp came back with %d\\n", r);\nreturn 0;\n}\n',
  stale:
    '#include <setjmp.h>\n#include <stdio.h>\nstatic jmp_buf env;\n' +
    'static void mark(void) { setjmp(env); }\nint main(void) {\nmark();\nlongjmp(env, 1);\n}\n',
};

export async function setjmpRuns(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await openFile(tab, 'Dockerfile');
  await replaceText(tab, SETJMP.dockerfile);
  await openFile(tab, 'hello-world.c');
  await replaceText(tab, SETJMP.source);
  const ok = await runAndWait(tab, 120_000);
  expect(ok.output, `Output of the setjmp program; build log: ${await tab.text(BUILD_LOG)}`).toContain(
    'longjmp came back with 42',
  );
  expect(ok.status, 'status').toMatch(/Exited \(0\)/);
  // A longjmp to a setjmp whose function returned: an uncaught Wasm exception, said as a trap.
  await replaceText(tab, SETJMP.stale);
  const stale = await runAndWait(tab, 120_000);
  expect(stale.status, `status of a stale longjmp; output: ${stale.output}`).toMatch(/Exited \(137\)/);
  expect(stale.output, 'Output of a stale longjmp').toMatch(/uncaught exception/);
}

/**
 * A WASI 0.2 command component as an image's entrypoint (COPY into `FROM scratch`): Run
 * transpiles it in the runner Worker the first time; interactive stdin blocks until typed lines
 * come, piped stdin reads to its end, a trap exits 137 with its reason.
 */
export async function componentRuns(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await tab.setFiles({ label: 'Import' }, [
    'test/fixtures/components/upper.wasm',
    'test/fixtures/components/trap.wasm',
  ]);
  await tab.waitFor({ label: 'trap.wasm', within: FILES });
  await openFile(tab, 'Dockerfile');
  await replaceText(tab, 'FROM scratch\nCOPY upper.wasm trap.wasm /\nENTRYPOINT ["/upper.wasm"]\n');
  await tab.click({ text: 'Run options', within: PANELS });
  await tab.click({ css: 'input[type="checkbox"]', within: RUN_OPTIONS });
  await tab.click(RUN);
  await tab.waitFor({ text: 'Reading input: type here' }, 60_000);
  await tab.type('hello component');
  await tab.press('Enter');
  await waitUntil(
    `${tab.browser}: Output after one typed line`,
    () => tab.text(OUTPUT),
    (t) => /hello component\nHELLO COMPONENT\n/.test(t),
    60_000,
  );
  await tab.press('Control+d');
  expect(await waitForStatus(tab, /Exited/, 10_000), 'status after Ctrl+D').toMatch(/Exited \(0\)/);
  expect(await tab.text(OUTPUT), 'Output at the end of input').toMatch(/upper: 16 bytes/);

  await tab.click({ text: 'Run options', within: PANELS });
  await tab.click({ css: 'input[type="checkbox"]', within: RUN_OPTIONS });
  await tab.fill({ css: 'textarea[placeholder="Text piped to the program"]', within: RUN_OPTIONS }, 'piped in\n');
  const piped = await runAndWait(tab);
  expect(piped.status, 'status of the piped run').toMatch(/Exited \(0\)/);
  expect(piped.output, 'Output of the piped run').toMatch(/PIPED IN\n[^]*upper: 9 bytes/);

  await openFile(tab, 'Dockerfile');
  await replaceText(tab, 'FROM scratch\nCOPY upper.wasm trap.wasm /\nENTRYPOINT ["/trap.wasm"]\n');
  const trapped = await runAndWait(tab);
  expect(trapped.status, 'status of a component that traps').toMatch(/Exited \(137\)/);
  expect(trapped.output, 'Output of a component that traps').toMatch(/about to trap\n[^]*wharf: wasm trap: /);
}

// ---- the Preview of a run that serves HTTP ----

const FRAME = `document.querySelector('iframe[title="Served page"]')`;
const PREVIEW_LOG: Target = { label: 'Request log' };

/** The text of the page the Preview's frame shows ('' while it loads). */
function frameText(tab: Tab): Promise<string> {
  return tab.evaluate<string>(`${FRAME}?.contentDocument?.body?.innerText ?? ''`);
}

async function waitForFrame(tab: Tab, what: string, re: RegExp): Promise<string> {
  return waitUntil(
    `${tab.browser}: the Preview shows ${what}`,
    () => frameText(tab),
    (t) => re.test(t),
    30_000,
  );
}

/** Types `path` into the Preview's address field and goes there. */
async function goTo(tab: Tab, path: string): Promise<void> {
  await tab.fill({ label: 'Address' }, path);
  await tab.press('Enter');
}

/** Sends a request with the Preview's form; the Response it shows. */
async function sendRequest(tab: Tab, method: string, path: string, body: string): Promise<string> {
  if (
    (await tab.count({ label: 'Request path' })) === 0 ||
    !(await tab.evaluate<boolean>(`!!document.querySelector('details.request')?.open`))
  )
    await tab.click({ text: 'Send a request' });
  await tab.fill({ label: 'Method' }, method);
  await tab.fill({ label: 'Request path' }, path);
  await tab.fill({ label: 'Request body' }, body);
  await tab.click({ label: 'Send request' });
  return waitUntil(`${tab.browser}: the Response of ${method} ${path}`, () => tab.text({ label: 'Response' }), Boolean);
}

/** FNV-1a of `text`'s UTF-8 bytes, as the C server reports a body. */
function fnv1a(text: string): string {
  let h = 2166136261;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The gallery's C server on WASI sockets, built in the tab, served in the Preview: the page, the
 * address bar, a POST from the form, six requests at once from the page, the log, the same
 * address in another tab; then a crash mid-response (a clear 502, the run exits 137), the 503 a
 * stopped session answers, a second Run that serves again, and Stop.
 */
export async function previewSocketServer(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await openExample(tab, 'HTTP server on WASI sockets');
  await tab.click(RUN);
  await waitForStatus(tab, /Serving http-server:latest on port 8080/, 120_000);
  await waitForFrame(tab, 'the first visit', /Hello from a C server on WASI sockets\s+Visit number 1\./);

  await goTo(tab, '/hello');
  await waitForFrame(tab, 'GET /hello', /^Hello, Wasm!\s*$/);
  expect(await tab.value({ label: 'Address' }), 'the address after going there').toBe('/hello');

  const body = 'posted from the Preview: ünïcödé';
  expect(await sendRequest(tab, 'POST', '/echo', body), 'the Response of POST /echo').toMatch(
    new RegExp(
      `^200\\n[^]*content-type: text/plain[^]*\\n\\nreceived ${new TextEncoder().encode(body).byteLength} bytes, fnv1a ${fnv1a(body)}\\n$`,
    ),
  );

  const six = await tab.evaluate<string[]>(`(async () => {
    const w = ${FRAME}.contentWindow;
    return Promise.all([0, 1, 2, 3, 4, 5].map(async () => {
      const r = await w.fetch('hello');
      return r.status + ' ' + (await r.text());
    }));
  })()`);
  expect(six, 'six requests at once from the preview').toEqual(Array(6).fill('200 Hello, Wasm!\n'));
  const log = await waitUntil(
    `${tab.browser}: the request log`,
    () => tab.text(PREVIEW_LOG),
    (t) => (t.match(/GET \/hello 200/g) ?? []).length === 7,
  );
  expect(log, 'the request log').toMatch(/#0 GET \/ 200 [\d.]+ ms[^]*#1 GET \/hello 200[^]*POST \/echo 200/);
  expect(await tab.text(OUTPUT), "the server's own log on stdout").toMatch(
    /listening on http:\/\/0\.0\.0\.0:8080\/\n127\.0\.0\.1 GET \/ 200\n127\.0\.0\.1 GET \/hello 200\n127\.0\.0\.1 POST \/echo 200\n/,
  );

  const href = await tab.evaluate<string>(
    `[...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Open in a new tab').href`,
  );
  expect(href, "Open in a new tab's address").toMatch(/\/preview\/[0-9a-f]{16}\/hello$/);
  const other = await tab.sibling();
  try {
    await other.goto(href);
    expect(await other.evaluate<string>('document.body.innerText'), 'the address in another tab').toMatch(
      /^Hello, Wasm!\s*$/,
    );
  } finally {
    await other.close();
  }

  await goTo(tab, '/crash');
  await waitForFrame(tab, 'the crash', /^the connection closed after 14 of 100 body bytes \(Content-Length\)\s*$/);
  expect(await waitForStatus(tab, /Exited/), 'status after the crash').toMatch(/Exited \(137\)/);
  expect(await tab.text(PREVIEW_LOG), 'the crash in the log').toMatch(
    /GET \/crash 502 [\d.]+ ms: the connection closed after 14 of 100 body bytes/,
  );
  expect(await tab.text(OUTPUT), 'the trap in Output').toMatch(/wharf: wasm trap: /);

  await goTo(tab, '/');
  await waitForFrame(
    tab,
    'the 503 of a stopped session',
    /503 Nothing is serving\s+The server's run ended \(Exited \(137\)/,
  );
  await tab.click(RUN);
  await waitForStatus(tab, /Serving http-server:latest on port 8080/);
  await waitForFrame(tab, 'a second run', /Visit number 1\./);
  await tab.click({ label: 'Stop' });
  expect(await waitForStatus(tab, /Exited/, 10_000), 'status after Stop').toMatch(/Exited \(137\), stopped/);
}

/**
 * A wasi:http component (the handler fixture) served in the Preview: its page, a fresh instance
 * per request (REQUEST_ID) with the image's Env, a POST from the form, the handler's stderr in
 * Output, a trap answered 500 in the frame and the log while the server goes on, and Stop.
 */
export async function previewComponent(tab: Tab, url: string): Promise<void> {
  await openPlayground(tab, url);
  await tab.setFiles({ label: 'Import' }, ['test/fixtures/components/http-handler.wasm']);
  await tab.waitFor({ label: 'http-handler.wasm', within: FILES });
  await openFile(tab, 'Dockerfile');
  await replaceText(
    tab,
    'FROM scratch\nCOPY http-handler.wasm /\nENV GREETING=hi\nENTRYPOINT ["/http-handler.wasm"]\n',
  );
  await tab.click(RUN);
  await waitForStatus(tab, /Serving hello-world:latest \(wasi:http\)/, 120_000);
  await waitForFrame(tab, 'the handler', /^hello from wasi:http\s*$/);
  await goTo(tab, '/env');
  await waitForFrame(tab, 'GET /env', /\nGREETING=hi\s+REQUEST_ID=1\s*$/);
  expect(await sendRequest(tab, 'POST', '/echo?x=1', 'posted to a component'), 'POST /echo').toMatch(
    /^200\n[^]*\n\nposted to a component$/,
  );
  await goTo(tab, '/log');
  await waitUntil(
    `${tab.browser}: the handler's stderr in Output`,
    () => tab.text(OUTPUT),
    (t) => t.includes('handler stderr line'),
  );
  await goTo(tab, '/trap');
  await waitForFrame(tab, 'the trap', /^wasm trap: .*unreachable.* executed\s*$/);
  expect(await tab.text(PREVIEW_LOG), 'the trap in the log').toMatch(/GET \/trap 500 [\d.]+ ms: wasm trap: /);
  await goTo(tab, '/');
  await waitForFrame(tab, 'the handler after the trap', /^hello from wasi:http\s*$/);
  await tab.click({ label: 'Stop' });
  expect(await waitForStatus(tab, /Exited/, 10_000), 'status after Stop').toMatch(/Exited \(137\), stopped/);
}
