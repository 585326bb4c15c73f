// bzip2 -d, xz -d and tar -j/-J against Debian's bzip2 1.0.8, xz 5.4.1 and tar 1.34
// (test/fixtures/debian/bzip2-xz/decompress.cases.mjs), plus what Debian cannot show: that
// compressing is refused with a message rather than faked, and that a decompressed file keeps
// the compressed one's mode and times.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bunzip2, isBzip2, isXz, unxz } from '../../../../src/core/userland/lib/index.ts';
import { node, sh } from '../processes.ts';
import { recordedCases } from '../recorded.ts';

const cases = await recordedCases('bzip2-xz/decompress');
describe('bzip2 -d, xz -d and tar -j/-J, as Debian prints them', () => cases());

const inputs = join(import.meta.dirname, '../../../fixtures/debian/bzip2-xz/decompress.inputs');
const input = (name: string): Uint8Array => new Uint8Array(readFileSync(join(inputs, name)));

// What GNU tar adds when it cannot go on, as when a compressor cannot run.
const FATAL = 'tar: Error is not recoverable: exiting now\n';

describe('compression', () => {
  it.each([
    ['bzip2 hello.txt', 'bzip2: compression is not supported (bzip2 -d, -t, bunzip2 and bzcat are)\n'],
    ['xz -z hello.txt', 'xz: compression is not supported (xz -d, -t, unxz and xzcat are)\n'],
    ['tar -cjf t.tar.bz2 hello.txt', `tar: bzip2: compression is not supported (extracting and listing are)\n${FATAL}`],
    ['tar -cJf t.tar.xz hello.txt', `tar: xz: compression is not supported (extracting and listing are)\n${FATAL}`],
  ])('%s is refused, the input left alone', async (cmd, message) => {
    const r = await sh(`${cmd}; echo $?; ls`, { files: { '/w/hello.txt': 'hi\n' }, cwd: '/w' });
    expect([r.err, r.out.split('\n')[1]], cmd).toEqual([message, 'hello.txt']);
    expect(r.out.split('\n')[0], cmd).not.toBe('0');
  });
});

describe('bunzip2 and unxz keep the input file attributes', () => {
  it.each([
    ['bunzip2 hello.txt.bz2', 'hello.txt.bz2'],
    ['unxz hello.txt.xz', 'hello.txt.xz'],
  ])('%s', async (cmd, name) => {
    const r = await sh(cmd, { files: { [`/w/${name}`]: { data: input(name), mode: 0o600 } }, cwd: '/w' });
    const out = node(r.volume, '/w/hello.txt');
    expect([r.code, r.err, node(r.volume, `/w/${name}`)], cmd).toEqual([0, '', undefined]);
    expect(out?.kind === 'file' && [out.mode & 0o7777, out.mtim], cmd).toEqual([
      0o600,
      1_600_000_000n * 1_000_000_000n,
    ]);
  });
});

describe('the decoders', () => {
  it('bunzip2(hello.txt.bz2) = hello, world', () => {
    const r = bunzip2(input('hello.txt.bz2'));
    expect(r.ok && new TextDecoder().decode(r.data), 'bunzip2(hello.txt.bz2)').toBe('hello, world\n');
  });

  it('tells a truncated bzip2 stream from a corrupt one and from no bzip2 at all', () => {
    const got = [input('truncated.bz2'), input('corrupt.bz2'), input('hello.txt'), new Uint8Array([0x42, 0x5a])].map(
      (b) => {
        const r = bunzip2(b);
        return r.ok ? 'ok' : r.why;
      },
    );
    expect(got, 'bunzip2(truncated, corrupt, plain, "BZ")').toEqual(['truncated', 'corrupt', 'format', 'truncated']);
  });

  it('unxz reads concatenated streams and names its errors as xz does', async () => {
    const multi = await unxz(input('multi.xz'));
    const truncated = await unxz(input('truncated.xz'));
    const corrupt = await unxz(input('corrupt.xz'));
    expect(
      [new TextDecoder().decode(multi.data), multi.error, truncated.error, corrupt.error],
      'unxz(multi, truncated, corrupt)',
    ).toEqual(['one\ntwo\n', undefined, 'Unexpected end of input', 'Compressed data is corrupt']);
  });

  it('knows the formats by their magic', () => {
    const names = ['hello.txt.bz2', 'hello.txt.xz', 'hello.txt'];
    expect(
      names.map((n) => [isBzip2(input(n)), isXz(input(n))]),
      `isBzip2/isXz(${names.join(', ')})`,
    ).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
  });
});
