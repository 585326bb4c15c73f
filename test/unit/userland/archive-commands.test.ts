// tar, gzip, gunzip and zcat: round trips through the volume, archives as GNU tar writes them
// (built here byte by byte, gzipped with node:zlib), and GNU's listings, messages and statuses.
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build, LayerMemo } from '../../../src/core/builder/index.ts';
import { listTar } from '../../../src/core/oci/tar-reader.ts';
import type { Volume, VolumeNode } from '../../../src/core/rootfs/index.ts';
import { SHELL_PROGRAM_NAMES } from '../../../src/core/userland/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { node, read, sh, stub, TestProcesses, type Files } from './processes.ts';

const enc = new TextEncoder();

/** One 512-byte header as GNU tar 1.35 writes it (format gnu: "ustar  \0" magic). */
function gnuHeader(h: { name: string; type?: string; mode?: number; size?: number; mtime?: number; link?: string }) {
  const b = new Uint8Array(512);
  const put = (off: number, s: string) => b.set(enc.encode(s), off);
  const oct = (off: number, len: number, n: number) => put(off, n.toString(8).padStart(len - 1, '0'));
  put(0, h.name.slice(0, 100));
  oct(100, 8, h.mode ?? 0o644);
  oct(108, 8, 0);
  oct(116, 8, 0);
  oct(124, 12, h.size ?? 0);
  oct(136, 12, h.mtime ?? 1_700_000_000);
  b[156] = (h.type ?? '0').charCodeAt(0);
  put(157, h.link ?? '');
  put(257, 'ustar  ');
  put(265, 'root');
  put(297, 'root');
  b.fill(0x20, 148, 156);
  const sum = b.reduce((s, x) => s + x, 0);
  put(148, sum.toString(8).padStart(6, '0') + '\0 ');
  return b;
}

