// Context archives keep what they record: a zip's Unix modes and symlinks (Info-ZIP's `zip -y`,
// and the playground's own project download), a tar's modes, symlinks, hardlinks and directories.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listTar } from '../../../src/core/oci/index.ts';
import type { ProjectFile } from '../../../src/core/project.ts';
import { contextFromArchive, zipEntries } from '../../../src/ui/lib/import-files.ts';
import { unixZipAttributes, zipModes } from '../../../src/ui/lib/zip-modes.ts';

function show(files: ProjectFile[]): string[] {
  return files
    .map((f) =>
      f.kind === 'symlink'
        ? `l ${f.path} -> ${f.target}`
        : `${f.kind === 'dir' ? 'd' : 'f'} ${f.path} ${f.mode.toString(8).padStart(4, '0')}`,
    )
    .sort();
}

/** A folder "ctx" with modes, a symlink, an empty directory. */
function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'wharf-import-'));
  const ctx = join(root, 'ctx');
  mkdirSync(join(ctx, 'empty'), { recursive: true });
  chmodSync(join(ctx, 'empty'), 0o750);
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\n');
  chmodSync(join(ctx, 'Dockerfile'), 0o644);
  writeFileSync(join(ctx, 'run.sh'), 'echo\n');
  chmodSync(join(ctx, 'run.sh'), 0o755);
  writeFileSync(join(ctx, 'app.wasm'), new Uint8Array([0, 97, 115, 109]));
  chmodSync(join(ctx, 'app.wasm'), 0o644);
  writeFileSync(join(ctx, 'secret'), 's');
  chmodSync(join(ctx, 'secret'), 0o600);
  symlinkSync('app.wasm', join(ctx, 'latest.wasm'));
  chmodSync(ctx, 0o755);
  return root;
}

const WANT = [
  'd empty 0750',
  'f Dockerfile 0644',
  'f app.wasm 0644',
  'f run.sh 0755',
  'f secret 0600',
  'l latest.wasm -> app.wasm',
];

describe('context archives', () => {
  it('a zip made by Info-ZIP (zip -ry) keeps modes, symlinks and empty directories', () => {
    const root = folder();
    execFileSync('zip', ['-qry', 'ctx.zip', 'ctx'], { cwd: root });
    const files = contextFromArchive(zipEntries(new Uint8Array(readFileSync(join(root, 'ctx.zip')))));
    expect(show(files)).toEqual(WANT);
  });

  it('a tar made by GNU tar keeps modes, symlinks, hardlinks and empty directories', () => {
    const root = folder();
    execFileSync('ln', [join(root, 'ctx/run.sh'), join(root, 'ctx/again.sh')]);
    execFileSync('tar', ['-cf', 'ctx.tar', 'ctx'], { cwd: root });
    const files = contextFromArchive(listTar(new Uint8Array(readFileSync(join(root, 'ctx.tar')))));
    expect(show(files)).toEqual([...WANT, 'f again.sh 0755'].sort());
  });

  it('the project download zip round-trips its entries', () => {
    const zip = zipSync({
      'run.sh': [new TextEncoder().encode('echo\n'), unixZipAttributes('file', 0o750)],
      'empty/': [new Uint8Array(0), unixZipAttributes('dir', 0o700)],
      'latest.wasm': [new TextEncoder().encode('app.wasm'), unixZipAttributes('symlink', 0o777)],
    });
    expect([...zipModes(zip)]).toEqual([
      ['run.sh', { type: 'file', mode: 0o750 }],
      ['empty/', { type: 'dir', mode: 0o700 }],
      ['latest.wasm', { type: 'symlink', mode: 0o777 }],
    ]);
    expect(show(contextFromArchive(zipEntries(zip)))).toEqual([
      'd empty 0700',
      'f run.sh 0750',
      'l latest.wasm -> app.wasm',
    ]);
    // Info-ZIP reads the same entries back.
    const dir = mkdtempSync(join(tmpdir(), 'wharf-unzip-'));
    writeFileSync(join(dir, 'p.zip'), zip);
    execFileSync('unzip', ['-q', 'p.zip'], { cwd: dir });
    expect(
      execFileSync('stat', ['-c', '%A %n', 'run.sh', 'empty', 'latest.wasm'], { cwd: dir, encoding: 'utf8' }),
    ).toBe('-rwxr-x--- run.sh\ndrwx------ empty\nlrwxrwxrwx latest.wasm\n');
  });

  it('a zip without Unix attributes gives files the assumed modes', () => {
    const zip = zipSync({ 'app.wasm': new Uint8Array([0, 97, 115, 109]), 'notes.txt': new TextEncoder().encode('n') });
    expect(show(contextFromArchive(zipEntries(zip)))).toEqual(['f app.wasm 0755', 'f notes.txt 0644']);
  });
});
