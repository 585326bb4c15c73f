// awk's values: numbers, strings, "strnums" (input that looks numeric compares as a number) and
// the uninitialized value, with the conversions of POSIX awk's "Expressions in awk" section.
import { CONVERSION, formatConversion, formatFloat, type PrintfArgs, UserlandError } from '../lib/index.ts';

/** Text from input (fields, getline, split, ARGV, ENVIRON, -v): a string that may be numeric. */
export class StrNum {
  readonly s: string;
  /** 0: not yet scanned, 1: looks numeric, 2: does not. */
  #kind = 0;
  #n = 0;
  constructor(s: string) {
    this.s = s;
  }
  get numeric(): boolean {
    if (this.#kind === 0) this.#scan();
    return this.#kind === 1;
  }
  get n(): number {
    if (this.#kind === 0) this.#scan();
    return this.#n;
  }
  #scan(): void {
    this.#n = strToNum(this.s);
    this.#kind = scanEnd === this.s.length && scanDigits ? 1 : 2;
  }
}

/** undefined is the uninitialized value: "" and 0 at once. */
export type Value = number | string | StrNum | undefined;

/** An error while the program runs; `plain` ones (a file that cannot be opened) have no "run time error:" prefix, as in mawk. */
export class AwkError extends UserlandError {
  readonly plain: boolean;
  constructor(message: string, plain = false) {
    super(message, 2);
    this.plain = plain;
  }
}

let scanEnd = 0;
let scanDigits = false;

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The leading number of `s`, as strtod reads a decimal one (no hex, inf or nan, as gawk does).
 * Sets scanEnd past it and any trailing blanks, scanDigits when it had digits.
 */
export function strToNum(s: string): number {
  const len = s.length;
  let i = 0;
  while (i < len && isBlank(s.charCodeAt(i))) i++;
  const start = i;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let digits = 0;
  while (isDigit(c)) {
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === 46) {
    c = s.charCodeAt(++i);
    while (isDigit(c)) {
      digits++;
      c = s.charCodeAt(++i);
    }
  }
  scanDigits = digits > 0;
  if (!scanDigits) {
    scanEnd = 0;
    return 0;
  }
  if (c === 101 || c === 69) {
    let j = i + 1;
    let e = s.charCodeAt(j);
    if (e === 43 || e === 45) e = s.charCodeAt(++j);
    if (isDigit(e)) {
      while (isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  const n = Number(s.slice(start, i));
  while (i < len && isBlank(s.charCodeAt(i))) i++;
  scanEnd = i;
  return n;
}

/** A number as text: integral values as integers, others through CONVFMT or OFMT. */
export function numToStr(n: number, fmt: string): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e16 ? String(n) : BigInt(n).toString();
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n < 0 ? '-inf' : 'inf';
  if (fmt === '%.6g') {
    const s = formatFloat(Math.abs(n), 'g', 6, false);
    return n < 0 ? `-${s}` : s;
  }
  return sprintf(fmt, [n], fmt);
}

export function toNum(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return strToNum(v);
  if (v === undefined) return 0;
  return v.n;
}

export function toStr(v: Value, convfmt: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numToStr(v, convfmt);
  if (v === undefined) return '';
  return v.s;
}

export function toBool(v: Value): boolean {
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  if (v === undefined) return false;
  return v.numeric ? v.n !== 0 : v.s !== '';
}

function numeric(v: Value): boolean {
  return typeof v === 'number' || v === undefined || (v instanceof StrNum && v.numeric);
}

/** <0, 0 or >0: numerically when both sides are numbers or numeric input, else as bytes. */
export function compare(a: Value, b: Value, convfmt: string): number {
  if (numeric(a) && numeric(b)) {
    const x = toNum(a);
    const y = toNum(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  }
  const s = toStr(a, convfmt);
  const t = toStr(b, convfmt);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** An arithmetic operator over two operands: + - * / % ^. */
export function arith(op: string, a: () => Value, b: () => Value): () => number {
  switch (op) {
    case '+':
      return () => toNum(a()) + toNum(b());
    case '-':
      return () => toNum(a()) - toNum(b());
    case '*':
      return () => toNum(a()) * toNum(b());
    case '/':
      return () => {
        const x = toNum(a());
        const y = toNum(b());
        if (y === 0) throw new AwkError('division by zero');
        return x / y;
      };
    case '%':
      return () => {
        const x = toNum(a());
        const y = toNum(b());
        if (y === 0) throw new AwkError('division by zero in %');
        return x % y;
      };
    default:
      return () => Math.pow(toNum(a()), toNum(b()));
  }
}

/** A comparison operator over two operands: 1 or 0. */
export function comparison(op: string, a: () => Value, b: () => Value, convfmt: () => string): () => number {
  const c = (): number => {
    const x = a();
    const y = b();
    return typeof x === 'number' && typeof y === 'number' ? (x < y ? -1 : x > y ? 1 : 0) : compare(x, y, convfmt());
  };
  switch (op) {
    case '<':
      return () => (c() < 0 ? 1 : 0);
    case '<=':
      return () => (c() <= 0 ? 1 : 0);
    case '>':
      return () => (c() > 0 ? 1 : 0);
    case '>=':
      return () => (c() >= 0 ? 1 : 0);
    case '==':
      return () => (c() === 0 ? 1 : 0);
    default:
      return () => (c() !== 0 ? 1 : 0);
  }
}

/**
 * awk's printf and sprintf: C's conversions (lib/printf.ts) over awk values: a %d of "3abc" is
 * 3, a %c of a number is that byte, and an unknown "%" is printed as it is, as gawk and mawk do.
 */
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
