// `wharf build` over a real directory holding relative, absolute and dangling symlinks, a
// symlinked directory, empty directories, and files and directories with modes 0600, 0640,
// 0700, 0750 and 0755: GNU tar lists each layer as BuildKit would have written it (the
// expected listings follow BuildKit's rules, stated beside each), and umoci unpacks the result.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
let dir: string;
let layout: string;
let layers: string[];

function wharf(...args: string[]): string {
  return execFileSync(process.execPath, wharfArgs(args), {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** GNU tar's verbose listing of a layer: "mode owner path[ -> target]", in the layer's order. */
function listing(layer: string): string[] {
  return execFileSync('tar', ['--numeric-owner', '-tvf', layer], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      // drwx------ 0/0 0 1970-01-01 00:00 all/private/
      const f = line.split(/\s+/);
      return [f[0], f[1], ...f.slice(5)].join(' ').replace(/\/$/, '');
    });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-cli-context-'));
  const ctx = join(dir, 'context');
  mkdirSync(ctx);
  const file = (p: string, mode: number, data = `${p}\n`) => {
    writeFileSync(join(ctx, p), data);
    chmodSync(join(ctx, p), mode);
  };
  const folder = (p: string, mode: number) => {
    mkdirSync(join(ctx, p));
    chmodSync(join(ctx, p), mode);
  };
  file('Dockerfile', 0o644, ['FROM scratch', 'COPY . /all/', 'COPY rel.txt dirlink /followed/', ''].join('\n'));
  file('secret.txt', 0o600);
  file('group.txt', 0o640);
  file('exec.sh', 0o755);
  file('plain.wasm', 0o644, '\0asm\x01\0\0\0');
  folder('private', 0o700);
  file('private/key', 0o600);
  folder('shared', 0o750);
  file('shared/notes', 0o640);
  folder('empty', 0o755);
  folder('nested', 0o755);
  folder('nested/inner-empty', 0o700);
  symlinkSync('group.txt', join(ctx, 'rel.txt'));
  symlinkSync('/etc/hostname', join(ctx, 'abs'));
  symlinkSync('/nonexistent/abs', join(ctx, 'dangling'));
  symlinkSync('shared', join(ctx, 'dirlink'));
  chmodSync(ctx, 0o750);
  const tarball = join(dir, 'image.tar');
  wharf('build', '--compression', 'uncompressed', '-o', tarball, ctx);
  layout = join(dir, 'layout');
  mkdirSync(layout);
  execFileSync('tar', ['-xf', tarball, '-C', layout]);
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const blob = (d: string) => join(layout, 'blobs/sha256', d.slice('sha256:'.length));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as {
    layers: { digest: string }[];
  };
  layers = manifest.layers.map((l) => blob(l.digest));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wharf build keeps the context as BuildKit does', () => {
  it('COPY . /all/: modes kept, symlinks as links with their targets as written, empty directories kept', () => {
    expect(listing(layers[0]!)).toEqual([
      // The directory COPY makes for the contents: 0755 whatever "."'s mode (fsutil MkdirAll).
      'drwxr-xr-x 0/0 all',
      '-rw-r--r-- 0/0 all/Dockerfile',
      'lrwxrwxrwx 0/0 all/abs -> /etc/hostname',
      'lrwxrwxrwx 0/0 all/dangling -> /nonexistent/abs',
      'lrwxrwxrwx 0/0 all/dirlink -> shared',
      'drwxr-xr-x 0/0 all/empty',
      '-rwxr-xr-x 0/0 all/exec.sh',
      '-rw-r----- 0/0 all/group.txt',
      'drwxr-xr-x 0/0 all/nested',
      'drwx------ 0/0 all/nested/inner-empty',
      '-rw-r--r-- 0/0 all/plain.wasm',
      'drwx------ 0/0 all/private',
      '-rw------- 0/0 all/private/key',
      'lrwxrwxrwx 0/0 all/rel.txt -> group.txt',
      '-rw------- 0/0 all/secret.txt',
      'drwxr-x--- 0/0 all/shared',
      '-rw-r----- 0/0 all/shared/notes',
    ]);
  });

  it("symlinks named as sources are followed: a file under the link's name, a directory's contents", () => {
    expect(listing(layers[1]!)).toEqual([
      'drwxr-xr-x 0/0 followed',
      '-rw-r----- 0/0 followed/notes',
      '-rw-r----- 0/0 followed/rel.txt',
    ]);
  });

  it('umoci unpacks the same tree: the links are links, the modes are the modes', () => {
    const oci = join(dir, 'oci');
    execFileSync('skopeo', ['--insecure-policy', 'copy', `oci:${layout}`, `oci:${oci}:ctx`], { stdio: 'pipe' });
    const bundle = join(dir, 'bundle');
    execFileSync('umoci', ['raw', 'unpack', '--image', `${oci}:ctx`, bundle], { stdio: 'pipe' });
    const stat = (p: string) =>
      execFileSync('stat', ['-c', '%A %N', p], { cwd: bundle, encoding: 'utf8' }).trim().replace(/[‘’']/g, '');
    expect(
      [
        'all/dangling',
        'all/rel.txt',
        'all/private',
        'all/private/key',
        'all/shared',
        'all/nested/inner-empty',
        'followed/rel.txt',
      ].map(stat),
    ).toEqual([
      'lrwxrwxrwx all/dangling -> /nonexistent/abs',
      'lrwxrwxrwx all/rel.txt -> group.txt',
      'drwx------ all/private',
      '-rw------- all/private/key',
      'drwxr-x--- all/shared',
      'drwx------ all/nested/inner-empty',
      '-rw-r----- followed/rel.txt',
    ]);
  });
});
