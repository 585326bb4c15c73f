// Wharf embedded in another site's page, written once over EmbedTab (test/support/embed-tab.ts)
// for both browsers. The host page (test/support/embed-host.ts) is on `localhost:B`, Wharf on
// `127.0.0.1:A`, a third party on `localhost:C`. One flow per host: the embed says whether it
// is isolated; Run prints the output and the host hears every event; the frame grows with the
// output; the host's cookie, storage and DOM are out of the frame's reach and nothing lands in
// the reader's playground; the frame cannot navigate the host's window, even right after a
// click in it; the third party's messages reach neither side; and where the frame is not
// isolated it says so in one line and "Open in Wharf" opens the project in the playground.
import { expect } from 'vitest';
import { STDIN, type EmbedHost, type HostKind } from '../support/embed-host.ts';
import type { EmbedTab } from '../support/embed-tab.ts';
import type { Tab } from '../support/tab.ts';
import { openPlayground } from './flows.ts';
import { waitUntil } from '../support/tab.ts';

interface Event {
  type: string;
  [k: string]: unknown;
}

export interface EmbedCase {
  kind: HostKind;
  /** Wharf's address, as this case serves it (ending in `/`). */
  wharf: string;
  /** Whether the frame is cross-origin isolated in this browser and host. */
  isolated: boolean;
  /** Click "Open in Wharf" and look at the tab it opens (where the frame is not isolated). */
  openInWharf?: boolean;
}

const UPPER = STDIN.toUpperCase();

/** The frame element in the host page: the element's (in its shadow root), or the raw iframe. */
const FRAME_JS = `(document.querySelector('wharf-embed')?.shadowRoot?.querySelector('iframe') ?? document.getElementById('embed'))`;

function events(t: EmbedTab): Promise<Event[]> {
  return t.host<Event[]>('events');
}

async function waitForEvent(t: EmbedTab, what: string, ok: (e: Event) => boolean, timeout = 60_000): Promise<Event[]> {
  return waitUntil(
    `${t.browser}: the host hears ${what}`,
    () => events(t),
    (es) => es.some(ok),
    timeout,
  );
}

