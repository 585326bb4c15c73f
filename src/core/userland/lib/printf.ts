// printf(1) formatting and backslash escapes, shared by printf, echo and seq -f. Everything is
// a byte string (io.ts), so widths count bytes as C's printf does.
import { parseCInteger } from './numbers.ts';

/** The escapes of printf's format, echo -e and %b. `octal0`: \0NNN (echo, %b) rather than \NNN. */
export function unescape(s: string, octal0: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    switch (n) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'e':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        return { text: out, stop: true };
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (!m) out += '\\x';
        else {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        }
        break;
      }
      default: {
        const m = octal0 ? (n === '0' ? /^[0-7]{0,3}/.exec(s.slice(i + 1)) : null) : /^[0-7]{1,3}/.exec(s.slice(i));
        if (m) {
          out += String.fromCharCode(parseInt(m[0] || '0', 8) & 0xff);
          i += octal0 ? m[0].length : m[0].length - 1;
        } else if (!octal0 && (n === '"' || n === "'")) out += n;
        else out += `\\${n}`;
      }
    }
  }
  return { text: out, stop: false };
}

/** A numeric argument as printf reads it: C constants, or 'c for a character's code. */
function numberArg(arg: string | undefined, warn: (m: string) => void): { int: bigint; float: number } {
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
    return { int: BigInt(Math.trunc(f)), float: f };
  }
  warn(`'${arg}': expected a numeric value`);
  const lead = /^[-+]?\d+/.exec(t);
  const v = lead ? Number(lead[0]) : 0;
  return { int: BigInt(v), float: v };
}

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

export function formatFloat(v: number, conv: string, prec: number, alt: boolean): string {
  if (!Number.isFinite(v)) {
    const s = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
    return conv === conv.toUpperCase() ? s.toUpperCase() : s;
  }
  switch (conv) {
    case 'f':
    case 'F':
      return fixed(v, prec);
    case 'e':
    case 'E': {
      const s = expForm(v.toExponential(prec));
      return conv === 'E' ? s.toUpperCase() : s;
    }
    default: {
      // %g: %e when the exponent is < -4 or >= precision, else %f; trailing zeros dropped.
      const p = prec === 0 ? 1 : prec;
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

/** printf FORMAT ARGS…: the format is reused while arguments remain. */
export function printf(format: string, args: string[], warn: (m: string) => void): Formatted {
  let out = '';
  let bad = false;
  const warnBad = (m: string): void => {
    bad = true;
    warn(m);
  };
  let ai = 0;
  const next = (): string | undefined => args[ai++];
  for (;;) {
    const startArgs = ai;
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!;
      if (c === '\\') {
        const m = /^\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|[\s\S])/.exec(format.slice(i));
        const r = unescape(m![0], false);
        if (r.stop) return { out, stop: true, bad };
        out += r.text;
        i += m![0].length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcsbeEfFgGaA%])/.exec(format.slice(i));
      if (!m) {
        warn(`%${format[i + 1] ?? ''}: invalid conversion specification`);
        return { out, stop: true, bad: true };
      }
      i += m[0].length - 1;
      const flags = m[1]!;
      const conv = m[4]!;
      if (conv === '%') {
        out += '%';
        continue;
      }
      let width = m[2] === '*' ? Number(numberArg(next(), warnBad).int) : m[2] ? Number(m[2]) : 0;
      const left = flags.includes('-') || width < 0;
      width = Math.abs(width);
      const precArg = m[3] === '*' ? Number(numberArg(next(), warnBad).int) : m[3];
      const prec = precArg === undefined ? undefined : Number(precArg || 0);
      const zero = flags.includes('0') && !left;
      const arg = next();
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s, width, left, false);
          continue;
        case 'b': {
          const r = unescape(arg ?? '', true);
          s = prec !== undefined ? r.text.slice(0, prec) : r.text;
          out += pad(s, width, left, false);
          if (r.stop) return { out, stop: true, bad };
          continue;
        }
        case 'c':
          out += pad((arg ?? '').slice(0, 1), width, left, false);
          continue;
        case 'd':
        case 'i': {
          const v = numberArg(arg, warnBad).int;
          let digits = (v < 0n ? -v : v).toString();
          if (prec !== undefined) digits = digits.padStart(prec, '0');
          const sign = v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
          out += pad(sign + digits, width, left, zero && prec === undefined);
          continue;
        }
        case 'o':
        case 'u':
        case 'x':
        case 'X': {
          let v = numberArg(arg, warnBad).int;
          if (v < 0n) v = BigInt.asUintN(64, v);
          const base = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
          let digits = v.toString(base);
          if (conv === 'X') digits = digits.toUpperCase();
          if (prec !== undefined) digits = digits.padStart(prec, '0');
          if (flags.includes('#') && v !== 0n) {
            if (conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
            if (conv === 'x') digits = `0x${digits}`;
            if (conv === 'X') digits = `0X${digits}`;
          }
          out += pad(digits, width, left, zero && prec === undefined);
          continue;
        }
        default: {
          const v = numberArg(arg, warnBad).float;
          let body = formatFloat(Math.abs(v), conv, prec ?? 6, flags.includes('#'));
          const neg = v < 0 || Object.is(v, -0);
          body = (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          out += pad(body, width, left, zero && Number.isFinite(v));
        }
      }
    }
    if (ai >= args.length || ai === startArgs) break;
  }
  return { out, stop: false, bad };
}
