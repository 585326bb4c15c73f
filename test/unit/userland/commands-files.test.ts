// Commands that change the tree: the tree, modes, times and link counts they leave, and their
// messages, as GNU coreutils on Linux gives them.
import { describe, expect, it } from 'vitest';
import { node, NOW, read, run, sh, type Files } from './processes.ts';

const T0 = 1_600_000_000n * 1_000_000_000n;

const tree: Files = {
  '/src/a.txt': 'alpha\n',
  '/src/bin.sh': { data: '#!/bin/sh\n', mode: 0o755 },
  '/src/sub/deep.txt': 'deep\n',
  '/src/link': { symlink: 'a.txt' },
  '/etc/passwd': 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
  '/etc/group': 'root:x:0:\napp:x:1000:\n',
  '/tmp/.keep': '',
};

describe('mkdir, rmdir, rm', () => {
  it('mkdir: -p makes parents (0755), -m sets the mode exactly, errors', async () => {
    const r = await sh(
      'mkdir /x; mkdir -p /a/b/c; mkdir -m 700 /priv; mkdir /x; mkdir /no/such; mkdir -p /src/a.txt/x; echo $?',
      {
        files: tree,
      },
    );
    expect([node(r.volume, '/a/b')?.mode.toString(8), node(r.volume, '/priv')?.mode.toString(8)], 'modes').toEqual([
      '755',
      '700',
    ]);
    expect(r.err, 'stderr').toBe(
      "mkdir: cannot create directory '/x': File exists\n" +
        "mkdir: cannot create directory '/no/such': No such file or directory\n" +
        "mkdir: cannot create directory '/src/a.txt/x': Not a directory\n",
    );
    expect(r.out, 'status of the last').toBe('1\n');
  });

  it('rmdir removes empty directories only', async () => {
    const r = await sh('mkdir -p /e/f; rmdir /e/f /e; rmdir /src; echo $?', { files: tree });
    expect([node(r.volume, '/e'), r.err, r.out], 'result').toEqual([
      undefined,
      "rmdir: failed to remove '/src': Directory not empty\n",
      '1\n',
    ]);
  });

  it('rm: files, -r trees, -f quiet on missing, refuses directories without -r and /', async () => {
    const r = await sh(
      'rm /src/a.txt; rm /src/sub; rm -r /src/sub; rm -f /nope; rm /nope; rm -rf /; rm -rf /src/link; ls /src',
      {
        files: tree,
      },
    );
    expect(r.out, 'what is left').toBe('bin.sh\n');
    expect(r.err, 'stderr').toBe(
      "rm: cannot remove '/src/sub': Is a directory\n" +
        "rm: cannot remove '/nope': No such file or directory\n" +
        "rm: it is dangerous to operate recursively on '/'\n" +
        'rm: use --no-preserve-root to override this failsafe\n',
    );
  });

  it('rm of a symlink removes the link, not its target', async () => {
    const r = await sh('ln -s /src/sub /l; rm -rf /l; ls /src/sub', { files: tree });
    expect([r.out, node(r.volume, '/l')], 'target kept, link gone').toEqual(['deep.txt\n', undefined]);
  });
});

