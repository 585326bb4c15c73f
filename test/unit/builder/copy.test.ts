import { describe, expect, it } from 'vitest';
import { applyCopy, planCopy, type CopyOptions } from '../../../src/core/builder/copy.ts';
import { contextTree } from '../../../src/core/builder/build-context.ts';
import { resolveChown } from '../../../src/core/builder/chown.ts';
import { parseChmod } from '../../../src/core/builder/chmod.ts';
import type { ProjectFile } from '../../../src/core/project.ts';
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
  { path: 'Dockerfile', data: 'FROM scratch', mode: 0o644 },
  { path: 'hello.wasm', data: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), mode: 0o755 },
  { path: 'data/a.txt', data: 'a', mode: 0o644 },
  { path: 'data/sub/b.txt', data: 'b', mode: 0o644 },
  { path: 'data/sub/c.md', data: 'c', mode: 0o644 },
  { path: 'notes.md', data: 'n', mode: 0o644 },
  { path: 'secret.key', data: 'k', mode: 0o644 },
  { path: '.dockerignore', data: '*.key\n', mode: 0o644 },
];

function copy(
  sources: string[],
  dest: string,
  extra: Partial<CopyOptions> = {},
  before: DirNode = dirNode(),
  context: readonly ProjectFile[] = files,
  unreadable?: ReadonlyMap<string, string>,
) {
  const ctx = contextTree(context, { dockerfile: 'Dockerfile', ...(unreadable ? { unreadable } : {}) });
  const src = ctx.root;
  const vol = openVolume(before, () => 0n);
  const opts: CopyOptions = {
    dest,
    workdir: '/',
    exclude: [],
    parents: false,
    sourceName: 'build context',
    instruction: 'COPY',
    unreadable: ctx.unreadable,
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
  it("wildcards match at one level; ** is filepath.Match's *, one level too (BuildKit)", () => {
    expect(copy(['*.md'], '/m/').tree).toEqual(['m', 'm/notes.md']);
    expect(copy(['**/*.txt'], '/t/').tree).toEqual(['t', 't/a.txt']);
    expect(copy(['**/**/*.txt'], '/t/').tree).toEqual(['t', 't/b.txt']);
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
    const { dst } = copy(['hello.wasm'], '/a/b.wasm', { chmod: parseChmod('700'), chown: { uid: 10, gid: 20 } });
    expect(lookup(dst, 'a/b.wasm', false)).toMatchObject({ mode: 0o700, uid: 10, gid: 20 });
    expect(lookup(dst, 'a', false)).toMatchObject({ mode: 0o755, uid: 10, gid: 20 });
  });
  it('context files keep their bytes', () => {
    const { dst } = copy(['data/a.txt'], '/a.txt');
    expect(new TextDecoder().decode((lookup(dst, 'a.txt') as FileNode).data)).toBe('a');
  });
});

/** A context as BuildKit receives one: modes, symlinks as links, empty directories. */
const rich: ProjectFile[] = [
  { path: 'Dockerfile', data: 'FROM scratch', mode: 0o644 },
  { path: 'docs/a.md', data: 'a', mode: 0o644 },
  { path: 'docs/x/b.md', data: 'b', mode: 0o644 },
  { path: 'docs/x/y/c.md', data: 'c', mode: 0o644 },
  { path: 'exec.sh', data: 'echo', mode: 0o755 },
  { path: 'secret.txt', data: 's', mode: 0o600 },
  { path: 'group.txt', data: 'g', mode: 0o640 },
  { path: 'plain.wasm', data: new Uint8Array([0, 97, 115, 109]), mode: 0o644 },
  { kind: 'dir', path: 'private', mode: 0o700 },
  { path: 'private/key', data: 'k', mode: 0o600 },
  { kind: 'dir', path: 'shared', mode: 0o750 },
  { path: 'shared/f', data: 'f', mode: 0o640 },
  { kind: 'dir', path: 'empty', mode: 0o700 },
  { kind: 'dir', path: 'tree/inner-empty', mode: 0o755 },
  { path: 'tree/f', data: 'f', mode: 0o644 },
  { path: 'target.txt', data: 'target', mode: 0o640 },
  { kind: 'symlink', path: 'link.txt', target: 'target.txt' },
  { kind: 'symlink', path: 'abs', target: '/etc/passwd' },
  { kind: 'symlink', path: 'dangling', target: '/nonexistent/abs' },
  { kind: 'dir', path: 'real', mode: 0o755 },
  { path: 'real/r.txt', data: 'r', mode: 0o644 },
  { kind: 'symlink', path: 'dirlink', target: 'real' },
];

function copyRich(sources: string[], dest: string, extra: Partial<CopyOptions> = {}, before?: DirNode) {
  return copy(sources, dest, extra, before, rich);
}

function meta(dst: DirNode, path: string): string {
  const n = lookup(dst, path, false);
  if (!n) return 'missing';
  const what = n.kind === 'symlink' ? `-> ${n.target}` : n.kind;
  return `${what} ${n.mode.toString(8).padStart(4, '0')}`;
}

