// Import of a build context: a .zip, a .tar, a .tar.gz, or loose files (.wasm included) — and a project too
// large for a link is offered as a .zip download instead. Tar and zip contexts keep their modes,
// symlinks and empty directories, and the image built from them has them as BuildKit keeps them.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { useBrowserApp } from '../support/browser.ts';
import { openApp, runAndWait } from './app.ts';
import { importArchive, layerTar, listTar } from '../../src/core/oci/index.ts';

const app = useBrowserApp('preview');
const work = mkdtempSync(join(tmpdir(), 'wharf-import-e2e-'));
const example = 'public/examples/data-file';
const files = ['Dockerfile', 'read-data.c', 'data/poem.txt'];

async function importAndRun(archive: string, project: string): Promise<void> {
  const { page } = await openApp(app.browser, app.server.url, await app.profile());
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
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await page.getByLabel('Import folder', { exact: true }).setInputFiles('public/examples/multi-stage');
    await expect
      .poll(() => page.getByTitle('Projects and examples').textContent(), {
        message: 'project after importing a folder',
      })
      .toContain('multi-stage');
    const { output } = await runAndWait(page);
    expect(output, 'Output of the imported folder').toContain('Hello from a multi-stage build!');
  });

  it('a project too large for a link is offered as a .zip download', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
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
  });

  describe('a context with modes, symlinks and an empty directory', () => {
    /** A context as a Linux checkout has it: modes, links, an empty directory; ls.wasm lists a directory. */
    function modedFolder(): string {
      const top = join(work, `moded-${Math.random().toString(36).slice(2)}`);
      const ctx = join(top, 'moded');
      mkdirSync(join(ctx, 'data'), { recursive: true });
      const put = (path: string, mode: number, data: string | Uint8Array) => {
        writeFileSync(join(ctx, path), data);
        chmodSync(join(ctx, path), mode);
      };
      put(
        'Dockerfile',
        0o644,
        'FROM scratch\nCOPY . /ctx/\nCOPY ls.wasm /\nCOPY poem-link.txt /followed.txt\nENTRYPOINT ["/ls.wasm"]\nCMD ["/ctx"]\n',
      );
      put('ls.wasm', 0o644, new Uint8Array(readFileSync('test/fixtures/ls.wasm')));
      put('data/poem.txt', 0o640, 'two\nlines\n');
      put('run.sh', 0o755, 'echo hi\n');
      put('secret', 0o600, 's\n');
      mkdirSync(join(ctx, 'private'));
      chmodSync(join(ctx, 'private'), 0o700);
      chmodSync(join(ctx, 'data'), 0o750);
      symlinkSync('data/poem.txt', join(ctx, 'poem-link.txt'));
      symlinkSync('data', join(ctx, 'datalink'));
      return top;
    }

    // As BuildKit keeps them: modes as in the context (a .wasm with 0644 stays 0644), links as
    // links, and a link named as a source followed (followed.txt is the poem, mode and all).
    const WANT = [
      'directory ctx 755',
      'file ctx/Dockerfile 644',
      'directory ctx/data 750',
      'file ctx/data/poem.txt 640',
      'symlink ctx/datalink 777 -> data',
      'file ctx/ls.wasm 644',
      'symlink ctx/poem-link.txt 777 -> data/poem.txt',
      'directory ctx/private 700',
      'file ctx/run.sh 755',
      'file ctx/secret 600',
      'file ls.wasm 644',
      'file followed.txt 640',
    ];

    async function importBuildAndList(archive: string): Promise<string[]> {
      const { page } = await openApp(app.browser, app.server.url, await app.profile());
      await page.getByLabel('Import', { exact: true }).setInputFiles(archive);
      await expect
        .poll(() => page.getByTitle('Projects and examples').textContent(), { message: `project from ${archive}` })
        .toContain('moded');
      const tree = page.getByRole('navigation', { name: 'Files' });
      await tree.getByLabel('poem-link.txt → data/poem.txt', { exact: true }).waitFor();
      expect(
        await tree.getByRole('button', { name: 'Executable run.sh', exact: true }).getAttribute('aria-pressed'),
        'run.sh (0755) shows as executable',
      ).toBe('true');
      expect(
        await tree.getByRole('button', { name: 'Executable ls.wasm', exact: true }).getAttribute('aria-pressed'),
        'ls.wasm (0644) does not',
      ).toBe('false');
      // The program sees the links as links and the empty directory.
      const { output, status } = await runAndWait(page);
      expect(status).toMatch(/Exited \(0\)/);
      expect(output).toContain('l poem-link.txt -> data/poem.txt');
      expect(output).toContain('l datalink -> data');
      expect(output).toContain('d private');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download image', exact: true }).click(),
      ]);
      const saved = join(work, `image-${Math.random().toString(36).slice(2)}.tar`);
      await download.saveAs(saved);
      const { image } = await importArchive(new Uint8Array(readFileSync(saved)), { name: saved });
      return image.layers.flatMap((l) =>
        listTar(layerTar(l)).map(
          (e) => `${e.type} ${e.path} ${e.mode.toString(8)}${e.linkname ? ` -> ${e.linkname}` : ''}`,
        ),
      );
    }

    it('a .tar made by GNU tar imports and builds with them', async () => {
      const top = modedFolder();
      const path = join(top, 'moded.tar');
      execFileSync('tar', ['-cf', path, '-C', top, 'moded']);
      expect(await importBuildAndList(path)).toEqual(WANT);
    });

    it('a .zip made by Info-ZIP (zip -ry) imports and builds with them', async () => {
      const top = modedFolder();
      execFileSync('zip', ['-qry', 'moded.zip', 'moded'], { cwd: top });
      expect(await importBuildAndList(join(top, 'moded.zip'))).toEqual(WANT);
    });
  });
});
