import { describe, expect, it } from 'vitest';
import {
  FileContent,
  dirNode,
  fileNode,
  lookup,
  openVolume,
  type FileNode,
  type VolumeDir,
  type VolumeFile,
} from '../../../src/core/rootfs/index.ts';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('copy-on-write volumes', () => {
  it('opening a volume over a 75 MB module copies nothing: the run reads the image bytes themselves', () => {
    const big = new Uint8Array(75 << 20);
    big[0] = 0x00;
    big[1] = 0x61;
    const image = dirNode({}, [['app.wasm', fileNode(big)]]);
    const v = openVolume(image);
    const f = v.root.entries.get('app.wasm') as VolumeFile;
    const view = f.content.read(0, big.byteLength);
    expect(f.content.shared, 'file content is the image buffer').toBe(big);
    expect(view.buffer, 'a read returns a view of the image buffer').toBe(big.buffer);
    expect(f.content.copied, 'copied after reading').toBe(false);
  });

  it('a run writes to its own copy; the image and the next run see the original', () => {
    const image = dirNode({}, [['d', dirNode({}, [['f.txt', fileNode('original')]])]]);
    const run1 = openVolume(image);
    const f1 = (run1.root.entries.get('d') as VolumeDir).entries.get('f.txt') as VolumeFile;
    f1.content.write(0, new TextEncoder().encode('CHANGED'));
    (run1.root.entries.get('d') as VolumeDir).entries.set('new', run1.newFile());
    run1.root.entries.delete('d');
    expect(text(f1.content.bytes()), 'run 1 sees its write').toBe('CHANGEDl');
    const run2 = openVolume(image);
    const d2 = run2.root.entries.get('d') as VolumeDir;
    expect([...d2.entries.keys()], 'run 2 listing').toEqual(['f.txt']);
    expect(text((d2.entries.get('f.txt') as VolumeFile).content.bytes()), 'run 2 content').toBe('original');
    expect(text((lookup(image, 'd/f.txt') as FileNode).data), 'image content').toBe('original');
  });

  it('hardlinked names stay one file within a run', () => {
    const shared = fileNode('same');
    const image = dirNode({}, [
      ['a', shared],
      ['b', shared],
    ]);
    const v = openVolume(image);
    const a = v.root.entries.get('a') as VolumeFile;
    const b = v.root.entries.get('b') as VolumeFile;
    expect(a, 'same node for both names').toBe(b);
    expect(a.nlink, 'link count').toBe(2);
  });

  it('directories are materialized lazily, one level at a time', () => {
    const deep = dirNode({}, [['x', dirNode({}, [['y', fileNode('z')]])]]);
    const v = openVolume(dirNode({}, [['deep', deep]]));
    const d = v.root.entries.get('deep') as VolumeDir;
    expect(d.parent, 'parent of /deep').toBe(v.root);
    expect(v.root.parent, 'root is its own parent').toBe(v.root);
    expect(((d.entries.get('x') as VolumeDir).entries.get('y') as VolumeFile).content.size).toBe(1);
  });
});

describe('FileContent', () => {
  it('20 MB in 4 KB writes is linear: bytes once written are never copied again as the file grows', () => {
    const c = new FileContent(new Uint8Array(0));
    const chunk = new Uint8Array(4096).fill(7);
    for (let i = 0; i < 256; i++) c.write(i * 4096, chunk);
    // The first 1 MB chunk is full: a view into it must stay a view into the same buffer.
    const first = c.read(0, 4096);
    for (let i = 256; i < 5120; i++) c.write(i * 4096, chunk);
    expect(c.size, 'size').toBe(20 << 20);
    expect(c.read(0, 4096).buffer, 'the first chunk after 19 MB more').toBe(first.buffer);
    expect(c.read((20 << 20) - 1, 10)[0], 'last byte').toBe(7);
  });

  it('writes past the end zero-fill the gap; resize truncates and extends', () => {
    const c = new FileContent(new TextEncoder().encode('abc'));
    c.write(5, new TextEncoder().encode('Z'));
    expect([...c.bytes()], 'after gap write').toEqual([97, 98, 99, 0, 0, 90]);
    c.resize(2);
    expect(text(c.bytes()), 'after truncate').toBe('ab');
    c.resize(4);
    expect([...c.bytes()], 'after extend').toEqual([97, 98, 0, 0]);
  });

  it('shrinking shared bytes does not copy them', () => {
    const base = new TextEncoder().encode('hello');
    const c = new FileContent(base);
    c.resize(2);
    expect(c.copied, 'copied after shrink').toBe(false);
    expect(text(c.bytes())).toBe('he');
    expect(text(base), 'base untouched').toBe('hello');
  });

  it('agrees with a plain array model across 1 MB chunk boundaries (writes, gaps, truncation, reads)', () => {
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const base = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251);
    const c = new FileContent(base);
    let model = base.slice();
    const MB = 1 << 20;
    for (let step = 0; step < 300; step++) {
      const op = rand(4);
      if (op < 2) {
        const pos = rand(3 * MB);
        const data = Uint8Array.from({ length: rand(70_000) + 1 }, () => rand(256));
        c.write(pos, data);
        const next = new Uint8Array(Math.max(model.byteLength, pos + data.byteLength));
        next.set(model);
        next.set(data, pos);
        model = next;
      } else if (op === 2) {
        const size = rand(3 * MB);
        c.resize(size);
        const next = new Uint8Array(size);
        next.set(model.subarray(0, size));
        model = next;
      } else {
        const pos = rand(model.byteLength + 10);
        const len = rand(2 * MB);
        const got = c.read(pos, len);
        const want = model.subarray(pos, Math.min(model.byteLength, pos + len));
        expect(got.byteLength, `step ${step}: read(${pos}, ${len}) length`).toBe(want.byteLength);
        expect(Buffer.compare(got, want), `step ${step}: read(${pos}, ${len}) bytes`).toBe(0);
      }
      expect(c.size, `step ${step}: size`).toBe(model.byteLength);
    }
    expect(Buffer.compare(c.bytes(), model), 'final bytes').toBe(0);
    expect(
      Buffer.compare(
        base,
        Uint8Array.from({ length: 300_000 }, (_, i) => i % 251),
      ),
      'shared base untouched',
    ).toBe(0);
  }, 60_000); // a few hundred random operations over megabytes: seconds on a busy machine
});

