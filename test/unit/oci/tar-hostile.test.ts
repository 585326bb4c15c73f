import { describe, expect, it } from 'vitest';
import { listTar } from '../../../src/core/oci/index.ts';
import { isWharfError, type ErrorCode } from '../../../src/core/errors.ts';
import { rawTar, text } from './helpers.ts';

function failure(bytes: Uint8Array): unknown {
  try {
    listTar(bytes, { name: 'layer 0' });
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectError(bytes: Uint8Array, code: ErrorCode, message: RegExp, what: string): void {
  const err = failure(bytes);
  expect(isWharfError(err, code), `listTar(${what}) threw ${String(err)}, want ${code}`).toBe(true);
  expect((err as Error).message, `listTar(${what}) message`).toMatch(message);
}

describe('tar reader on hostile or broken input', () => {
  it('reads a well-formed raw archive (the control case)', () => {
    const entries = listTar(
      rawTar([
        { name: './ok.txt', data: text('ok') },
        { name: 'dir/', typeflag: '5' },
      ]),
    );
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual(['file:ok.txt', 'directory:dir']);
  });

  it('refuses "../escape" naming the entry', () => {
    expectError(
      rawTar([{ name: '../escape', data: text('x') }]),
      'PATH_UNSAFE',
      /layer 0: entry "\.\.\/escape" at offset 0/,
      '../escape',
    );
  });

  it('refuses "a/../../escape"', () => {
    expectError(rawTar([{ name: 'a/../../escape' }]), 'PATH_UNSAFE', /a\/\.\.\/\.\.\/escape/, 'a/../../escape');
  });

  it('refuses absolute names', () => {
    expectError(rawTar([{ name: '/etc/passwd' }]), 'PATH_UNSAFE', /"\/etc\/passwd"/, '/etc/passwd');
  });

  it('refuses a symlink that climbs out of the root, and allows one that stays in', () => {
    expectError(
      rawTar([{ name: 'a/link', typeflag: '2', linkname: '../../etc' }]),
      'PATH_UNSAFE',
      /symlink "a\/link" -> "\.\.\/\.\.\/etc"/,
      'symlink out',
    );
    expect(listTar(rawTar([{ name: 'a/link', typeflag: '2', linkname: '../etc' }]))[0]!.linkname).toBe('../etc');
    expect(listTar(rawTar([{ name: 'a/link', typeflag: '2', linkname: '/etc/passwd' }]))[0]!.linkname).toBe(
      '/etc/passwd',
    );
  });

  it('refuses a hardlink out of the root', () => {
    expectError(
      rawTar([{ name: 'h', typeflag: '1', linkname: '../../etc/shadow' }]),
      'PATH_UNSAFE',
      /hardlink "h"/,
      'hardlink out',
    );
    expectError(
      rawTar([{ name: 'h', typeflag: '1', linkname: '/etc/shadow' }]),
      'PATH_UNSAFE',
      /hardlink "h"/,
      'hardlink absolute',
    );
  });

  it('reports a bad checksum with the offset', () => {
    const t = rawTar([
      { name: 'a', data: text('a') },
      { name: 'b', data: text('b') },
    ]);
    t[1024 + 10] = 0x7a; // second header, inside its name
    expectError(t, 'TAR_FORMAT', /header at offset 1024: header checksum mismatch/, 'corrupt second header');
  });

  it('reports truncation inside the data', () => {
    const t = rawTar([{ name: 'a', data: new Uint8Array(5000) }], { end: false }).subarray(0, 512 + 1000);
    expectError(t, 'TAR_FORMAT', /entry "a" at offset 0: declares 5000 bytes .* 1000 \(truncated\)/, 'truncated data');
  });

  it('reports a truncated header', () => {
    const t = rawTar([{ name: 'a', data: text('a') }], { end: false });
    const cut = new Uint8Array(t.length + 100);
    cut.set(t);
    cut.fill(7, t.length);
    expectError(cut, 'TAR_FORMAT', /100 stray bytes at offset 1024/, 'truncated header');
  });

  it('refuses a huge declared size without allocating it', () => {
    expectError(
      rawTar([{ name: 'huge', size: 0o77777777777 }]),
      'TAR_FORMAT',
      /declares 8589934591 bytes/,
      'huge size',
    );
  });

  it('refuses something that is not a tar', () => {
    const junk = new Uint8Array(2048).map((_, i) => (i * 31 + 7) & 0xff);
    expectError(junk, 'TAR_FORMAT', /offset 0: header checksum mismatch/, 'junk');
  });

  it('reads an empty archive as no entries', () => {
    expect(listTar(new Uint8Array(1024))).toEqual([]);
  });
});