describe('COPY of a context with modes, symlinks and empty directories (BuildKit)', () => {
  it('COPY . keeps symlinks as links with their targets, dangling ones too', () => {
    const { dst } = copyRich(['.'], '/all/');
    expect(meta(dst, 'all/link.txt')).toBe('-> target.txt 0777');
    expect(meta(dst, 'all/abs')).toBe('-> /etc/passwd 0777');
    expect(meta(dst, 'all/dangling')).toBe('-> /nonexistent/abs 0777');
    expect(meta(dst, 'all/dirlink')).toBe('-> real 0777');
  });

  it('COPY . keeps file and directory modes, and empty directories', () => {
    const { dst } = copyRich(['.'], '/all/');
    expect(
      [
        'exec.sh',
        'secret.txt',
        'group.txt',
        'plain.wasm',
        'private',
        'private/key',
        'shared',
        'empty',
        'tree/inner-empty',
      ].map((p) => `${p} ${meta(dst, `all/${p}`)}`),
    ).toEqual([
      'exec.sh file 0755',
      'secret.txt file 0600',
      'group.txt file 0640',
      'plain.wasm file 0644',
      'private dir 0700',
      'private/key file 0600',
      'shared dir 0750',
      'empty dir 0700',
      'tree/inner-empty dir 0755',
    ]);
    // The directory that receives the contents is made as its parents are, not with "."'s mode.
    expect(meta(dst, 'all')).toBe('dir 0755');
  });

  it('COPY empty /h/ makes the directory; its own mode stays behind', () => {
    expect(copyRich(['empty'], '/h/').tree).toEqual(['h']);
    expect(meta(copyRich(['empty'], '/h2').dst, 'h2')).toBe('dir 0755');
    const { dst } = copyRich(['private'], '/p');
    expect([meta(dst, 'p'), meta(dst, 'p/key')]).toEqual(['dir 0755', 'file 0600']);
  });

  it('a symlink named as a source is followed and lands under its own name', () => {
    const { dst, tree } = copyRich(['link.txt'], '/out/');
    expect(tree).toEqual(['out', 'out/link.txt']);
    expect(meta(dst, 'out/link.txt')).toBe('file 0640');
    expect(new TextDecoder().decode((lookup(dst, 'out/link.txt') as FileNode).data)).toBe('target');
    expect(meta(copyRich(['link.txt'], '/x').dst, 'x')).toBe('file 0640');
    expect(copyRich(['dirlink'], '/d/').tree).toEqual(['d', 'd/r.txt']);
    expect(copyRich(['dirlink/r.txt'], '/d/').tree).toEqual(['d', 'd/r.txt']);
  });

  it('with --parents a symlink is copied as the link it is', () => {
    expect(meta(copyRich(['link.txt'], '/x/', { parents: true }).dst, 'x/link.txt')).toBe('-> target.txt 0777');
    expect(meta(copyRich(['dir*'], '/x/', { parents: true }).dst, 'x/dirlink')).toBe('-> real 0777');
    expect(() => copyRich(['nope'], '/x/', { parents: true })).toThrow('COPY source "nope" not found');
  });

  it('a symlink matched by a wildcard is followed too', () => {
    const { dst } = copyRich(['link*'], '/w/');
    expect(meta(dst, 'w/link.txt')).toBe('file 0640');
    expect(copyRich(['dir*'], '/w/').tree).toEqual(['w', 'w/r.txt']);
  });

  it('a dangling symlink named or matched as a source is an error', () => {
    expect(() => copyRich(['dangling'], '/x')).toThrow('COPY source "dangling" not found in the build context');
    expect(() => copyRich(['dang*'], '/x/')).toThrow(
      'COPY source "dangling" (matched by "dang*") is a symlink whose target is not in the build context',
    );
  });

  it('a directory merged into an existing one gives it its metadata; the destination itself is kept', () => {
    const before = dirNode({}, [
      ['all', dirNode({ mode: 0o775, uid: 7, gid: 7 }, [['private', dirNode({ mode: 0o755, uid: 5, gid: 5 })]])],
    ]);
    const { dst } = copyRich(['.'], '/all/', {}, before);
    expect(lookup(dst, 'all/private', false)).toMatchObject({ mode: 0o700, uid: 0, gid: 0 });
    expect(lookup(dst, 'all', false)).toMatchObject({ mode: 0o775, uid: 7, gid: 7 });
  });
});

