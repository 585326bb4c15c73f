// awk's printf and sprintf: C's conversions (lib/printf.ts) over awk values: a %d of "3abc" is
// 3, a %c of a number is that byte, and an unknown "%" is printed as it is, as gawk and mawk do.
import { CONVERSION, formatConversion, type PrintfArgs } from '../lib/index.ts';
import { toNum, toStr, type Value } from './value.ts';

export function sprintf(format: string, args: Value[], convfmt: string): string {
  let ai = 0;
  const source: PrintfArgs = {
    int: () => {
      const v = Math.trunc(toNum(args[ai++]));
      return Number.isFinite(v) ? BigInt(v) : v;
    },
    float: () => toNum(args[ai++]),
    string: () => toStr(args[ai++], convfmt),
    char: () => {
      const arg = args[ai++];
      return typeof arg === 'number' ? String.fromCharCode(Math.trunc(arg) & 0xff) : toStr(arg, convfmt).slice(0, 1);
    },
  };
  let out = '';
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    CONVERSION.lastIndex = pct;
    const m = CONVERSION.exec(format)!;
    i = CONVERSION.lastIndex;
    if (m[4] === undefined) out += m[0];
    else if (m[4] === '%') out += '%';
    else out += formatConversion(m, source);
  }
  return out;
}