export async function embedOnHost(t: EmbedTab, host: EmbedHost, c: EmbedCase): Promise<void> {
  const where = `${t.browser}, ${c.kind}`;
  await t.goto(host.page(c.kind, c.wharf));
  const ready = await waitForEvent(t, 'ready and the project shown', (e) => e.type === 'status' && e.state === 'idle');
  expect(
    ready.find((e) => e.type === 'ready'),
    `${where}: the ready event`,
  ).toEqual({ v: 1, type: 'ready', isolated: c.isolated, mode: c.isolated ? 'full' : 'degraded' });
  expect(await t.frame('embed', 'crossOriginIsolated'), `${where}: crossOriginIsolated in the frame`).toBe(c.isolated);

  // The embed loaded at once (load=eager) and took neither the focus nor the page's scroll.
  expect(
    await t.host('[document.activeElement?.id, scrollX, scrollY]'),
    `${where}: the host's focused element and scroll once the embed is ready`,
  ).toEqual(['keeper', 0, 0]);

  // Out of the frame's reach: the host's cookie, storage and DOM. The frame's own storage is
  // Wharf's origin's (partitioned under the host's site) or, where the browser keeps no storage
  // for a frame of another site, none at all; either way the embed kept nothing of its project
  // in the reader's playground (Wharf's IndexedDB database).
  const reach = await t.frame<Record<string, unknown>>(
    'embed',
    `(async () => {
      const attempt = async (f) => { try { return await f(); } catch (e) { return e.name; } };
      return {
        cookie: document.cookie.includes('host_secret'),
        storage: await attempt(() => localStorage.getItem('host-secret')),
        dom: await attempt(() => parent.document.getElementById('secret').textContent),
        href: await attempt(() => top.location.href),
        playground: await attempt(async () => (await indexedDB.databases()).some((d) => d.name === 'wharf')),
      };
    })()`,
  );
  // `playground`: true when the database is there; an error's name when there is no storage.
  expect({ ...reach, playground: reach.playground === true }, `${where}: what the frame reaches`).toEqual({
    cookie: false,
    storage: reach.storage === 'SecurityError' ? 'SecurityError' : null,
    dom: 'SecurityError',
    href: 'SecurityError',
    playground: false,
  });

  // The third party speaks to the embed's frame and to the host, now and as the page loaded.
  await t.frame('third', 'attack()');
  const h0 = await t.host<number>(`${FRAME_JS}.getBoundingClientRect().height`);

  await t.click('[aria-label="Run"]');
  // Right after a click in it (user activation), the frame tries to navigate the host's window.
  const navigated = `${new URL(host.page(c.kind, c.wharf)).origin}/navigated`;
  await t.frame('embed', `(() => { try { top.location.href = ${JSON.stringify(navigated)}; } catch {} })()`);
  const all = await waitForEvent(t, 'exit', (e) => e.type === 'exit');
  const stdout = all
    .filter((e) => e.type === 'stdout')
    .map((e) => e.data)
    .join('');
  const stderr = all
    .filter((e) => e.type === 'stderr')
    .map((e) => e.data)
    .join('');
  expect([stdout, stderr], `${where}: stdout and stderr events`).toEqual([UPPER, `(${STDIN.length} bytes)\n`]);
  expect(
    all.find((e) => e.type === 'exit'),
    `${where}: the exit event`,
  ).toEqual({ v: 1, type: 'exit', code: 0 });
  const states = all.filter((e) => e.type === 'status').map((e) => e.state);
  expect(states, `${where}: the states the host heard`).toEqual(
    expect.arrayContaining(['loading', 'running', 'exited']),
  );
  // The program writes its stdout and stderr in its own order; each line is in the Output.
  const output = await t.frame<string>('embed', `document.querySelector('[aria-label="Output"]').textContent`);
  expect(output.split('\n').sort(), `${where}: the lines of the Output`).toEqual(
    (UPPER + `(${STDIN.length} bytes)\n`).split('\n').sort(),
  );

  // The frame follows the output's height: as tall as the last size it told, and taller than
  // before Run, with the whole output in view (no scrolling inside the frame).
  await waitUntil(
    `${where}: the frame as tall as the last resize event`,
    async () => [
      await t.host<number>(`${FRAME_JS}.getBoundingClientRect().height`),
      [...(await events(t))].reverse().find((e) => e.type === 'resize')?.height,
    ],
    ([h, told]) => h === told,
  );
  const h1 = await t.host<number>(`${FRAME_JS}.getBoundingClientRect().height`);
  expect(h1, `${where}: frame height after Run (${h0} before)`).toBeGreaterThan(h0 + 100);
  expect(
    await t.frame(
      'embed',
      `[document.documentElement.scrollHeight <= innerHeight, (() => { const o = document.querySelector('[aria-label="Output"]'); return o.scrollHeight <= o.clientHeight; })()]`,
    ),
    `${where}: the page and the Output fit in the frame`,
  ).toEqual([true, true]);

  // Neither the navigation nor the third party got anywhere.
  expect(
    await t.host('[location.href, window.hostMarker]'),
    `${where}: the host page after the frame's navigation`,
  ).toEqual([host.page(c.kind, c.wharf), 'still the host page']);
  const heard = await events(t);
  expect(
    heard.filter((e) => JSON.stringify(e).includes('FORGED') || (e.type === 'exit' && e.code !== 0)),
    `${where}: events the third party forged`,
  ).toEqual([]);
  expect(
    heard.filter((e) => e.type === 'exit'),
    `${where}: exit events (the third party's run did not run)`,
  ).toHaveLength(1);
  expect(await t.frame('third', 'got'), `${where}: what the third party heard back`).toEqual([]);

  const note = await t.frame<string | null>('embed', `document.querySelector('[role="note"]')?.textContent ?? null`);
  if (c.isolated) {
    expect(note, `${where}: no degraded-mode line`).toBeNull();
  } else {
    expect(note, `${where}: the degraded-mode line`).toMatch(
      /^\s*This page is not cross-origin isolated: programs read only the stdin given up front\.\s*Open in Wharf/,
    );
  }
  if (c.openInWharf) await openInWharf(t, c);
}

/**
 * "Open in Wharf": a new tab of the playground (not sandboxed: cross-origin isolated, with its
 * storage) with the embed's project as a new local project, stored there only now.
 */
async function openInWharf(t: EmbedTab, c: EmbedCase): Promise<void> {
  const where = `${t.browser}, ${c.kind}: Open in Wharf`;
  const origin = new URL(c.wharf).origin;
  const opened = await t.clickOpens(
    c.isolated ? 'button.open' : '[role="note"] button',
    new RegExp(`^${origin}/(?:[?#]|$)`),
  );
  const files = await waitUntil(
    `${where}: the playground with the project`,
    () =>
      opened.evaluate<string[]>(
        `[...document.querySelectorAll('nav[aria-label="Files"] button.file')].map((b) => b.getAttribute('aria-label'))`,
      ),
    (names) => names.includes('upper.c'),
    60_000,
  );
  expect(files, `${where}: the files`).toEqual(['Dockerfile', 'upper.c']);
  // Not sandboxed: the playground's own origin, and its storage.
  expect(await opened.evaluate('origin'), `${where}: the playground's origin`).toBe(origin);
  await waitUntil(
    `${where}: the project stored in the reader's playground`,
    () =>
      opened.evaluate<number>(`new Promise((resolve) => {
        const req = indexedDB.open('wharf');
        req.onsuccess = () => { const db = req.result; const r = db.transaction('projects').objectStore('projects').count();
          r.onsuccess = () => { db.close(); resolve(r.result); }; };
      })`),
    (n) => n === 1,
  );
}

/**
 * The postMessage API from a host's own script (a raw <iframe>, no stdin= given): get-files,
 * set-theme, a bad message answered with an error, run; where the frame is isolated the
 * program reads the keyboard until stop, where it is not it gets an empty stdin; then init
 * replaces the project.
 */