describe('touch, ln, chmod, chown', () => {
  it('touch creates 0644 files and stamps times from the volume clock, -d and -r set them', async () => {
    const r = await sh(
      'touch /new /src/a.txt; touch -d @86400 /old; touch -d "2001-02-03 04:05:06" /iso; touch -r /old /src/bin.sh; touch -c /not-made',
      {
        files: tree,
      },
    );
    expect(node(r.volume, '/new')?.mode.toString(8), 'mode').toBe('644');
    expect(node(r.volume, '/src/a.txt')?.mtim, 'existing file touched').toBe(NOW);
    expect(node(r.volume, '/old')?.mtim, '-d @86400').toBe(86_400n * 1_000_000_000n);
    expect(node(r.volume, '/iso')?.mtim, '-d ISO').toBe(BigInt(Date.UTC(2001, 1, 3, 4, 5, 6)) * 1_000_000n);
    expect(node(r.volume, '/src/bin.sh')?.mtim, '-r').toBe(86_400n * 1_000_000_000n);
    expect(node(r.volume, '/not-made'), '-c').toBeUndefined();
  });

  it('ln -s makes symlinks (into a directory too), ln makes hard links, -f replaces', async () => {
    const r = await sh(
      'ln -s a.txt /src/s1; ln -s /src/a.txt /tmp; ln /src/a.txt /hard; ln -s x /src/s1; ln -sf b /src/s1; readlink /src/s1 /tmp/a.txt',
      {
        files: tree,
      },
    );
    expect(r.out, 'targets').toBe('b\n/src/a.txt\n');
    expect(r.err, 'stderr').toBe("ln: failed to create symbolic link '/src/s1': File exists\n");
    const hard = node(r.volume, '/hard');
    expect([hard === node(r.volume, '/src/a.txt'), hard?.nlink], 'hard link').toEqual([true, 2]);
  });

  it('chmod: octal, symbolic (u+x, go-w, a=rX, +x), -R, and the umask for +x without who', async () => {
    const r = await sh(
      'chmod 600 /src/a.txt; stat -c %a /src/a.txt; chmod u+x,go+r /src/a.txt; stat -c %a /src/a.txt; ' +
        'chmod -R a=rX /src/sub; stat -c "%a %n" /src/sub /src/sub/deep.txt; chmod +x /src/a.txt; stat -c %A /src/a.txt; ' +
        'chmod -x /src/bin.sh; stat -c %a /src/bin.sh; chmod g+s,o+t /tmp; stat -c %A /tmp; chmod nonsense /src/a.txt; echo $?',
      { files: tree },
    );
    expect(r.out, 'modes').toBe('600\n744\n555 /src/sub\n444 /src/sub/deep.txt\n-rwxr-xr-x\n644\ndrwxr-sr-t\n1\n');
    expect(r.err, 'stderr').toBe("chmod: invalid mode: 'nonsense'\nTry 'chmod --help' for more information.\n");
  });

  it('chown and chgrp take names from /etc/passwd and /etc/group, or numbers', async () => {
    const r = await sh(
      'chown app:app /src/a.txt; chown -R 1001 /src/sub; chgrp app /src/bin.sh; ls -ln /src/a.txt; stat -c "%u:%g" /src/sub/deep.txt /src/bin.sh; chown nobody /src/a.txt',
      {
        files: tree,
      },
    );
    expect(r.out, 'owners').toMatch(/^-rw-r--r-- 1 1000 1000 6 .* \/src\/a.txt\n1001:0\n0:1000\n$/);
    expect(r.err, 'unknown user').toBe("chown: invalid user: 'nobody'\nTry 'chown --help' for more information.\n");
  });
});

