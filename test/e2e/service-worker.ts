// What the site's service worker gives a person, written once over `Tab` (test/support/tab.ts)
// for both browsers: a later visit with no network, the web app manifest, and a new version
// offered (never forced) with the edits kept across its reload.
import { expect } from 'vitest';
import { waitUntil, type Tab, type Target } from '../support/tab.ts';
import { EDIT, editorText, openFile, openPlayground, replaceText, runAndWait, RUN } from './flows.ts';

const UPDATE: Target = { label: 'New version' };

/** The service worker's state for the page: whether it controls it, and that worker's state. */
const CONTROLLER = `navigator.serviceWorker.controller ? navigator.serviceWorker.controller.state : 'none'`;

/** Waits until the site's service worker controls the page: it has precached the app shell. */
export async function controlled(tab: Tab): Promise<void> {
  await waitUntil(
    `${tab.browser}: the service worker controls the page`,
    () => tab.evaluate<string>(CONTROLLER),
    (s) => s === 'activated',
    60_000,
  );
}

/**
 * Waits until a visit could be repeated with no network: the app shell precached (the worker
 * controls the page) and clang's files kept in Cache Storage (the loader keeps them after a Run
 * without holding the Run up).
 */
export async function offlineReady(tab: Tab): Promise<void> {
  await controlled(tab);
  await waitUntil(
    `${tab.browser}: clang's files in Cache Storage`,
    () =>
      tab.evaluate<string[]>(
        `caches.open('wharf-toolchains').then((c) => c.keys()).then((ks) => ks.map((r) => r.url.split('/').pop()))`,
      ),
    (names) => names.includes('llvm.core.wasm') && names.includes('llvm-resources.tar'),
    60_000,
  );
}

/**
 * A later visit with the site's server gone: the page opens isolated from the precache with the
 * last project, and Run builds with clang from Cache Storage: the project as the last visit left
 * it (after `EDIT`), or a new edit.
 */
export async function laterVisitOffline(
  tab: Tab,
  url: string,
  what: 'runs the last edit' | 'compiles an edit',
): Promise<void> {
  await openPlayground(tab, url);
  expect(await tab.evaluate('crossOriginIsolated'), `${tab.browser}: crossOriginIsolated offline`).toBe(true);
  await openFile(tab, EDIT.file);
  const offline = '#include <stdio.h>\nint main(void) { puts("compiled offline"); return 0; }\n';
  if (what === 'runs the last edit') {
    expect(await editorText(tab), `${tab.browser}: ${EDIT.file} as the last visit left it`).toMatch(EDIT.prints);
  } else {
    await replaceText(tab, offline);
  }
  const { output, status } = await runAndWait(tab, 120_000);
  expect(status, `${tab.browser}: status of the offline Run; output: ${output}`).toMatch(/Exited \(0\)/);
  expect(output, `${tab.browser}: Output of the offline Run`).toMatch(
    what === 'runs the last edit' ? EDIT.prints : /compiled offline/,
  );
}

/** The manifest the page links, as the browser would read it to install the site, icons and all. */
export async function installable(tab: Tab): Promise<void> {
  const manifest = await tab.evaluate<{
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; loaded: string }[];
  }>(`(async () => {
    const link = document.querySelector('link[rel="manifest"]');
    const url = new URL(link.getAttribute('href'), document.baseURI);
    const m = await (await fetch(url)).json();
    for (const icon of m.icons) {
      if (icon.type !== 'image/png') continue;
      const r = await fetch(new URL(icon.src, url));
      const bitmap = await createImageBitmap(await r.blob());
      icon.loaded = r.status + ' ' + r.headers.get('content-type') + ' ' + bitmap.width + 'x' + bitmap.height;
    }
    return m;
  })()`);
  expect([manifest.name, manifest.start_url, manifest.display], 'manifest name, start_url, display').toEqual([
    'Wharf',
    './',
    'standalone',
  ]);
  const png = manifest.icons.filter((i) => i.type === 'image/png');
  expect(
    png.map((i) => `${i.sizes}: ${i.loaded}`),
    'the PNG icons, fetched and decoded',
  ).toEqual(png.map((i) => `${i.sizes}: 200 image/png ${i.sizes}`));
  expect(
    png.map((i) => i.sizes),
    'the icon sizes an install needs',
  ).toEqual(expect.arrayContaining(['192x192', '512x512']));
}

/** The text a later edit adds, typed and left waiting for the autosave when Reload is clicked. */
const PENDING = '// typed just before the update\n';

/**
 * A later visit while a new build is deployed: the page (the old version, from the precache)
 * offers the new one and does not reload by itself; an edit made and not yet saved, then
 * Reload: the page reloads into the new version with the edit there.
 */
export async function updateOffered(tab: Tab, url: string, isNew: string): Promise<void> {
  await openPlayground(tab, url);
  await tab.evaluate(`window.wharfVisit = 'before the prompt'`);
  await tab.waitFor({ text: 'A new version of Wharf is ready', within: UPDATE }, 60_000);
  expect(await tab.evaluate(`window.wharfVisit`), `${tab.browser}: the page has not reloaded by itself`).toBe(
    'before the prompt',
  );
  expect(await tab.evaluate<boolean>(isNew), `${tab.browser}: the page is the old version until Reload`).toBe(false);
  await openFile(tab, EDIT.file);
  await replaceText(tab, EDIT.text);
  // Reload is clicked as soon as the editor shows the next edit: well within the autosave's pause.
  await tab.evaluate(`(() => {
    const lines = document.querySelector('.monaco-editor .view-lines');
    const reload = [...document.querySelectorAll('[aria-label="New version"] button')].find((b) => b.textContent === 'Reload');
    new MutationObserver((_, observer) => {
      if (!lines.textContent.replace(/\\u00a0/g, ' ').includes(${JSON.stringify(PENDING.trim())})) return;
      observer.disconnect();
      reload.click();
    }).observe(lines, { subtree: true, childList: true, characterData: true });
  })()`);
  await tab.insertText(PENDING);
  await waitUntil(`${tab.browser}: the new version loaded`, () => tab.evaluate<boolean>(isNew), Boolean, 60_000);
  await waitUntil(`${tab.browser}: Run enabled after the update`, () => tab.enabled(RUN), Boolean, 60_000);
  await tab.waitFor({ css: '.monaco-editor' }, 60_000);
  await openFile(tab, EDIT.file);
  const text = await editorText(tab);
  expect(text, `${tab.browser}: ${EDIT.file} after the update's reload`).toContain(EDIT.text.split('\n')[0]!);
  expect(text, `${tab.browser}: the edit still waiting for the autosave when Reload was clicked`).toContain(
    PENDING.trim(),
  );
  expect(await tab.count(UPDATE), `${tab.browser}: the prompt after the update`).toBe(0);
}
