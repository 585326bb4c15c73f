import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  listTar,
  sha256,
  writeTar,
  writeTarParts,
  type TarEntry,
  type TarWriteEntry,
} from '../../../src/core/oci/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';
import { text, wasmLike } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'wharf-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const long101 = 'd'.repeat(60) + '/' + 'f'.repeat(40); // 101 chars: needs the ustar prefix
const long300 = ['a'.repeat(120), 'b'.repeat(120), 'c'.repeat(58)].join('/'); // 300 chars: needs PAX
const unicode = 'données/ünïcødé-文件.txt';
const flat200 = 'x'.repeat(200); // no slash to split at: PAX

const sample: TarWriteEntry[] = [
  { path: 'app/main.wasm', type: 'file', mode: 0o755, data: wasmLike(70_000) },
  { path: 'etc/empty', type: 'file', data: new Uint8Array(0) },
  { path: 'etc/motd', type: 'file', data: text('hello\n') },
  { path: 'var/cache', type: 'directory', mode: 0o700 },
  { path: 'bin/app', type: 'symlink', linkname: '../app/main.wasm' },
  { path: 'bin/abs', type: 'symlink', linkname: '/app/main.wasm' },
  { path: 'bin/far', type: 'symlink', linkname: 'x/'.repeat(60) + 'target' },
  { path: long101, type: 'file', data: text('long101') },
  { path: long300, type: 'file', data: text('long300') },
  { path: unicode, type: 'file', mode: 0o600, data: text('unicode') },
  { path: flat200, type: 'file', data: text('flat') },
  { path: 'owned', type: 'file', uid: 1000, gid: 3_000_000, data: text('ids') },
  { path: 'hard', type: 'hardlink', linkname: 'etc/motd' },
];

function byPath(entries: TarEntry[]): Map<string, TarEntry> {
  return new Map(entries.map((e) => [e.path, e]));
}

