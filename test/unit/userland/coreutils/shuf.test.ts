// shuf's output without --random-source is random: these check what holds for every run (a
// permutation of the input, -n of them, -r within the input, -o writing the file). The outputs
// for a given random source are compared with Debian's in debian-cases.test.ts.
import { describe, expect, it } from 'vitest';
import { read, run } from '../processes.ts';

const sorted = (lines: string[]): string[] => [...lines].sort((a, b) => Number(a) - Number(b));

describe('shuf without a random source', () => {
  it('permutes every line of a file once', async () => {
    const input = Array.from({ length: 200 }, (_, i) => `${i + 1}`);
    const r = await run(['shuf', '/f'], { files: { '/f': input.join('\n') + '\n' } });
    const got = r.out.split('\n').slice(0, -1);
    expect(sorted(got), `shuf /f = ${JSON.stringify(got)}, want a permutation of 1..200`).toEqual(input);
    // 200! orders: the identity is as good as impossible, so staying in order means no shuffling.
    expect(got, 'shuf /f left 1..200 in order').not.toEqual(input);
  });

  it('-i -n gives distinct numbers of the range', async () => {
    const r = await run(['shuf', '-i', '10-99', '-n', '30']);
    const got = r.out.split('\n').slice(0, -1).map(Number);
    expect(got.length, `shuf -i 10-99 -n 30 = ${r.out}, want 30 lines`).toBe(30);
    expect(new Set(got).size, `shuf -i 10-99 -n 30 = ${r.out}, want distinct numbers`).toBe(30);
    expect(
      got.every((n) => n >= 10 && n <= 99),
      `shuf -i 10-99 -n 30 = ${r.out}`,
    ).toBe(true);
  });

  it('-n over stdin keeps that many of its lines', async () => {
    const r = await run(['shuf', '-n', '4'], { stdin: 'a\nb\nc\nd\ne\nf\n' });
    const got = r.out.split('\n').slice(0, -1);
    expect(got.length, `shuf -n 4 = ${r.out}`).toBe(4);
    expect(new Set(got).size, `shuf -n 4 = ${r.out}, want distinct lines`).toBe(4);
    expect(
      got.every((l) => 'abcdef'.includes(l)),
      `shuf -n 4 = ${r.out}`,
    ).toBe(true);
  });

  it('-r repeats lines of the input only', async () => {
    const r = await run(['shuf', '-r', '-n', '500', '-e', 'x', 'y', 'z']);
    const got = r.out.split('\n').slice(0, -1);
    expect(got.length, `shuf -r -n 500 = ${got.length} lines`).toBe(500);
    expect(new Set(got), `shuf -r -n 500 -e x y z`).toEqual(new Set(['x', 'y', 'z']));
  });

  it('-r without -n stops after 1 MiB, as yes does, since pipeline stages run to their end', async () => {
    const r = await run(['shuf', '-r', '-i', '1-9']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.length, 'shuf -r -i 1-9 output size').toBe(1 << 20);
  });

  it('-o writes the permutation into the file', async () => {
    const r = await run(['shuf', '-o', '/out', '-e', '1', '2', '3']);
    expect(r.out, 'shuf -o /out stdout').toBe('');
    expect(sorted(read(r.volume, '/out')!.split('\n').slice(0, -1))).toEqual(['1', '2', '3']);
  });
});
