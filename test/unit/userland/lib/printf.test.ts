// The one printf engine: C's conversions as glibc prints them for a double, whichever program
// supplies the arguments (printf(1) its words, awk its values).
import { describe, expect, it } from 'vitest';
import { CONVERSION, formatConversion, printf, type PrintfArgs } from '../../../../src/core/userland/lib/index.ts';

const out = (format: string, ...args: string[]): string => printf(format, args, () => {}).out;

describe('printf engine', () => {
  it.each([
    ['%a', ['1'], '0x1p+0'],
    ['%a', ['3'], '0x1.8p+1'],
    ['%a', ['0.1'], '0x1.999999999999ap-4'],
    ['%A', ['10'], '0X1.4P+3'],
    ['%a', ['0'], '0x0p+0'],
    ['%a', ['-2.5'], '-0x1.4p+1'],
    ['%.0a', ['1.5'], '0x2p+0'],
    ['%.0a', ['1.25'], '0x1p+0'],
    ['%.2a', ['1'], '0x1.00p+0'],
    ['%#.0a', ['1'], '0x1.p+0'],
    ['%.0d|%.0x', ['0', '0'], '|'],
    ['%.*s|', ['-1', 'abc'], 'abc|'],
  ])('printf %s %j = %s', (format, args, want) => {
    expect(out(format, ...args), `printf(${format}, ${args.join(' ')})`).toBe(want);
  });

  it('formats one conversion from any source of arguments', () => {
    const values = [7n, 2.5, 'x', 'y'];
    let i = 0;
    const args: PrintfArgs = {
      int: () => values[i++] as bigint,
      float: () => values[i++] as number,
      string: () => values[i++] as string,
      char: () => values[i++] as string,
    };
    const conv = (spec: string): string => {
      CONVERSION.lastIndex = 0;
      return formatConversion(CONVERSION.exec(spec)!, args);
    };
    expect([conv('%03d'), conv('%.1f'), conv('%-3s|'), conv('%c')], 'formatConversion').toEqual([
      '007',
      '2.5',
      'x  ',
      'y',
    ]);
  });
});
