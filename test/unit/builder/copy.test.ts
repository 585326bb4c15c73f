import { describe, expect, it } from 'vitest';
import { applyCopy, planCopy, type CopyOptions } from '../../../src/core/builder/copy.ts';
import { contextTree } from '../../../src/core/builder/build-context.ts';
import { resolveChown } from '../../../src/core/builder/chown.ts';
import {
  dirNode,
  fileNode,
  freezeVolume,
  lookup,
  openVolume,
  walkTree,
  type DirNode,
  type FileNode,
} from '../../../src/core/rootfs/index.ts';

const files = [
  { path: 'Dockerfile', data: 'FROM scratch' },
  { path: 'hello.wasm', data: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) },
  { path: 'data/a.txt', data: 'a' },
  { path: 'data/sub/b.txt', data: 'b' },
  { path: 'data/sub/c.md', data: 'c' },
  { path: 'notes.md', data: 'n' },
  { path: 'secret.key', data: 'k' },
  { path: '.dockerignore', data: '*.key\n' },
];

function copy(sources: string[], dest: string, extra: Partial<CopyOptions> = {}, before: DirNode = dirNode()) {
  const src = contextTree(files, { dockerfile: 'Dockerfile' });
  const vol = openVolume(before, () => 0n);
  const opts: CopyOptions = {
    dest,
    workdir: '/',
    exclude: [],
    parents: false,
    sourceName: 'build context',
    instruction: 'COPY',
    ...extra,
  };
  const items = planCopy(
    src,
    vol,
    sources.map((path) => ({ path })),
    opts,
  );
  applyCopy(src, vol, items, opts);
  const dst = freezeVolume(vol);
  return { dst, tree: [...walkTree(dst)].map(([k]) => k).sort() };
}

describe('COPY rules', () => {
  it('a file to a path names the file', () => {
    expect(copy(['hello.wasm'], '/app.wasm').tree).toEqual(['app.wasm']);
  });
  it('a file to a dir/ goes inside it, creating parents', () => {
    expect(copy(['hello.wasm'], '/bin/wasm/').tree).toEqual(['bin', 'bin/wasm', 'bin/wasm/hello.wasm']);
  });
  it('a directory copies its contents, not itself', () => {
    expect(copy(['data'], '/d').tree).toEqual(['d', 'd/a.txt', 'd/sub', 'd/sub/b.txt', 'd/sub/c.md']);
  });
  it('--parents keeps the source path', () => {
    expect(copy(['data/sub/b.txt'], '/x/', { parents: true }).tree).toEqual([
      'x',
      'x/data',
      'x/data/sub',
      'x/data/sub/b.txt',
    ]);
  });
  it('--parents with a /./ pivot keeps the path below the pivot', () => {
    expect(copy(['data/./sub/b.txt'], '/x/', { parents: true }).tree).toEqual(['x', 'x/sub', 'x/sub/b.txt']);
  });
  it('wildcards match at one level, ** at any depth', () => {
    expect(copy(['*.md'], '/m/').tree).toEqual(['m', 'm/notes.md']);
    expect(copy(['**/*.txt'], '/t/').tree).toEqual(['t', 't/a.txt', 't/b.txt']);
  });
  it('a wildcard matching nothing is not an error (BuildKit AllowEmptyWildcard)', () => {
    expect(copy(['*.none'], '/x/').tree).toEqual([]);
  });
  it('a missing literal source is an error naming it', () => {
    expect(() => copy(['nope.wasm'], '/')).toThrow('COPY source "nope.wasm" not found in the build context');
  });
  it('.dockerignore removes files from the context', () => {
    expect(() => copy(['secret.key'], '/')).toThrow(/not found/);
  });
  it('--exclude filters files inside a copied dir', () => {
    expect(copy(['data'], '/d/', { exclude: ['**/*.md'] }).tree).toEqual(['d', 'd/a.txt', 'd/sub', 'd/sub/b.txt']);
  });
  it('a relative destination is relative to WORKDIR', () => {
    expect(copy(['hello.wasm'], 'app/', { workdir: '/srv' }).tree).toEqual(['srv', 'srv/app', 'srv/app/hello.wasm']);
  });
  it('an existing directory destination receives the file inside', () => {
    const before = dirNode({}, [['opt', dirNode()]]);
    expect(copy(['hello.wasm'], '/opt', {}, before).tree).toEqual(['opt', 'opt/hello.wasm']);
  });
  it('--chmod and --chown set metadata; created parents get the owner', () => {
    const { dst } = copy(['hello.wasm'], '/a/b.wasm', { chmod: 0o700, chown: { uid: 10, gid: 20 } });
    expect(lookup(dst, 'a/b.wasm', false)).toMatchObject({ mode: 0o700, uid: 10, gid: 20 });
    expect(lookup(dst, 'a', false)).toMatchObject({ mode: 0o755, uid: 10, gid: 20 });
  });
  it('context files keep their bytes', () => {
    const { dst } = copy(['data/a.txt'], '/a.txt');
    expect(new TextDecoder().decode((lookup(dst, 'a.txt') as FileNode).data)).toBe('a');
  });
});

describe('resolveChown', () => {
  const fs = dirNode({}, [
    [
      'etc',
      dirNode({}, [
        ['passwd', fileNode('root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n')],
        ['group', fileNode('root:x:0:\nstaff:x:50:\n')],
      ]),
    ],
  ]);
  it.each([
    ['55', { uid: 55, gid: 55 }],
    ['1:2', { uid: 1, gid: 2 }],
    ['app', { uid: 1000, gid: 1000 }],
    ['app:staff', { uid: 1000, gid: 50 }],
  ])('resolveChown(%j)', (spec, want) => {
    expect(resolveChown(spec, fs)).toEqual(want);
  });
  it('an unknown name is an error', () => {
    expect(() => resolveChown('nobody', fs)).toThrow('unable to find user nobody');
  });
});
