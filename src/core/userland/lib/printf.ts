// C's printf conversions, the one engine of printf(1), echo, seq -f and awk's printf and
// sprintf, with printf(1)'s backslash escapes. Everything is a byte string (io.ts), so widths
// count bytes as C's printf does. Where the arguments come from is the caller's: printf(1)
// reads its words as C constants, awk converts its values.
import { ECHO_ESCAPES, PRINTF_ESCAPES, readEscape, unescape } from './escapes.ts';
import { parseCInteger } from './numbers.ts';

export function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : '';
    const rest = s.slice(sign.length);
    const prefix = /^0[xX]/.test(rest) ? rest.slice(0, 2) : '';
    return sign + prefix + '0'.repeat(width - s.length) + rest.slice(prefix.length);
  }
  return ' '.repeat(width - s.length) + s;
}

/** %e %f %g %a (and capitals) of a number that is not negative; `prec` undefined: C's default. */
export function formatFloat(v: number, conv: string, prec: number | undefined, alt: boolean): string {
  if (!Number.isFinite(v)) {
    const s = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
    return conv === conv.toUpperCase() ? s.toUpperCase() : s;
  }
  switch (conv) {
    case 'f':
    case 'F':
      return fixed(v, prec ?? 6);
    case 'e':
    case 'E': {
      const s = expForm(v.toExponential(prec ?? 6));
      return conv === 'E' ? s.toUpperCase() : s;
    }
    case 'a':
    case 'A': {
      const s = hexFloat(v, prec, alt);
      return conv === 'A' ? s.toUpperCase() : s;
    }
    default: {
      // %g: %e when the exponent is < -4 or >= precision, else %f; trailing zeros dropped.
      const p = prec === undefined ? 6 : prec === 0 ? 1 : prec;
      if (v === 0) return alt ? (0).toFixed(p - 1) : '0';
      const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(p)))));
      let s = exp < -4 || exp >= p ? expForm(v.toExponential(p - 1)) : fixed(v, Math.max(0, p - 1 - exp));
      // Only a fraction's zeros go: %g of 100000 stays 100000.
      if (!alt && s.includes('.')) s = s.replace(/\.?0+(?=e|$)/, '').replace(/\.(?=e)/, '');
      return conv === 'G' ? s.toUpperCase() : s;
    }
  }
}

/**
 * %f as C prints it: toFixed rounds an exact tie away from zero where C rounds it to even
 * (%.0f of 2.5 is 2), and writes 1e21 and above in exponent form where C writes every digit.
 */
function fixed(v: number, prec: number): string {
  if (Math.abs(v) >= 1e21) return BigInt(v).toString() + (prec > 0 ? `.${'0'.repeat(prec)}` : '');
  if (prec <= 60) {
    // toFixed's digits are exact: a tie is a 5 and then only zeros.
    const long = v.toFixed(prec + 30);
    const cut = long.length - 30;
    if (long[cut] === '5' && /^0*$/.test(long.slice(cut + 1))) {
      const kept = long.slice(0, prec === 0 ? cut - 1 : cut);
      if (Number(kept[kept.length - 1]) % 2 === 0) return kept;
    }
  }
  return v.toFixed(prec);
}

/**
 * %a as glibc prints it: "0x1.8p+1" for 3, the digits after the point as many as the value
 * needs unless `prec` says, rounded to even; subnormals as "0x0.…p-1022".
 */