describe('tar writer + reader', () => {
  const tar = writeTar(sample, { mtime: 1_700_000_000 });
  const read = listTar(tar);
  const got = byPath(read);

  it('round-trips every entry: paths, types, modes, ids, links, data', () => {
    for (const e of sample) {
      const r = got.get(e.path);
      expect(r, `listTar(writeTar(...)) has no "${e.path}"; paths: ${[...got.keys()].join(', ')}`).toBeDefined();
      expect(r!.type, `type of ${e.path}`).toBe(e.type);
      if (e.mode !== undefined) expect(r!.mode, `mode of ${e.path} = ${r!.mode.toString(8)}`).toBe(e.mode);
      expect(r!.uid).toBe(e.uid ?? 0);
      expect(r!.gid).toBe(e.gid ?? 0);
      expect(r!.mtime).toBe(1_700_000_000);
      if (e.linkname) expect(r!.linkname, `linkname of ${e.path}`).toBe(e.linkname);
      expect(Buffer.from(r!.data).equals(Buffer.from(e.data ?? new Uint8Array(0))), `data of ${e.path}`).toBe(true);
    }
  });

  it('adds parent directories before their children and sorts entries', () => {
    const paths = read.map((e) => e.path);
    const sorted = [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(paths, 'entry order').toEqual(sorted);
    for (const [i, p] of paths.entries()) {
      const parent = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
      if (parent) {
        const at = paths.indexOf(parent);
        expect(at >= 0 && at < i, `parent "${parent}" of "${p}" at ${at}, want before ${i}`).toBe(true);
        expect(got.get(parent)!.type).toBe('directory');
        expect(got.get(parent)!.mode).toBe(0o755);
      }
    }
  });

  it('is deterministic: the same entries in any order give the same bytes', async () => {
    const again = writeTar([...sample].reverse(), { mtime: 1_700_000_000 });
    expect(await sha256(again)).toBe(await sha256(tar));
    const otherTime = writeTar(sample, { mtime: 0 });
    expect(await sha256(otherTime)).not.toBe(await sha256(tar));
  });

  it('data are views into the archive, not copies', () => {
    const e = got.get('app/main.wasm')!;
    expect(e.data.buffer).toBe(tar.buffer);
  });

  it('GNU tar lists and extracts our archive with the same names and bytes', () => {
    const file = join(dir, 'ours.tar');
    writeFileSync(file, tar);
    const out = join(dir, 'ours');
    mkdirSync(out);
    execFileSync('tar', ['-xf', file, '-C', out]);
    for (const e of sample.filter((s) => s.type === 'file')) {
      expect(readFileSync(join(out, e.path)).equals(Buffer.from(e.data!)), `extracted ${e.path}`).toBe(true);
    }
    const listing = execFileSync('tar', ['-tf', file]).toString();
    expect(listing).toContain(long300);
    expect(listing).toContain(unicode);
  });

  it('reads archives GNU tar writes (gnu long names, pax, ustar), hardlinks and symlinks included', () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'a'.repeat(120)), { recursive: true });
    writeFileSync(join(src, 'a'.repeat(120), 'b'.repeat(110)), 'deep');
    writeFileSync(join(src, 'ünï.txt'), 'u');
    linkSync(join(src, 'ünï.txt'), join(src, 'hard'));
    symlinkSync('a'.repeat(120) + '/' + 'b'.repeat(110), join(src, 'link'));
    for (const format of ['gnu', 'pax', 'posix']) {
      const file = join(dir, `${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', file, '-C', src, '.']);
      const entries = byPath(listTar(new Uint8Array(readFileSync(file))));
      const deep = `${'a'.repeat(120)}/${'b'.repeat(110)}`;
      expect(new TextDecoder().decode(entries.get(deep)?.data), `${format}: ${deep}`).toBe('deep');
      expect(entries.get('link')?.linkname, `${format}: link`).toBe(deep);
      const h = entries.get('hard') ?? entries.get('ünï.txt');
      const link = [...entries.values()].find((e) => e.type === 'hardlink');
      expect(link, `${format}: a hardlink entry`).toBeDefined();
      expect(['hard', 'ünï.txt']).toContain(link!.linkname);
      expect(h).toBeDefined();
    }
  });

  it('writes sizes past 8 GiB and ids past 2^21 through PAX (header only, checked by reading back)', () => {
    const e = listTar(writeTar([{ path: 'big-ids', type: 'file', uid: 5_000_000, gid: 7, data: text('x') }]));
    expect(e[0]!.uid).toBe(5_000_000);
  });

  it('puts a hardlink after its target even when its name sorts first, so GNU tar can extract it', () => {
    const t = writeTar([
      { path: 'z/file', type: 'file', data: text('target') },
      { path: 'a-link', type: 'hardlink', linkname: 'z/file' },
      { path: 'b-link', type: 'hardlink', linkname: 'a-link' },
      { path: 'lower', type: 'hardlink', linkname: 'not/in/this/layer' },
    ]);
    expect(listTar(t).map((e) => e.path)).toEqual(['lower', 'z', 'z/file', 'a-link', 'b-link']);
    const file = join(dir, 'links.tar');
    writeFileSync(
      file,
      writeTar([
        { path: 'z/file', type: 'file', data: text('target') },
        { path: 'a-link', type: 'hardlink', linkname: 'z/file' },
      ]),
    );
    const out = join(dir, 'links');
    mkdirSync(out);
    execFileSync('tar', ['-xf', file, '-C', out]);
    expect(readFileSync(join(out, 'a-link'), 'utf8')).toBe('target');
  });

  it('keeps whiteout names untouched', () => {
    const e = listTar(
      writeTar([
        { path: 'etc/.wh.motd', type: 'file' },
        { path: 'var/.wh..wh..opq', type: 'file' },
      ]),
    );
    expect(e.map((x) => x.path)).toEqual(['etc', 'etc/.wh.motd', 'var', 'var/.wh..wh..opq']);
  });

  it('refuses absolute and ".." names on write', () => {
    for (const path of ['/abs', '../x', 'a/../../x', '']) {
      let err: unknown;
      try {
        writeTar([{ path, type: 'file' }]);
      } catch (e) {
        err = e;
      }
      expect(isWharfError(err, 'PATH_UNSAFE'), `writeTar("${path}") threw ${String(err)}`).toBe(true);
    }
  });

  it('writeTarParts gives the same bytes as views: the data of each file is the array the caller gave', () => {
    const parts = writeTarParts(sample, { mtime: 1_700_000_000 });
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    expect(Buffer.from(joined).equals(Buffer.from(writeTar(sample, { mtime: 1_700_000_000 })))).toBe(true);
    for (const e of sample) if (e.data?.length) expect(parts, e.path).toContain(e.data);
    expect(parts.every((p) => p.length > 0)).toBe(true);
    // Headers of entries with no data between them come as one view.
    expect(parts.length).toBeLessThan(3 * sample.filter((e) => e.data?.length).length + 3);
  });

  it('a 75 MB file layer is one buffer of header, data and trailer; reading it back copies nothing', () => {
    // Its cost against a memcpy is a figure of `npm run bench oci`, not an assertion here.
    const big = wasmLike(75 << 20);
    const out = writeTar([{ path: 'big.wasm', type: 'file', data: big }]);
    expect(out.length).toBe(512 + (75 << 20) + 1024);
    expect(out.buffer.byteLength, 'no slack beyond the tar').toBe(out.length);
    const entry = listTar(out)[0]!;
    expect(entry.data.length).toBe(75 << 20);
    expect(entry.data.buffer, 'the entry is a view of the tar').toBe(out.buffer);
    expect(entry.data[12345]).toBe(big[12345]);
  });
});