describe('mv and cp', () => {
  it('mv renames, moves into a directory, and refuses what Linux refuses', async () => {
    const r = await sh(
      'mv /src/a.txt /src/b.txt; mv /src/b.txt /tmp; mv /src/sub /src/sub/x; mv /nope /tmp; ls /src /tmp',
      { files: tree },
    );
    expect(r.out, 'listing').toBe('/src:\nbin.sh\nlink\nsub\n\n/tmp:\nb.txt\n');
    expect(r.err, 'stderr').toBe(
      "mv: cannot move '/src/sub' to a subdirectory of itself, '/src/sub/x'\n" +
        "mv: cannot stat '/nope': No such file or directory\n",
    );
  });

  it('cp copies bytes; the new file gets the source mode less the umask and the current time', async () => {
    const r = await sh('cp /src/bin.sh /copy.sh; cp /src/a.txt /tmp/; cp /src/link /via-link', { files: tree });
    const copy = node(r.volume, '/copy.sh');
    expect([read(r.volume, '/copy.sh'), copy?.mode.toString(8), copy?.mtim], '/copy.sh').toEqual([
      '#!/bin/sh\n',
      '755',
      NOW,
    ]);
    expect(read(r.volume, '/tmp/a.txt'), 'into a directory').toBe('alpha\n');
    expect(node(r.volume, '/via-link')?.kind, 'a symlink source is followed without -r').toBe('file');
  });

  it('cp -r copies trees (symlinks as symlinks); cp -a keeps modes and times; omitting a directory without -r', async () => {
    const r = await sh('cp -r /src /r; cp -a /src /a; mkdir /dest; cp -r /src/. /dest; cp /src /nor; echo $?', {
      files: tree,
    });
    expect(node(r.volume, '/r/link')?.kind, 'cp -r keeps the symlink').toBe('symlink');
    expect(node(r.volume, '/r/sub/deep.txt')?.mtim, 'cp -r: new time').toBe(NOW);
    expect(node(r.volume, '/a/sub/deep.txt')?.mtim, 'cp -a: the source time').toBe(T0);
    expect(node(r.volume, '/a/bin.sh')?.mode.toString(8), 'cp -a: the source mode').toBe('755');
    expect(read(r.volume, '/dest/sub/deep.txt'), 'cp -r src/. dest').toBe('deep\n');
    expect([r.err, r.out], 'omitting').toEqual(["cp: -r not specified; omitting directory '/src'\n", '1\n']);
  });

  it('cp refuses to copy a file onto itself or a directory into itself', async () => {
    const r = await sh('cp /src/a.txt /src/a.txt; cp -r /src /src/sub/inner', { files: tree });
    expect(r.err, 'stderr').toBe(
      "cp: '/src/a.txt' and '/src/a.txt' are the same file\n" +
        "cp: cannot copy a directory, '/src', into itself, '/src/sub/inner'\n",
    );
  });

  it('install: -d, -m, -D, the default 0755', async () => {
    const r = await sh(
      'install -d /opt/app/bin; install /src/a.txt /opt/app/bin/tool; install -m 644 -D /src/a.txt /deep/er/conf',
      { files: tree },
    );
    expect(
      [
        node(r.volume, '/opt/app/bin')?.mode.toString(8),
        node(r.volume, '/opt/app/bin/tool')?.mode.toString(8),
        read(r.volume, '/deep/er/conf'),
      ],
      'installed',
    ).toEqual(['755', '755', 'alpha\n']);
    expect(node(r.volume, '/deep/er/conf')?.mode.toString(8), 'install -m 644').toBe('644');
  });
});

describe('readlink, realpath, mktemp', () => {
  it('readlink and realpath resolve links, ".." and missing last names', async () => {
    const r = await sh(
      'cd /src; readlink link; readlink -f link; realpath sub/../link; realpath -m /src/none/x; readlink a.txt; echo $?',
      {
        files: tree,
      },
    );
    expect(r.out, 'stdout').toBe('a.txt\n/src/a.txt\n/src/a.txt\n/src/none/x\n1\n');
  });

  it('mktemp names files the same way each build, and never twice', async () => {
    const script = 'a=$(mktemp); b=$(mktemp); d=$(mktemp -d); echo $a $b $d; stat -c %a $a $d';
    const one = await sh(script, { files: tree });
    const two = await sh(script, { files: tree });
    expect(one.out, 'the same names in two runs').toBe(two.out);
    const [a, b, d] = one.out.split('\n')[0]!.split(' ');
    expect([a!.startsWith('/tmp/tmp.'), a !== b, d !== a], 'names').toEqual([true, true, true]);
    expect(one.out.split('\n').slice(1), 'modes').toEqual(['600', '700', '']);
  });
});

describe('each command also runs in exec form', () => {
  it('RUN ["mkdir", "-p", …] and RUN ["cp", …] from the working directory', async () => {
    const r = await run(['mkdir', '-p', 'made/here'], { files: tree, cwd: '/src' });
    expect([r.code, node(r.volume, '/src/made/here')?.kind], 'mkdir -p').toEqual([0, 'dir']);
    const c = await run(['cp', 'a.txt', 'sub/'], { files: tree, cwd: '/src' });
    expect([c.code, read(c.volume, '/src/sub/a.txt')], 'cp').toEqual([0, 'alpha\n']);
  });

  it('usage errors: GNU wording and status', async () => {
    const r = await run(['rm'], { files: tree });
    expect([r.err, r.code], 'rm').toEqual(["rm: missing operand\nTry 'rm --help' for more information.\n", 1]);
    const z = await run(['mkdir', '-z', '/x'], { files: tree });
    expect([z.err, z.code], 'mkdir -z').toEqual([
      "mkdir: invalid option -- 'z'\nTry 'mkdir --help' for more information.\n",
      1,
    ]);
  });
});