describe('COPY wildcards: filepath.Match, and patternmatcher with --parents', () => {
  it('COPY docs/**/*.md copies only docs/x/b.md: ** is *, one level', () => {
    expect(copyRich(['docs/**/*.md'], '/out/').tree).toEqual(['out', 'out/b.md']);
    expect(copyRich(['docs/*/*.md'], '/out/').tree).toEqual(['out', 'out/b.md']);
    expect(copyRich(['docs/*/*/*.md'], '/out/').tree).toEqual(['out', 'out/c.md']);
  });
  it('with --parents ** spans any depth', () => {
    expect(copyRich(['docs/**/*.md'], '/out/', { parents: true }).tree).toEqual([
      'out',
      'out/docs',
      'out/docs/a.md',
      'out/docs/x',
      'out/docs/x/b.md',
      'out/docs/x/y',
      'out/docs/x/y/c.md',
    ]);
  });
  it('a matching directory copies its contents and is not searched further', () => {
    expect(copyRich(['d?cs/x'], '/o/').tree).toEqual(['o', 'o/b.md', 'o/y', 'o/y/c.md']);
  });
  it('classes and escapes as Go has them', () => {
    expect(copyRich(['[a-f]xec.sh', 'group.tx[^a-s]'], '/o/').tree).toEqual(['o', 'o/exec.sh', 'o/group.txt']);
  });
});

describe('COPY --chmod, octal and symbolic', () => {
  it('a symbolic mode changes each file from its own mode', () => {
    const { dst } = copyRich(['exec.sh', 'secret.txt', 'group.txt'], '/o/', { chmod: parseChmod('u=rwx,g=rx,o=') });
    expect(['exec.sh', 'secret.txt', 'group.txt'].map((f) => meta(dst, `o/${f}`))).toEqual([
      'file 0750',
      'file 0750',
      'file 0750',
    ]);
    const plusX = copyRich(['exec.sh', 'secret.txt', 'group.txt'], '/o/', { chmod: parseChmod('+x') }).dst;
    expect(['exec.sh', 'secret.txt', 'group.txt'].map((f) => meta(plusX, `o/${f}`))).toEqual([
      'file 0755',
      'file 0711',
      'file 0751',
    ]);
  });
  it('X gives directories execute, files only where they had some', () => {
    const { dst } = copyRich(['.'], '/all/', { chmod: parseChmod('go=rX') });
    expect(['exec.sh', 'secret.txt', 'private', 'empty'].map((f) => meta(dst, `all/${f}`))).toEqual([
      'file 0755',
      'file 0644',
      'dir 0755',
      'dir 0755',
    ]);
    // Made on the way (MkdirAll without an octal mode): 0755.
    expect(meta(dst, 'all')).toBe('dir 0755');
  });
  it('symlinks keep mode 0777 whatever --chmod says', () => {
    expect(meta(copyRich(['.'], '/all/', { chmod: parseChmod('600') }).dst, 'all/link.txt')).toBe('-> target.txt 0777');
    expect(meta(copyRich(['.'], '/all/', { chmod: parseChmod('a-w') }).dst, 'all/link.txt')).toBe('-> target.txt 0777');
  });
  it('an octal mode gives the destination directory that mode; directories made on the way get 0755', () => {
    const { dst } = copyRich(['private'], '/a/b/p', { chmod: parseChmod('700') });
    expect([meta(dst, 'a'), meta(dst, 'a/b'), meta(dst, 'a/b/p'), meta(dst, 'a/b/p/key')]).toEqual([
      'dir 0755',
      'dir 0755',
      'dir 0700',
      'file 0700',
    ]);
  });
});

describe('unreadable context paths', () => {
  const why = 'EACCES: permission denied, open /ctx/locked.txt';
  const unreadable = new Map([
    ['locked.txt', why],
    ['lockeddir', 'EACCES: permission denied, scandir /ctx/lockeddir'],
  ]);
  const ctx = (sources: string[], extra: Partial<CopyOptions> = {}) =>
    copy(sources, '/o/', extra, undefined, files, unreadable);
  it('only a COPY that needs one fails, naming it and why', () => {
    expect(ctx(['hello.wasm']).tree).toEqual(['o', 'o/hello.wasm']);
    expect(() => ctx(['.'])).toThrow(`COPY cannot read "locked.txt" from the build context: ${why}`);
    expect(() => ctx(['locked.txt'])).toThrow(`COPY cannot read "locked.txt" from the build context: ${why}`);
    expect(() => ctx(['lock*'])).toThrow(/COPY cannot read "locked(dir|\.txt)"/);
    expect(() => ctx(['lockeddir/inside.txt'])).toThrow('COPY cannot read "lockeddir" from the build context');
  });
  it('an entry without a mode is refused, not built with a made-up one', () => {
    expect(() => contextTree([{ path: 'a', data: 'x' } as never], { dockerfile: 'Dockerfile' })).toThrow(
      'build context entry "a" has no mode (0 to 0o7777)',
    );
  });
  it('an excluded or ignored unreadable path is never read', () => {
    expect(ctx(['.'], { exclude: ['locked*'] }).tree).toContain('o/hello.wasm');
    const ignored = contextTree(
      [...files.filter((f) => f.path !== '.dockerignore'), { path: '.dockerignore', data: 'locked*\n', mode: 0o644 }],
      {
        dockerfile: 'Dockerfile',
        unreadable,
      },
    );
    expect(ignored.unreadable.size).toBe(0);
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
