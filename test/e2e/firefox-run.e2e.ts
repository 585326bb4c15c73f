// The main user flows in Firefox ESR (puppeteer-core over WebDriver BiDi), part one: Run and
// what a run shows (first visit, an edit, a Dockerfile error, stdin, Stop, setjmp, a binary file
// kept across a reload, a WASI 0.2 component). One Firefox for the file and the flows in sequence, one tab open at a
// time (Firefox throttles a tab in the background): the first visit and the flows that compile
// nothing each in a browser context of its own, the flows that compile with clang in the file's
// kept one (a later visit's: Cache Storage kept, IndexedDB and storage emptied after each), as a
// kept profile's page warms clang at open; the Preview of a C server on WASI sockets built in the
// tab and of a wasi:http component. The flows that move a project or an image in and out
// are in firefox-share.e2e.ts, so both files run at once.
import { describe, it } from 'vitest';
import { useFirefoxApp } from '../support/firefox.ts';
import type { Tab } from '../support/tab.ts';
import {
  binaryKeptAcrossReload,
  componentRuns,
  dockerfileErrorMarked,
  editAndRun,
  interactiveStdin,
  previewComponent,
  previewSocketServer,
  seedRuns,
  setjmpRuns,
  stopLoop,
} from './flows.ts';

const app = useFirefoxApp('preview');
const tab = (): Promise<Tab> => app.tab();
/** Flows that compile and are not about a first visit run as a later visit would (see keptTab). */
const later = (): Promise<Tab> => app.keptTab();

describe('firefox: run', () => {
  it('firefox: first visit runs the seed (Hello, Wasm!) in a cross-origin isolated page', async () => {
    await seedRuns(await tab(), app.server.url);
  });

  it('firefox: an edit and Run prints the edit', async () => {
    await editAndRun(await later(), app.server.url);
  });

  it('firefox: a Dockerfile error is marked at its line', async () => {
    await dockerfileErrorMarked(await tab(), app.server.url);
  });

  it('firefox: interactive stdin reads typed lines until Ctrl+D', async () => {
    await interactiveStdin(await later(), app.server.url);
  });

  it('firefox: Stop ends a looping program', async () => {
    await stopLoop(await tab(), app.server.url);
  });

  it('firefox: a binary file saved with the project is there after a reload and runs', async () => {
    await binaryKeptAcrossReload(await tab(), app.server.url);
  });

  it('firefox: a command component runs: output, interactive and piped stdin, a trap exits 137', async () => {
    await componentRuns(await tab(), app.server.url);
  });

  it('firefox: setjmp/longjmp (Wasm exception handling) builds and runs; a stale longjmp traps', async () => {
    await setjmpRuns(await later(), app.server.url);
  });

  it('firefox: the C server on WASI sockets answers in the Preview; a crash mid-response is a 502', async () => {
    await previewSocketServer(await later(), app.server.url);
  });

  it('firefox: a wasi:http component answers in the Preview; a trap is a 500 and it serves on', async () => {
    await previewComponent(await tab(), app.server.url);
  });
});
