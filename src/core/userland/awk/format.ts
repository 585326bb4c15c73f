// awk's printf and sprintf: C's conversions over awk values (a %d of "3abc" is 3, a %c of a
// number is that byte), built on printf(1)'s padding and float formatting.
import { formatFloat, pad } from '../lib/index.ts';
import { toNum, toStr, type Value } from './value.ts';

const SPEC = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcseEfFgGaA%])?/y;

function intDigits(v: number): string {
  const t = Math.trunc(v);
  return Math.abs(t) < 2 ** 53 ? String(Math.abs(t)) : BigInt(Math.abs(t)).toString();
}

export function sprintf(format: string, args: Value[], convfmt: string): string {
  let out = '';
  let ai = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format)!;
    i = SPEC.lastIndex;
    const conv = m[4];
    if (conv === undefined) {
      // A lone or unknown "%" is printed as it is, as gawk and mawk do.
      out += m[0];
      continue;
    }
    if (conv === '%') {
      out += '%';
      continue;
    }
    const flags = m[1]!;
    let width = m[2] === '*' ? Math.trunc(toNum(args[ai++])) : m[2] ? Number(m[2]) : 0;
    const left = flags.includes('-') || width < 0;
    width = Math.abs(width);
    let prec: number | undefined =
      m[3] === '*' ? Math.trunc(toNum(args[ai++])) : m[3] === undefined ? undefined : Number(m[3] || 0);
    if (prec !== undefined && prec < 0) prec = undefined;
    const zero = flags.includes('0') && !left;
    const arg = args[ai++];
    switch (conv) {
      case 's': {
        let s = toStr(arg, convfmt);
        if (prec !== undefined) s = s.slice(0, prec);
        out += pad(s, width, left, false);
        break;
      }
      case 'c': {
        const s =
          typeof arg === 'number' ? String.fromCharCode(Math.trunc(arg) & 0xff) : toStr(arg, convfmt).slice(0, 1);
        out += pad(s, width, left, false);
        break;
      }
      case 'd':
      case 'i': {
        const v = toNum(arg);
        if (!Number.isFinite(v)) {
          out += pad(Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf', width, left, false);
          break;
        }
        let digits = intDigits(v);
        if (prec !== undefined) digits = prec === 0 && digits === '0' ? '' : digits.padStart(prec, '0');
        const sign = Math.trunc(v) < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        out += pad(sign + digits, width, left, zero && prec === undefined);
        break;
      }
      case 'o':
      case 'u':
      case 'x':
      case 'X': {
        const t = Math.trunc(toNum(arg));
        let big = Number.isFinite(t) ? BigInt(t) : 0n;
        if (big < 0n) big = BigInt.asUintN(64, big);
        let digits = big.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
        if (conv === 'X') digits = digits.toUpperCase();
        if (prec !== undefined) digits = prec === 0 && big === 0n ? '' : digits.padStart(prec, '0');
        if (flags.includes('#') && big !== 0n) {
          if (conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
          if (conv === 'x') digits = `0x${digits}`;
          if (conv === 'X') digits = `0X${digits}`;
        }
        out += pad(digits, width, left, zero && prec === undefined);
        break;
      }
      default: {
        const v = toNum(arg);
        let body = formatFloat(Math.abs(v), conv === 'a' || conv === 'A' ? 'e' : conv, prec ?? 6, flags.includes('#'));
        const neg = v < 0 || Object.is(v, -0);
        body = (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
        out += pad(body, width, left, zero && Number.isFinite(v));
      }
    }
  }
  return out;
}