function hexFloat(v: number, prec: number | undefined, alt: boolean): string {
  const bits = new DataView(new Float64Array([v]).buffer).getBigUint64(0, true);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let lead = biased === 0 ? 0n : 1n;
  const exp = v === 0 ? 0 : biased === 0 ? -1022 : biased - 1023;
  let digits = 13;
  if (prec !== undefined && prec < 13) {
    const drop = BigInt((13 - prec) * 4);
    const half = 1n << (drop - 1n);
    const rest = mantissa & ((1n << drop) - 1n);
    mantissa >>= drop;
    const odd = ((prec === 0 ? lead : mantissa) & 1n) === 1n;
    if (rest > half || (rest === half && odd)) mantissa++;
    if (mantissa >> BigInt(prec * 4) > 0n) {
      lead += 1n;
      mantissa &= (1n << BigInt(prec * 4)) - 1n;
    }
    digits = prec;
  }
  let frac = digits === 0 ? '' : mantissa.toString(16).padStart(digits, '0');
  if (prec === undefined) frac = frac.replace(/0+$/, '');
  else frac = frac.padEnd(prec, '0');
  const point = frac !== '' || alt ? '.' : '';
  return `0x${lead}${point}${frac}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/** JavaScript's "1.5e+2" as C writes it: "1.5e+02". */
function expForm(s: string): string {
  return s.replace(/e([-+])(\d)$/, 'e$10$2');
}

export interface Formatted {
  out: string;
  /** \c in a %b argument: stop all output. */
  stop: boolean;
  /** A numeric argument was not a number (exit status 1, output goes on). */
  bad: boolean;
}

/** Where a format's arguments come from, one per conversion (and per `*`). */
export interface PrintfArgs {
  /** %d %i %o %u %x %X and `*`: an integer, or a number that is not finite (awk's nan, inf). */
  int(): bigint | number;
  /** %e %f %g %a and their capitals. */
  float(): number;
  /** %s. */
  string(): string;
  /** %c: one character. */
  char(): string;
}

/** %[flags][width][.precision]conversion, at the start of what it is run on (`y`: at lastIndex). */
export const CONVERSION = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcseEfFgGaA%])?/y;

/** One conversion (a match of CONVERSION with a letter other than "%") over the next arguments. */
export function formatConversion(m: RegExpExecArray, args: PrintfArgs): string {
  const flags = m[1]!;
  const conv = m[4]!;
  let width = m[2] === '*' ? starArg(args) : m[2] ? Number(m[2]) : 0;
  const left = flags.includes('-') || width < 0;
  width = Math.abs(width);
  // A negative precision from `*` is taken as if it were left out, as C says.
  let prec = m[3] === '*' ? starArg(args) : m[3] === undefined ? undefined : Number(m[3] || 0);
  if (prec !== undefined && prec < 0) prec = undefined;
  const zero = flags.includes('0') && !left;
  const sign = (negative: boolean): string =>
    negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  switch (conv) {
    case 's': {
      const s = args.string();
      return pad(prec === undefined ? s : s.slice(0, prec), width, left, false);
    }
    case 'c':
      return pad(args.char(), width, left, false);
    case 'd':
    case 'i': {
      const v = args.int();
      if (typeof v === 'number') return pad(Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf', width, left, false);
      let digits = (v < 0n ? -v : v).toString();
      if (prec !== undefined) digits = prec === 0 && v === 0n ? '' : digits.padStart(prec, '0');
      return pad(sign(v < 0n) + digits, width, left, zero && prec === undefined);
    }
    case 'o':
    case 'u':
    case 'x':
    case 'X': {
      const i = args.int();
      let v = typeof i === 'number' ? 0n : i;
      if (v < 0n) v = BigInt.asUintN(64, v);
      let digits = v.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
      if (conv === 'X') digits = digits.toUpperCase();
      if (prec !== undefined) digits = prec === 0 && v === 0n ? '' : digits.padStart(prec, '0');
      if (flags.includes('#') && v !== 0n) {
        if (conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
        if (conv === 'x') digits = `0x${digits}`;
        if (conv === 'X') digits = `0X${digits}`;
      }
      return pad(digits, width, left, zero && prec === undefined);
    }
    default: {
      const v = args.float();
      const body = formatFloat(Math.abs(v), conv, prec, flags.includes('#'));
      return pad(sign(v < 0 || Object.is(v, -0)) + body, width, left, zero && Number.isFinite(v));
    }
  }
}

function starArg(args: PrintfArgs): number {
  const v = args.int();
  return typeof v === 'number' ? 0 : Number(v);
}

/** printf(1)'s reading of an argument: a C constant, a float, or 'c for a character's code. */
function numberArg(arg: string | undefined, warn: (m: string) => void): { int: bigint | number; float: number } {
  if (arg === undefined || arg === '') return { int: 0n, float: 0 };
  if (/^['"]/.test(arg)) {
    const code = arg.length > 1 ? arg.charCodeAt(1) : 0;
    return { int: BigInt(code), float: code };
  }
  const t = arg.trim();
  const int = parseCInteger(t);
  if (int !== null) return { int, float: Number(int) };
  const f = Number(t);
  if (t !== '' && !Number.isNaN(f) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|infinity|nan)$/i.test(t)) {
    return { int: Number.isFinite(f) ? BigInt(Math.trunc(f)) : f, float: f };
  }
  warn(`'${arg}': expected a numeric value`);
  const lead = /^[-+]?\d+/.exec(t);
  const v = lead ? Number(lead[0]) : 0;
  return { int: BigInt(v), float: v };
}

/** printf FORMAT ARGS…: the format is reused while arguments remain. */
export function printf(format: string, args: string[], warn: (m: string) => void): Formatted {
  let out = '';
  let bad = false;
  const warnBad = (m: string): void => {
    bad = true;
    warn(m);
  };
  let ai = 0;
  const source: PrintfArgs = {
    int: () => numberArg(args[ai++], warnBad).int,
    float: () => numberArg(args[ai++], warnBad).float,
    string: () => args[ai++] ?? '',
    char: () => (args[ai++] ?? '').slice(0, 1),
  };
  for (;;) {
    const startArgs = ai;
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!;
      if (c === '\\') {
        const e = readEscape(format, i, PRINTF_ESCAPES);
        if (e.stop) return { out, stop: true, bad };
        out += e.text;
        i += e.length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      CONVERSION.lastIndex = i;
      const m = CONVERSION.exec(format);
      // %b is printf(1)'s own: its argument's escapes, as echo has them.
      const b = m?.[4] === undefined && format[CONVERSION.lastIndex] === 'b';
      if (!m || (m[4] === undefined && !b)) {
        warn(`%${format[i + 1] ?? ''}: invalid conversion specification`);
        return { out, stop: true, bad: true };
      }
      i = CONVERSION.lastIndex - (b ? 0 : 1);
      if (m[4] === '%') out += '%';
      else if (!b) out += formatConversion(m, source);
      else {
        // A %s of the argument with its escapes applied.
        let stop = false;
        const unescaped: PrintfArgs = {
          ...source,
          string: () => {
            const r = unescape(source.string(), ECHO_ESCAPES);
            stop = r.stop;
            return r.text;
          },
        };
        m[4] = 's';
        out += formatConversion(m, unescaped);
        if (stop) return { out, stop: true, bad };
      }
    }
    if (ai >= args.length || ai === startArgs) break;
  }
  return { out, stop: false, bad };
}