export async function embedApi(t: EmbedTab, host: EmbedHost, wharf: string, isolated: boolean): Promise<void> {
  const where = `${t.browser}: the postMessage API`;
  await t.goto(host.page('sandboxed-frame', wharf, { keyboard: true }));
  await waitForEvent(t, 'ready and the project shown', (e) => e.type === 'status' && e.state === 'idle');
  const send = (m: object): Promise<void> => t.host(`port.postMessage(${JSON.stringify(m)})`);

  await send({ v: 1, type: 'get-files', id: 7 });
  const files = (await waitForEvent(t, 'files', (e) => e.type === 'files')).find((e) => e.type === 'files')!;
  expect(
    [files.id, files.dockerfile, (files.files as { path: string }[]).map((f) => f.path)],
    `${where}: get-files answered`,
  ).toEqual([7, 'Dockerfile', ['Dockerfile', 'upper.c']]);

  await send({ v: 1, type: 'set-theme', theme: 'dark' });
  await waitUntil(
    `${where}: the dark theme in the frame`,
    () =>
      t.frame<string[]>(
        'embed',
        `[document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]`,
      ),
    ([theme, bg]) => theme === 'dark' && bg === 'rgb(14, 16, 20)',
  );

  await send({ v: 1, type: 'launch' });
  const error = (await waitForEvent(t, 'an error', (e) => e.type === 'error')).find((e) => e.type === 'error');
  expect(error?.message, `${where}: the error for a bad message`).toBe(
    'embed message "launch": unknown type (expected init, run, stop, set-theme or get-files)',
  );

  await send({ v: 1, type: 'run' });
  if (isolated) {
    await t.type('[aria-label="Input"]', 'typed in the embed', 'Enter');
    await waitForEvent(
      t,
      'the typed line, upper-cased',
      (e) => e.type === 'stdout' && String(e.data).includes('TYPED IN THE EMBED'),
    );
    await send({ v: 1, type: 'stop' });
    const exit = (await waitForEvent(t, 'exit', (e) => e.type === 'exit')).find((e) => e.type === 'exit');
    expect(exit?.code, `${where}: exit code after stop`).toBe(137);
  } else {
    const heard = await waitForEvent(t, 'exit', (e) => e.type === 'exit');
    expect(
      [
        heard.find((e) => e.type === 'exit')?.code,
        heard
          .filter((e) => e.type === 'stderr')
          .map((e) => e.data)
          .join(''),
      ],
      `${where}: exit code and stderr with no stdin given`,
    ).toEqual([0, '(0 bytes)\n']);
  }

  await send({ v: 1, type: 'init', name: 'notes', files: [{ path: 'notes.txt', data: 'replaced by the host\n' }] });
  await waitUntil(
    `${where}: the frame shows the project init sent`,
    () =>
      t.frame<string>(
        'embed',
        `[...document.querySelectorAll('[role="tab"]')].map((b) => b.textContent).join(',') + ' ' + document.title`,
      ),
    (s) => s === 'notes.txt notes · Wharf',
  );
}

/**
 * Share -> Embed in the playground: both snippets of the seed, the Copy buttons, and the
 * snippets pasted into another site's page, where each shows the project.
 */
export async function shareEmbed(playground: Tab, t: EmbedTab, host: EmbedHost, wharf: string): Promise<void> {
  const where = `${playground.browser}: Share -> Embed`;
  await openPlayground(playground, wharf);
  await playground.click({ label: 'Share' });
  await playground.click({ text: 'Embed', within: { css: '[role="dialog"][aria-label="Share"]' } });
  const iframe = await playground.value({ label: 'Iframe snippet' });
  const element = await playground.value({ label: 'Element snippet' });
  expect(iframe, `${where}: the iframe snippet`).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed#p=2\./);
  expect(element, `${where}: the element snippet`).toMatch(
    /^<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" defer><\/script>\n<wharf-embed name="hello-world">\n/,
  );
  await playground.click({ label: 'Copy element snippet' });
  expect(await playground.evaluate('navigator.clipboard.readText()'), `${where}: the clipboard after Copy`).toBe(
    element,
  );

  // Beside them, the element with the project from `src=`: a .zip of the context, fetched from the page.
  const zipped = `<wharf-embed src="/upper-project.zip" image="/upper.tar" load="eager"></wharf-embed>`;
  await t.goto(host.custom(`${iframe}\n${element}\n${zipped}`));
  const shown = await waitUntil(
    `${where}: both snippets show the seed on another page, and src= its .zip`,
    () =>
      t.frames<string>(
        `[...document.querySelectorAll('[role="tab"]')].map((b) => b.textContent).join(',') + ' ' + document.querySelector('[role="status"]')?.textContent`,
      ),
    (s) => s.length === 3 && s.every((x) => x.endsWith(' Ready')),
  );
  // In the order the frames loaded, which need not be the page's.
  expect(shown.sort(), `${where}: the files and status of each frame`).toEqual([
    'Dockerfile,hello-world.c Ready',
    'Dockerfile,hello-world.c Ready',
    'Dockerfile,upper.c Ready',
  ]);
}
