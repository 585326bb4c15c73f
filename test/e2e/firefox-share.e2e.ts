// The main user flows in Firefox ESR (puppeteer-core over WebDriver BiDi), part two: what moves
// a project or an image in and out of the tab (Share, the longest link, Download image, Import,
// picked files). One Firefox for the file, the flows in sequence, those about a fresh profile each
// in its own browser context, the others in the file's kept one, one tab open at a time. The flows of Run are in firefox-run.e2e.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINK_LENGTH, SHARE_VERSION } from '../../src/core/share/index.ts';
import { startApp } from '../support/browser.ts';
import { useFirefoxApp } from '../support/firefox.ts';
import type { Tab } from '../support/tab.ts';
import { downloadImage, importImage, mountPickedFiles, shareLink } from './flows.ts';

const app = useFirefoxApp('preview');
const work = mkdtempSync(join(tmpdir(), 'wharf-firefox-e2e-'));
const tab = (): Promise<Tab> => app.tab();
/** Flows that are not about a new profile run as a later visit would (see keptTab). */
const later = (): Promise<Tab> => app.keptTab();

let tarball: string | undefined;

describe('firefox: share, download, import', () => {
  it('firefox: share link opens in a fresh profile and runs', async () => {
    await shareLink(await tab(), tab, app.server.url);
  });

  it('firefox: the longest link Share makes is a URL Firefox opens; a longer one it refuses', async () => {
    // On a page that does not boot the app (the dev server's bench page): every request of a page
    // opened at a 1 MB address costs the driver that megabyte again.
    const t = await tab();
    const dev = await startApp('dev');
    try {
      const page = new URL('bench/page.html', dev.url).href;
      const longest = `${page}#p=${SHARE_VERSION}.${'A'.repeat(MAX_LINK_LENGTH - `${SHARE_VERSION}.`.length)}`;
      await t.goto(longest);
      expect(await t.evaluate('location.hash.length'), 'hash of the page opened at the longest link').toBe(
        MAX_LINK_LENGTH + 3,
      );
      await expect(t.goto(`${longest}${'A'.repeat(50_000)}`), 'a link 50 kB past the limit').rejects.toThrow(
        /valid URL/,
      );
    } finally {
      await dev.close();
    }
  });

  it('firefox: Download image gives a tarball skopeo reads', async () => {
    tarball = await downloadImage(await later(), app.server.url, app.firefox.downloads);
  });

  it('firefox: Import of that tarball in a fresh profile runs it', async () => {
    if (!tarball) throw new Error('no tarball: the Download image flow failed before this one');
    await importImage(await tab(), app.server.url, tarball);
  });

  it('firefox: picked files are mounted; no read-write folder is offered', async () => {
    const note = join(work, 'note.txt');
    writeFileSync(note, 'one two\nthree\n');
    await mountPickedFiles(await later(), app.server.url, note);
  });
});
