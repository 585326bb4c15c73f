import { describe, expect, it } from 'vitest';
import { isWharfError } from '../../../src/core/errors.ts';
import type { TarEntry } from '../../../src/core/oci/types.ts';
import { applyLayers, lookup, type DirNode, type TreeNode } from '../../../src/core/rootfs/index.ts';

const enc = new TextEncoder();
const file = (path: string, text = path, mode = 0o644): TarEntry => ({
  path,
  type: 'file',
  mode,
  uid: 0,
  gid: 0,
  mtime: 1,
  data: enc.encode(text),
});
const dir = (path: string, mode = 0o755): TarEntry => ({
  path,
  type: 'directory',
  mode,
  uid: 0,
  gid: 0,
  mtime: 1,
  data: new Uint8Array(),
});
const link = (path: string, type: 'symlink' | 'hardlink', linkname: string): TarEntry => ({
  path,
  type,
  mode: 0o777,
  uid: 0,
  gid: 0,
  mtime: 1,
  linkname,
  data: new Uint8Array(),
});

/** Every path in the tree, "d "/"f "/"l " prefixed, sorted. */
function listing(root: DirNode): string[] {
  const out: string[] = [];
  const walk = (n: TreeNode, path: string): void => {
    if (n.kind === 'dir') {
      if (path) out.push(`d ${path}`);
      for (const [name, c] of n.entries) walk(c, path ? `${path}/${name}` : name);
    } else if (n.kind === 'file') out.push(`f ${path}=${new TextDecoder().decode(n.data)}`);
    else out.push(`l ${path}->${n.target}`);
  };
  walk(root, '');
  return out.sort();
}

describe('applyLayers', () => {
  it('adds files and directories, creating parents, keeping modes', () => {
    const t = applyLayers([[dir('bin', 0o700), file('bin/app.wasm', 'x', 0o755), file('etc/conf/a.txt', 'a')]]);
    expect(listing(t)).toEqual(['d bin', 'd etc', 'd etc/conf', 'f bin/app.wasm=x', 'f etc/conf/a.txt=a']);
    expect(lookup(t, 'bin')!.mode, 'mode of bin').toBe(0o700);
    expect(lookup(t, '/bin/app.wasm')!.mode, 'mode of app.wasm').toBe(0o755);
  });

  it('a whiteout deletes the name from lower layers', () => {
    const t = applyLayers([
      [file('a'), file('b'), dir('d'), file('d/x')],
      [file('.wh.a'), file('d/.wh.x'), file('.wh.nothing')],
    ]);
    expect(listing(t)).toEqual(['d d', 'f b=b']);
  });

  it('a whiteout never hides what its own layer adds, whatever the entry order', () => {
    const t = applyLayers([[file('a', 'old')], [file('a', 'new'), file('.wh.a')]]);
    expect(listing(t)).toEqual(['f a=new']);
  });

  it('an opaque directory hides everything below it from lower layers, keeps its own layer', () => {
    const t = applyLayers([
      [dir('d'), file('d/old1'), dir('d/sub'), file('d/sub/old2'), file('keep')],
      [file('d/new'), file('d/.wh..wh..opq')],
    ]);
    expect(listing(t)).toEqual(['d d', 'f d/new=d/new', 'f keep=keep']);
  });

  it('later layers replace: a file over a directory, a directory over a file', () => {
    const t = applyLayers([
      [dir('x'), file('x/inner'), file('y')],
      [file('x', 'now a file'), dir('y'), file('y/z')],
    ]);
    expect(listing(t)).toEqual(['d y', 'f x=now a file', 'f y/z=y/z']);
  });

  it('symlinks are kept; a hardlink is the same node as its target', () => {
    const t = applyLayers([
      [file('data/orig', 'shared'), link('data/sym', 'symlink', 'orig'), link('data/hard', 'hardlink', 'data/orig')],
    ]);
    expect(listing(t)).toContain('l data/sym->orig');
    expect(lookup(t, 'data/hard'), 'hardlink node').toBe(lookup(t, 'data/orig'));
    expect(lookup(t, 'data/sym'), 'symlink followed').toBe(lookup(t, 'data/orig'));
  });

  it('file contents are the tar entry bytes, not copies', () => {
    const e = file('big', 'x'.repeat(1000));
    const t = applyLayers([[e]]);
    expect((lookup(t, 'big') as { data: Uint8Array }).data, 'data identity').toBe(e.data);
  });

  it('a hardlink to nothing and a path with ".." are errors that say where', () => {
    try {
      applyLayers([[file('a')], [link('b', 'hardlink', 'missing')]]);
      expect.unreachable('hardlink to a missing target was accepted');
    } catch (e) {
      expect(isWharfError(e, 'TAR_FORMAT'), String(e)).toBe(true);
      expect((e as Error).message).toBe('layer 1: "b": hardlink target "missing" is not a file in this image');
    }
    expect(() => applyLayers([[file('../etc/passwd')]])).toThrow(/layer 0: "..\/etc\/passwd": path escapes the root/);
  });
});
