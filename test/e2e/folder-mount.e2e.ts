// A read-write folder mount in real Chromium: a File System Access directory (here from the
// origin-private file system, the same API showDirectoryPicker returns) read into a run, and
// what the run changed written back to it when it exits; and the Run options button that
// mounts one, with the browser's picker answered by that directory.
import { describe, expect, it } from 'vitest';
import { modulePage, useBrowserApp } from '../support/browser.ts';
import { openApp, runAndWait } from './app.ts';

// Text, so Chromium's own module loader resolves the imports (Vitest would rewrite import()).
const WRITE_BACK = `(async () => {
  const { RunnerClient } = await import('/src/worker/runner-client.ts');
  const { readHandleTree, applyChangesToHandle } = await import('/src/ui/lib/fs-handle.ts');
  const { dirNode, graft } = await import('/src/core/rootfs/index.ts');
  const opfs = await navigator.storage.getDirectory();
  await opfs.removeEntry('mounted', { recursive: true }).catch(() => {});
  const dir = await opfs.getDirectoryHandle('mounted', { create: true });
  const put = async (d, name, text) => { const w = await (await d.getFileHandle(name, { create: true })).createWritable(); await w.write(text); await w.close(); };
  for (const [n, t] of [['rewrite.txt', 'old\\n'], ['append.txt', 'first\\n'], ['old-name.txt', 'moved\\n'], ['gone.txt', 'bye\\n']]) await put(dir, n, t);
  await put(await dir.getDirectoryHandle('tree', { create: true }), 'leaf.txt', 'leaf\\n');
  const module = new Uint8Array(await (await fetch('/test/fixtures/mutate.wasm')).arrayBuffer());
  const runner = new RunnerClient();
  const out = [];
  const exit = await runner.start({
    module, argv: ['mutate.wasm', '/data'], root: graft(dirNode(), '/data', await readHandleTree(dir)), mounts: ['/data'],
    onStdout: (b) => out.push(new TextDecoder().decode(b)),
  }).exited;
  runner.dispose();
  const skipped = await applyChangesToHandle(dir, exit.changes[0]);
  const list = async (d, prefix) => {
    const names = [];
    for await (const [name, h] of d.entries()) {
      if (h.kind === 'directory') names.push(prefix + name + '/', ...(await list(h, prefix + name + '/')));
      else names.push(prefix + name + ' ' + JSON.stringify(await (await h.getFile()).text()));
    }
    return names.sort();
  };
  return { code: exit.code, stdout: out.join(''), skipped: skipped.map((c) => c.op + ' ' + c.path), files: await list(dir, '') };
})()`;

describe('read-write folder mounts', () => {
  // The runner's modules, loaded from the dev server.
  describe('in the runner', () => {
    const app = useBrowserApp();
    it("a run's changes are written back to the folder when it exits", async () => {
      const page = await modulePage(app);
      const r = (await page.evaluate(WRITE_BACK)) as {
        code: number;
        stdout: string;
        skipped: string[];
        files: string[];
      };
      expect([r.code, r.stdout]).toEqual([0, 'done\n']);
      expect(r.files).toEqual([
        'append.txt "first\\nmore\\n"',
        'made/',
        'made/inner.txt "inner\\n"',
        'new-name.txt "moved\\n"',
        'new.txt "created in the guest\\n"',
        'rewrite.txt "rewritten\\n"',
      ]);
      expect(r.skipped, 'the API has no symlinks').toEqual(['symlink link']);
    });
  });

  // The app as users get it: the built site.
  describe('in the app', () => {
    const app = useBrowserApp('preview');
    it('"Folder, read-write…" mounts what the picker returns, read afresh at each run', async () => {
      const { page } = await openApp(app.browser, app.server.url);
      // The picker is the browser's own dialog: answer it with a directory of the private file system.
      await page.evaluate(`(async () => {
      const opfs = await navigator.storage.getDirectory();
      const dir = await opfs.getDirectoryHandle('picked', { create: true });
      const w = await (await dir.getFileHandle('note.txt', { create: true })).createWritable();
      await w.write('one two\\nthree\\n');
      await w.close();
      window.showDirectoryPicker = async () => dir;
    })()`);
      await page.getByTitle('Projects and examples').click();
      await page
        .getByRole('dialog', { name: 'Projects' })
        .getByRole('button', { name: /^Files in the image/ })
        .click();
      await page.getByRole('tab', { name: 'Run options' }).click();
      const form = page.getByRole('form', { name: 'Run options' });
      await form.getByRole('textbox', { name: 'Mount at' }).fill('/rw');
      await form.getByRole('button', { name: 'Folder, read-write…' }).click();
      await form.getByRole('list', { name: 'Mounts' }).getByText('picked/').waitFor();
      await form.getByRole('textbox', { name: /Arguments/ }).fill('/rw/note.txt');
      await form.getByRole('textbox', { name: /Arguments/ }).press('Tab');
      const first = await runAndWait(page);
      expect(first.output).toMatch(/\/rw\/note\.txt: 2 lines, 3 words, 14 bytes/);
      await page.evaluate(`(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('picked');
      const w = await (await dir.getFileHandle('note.txt')).createWritable();
      await w.write('changed on the host\\n');
      await w.close();
    })()`);
      const second = await runAndWait(page);
      expect(second.output, 'the folder is read again for the next run').toMatch(
        /\/rw\/note\.txt: 1 lines, 4 words, 20 bytes/,
      );
    });
  });
});
