import { describe, expect, it } from 'vitest';
import { lookup, type FileNode } from '../../../src/core/rootfs/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';
import { normalizeGuestPath, stripPickedFolder, treeFromPicked } from '../../../src/ui/lib/mount-files.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('mounts the user picks', () => {
  it('a folder pick mounts its contents; files keep their bytes and times', () => {
    const tree = treeFromPicked(
      ['top/a.txt', 'top/sub/b.txt', 'top/sub/deeper/c.txt'].map((p, i) => ({
        path: stripPickedFolder(p),
        data: bytes(p),
        lastModified: 1_700_000_000_000 + i * 1000,
      })),
    );
    expect([...tree.entries.keys()]).toEqual(['a.txt', 'sub']);
    const c = lookup(tree, 'sub/deeper/c.txt') as FileNode;
    expect(new TextDecoder().decode(c.data)).toBe('top/sub/deeper/c.txt');
    expect(c.mtime).toBe(1_700_000_002);
  });

  it('guest paths are absolute and normalized; ".." and relative ones are refused', () => {
    expect(normalizeGuestPath(' /data/ ')).toBe('/data');
    expect(normalizeGuestPath('/a//b/./c')).toBe('/a/b/c');
    expect(normalizeGuestPath('/')).toBe('/');
    for (const bad of ['data', '/a/../b', '']) {
      let err: unknown;
      try {
        normalizeGuestPath(bad);
      } catch (e) {
        err = e;
      }
      expect(isWharfError(err, 'PATH_UNSAFE'), `"${bad}"`).toBe(true);
    }
    expect(() => treeFromPicked([{ path: '../x', data: bytes('x'), lastModified: 0 }])).toThrow(
      /not a plain relative path/,
    );
  });
});
