import { describe, expect, it } from 'vitest';
import {
  applyLayers,
  applyLayerOnto,
  changesLayer,
  dirNode,
  fileNode,
  freezeVolume,
  lookup,
  openVolume,
  symlinkNode,
  volumeChanges,
  walkTree,
  type DirNode,
  type FileNode,
  type VolumeDir,
  type VolumeFile,
} from '../../../src/core/rootfs/index.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function image(): DirNode {
  return dirNode({}, [
    ['bin', dirNode({}, [['tool.wasm', fileNode('tool', { mode: 0o755 })]])],
    [
      'src',
      dirNode({}, [
        ['a.c', fileNode('a')],
        ['b.c', fileNode('b')],
        ['old', dirNode({}, [['x', fileNode('x')]])],
      ]),
    ],
    ['link', symlinkNode('/src/a.c')],
  ]);
}

const dir = (v: ReturnType<typeof openVolume>, name: string): VolumeDir => v.root.entries.get(name) as VolumeDir;

/** What the layer says, as "path type" lines. */
function describeLayer(before: DirNode, edit: (v: ReturnType<typeof openVolume>) => void): string[] {
  const v = openVolume(before, () => 5_000_000_000n);
  edit(v);
  const after = freezeVolume(v);
  return changesLayer(after, volumeChanges(v, before, '/'), 7).map((e) => `${e.path} ${e.type}`);
}

describe('a step changes -> its layer (changesLayer)', () => {
  it('an untouched volume is no change at all, and freezing it gives the same tree back', () => {
    const before = image();
    const v = openVolume(before);
    dir(v, 'src').entries.get('a.c'); // looking is not changing
    expect(volumeChanges(v, before, '/'), 'volumeChanges(untouched)').toEqual([]);
    expect(freezeVolume(v), 'freezeVolume(untouched)').toBe(before);
  });

  it('a new file brings its parents; a removed file becomes a .wh. whiteout beside it', () => {
    const before = image();
    const lines = describeLayer(before, (v) => {
      const src = dir(v, 'src');
      src.entries.set('c.o', v.newFile(0o644, enc.encode('obj')));
      src.entries.delete('b.c');
    });
    expect(lines).toEqual(['src directory', 'src/.wh.b.c file', 'src/c.o file']);
  });

  it('a removed directory is one whiteout, not one per file', () => {
    const before = image();
    const lines = describeLayer(before, (v) => dir(v, 'src').entries.delete('old'));
    expect(lines).toEqual(['src directory', 'src/.wh.old file']);
  });

  it('a file written in place, a chmod, and a re-pointed symlink are each in the layer', () => {
    const before = image();
    const lines = describeLayer(before, (v) => {
      (dir(v, 'src').entries.get('a.c') as VolumeFile).content.write(0, enc.encode('A'));
      (dir(v, 'bin').entries.get('tool.wasm') as VolumeFile).mode = 0o700;
      v.root.entries.set('link', v.newSymlink('/src/b.c'));
    });
    expect(lines).toEqual(['bin directory', 'bin/tool.wasm file', 'link symlink', 'src directory', 'src/a.c file']);
  });

  it('a file replaced by a copy of the same bytes is a change (COPY over an equal file)', () => {
    const before = image();
    const same = (lookup(before, 'src/a.c') as FileNode).data;
    const lines = describeLayer(before, (v) => dir(v, 'src').entries.set('a.c', v.newFile(0o644, same)));
    expect(lines).toEqual(['src directory', 'src/a.c file']);
  });

  it('applying the layer onto the old tree gives the new tree (round trip)', () => {
    const before = image();
    const v = openVolume(before, () => 0n);
    const src = dir(v, 'src');
    src.entries.delete('old');
    src.entries.set('new', v.newDir(src));
    (src.entries.get('new') as VolumeDir).entries.set('n.txt', v.newFile(0o600, enc.encode('n')));
    v.root.entries.delete('link');
    const after = freezeVolume(v);
    const lowerLayer = [...walkTree(before)].map(([path, n]) => ({
      path,
      type: n.kind === 'dir' ? ('directory' as const) : n.kind,
      mode: n.mode,
      uid: 0,
      gid: 0,
      mtime: 0,
      data: n.kind === 'file' ? n.data : new Uint8Array(0),
      ...(n.kind === 'symlink' ? { linkname: n.target } : {}),
    }));
    const rebuilt = applyLayers([lowerLayer, changesLayer(after, volumeChanges(v, before, '/'), 0)]);
    const paths = (t: DirNode): string[] => [...walkTree(t)].map(([p]) => p).sort();
    expect(paths(rebuilt), 'paths after applying the layer').toEqual(paths(after));
    expect(dec.decode((lookup(rebuilt, 'src/new/n.txt') as FileNode).data)).toBe('n');
    expect(lookup(rebuilt, 'src/new/n.txt')?.mode, 'mode of src/new/n.txt').toBe(0o600);
  });

  it('freezing shares every node the run did not change', () => {
    const before = image();
    const v = openVolume(before);
    dir(v, 'src').entries.set('c.o', v.newFile());
    const after = freezeVolume(v);
    expect(after.entries.get('bin'), 'an unopened directory is the image node').toBe(before.entries.get('bin'));
    const src = after.entries.get('src') as DirNode;
    expect(src.entries.get('a.c'), 'an unchanged file is the image node').toBe(lookup(before, 'src/a.c'));
    expect(src, 'a changed directory is a new node').not.toBe(before.entries.get('src'));
  });

  it('hardlinks made in the run stay one node when frozen', () => {
    const before = image();
    const v = openVolume(before);
    const f = v.newFile(0o644, enc.encode('same'));
    dir(v, 'src').entries.set('h1', f);
    dir(v, 'src').entries.set('h2', f);
    const after = freezeVolume(v);
    expect(lookup(after, 'src/h1')).toBe(lookup(after, 'src/h2'));
  });
});

describe('applyLayerOnto: a cached step gives the tree its layer leaves', () => {
  it('the tree from applying a step’s layer equals the tree the step left', () => {
    const before = image();
    const v = openVolume(before, () => 0n);
    const src = dir(v, 'src');
    src.entries.delete('old');
    src.entries.set('a.o', v.newFile(0o644, enc.encode('object')));
    v.root.entries.set('link', v.newSymlink('/src/a.o'));
    const after = freezeVolume(v);
    const layer = changesLayer(after, volumeChanges(v, before, '/'), 0);
    const replayed = applyLayerOnto(before, layer);
    const listing = (t: DirNode): string[] =>
      [...walkTree(t)]
        .map(([p, n]) => `${p} ${n.kind} ${n.mode.toString(8)} ${n.kind === 'file' ? dec.decode(n.data) : ''}`)
        .sort();
    expect(listing(replayed)).toEqual(listing(after));
    expect(replayed.entries.get('bin'), 'untouched directories are shared').toBe(before.entries.get('bin'));
    expect(listing(before), 'the old tree is unchanged').toContain('src/old/x file 644 x');
  });
});