describe('volumeChanges: what a run changed under a directory (the -v write-back)', () => {
  it('lists writes, new directories and symlinks, and removals; skips what was only read', async () => {
    const { symlinkNode, volumeChanges } = await import('../../../src/core/rootfs/index.ts');
    const enc = (s: string) => new TextEncoder().encode(s);
    const image = dirNode({}, [
      ['etc', dirNode({}, [['motd', fileNode('outside the mount')]])],
      [
        'data',
        dirNode({}, [
          ['same.txt', fileNode('read only')],
          ['rewrite.txt', fileNode('old')],
          ['gone.txt', fileNode('bye')],
          ['old-name.txt', fileNode('moved')],
          ['tree', dirNode({}, [['leaf.txt', fileNode('leaf')]])],
          ['untouched', dirNode({}, [['deep.txt', fileNode('deep')]])],
          ['link', symlinkNode('same.txt')],
        ]),
      ],
    ]);
    const v = openVolume(image);
    const data = v.root.entries.get('data') as VolumeDir;
    const e = data.entries;
    (e.get('same.txt') as VolumeFile).content.read(0, 4);
    (e.get('rewrite.txt') as VolumeFile).content.write(0, enc('new!'));
    e.delete('gone.txt');
    e.set('new-name.txt', e.get('old-name.txt')!);
    e.delete('old-name.txt');
    e.delete('tree');
    const made = v.newDir(data, 0o750);
    e.set('made', made);
    const inner = v.newFile();
    inner.content.write(0, enc('inner'));
    made.entries.set('inner.txt', inner);
    e.delete('link');
    e.set('link', v.newSymlink('rewrite.txt'));
    ((v.root.entries.get('etc') as VolumeDir).entries.get('motd') as VolumeFile).content.write(0, enc('X'));

    const changes = volumeChanges(v, image, '/data').map((c) => (c.op === 'write' ? { ...c, data: text(c.data) } : c));
    expect(changes).toEqual([
      { op: 'remove', path: 'gone.txt' },
      { op: 'remove', path: 'old-name.txt' },
      { op: 'remove', path: 'tree' },
      { op: 'write', path: 'rewrite.txt', mode: 0o644, data: 'new!' },
      { op: 'write', path: 'new-name.txt', mode: 0o644, data: 'moved' },
      { op: 'mkdir', path: 'made', mode: 0o750 },
      { op: 'write', path: 'made/inner.txt', mode: 0o644, data: 'inner' },
      { op: 'remove', path: 'link' },
      { op: 'symlink', path: 'link', target: 'rewrite.txt' },
    ]);
    expect(volumeChanges(openVolume(image), image, '/data'), 'a run that changed nothing').toEqual([]);
    v.root.entries.delete('data');
    expect(
      volumeChanges(v, image, '/data').map((c) => c.op + ' ' + c.path),
      'the mount point itself removed',
    ).toEqual(
      ['same.txt', 'rewrite.txt', 'gone.txt', 'old-name.txt', 'tree', 'untouched', 'link'].map((n) => 'remove ' + n),
    );
  });
});
