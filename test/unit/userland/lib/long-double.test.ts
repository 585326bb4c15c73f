// x86-64's long double, as numfmt computes in it: each operation rounded to a 64-bit
// significand, printed as glibc's printf prints it (expected values from Debian's
// `printf '%.25Lf'`, which formats a long double).
import { describe, expect, it } from 'vitest';
import { LongDouble } from '../../../../src/core/userland/lib/index.ts';

const L = (n: number | bigint): LongDouble => LongDouble.from(n);

describe('LongDouble', () => {
  it.each([
    ['1/10 %.25Lf', L(1).div(L(10)).toFixed(25), '0.1000000000000000000013553'],
    ['2/3 %.20Lf', L(2).div(L(3)).toFixed(20), '0.66666666666666666668'],
    ['5/2 %.0Lf (ties to even)', L(5).div(L(2)).toFixed(0), '2'],
    ['7/2 %.0Lf', L(7).div(L(2)).toFixed(0), '4'],
    ['-1/8 %.2Lf', L(-1).div(L(8)).toFixed(2), '-0.12'],
    ['1/10 %Lg', L(1).div(L(10)).toG(), '0.1'],
    [
      '123456789e12 %Lg',
      L(123456789)
        .mul(L(10n ** 12n))
        .toG(),
      '1.23457e+20',
    ],
    ['1e-5 %Lg', L(1).div(L(100000)).toG(), '1e-05'],
    ['100000 %Lg', L(100000).toG(), '100000'],
    // 2^64 + 1 needs 65 bits: it rounds to 2^64.
    ['2^64+1 %.0Lf', L(2n ** 64n + 1n).toFixed(0), '18446744073709551616'],
    ['2^63+1 %.0Lf', L(2n ** 63n + 1n).toFixed(0), '9223372036854775809'],
  ])('%s', (what, got, want) => {
    expect(got, what).toBe(want);
  });

  it('adds, subtracts and truncates exactly where the significand allows', () => {
    const a = L(10n ** 18n).add(L(1).div(L(4)));
    expect(a.toFixed(2), '1e18 + 0.25').toBe('1000000000000000000.25');
    expect(a.sub(L(10n ** 18n)).toFixed(2), '(1e18 + 0.25) - 1e18').toBe('0.25');
    expect(L(-7).div(L(2)).trunc(), '(intmax_t) -3.5').toBe(-3n);
    expect(L(3).lt(L(4)) && !L(4).lt(L(3)), '3 < 4').toBe(true);
  });
});