function pad(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

/** An archive as `tar -cf` (GNU) writes it: a directory, a file, a symlink, a GNU long name. */
function gnuArchive(): Uint8Array {
  const long = `lib/${'n'.repeat(120)}.txt`;
  const blocks = [
    gnuHeader({ name: 'lib/', type: '5', mode: 0o755 }),
    gnuHeader({ name: 'lib/libx.a', size: 4, mode: 0o640 }),
    pad(enc.encode('AR!\n')),
    gnuHeader({ name: 'lib/libx.so', type: '2', mode: 0o777, link: 'libx.a' }),
    gnuHeader({ name: '././@LongLink', type: 'L', size: long.length + 1 }),
    pad(enc.encode(long + '\0')),
    gnuHeader({ name: long.slice(0, 100), size: 5 }),
    pad(enc.encode('long\n')),
    new Uint8Array(1024),
  ];
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

const tree: Files = {
  '/src/a.txt': 'alpha\n',
  '/src/bin/run.sh': { data: '#!/bin/sh\necho hi\n', mode: 0o755 },
  '/src/priv': { dir: true, mode: 0o750 },
  '/src/priv/key': { data: 'k', mode: 0o600 },
  '/src/empty': { dir: true, mode: 0o700 },
  '/src/link': { symlink: 'a.txt' },
  '/src/dangling': { symlink: '../nowhere' },
};

/** Every node under `path`, as comparable data: kind, mode, mtime, target or content. */
function snapshot(volume: Volume, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (n: VolumeNode, rel: string): void => {
    const t = `${n.mode.toString(8)} ${n.mtim / 1_000_000_000n}`;
    if (n.kind === 'dir') {
      out[rel || '.'] = `dir ${t}`;
      for (const [name, child] of [...n.entries].sort()) walk(child, `${rel}/${name}`);
    } else if (n.kind === 'symlink') out[rel] = `-> ${n.target}`;
    else out[rel] = `file ${t} ${new TextDecoder().decode(n.content.bytes())}`;
  };
  walk(node(volume, path)!, '');
  return out;
}

function bytesAt(volume: Volume, path: string): Uint8Array {
  const n = node(volume, path);
  if (n?.kind !== 'file') throw new Error(`${path} is not a file`);
  return n.content.bytes();
}

describe('tar: create and extract', () => {
  it('caf (-a: gzip for .tgz) then xzf -C elsewhere gives the same tree: modes, mtimes, symlinks, empty dirs', async () => {
    const r = await sh('cd / && tar caf /out.tgz src && mkdir /dst && tar xzf /out.tgz -C /dst && echo $?', {
      files: tree,
    });
    expect([r.err, r.out], 'tar czf; tar xzf -C').toEqual(['', '0\n']);
    expect(snapshot(r.volume, '/dst/src'), 'extracted tree').toEqual(snapshot(r.volume, '/src'));
    expect(gunzipSync(bytesAt(r.volume, '/out.tgz')).length % 512, 'node:zlib inflates the archive').toBe(0);
  });

  it('hard links stay one file; the second name is archived as a link', async () => {
    const r = await sh(
      'ln /src/a.txt /src/b.txt && tar cf /o.tar -C / src && tar tvf /o.tar src/b.txt && mkdir /x && tar xf /o.tar -C /x',
      {
        files: tree,
      },
    );
    expect(r.out, 'tar tvf').toBe('hrw-r--r-- root/root         0 2020-09-13 12:26 src/b.txt link to src/a.txt\n');
    const [a, b] = [node(r.volume, '/x/src/a.txt'), node(r.volume, '/x/src/b.txt')];
    expect([a === b, a?.nlink], 'one node, two links').toEqual([true, 2]);
  });

  it('tf lists names as stored: "./" under ".", dirs with "/", in byte order; -C before each operand', async () => {
    const r = await sh(
      'tar cf /o.tar -C /src . && tar tf /o.tar; tar cf /p.tar -C /src a.txt -C bin run.sh && tar tf /p.tar',
      {
        files: tree,
      },
    );
    expect(r.out, 'tar tf').toBe(
      './\n./a.txt\n./bin/\n./bin/run.sh\n./dangling\n./empty/\n./link\n./priv/\n./priv/key\n' + 'a.txt\nrun.sh\n',
    );
  });

  it('tvf: GNU long listing (owner/size column at least 19 wide, UTC dates, link targets)', async () => {
    const r = await sh('cd /src && tar --mtime=@0 -cf /o.tar a.txt link priv && tar -tvf /o.tar', { files: tree });
    expect(r.out, 'tar -tvf').toBe(
      '-rw-r--r-- root/root         6 1970-01-01 00:00 a.txt\n' +
        'lrwxrwxrwx root/root         0 1970-01-01 00:00 link -> a.txt\n' +
        'drwxr-x--- root/root         0 1970-01-01 00:00 priv/\n' +
        '-rw------- root/root         1 1970-01-01 00:00 priv/key\n',
    );
  });

  it('--owner, --group, --numeric-owner, -v names on stdout (stderr when the archive is)', async () => {
    const r = await sh(
      'cd /src && tar --owner=app:1000 --group=7 -cvf /o.tar a.txt && tar --numeric-owner -tvf /o.tar && tar cvf - a.txt >/dev/null',
      {
        files: tree,
      },
    );
    expect([r.out, r.err], 'out, err').toEqual([
      'a.txt\n-rw-r--r-- 1000/7            6 2020-09-13 12:26 a.txt\n',
      'a.txt\n',
    ]);
  });

  it('extracts only the members named; Not found in archive; --exclude; --strip-components', async () => {
    const r = await sh(
      'cd / && tar cf /o.tar src; mkdir /a /b /c; tar xf /o.tar -C /a src/bin src/nope; echo "status $?"; ' +
        'tar xf /o.tar -C /b --exclude="*.sh" --exclude=priv; tar xf /o.tar -C /c --strip-components=1 src/bin src/a.txt; ' +
        'find /a /b /c | sort',
      { files: tree },
    );
    expect(r.err, 'stderr').toBe(
      'tar: src/nope: Not found in archive\ntar: Exiting with failure status due to previous errors\n',
    );
    expect(r.out, 'trees').toBe(
      'status 2\n/a\n/a/src\n/a/src/bin\n/a/src/bin/run.sh\n' +
        '/b\n/b/src\n/b/src/a.txt\n/b/src/bin\n/b/src/dangling\n/b/src/empty\n/b/src/link\n' +
        '/c\n/c/a.txt\n/c/bin\n/c/bin/run.sh\n',
    );
  });

  it('--no-recursion takes a directory operand alone; -xv names only what --strip-components leaves', async () => {
    const r = await sh(
      'cd / && tar cf /o.tar src/bin && tar tf /o.tar --no-recursion src/bin && mkdir /x && tar xvf /o.tar -C /x --strip-components=2',
      {
        files: tree,
      },
    );
    expect(r.out, 'tf; xvf').toBe('src/bin/\nsrc/bin/run.sh\n');
  });

  it('-O, -k, --skip-old-files, -m, -o', async () => {
    const r = await sh(
      'cd / && tar cf /o.tar src/a.txt; tar xOf /o.tar; echo changed > src/a.txt; tar xkf /o.tar; echo "k $?"; ' +
        'tar xf /o.tar --skip-old-files; echo "skip $?"; cat src/a.txt; tar xmf /o.tar; cat src/a.txt',
      { files: tree },
    );
    expect([r.out, r.err], 'out, err').toEqual([
      'alpha\nk 2\nskip 0\nchanged\nalpha\n',
      'tar: src/a.txt: Cannot open: File exists\ntar: Exiting with failure status due to previous errors\n',
    ]);
    expect(node(r.volume, '/src/a.txt')!.mtim, '-m: the time of extraction').toBe(1_700_000_000n * 1_000_000_000n);
  });

  it('czf out.tgz . leaves the archive out of itself; a plain archive is whole 10240-byte records', async () => {
    const r = await sh('cd /src && tar czf out.tgz . && tar tzf out.tgz | grep -c out.tgz; tar cf /o.tar a.txt', {
      files: tree,
    });
    expect([r.out, r.err], 'grep -c; stderr').toEqual(['0\n', '']);
    expect(bytesAt(r.volume, '/o.tar').length, 'size of a one-file archive').toBe(10240);
  });

  it('-cvv and -xvv print the long listing', async () => {
    const r = await sh('cd /src && tar --mtime=@0 -cvvf /o.tar link && mkdir /x && tar xvvf /o.tar -C /x', {
      files: tree,
    });
    expect(r.out, 'cvv, xvv').toBe('lrwxrwxrwx root/root         0 1970-01-01 00:00 link -> a.txt\n'.repeat(2));
  });

  it("absolute names lose their '/' with GNU's warning, on create and extract", async () => {
    const r = await sh(
      'tar cf /o.tar /src/a.txt && tar tf /o.tar && mkdir /x && cd /x && tar xf /o.tar && cat src/a.txt',
      {
        files: tree,
      },
    );
    expect([r.out, r.err], 'out, err').toEqual(['src/a.txt\nalpha\n', "tar: Removing leading '/' from member names\n"]);
  });
});

describe('tar: archives from elsewhere', () => {
  const lib = gzipSync(gnuArchive());

  it('xzf of a vendored GNU .tar.gz, then build-style use; long names, modes, mtimes', async () => {
    const r = await sh('tar xzf lib.tgz && ls lib && cat lib/libx.so && tar tvzf lib.tgz | head -3', {
      files: { '/lib.tgz': lib },
    });
    expect(r.err, 'stderr').toBe('');
    expect(r.out, 'ls; cat; tvzf').toBe(
      `libx.a\nlibx.so\n${'n'.repeat(120)}.txt\nAR!\n` +
        'drwxr-xr-x root/root         0 2023-11-14 22:13 lib/\n' +
        '-rw-r----- root/root         4 2023-11-14 22:13 lib/libx.a\n' +
        'lrwxrwxrwx root/root         0 2023-11-14 22:13 lib/libx.so -> libx.a\n',
    );
    expect([node(r.volume, '/lib/libx.a')?.mode.toString(8), node(r.volume, '/lib')?.mtim], 'mode, dir mtime').toEqual([
      '640',
      1_700_000_000n * 1_000_000_000n,
    ]);
  });

  it('in a Dockerfile: COPY lib.tgz, RUN tar xzf: the extracted files are the layer', async () => {
    const r = await build({
      files: [
        {
          path: 'Dockerfile',
          data: 'FROM scratch\nCOPY --chmod=755 bin /bin\nWORKDIR /w\nCOPY lib.tgz .\nRUN tar xzf lib.tgz && rm lib.tgz && ls lib\n',
          mode: 0o644,
        },
        { path: 'lib.tgz', data: lib, mode: 0o644 },
        ...SHELL_PROGRAM_NAMES.map((name) => ({ path: `bin/${name}`, data: stub(name), mode: 0o644 })),
      ],
      store: new MemoryStore(),
      tag: 'tar-run',
      run: (volume, spec) => new TestProcesses(volume).spawn(spec),
      memo: new LayerMemo(),
      cacheMounts: new Map(),
    });
    const layer = listTar(r.image.layers[r.image.layers.length - 1]!.blob);
    expect(
      layer.map((e) => `${e.type} ${e.path} ${e.mode.toString(8)} ${e.linkname ?? ''}`.trimEnd()),
      'RUN layer',
    ).toEqual([
      'directory w 755',
      'file w/.wh.lib.tgz 0',
      'directory w/lib 755',
      'file w/lib/libx.a 640',
      'symlink w/lib/libx.so 777 libx.a',
      `file w/lib/${'n'.repeat(120)}.txt 644`,
    ]);
  });

  it('finds gzip by its magic in a file without -z, but not on a pipe (as GNU)', async () => {
    const r = await sh(
      'tar xf lib.tgz -C /tmp && ls /tmp/lib | head -1; tar xf - < lib.tgz; echo "pipe $?"; tar xzf - < lib.tgz && echo ok',
      {
        files: { '/lib.tgz': lib, '/tmp/.keep': '' },
      },
    );
    expect([r.out, r.err], 'out, err').toEqual([
      'libx.a\npipe 2\nok\n',
      'tar: Archive is compressed. Use -z option\ntar: Error is not recoverable: exiting now\n',
    ]);
  });
});

describe('tar: errors as GNU tar gives them', () => {
  it.each([
    [
      'tar xf x.tar',
      2,
      'tar: x.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n',
    ],
    [
      'tar cf o.tar junk && tar xf o.tar -C nodir',
      2,
      'tar: nodir: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n',
    ],
    [
      'tar xf junk',
      2,
      'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
    ],
    [
      'tar xzf junk',
      2,
      '\ngzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n',
    ],
    [
      'tar cf o.tar',
      2,
      "tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n",
    ],
    [
      'tar cf o.tar nope',
      2,
      'tar: nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n',
    ],
    [
      'tar',
      2,
      "tar: You must specify one of the '-Acdtrux', '--delete' or  '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
    ],
    [
      'tar xf',
      2,
      "tar: Old option 'f' requires an argument.\nTry 'tar --help' or 'tar --usage' for more information.\n",
    ],
    [
      'tar -x --bogus',
      64,
      "tar: unrecognized option '--bogus'\nTry 'tar --help' or 'tar --usage' for more information.\n",
    ],
    [
      'tar xjf junk',
      2,
      'bzip2: (stdin) is not a bzip2 file.\ntar: Child returned status 2\ntar: Error is not recoverable: exiting now\n',
    ],
    [
      'tar xJf junk',
      2,
      'xz: (stdin): File format not recognized\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n',
    ],
  ])('%s', async (script, status, err) => {
    const r = await sh(`cd /w && ${script}`, { files: { '/w/junk': 'x'.repeat(1000) } });
    expect([r.code, r.err], `${script}: status, stderr`).toEqual([status, err]);
  });

  it('a truncated archive: what came before is extracted, then Unexpected EOF', async () => {
    const t = gnuArchive().subarray(0, 1536 + 100);
    const r = await sh('tar xf t.tar; echo $?; ls lib', { files: { '/t.tar': t } });
    expect([r.out, r.err], 'out, err').toEqual([
      '2\nlibx.a\n',
      'tar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n',
    ]);
  });
});

describe('gzip, gunzip, zcat', () => {
  it('gzip FILE -> FILE.gz: mode and mtime kept, input gone, name and mtime in the header; node:zlib reads it', async () => {
    const r = await sh('gzip /src/bin/run.sh && ls /src/bin', { files: tree });
    expect(r.out, 'ls').toBe('run.sh.gz\n');
    const gz = node(r.volume, '/src/bin/run.sh.gz')!;
    expect([gz.mode.toString(8), gz.mtim], 'mode, mtime').toEqual(['755', 1_600_000_000n * 1_000_000_000n]);
    const bytes = bytesAt(r.volume, '/src/bin/run.sh.gz');
    expect(new TextDecoder().decode(gunzipSync(bytes)), 'node:zlib gunzip').toBe('#!/bin/sh\necho hi\n');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(
      [bytes[3], view.getUint32(4, true), new TextDecoder().decode(bytes.subarray(10, 17))],
      'FNAME, MTIME',
    ).toEqual([0x08, 1_600_000_000, 'run.sh\0']);
  });

  it('gunzip restores the file; -k keeps the input; -c, stdin to stdout, zcat of several', async () => {
    const r = await sh(
      'cd /src && gzip -k a.txt && ls a.txt*; gunzip -f a.txt.gz; ls a.txt*; gzip -c a.txt > b.gz; zcat b.gz b.gz; ' +
        'printf data | gzip | gzip -d; echo; gzip -dc < b.gz; gzip -9 -n -c a.txt | gunzip -c',
      { files: tree },
    );
    expect([r.out, r.err], 'out, err').toEqual(['a.txt\na.txt.gz\na.txt\nalpha\nalpha\ndata\nalpha\nalpha\n', '']);
  });

  it('-v says how much was saved, as gzip does (fflate deflates these 24 bytes to 10, zlib to 11)', async () => {
    const r = await sh(
      "printf 'hello hello hello hello\\n' > /v && gzip -v /v && gunzip -v /v.gz && gzip -cv /v >/dev/null",
    );
    expect(r.err, 'stderr').toBe(
      '/v:\t 58.3% -- replaced with /v.gz\n/v.gz:\t 58.3% -- replaced with /v\n/v:\t 58.3% -- replaced with stdout\n',
    );
  });

  it('-n leaves name and time out; levels set XFL as gzip does', async () => {
    const r = await sh('cd /src && gzip -n -c a.txt > n.gz; gzip -1 -c a.txt > f.gz; gzip --best -c a.txt > b.gz', {
      files: tree,
    });
    const n = bytesAt(r.volume, '/src/n.gz');
    expect([...n.subarray(0, 10)], '-n header').toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    expect([bytesAt(r.volume, '/src/f.gz')[8], bytesAt(r.volume, '/src/b.gz')[8]], 'XFL of -1, -9').toEqual([4, 2]);
    expect(new TextDecoder().decode(gunzipSync(n)), 'node:zlib').toBe('alpha\n');
  });

  it('reads what node:zlib writes, several members too', async () => {
    const two = Buffer.concat([gzipSync('one\n'), gzipSync('two\n')]);
    const r = await sh('zcat /t.gz && gunzip /t.gz && cat /t', { files: { '/t.gz': new Uint8Array(two) } });
    expect(r.out, 'zcat; gunzip').toBe('one\ntwo\none\ntwo\n');
  });

  it('-l lists sizes and ratio as gzip 1.12', async () => {
    const r = await sh('cd /src && gzip -n a.txt && gzip -l a.txt.gz', { files: tree });
    const size = bytesAt(r.volume, '/src/a.txt.gz').length;
    const ratio = ((100 * (6 - (size - 18))) / 6).toFixed(1);
    expect(r.out, 'gzip -l').toBe(
      '         compressed        uncompressed  ratio uncompressed_name\n' +
        `${String(size).padStart(19)}                   6 ${ratio.padStart(5)}% a.txt\n`,
    );
  });

  it.each([
    ['gzip nofile', 1, 'gzip: nofile: No such file or directory\n'],
    ['gunzip nofile', 1, 'gzip: nofile.gz: No such file or directory\n'],
    ['zcat nofile', 1, 'gzip: nofile.gz: No such file or directory\n'],
    ['gunzip plain.gz', 1, '\ngzip: plain.gz: not in gzip format\n'],
    ['gzip -d < plain.gz', 1, '\ngzip: stdin: not in gzip format\n'],
    ['gzip -d < /dev/null', 1, 'gzip: stdin: unexpected end of file\n'],
    ['gzip a.txt', 2, 'gzip: a.txt.gz already exists;\tnot overwritten\n'],
    ['gzip -d plain', 2, 'gzip: plain: unknown suffix -- ignored\n'],
    ['gzip d', 2, 'gzip: d is a directory -- ignored\n'],
    ['gzip l', 1, 'gzip: l: Too many levels of symbolic links\n'],
    ['gzip -f l && test -f l.gz && ! test -e l', 0, ''],
    ['gzip a.txt.gz', 0, 'gzip: a.txt.gz already has .gz suffix -- unchanged\n'],
    ['gzip -x', 1, "gzip: invalid option -- 'x'\nTry `gzip --help' for more information.\n"],
  ])('%s', async (script, status, err) => {
    const r = await sh(`cd /w && ${script}`, {
      files: {
        '/w/plain.gz': 'not gzip',
        '/w/plain': 'x',
        '/w/a.txt': 'a',
        '/w/a.txt.gz': 'old',
        '/w/d': { dir: true },
        '/w/l': { symlink: 'plain' },
      },
    });
    expect([r.code, r.err], `${script}: status, stderr`).toEqual([status, err]);
  });

  it('a truncated or corrupt .gz: unexpected end of file / crc error, input kept', async () => {
    const good = gzipSync('hello world\n');
    const bad = new Uint8Array(good);
    bad[bad.length - 6] = bad[bad.length - 6]! ^ 1;
    const r = await sh('gunzip /w/t.gz; gunzip /w/c.gz; ls /w', {
      files: { '/w/t.gz': new Uint8Array(good.subarray(0, 15)), '/w/c.gz': bad },
    });
    expect([r.err, r.out], 'err, ls').toEqual([
      '\ngzip: /w/t.gz: unexpected end of file\n\ngzip: /w/c.gz: invalid compressed data--crc error\n',
      'c.gz\nt.gz\n',
    ]);
    expect(read(r.volume, '/w/t'), 'no output file').toBeUndefined();
  });
});
