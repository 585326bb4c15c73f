// numfmt: numbers to and from human-readable sizes (--from/--to si, iec, iec-i, auto), with
// --from-unit/--to-unit, --round, --padding, --format, --suffix, --field, -d, --header,
// --grouping, --invalid, -z and --debug. Ported from coreutils 9.1's numfmt.c, whose arithmetic
// is x86-64's long double (lib's LongDouble): its roundings decide the digits printed.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argmatch,
  argToBin,
  binToArg,
  bytesToBin,
  Failure,
  LongDouble,
  opt,
  options,
  program,
  quote,
  readAll,
  setFields,
  UsageError,
  xstrtoumax,
  type Ctx,
  type FieldSet,
} from '../lib/index.ts';

const NUMFMT = options({
  from: opt.arg('from'),
  fromUnit: opt.arg('from-unit'),
  to: opt.arg('to'),
  toUnit: opt.arg('to-unit'),
  round: opt.arg('round'),
  padding: opt.arg('padding'),
  suffix: opt.arg('suffix'),
  grouping: opt.flag('grouping'),
  delimiter: opt.arg('d', 'delimiter'),
  fields: opt.args('field'),
  debug: opt.flag('debug'),
  header: opt.optionalArg('header'),
  format: opt.arg('format'),
  invalid: opt.arg('invalid'),
  zero: opt.flag('z', 'zero-terminated'),
});

type Scale = 'none' | 'auto' | 'si' | 'iec' | 'iec-i';
type Round = 'up' | 'down' | 'from-zero' | 'towards-zero' | 'nearest';
type Invalid = 'abort' | 'fail' | 'warn' | 'ignore';

const words = <V extends string>(list: readonly V[]): ReadonlyArray<readonly [string, V]> =>
  list.map((w) => [w, w] as const);

/** LDBL_DIG: more digits than this lose precision. */
const MAX_UNSCALED_DIGITS = 18;
/** 999Y: numfmt handles no more digits than this. */
const MAX_ACCEPTABLE_DIGITS = 27;
const SUFFIXES = 'KMGTPEZY';
const INTMAX = LongDouble.from(2n ** 63n - 1n);
const TEN = LongDouble.from(10);
const HALF = LongDouble.from(1).div(LongDouble.from(2));

type Parse = 'ok' | 'loss' | 'overflow' | 'invalid' | 'forbidden' | 'suffix' | 'missing-i';

/** A conversion error: a message said (unless --invalid=ignore), and with abort the end. */
class Abort {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

function powerld(base: LongDouble, x: number): LongDouble {
  if (x === 0) return LongDouble.from(1);
  let result = base;
  while (--x) result = result.mul(base);
  return result;
}

/** expld: v scaled below `base` by repeated division, and how many times. */
function expld(v: LongDouble, base: LongDouble): { value: LongDouble; power: number } {
  let power = 0;
  while (!v.abs().lt(base)) {
    power++;
    v = v.div(base);
  }
  return { value: v, power };
}

/** simple_round: numfmt.c's rounding to an integer, done in intmax_t slices. */
function simpleRound(v: LongDouble, how: Round): LongDouble {
  const slices = v.div(INTMAX).trunc();
  v = v.sub(INTMAX.mul(LongDouble.from(slices)));
  const ceiling = (x: LongDouble): bigint => {
    const i = x.trunc();
    return LongDouble.from(i).lt(x) ? i + 1n : i;
  };
  const floor = (x: LongDouble): bigint => -ceiling(x.neg());
  let r: bigint;
  if (how === 'up') r = ceiling(v);
  else if (how === 'down') r = floor(v);
  else if (how === 'from-zero') r = v.negative && !v.isZero() ? floor(v) : ceiling(v);
  else if (how === 'towards-zero') r = v.trunc();
  else r = (v.lt(LongDouble.ZERO) ? v.sub(HALF) : v.add(HALF)).trunc();
  return INTMAX.mul(LongDouble.from(slices)).add(LongDouble.from(r));
}

/** simple_strtod_int: digits into a long double, counting significant ones. */
function strtodInt(s: string, at: number): { status: Parse; value: LongDouble; end: number; negative: boolean } {
  let i = at;
  const negative = s[i] === '-';
  if (negative) i++;
  let value = LongDouble.ZERO;
  let digits = 0;
  let found = false;
  let status: Parse = 'ok';
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    const d = s.charCodeAt(i) - 48;
    found = true;
    if (!value.isZero() || d !== 0) digits++;
    if (digits > MAX_UNSCALED_DIGITS) status = 'loss';
    if (digits > MAX_ACCEPTABLE_DIGITS) return { status: 'overflow', value, end: i, negative };
    value = value.mul(TEN).add(LongDouble.from(d));
  }
  if (!found && s[i] !== '.') return { status: 'invalid', value, end: i, negative };
  return { status, value: negative ? value.neg() : value, end: i, negative };
}

interface Settings {
  from: Scale;
  to: Scale;
  round: Round;
  invalid: Invalid;
  exitCode: number;
  fromUnit: bigint;
  toUnit: bigint;
  suffix: string | undefined;
  grouping: boolean;
  padding: number;
  alignLeft: boolean;
  zeroPadding: number;
  precision: number;
  prefix: string;
  formatSuffix: string;
  autoPadding: boolean;
  delimiter: string | null;
  fields: FieldSet | null;
  debug: boolean;
}

/** unit_to_umax: --from-unit/--to-unit, with K = 1000, Ki = 1024. */
function unitSize(s: string): bigint {
  let t = s;
  let suffixes = 'KMGTPEZY';
  if (s !== '' && !/[0-9]$/.test(s)) {
    if (s.endsWith('i') && s.length >= 2 && !/[0-9]/.test(s[s.length - 2]!)) t = s.slice(0, -1);
    else {
      t = `${s}B`;
      suffixes = 'KMGTPEZY0';
    }
  }
  const { status, value } = xstrtoumax(t, 10, suffixes);
  if (status !== 'ok' || value === 0n) throw new Failure(`invalid unit size: ${quote(s)}`);
  return value;
}

/** parse_format_string: the one %f directive's flags, width and precision, and the text around it. */
function parseFormat(fmt: string, s: Settings, warn: (m: string) => void): void {
  let i = 0;
  let prefixLength = 0;
  for (; !(fmt[i] === '%' && fmt[i + 1] !== '%'); i += fmt[i] === '%' ? 2 : 1) {
    if (i >= fmt.length) throw new Failure(`format ${quote(fmt)} has no % directive`);
    prefixLength++;
  }
  i++;
  let zero = false;
  for (;;) {
    const skip = /^ */.exec(fmt.slice(i))![0].length;
    i += skip;
    if (fmt[i] === "'") {
      s.grouping = true;
      i++;
    } else if (fmt[i] === '0') {
      zero = true;
      i++;
    } else if (!skip) break;
  }
  const width = /^[ \t\n\v\f\r]*[-+]?[0-9]+/.exec(fmt.slice(i));
  if (width) {
    const pad = BigInt(width[0].trim());
    if (pad > 2n ** 63n - 1n || pad < -(2n ** 63n - 1n))
      throw new Failure(`invalid format ${quote(fmt)} (width overflow)`);
    if (pad !== 0n) {
      if (s.debug && s.padding && !(zero && pad > 0n)) warn('--format padding overriding --padding');
      if (pad < 0n) {
        s.alignLeft = true;
        s.padding = Number(-pad);
      } else if (zero) s.zeroPadding = Number(pad);
      else s.padding = Number(pad);
    }
    i += width[0].length;
  }
  if (i >= fmt.length) throw new Failure(`format ${quote(fmt)} ends in %`);
  if (fmt[i] === '.') {
    i++;
    const m = /^[ \t\n\v\f\r]*[-+]?[0-9]*/.exec(fmt.slice(i))![0];
    const digits = /[0-9]/.test(m) ? BigInt(m.trim()) : 0n;
    if (digits < 0n || digits > 2n ** 63n - 1n || /^[ \t]/.test(fmt[i] ?? '') || fmt[i] === '+')
      throw new Failure(`invalid precision in format ${quote(fmt)}`);
    s.precision = Number(digits);
    i += /[0-9]/.test(m) ? m.length : 0;
  }
  if (fmt[i] !== 'f') throw new Failure(`invalid format ${quote(fmt)}, directive must be %[0]['][-][N][.][N]f`);
  i++;
  const suffixAt = i;
  for (; i < fmt.length; i += fmt[i] === '%' ? 2 : 1) {
    if (fmt[i] === '%' && fmt[i + 1] !== '%') throw new Failure(`format ${quote(fmt)} has too many % directives`);
  }
  s.prefix = fmt.slice(0, prefixLength);
  s.formatSuffix = fmt.slice(suffixAt);
}

const numfmt = program((c) => {
  const { opts: o, operands } = NUMFMT.parse(c.args);
  const s: Settings = {
    from:
      o.from === undefined
        ? 'none'
        : argmatch('--from', o.from, words(['none', 'auto', 'si', 'iec', 'iec-i'] as const)),
    to: o.to === undefined ? 'none' : argmatch('--to', o.to, words(['none', 'si', 'iec', 'iec-i'] as const)),
    round:
      o.round === undefined
        ? 'from-zero'
        : argmatch('--round', o.round, words(['up', 'down', 'from-zero', 'towards-zero', 'nearest'] as const)),
    invalid:
      o.invalid === undefined
        ? 'abort'
        : argmatch('--invalid', o.invalid, words(['abort', 'fail', 'warn', 'ignore'] as const)),
    exitCode: 2,
    fromUnit: o.fromUnit === undefined ? 1n : unitSize(o.fromUnit),
    toUnit: o.toUnit === undefined ? 1n : unitSize(o.toUnit),
    suffix: o.suffix === undefined ? undefined : argToBin(o.suffix),
    grouping: o.grouping,
    padding: 0,
    alignLeft: false,
    zeroPadding: 0,
    precision: -1,
    prefix: '',
    formatSuffix: '',
    autoPadding: false,
    delimiter: null,
    fields: null,
    debug: o.debug,
  };
  if (o.padding !== undefined) {
    const { status, value } = signedLong(o.padding);
    if (status !== 'ok' || value === 0n) throw new Failure(`invalid padding value ${quote(o.padding)}`);
    s.alignLeft = value < 0n;
    s.padding = Number(value < 0n ? -value : value);
  }
  if (o.fields.length > 1) {
    s.fields = setFields(o.fields[0]!, { allowDash: true });
    throw new Failure('multiple field specifications');
  }
  if (o.fields.length === 1) s.fields = setFields(o.fields[0]!, { allowDash: true });
  if (o.delimiter !== undefined) {
    const d = argToBin(o.delimiter);
    if (d.length > 1) throw new Failure('the delimiter must be a single character');
    s.delimiter = d === '' ? '\0' : d;
  }
  let header = 0n;
  if (o.header !== undefined) {
    if (o.header === '') header = 1n;
    else {
      const { status, value } = xstrtoumax(o.header, 10, '');
      if (status !== 'ok' || value === 0n) throw new Failure(`invalid header value ${quote(o.header)}`);
      header = value;
    }
  }
  if (o.format !== undefined && s.grouping) throw new Failure('--grouping cannot be combined with --format');
  if (s.debug && s.from === 'none' && s.to === 'none' && !s.grouping && s.padding === 0 && o.format === undefined)
    c.warn('no conversion option specified');
  if (o.format !== undefined) parseFormat(o.format, s, c.warn);
  if (s.grouping) {
    if (s.to !== 'none') throw new Failure('grouping cannot be combined with --to');
    if (s.debug) c.warn('grouping has no effect in this locale');
  }
  s.autoPadding = s.padding === 0 && s.delimiter === null;
  if (s.invalid !== 'abort') s.exitCode = 0;

  const eol = o.zero ? '\0' : '\n';
  let out = '';
  let valid = true;
  try {
    if (operands.length > 0) {
      if (s.debug && header > 0n) c.warn('--header ignored with command-line input');
      for (const arg of operands) {
        const r = processLine(c, s, argToBin(arg), true, eol, (t) => (out += t));
        valid &&= r;
      }
    } else {
      const data = bytesToBin(readAll(c.stdin));
      const lines: string[] = [];
      for (let at = 0; at < data.length;) {
        const end = data.indexOf(eol, at);
        const stop = end < 0 ? data.length : end + 1;
        lines.push(data.slice(at, stop));
        at = stop;
      }
      let next = 0;
      for (; header > 0n && next < lines.length; header--) out += lines[next++];
      for (; next < lines.length; next++) {
        const line = lines[next]!;
        const newline = line.endsWith(eol);
        const r = processLine(c, s, newline ? line.slice(0, -1) : line, newline, eol, (t) => (out += t));
        valid &&= r;
      }
    }
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    c.out.bin(out);
    return e.status;
  }
  c.out.bin(out);
  if (s.debug && !valid) c.warn('failed to convert some of the input numbers');
  return !valid && s.invalid !== 'warn' && s.invalid !== 'ignore' ? 2 : 0;
});

/** xstrtol in base 10 (the --padding argument). */
function signedLong(arg: string): { status: string; value: bigint } {
  const m = /^[ \t\n\v\f\r]*([-+]?)(.*)$/s.exec(arg)!;
  if (/^[-+]/.test(m[2]!)) return { status: 'invalid', value: 0n };
  const r = xstrtoumax(m[2]!, 10, '');
  const value = m[1] === '-' ? -r.value : r.value;
  if (r.status === 'ok' && (value > 2n ** 63n - 1n || value < -(2n ** 63n))) return { status: 'overflow', value };
  return { status: r.status, value };
}

/** error(conv_exit_code, ...): said unless ignored; ends numfmt when --invalid=abort. */
function conversionError(c: Ctx, s: Settings, message: string): void {
  if (s.invalid === 'ignore') return;
  c.warn(message);
  if (s.exitCode !== 0) throw new Abort(s.exitCode);
}

/** process_line: each field, those selected converted, joined by a space or the delimiter. */
function processLine(
  c: Ctx,
  s: Settings,
  line: string,
  newline: boolean,
  eol: string,
  emit: (t: string) => void,
): boolean {
  // C strings end at a NUL.
  const nul = line.indexOf('\0');
  if (nul >= 0 && s.delimiter !== '\0') line = line.slice(0, nul);
  let valid = true;
  let at = 0;
  for (let field = 1n; ; field++) {
    const start = at;
    if (s.delimiter !== null) {
      if (line[at] !== s.delimiter) while (at < line.length && line[at] !== s.delimiter) at++;
    } else {
      while (at < line.length && /[ \t\n]/.test(line[at]!)) at++;
      while (at < line.length && !/[ \t\n]/.test(line[at]!)) at++;
    }
    const text = line.slice(start, at);
    if (!processField(c, s, text, field, emit)) valid = false;
    if (at >= line.length) break;
    emit(s.delimiter ?? ' ');
    at++;
  }
  if (newline) emit(eol);
  return valid;
}

function processField(c: Ctx, s: Settings, text: string, field: bigint, emit: (t: string) => void): boolean {
  const included = s.fields ? s.fields(field) : field === 1n;
  if (!included) {
    emit(text);
    return true;
  }
  const converted = convert(c, s, text, field);
  emit(converted ?? text);
  return converted !== null;
}

/** process_suffixed_number and prepare_padded_number: the field's new text, or null. */
function convert(c: Ctx, s: Settings, raw: string, field: bigint): string | null {
  let text = raw;
  if (s.suffix !== undefined && text.length > s.suffix.length && text.endsWith(s.suffix))
    text = text.slice(0, -s.suffix.length);
  const p = /^[ \t]*/.exec(text)![0].length;
  if (s.autoPadding) s.padding = p > 0 || field > 1n ? text.length : 0;
  const str = text.slice(p);
  const parsed = parseHuman(str, s.from);
  const shown = quote(binToArg(str));
  if (parsed.status !== 'ok' && parsed.status !== 'loss') {
    const messages: Record<string, string> = {
      overflow: `value too large to be converted: ${shown}`,
      invalid: `invalid number: ${shown}`,
      forbidden: `rejecting suffix in input: ${shown} (consider using --from)`,
      suffix: `invalid suffix in input: ${shown}`,
      'missing-i': `missing 'i' suffix in input: ${shown} (e.g Ki/Mi/Gi)`,
    };
    conversionError(c, s, messages[parsed.status]!);
    return null;
  }
  if (parsed.end < str.length) {
    conversionError(c, s, `invalid suffix in input ${shown}: ${quote(binToArg(str.slice(parsed.end)))}`);
    return null;
  }
  if (parsed.status === 'loss' && s.debug) c.warn(`large input value ${shown}: possible precision loss`);
  let value = parsed.value;
  if (s.fromUnit !== 1n || s.toUnit !== 1n)
    value = value.mul(LongDouble.from(s.fromUnit)).div(LongDouble.from(s.toUnit));

  const precision = s.precision === -1 ? parsed.precision : s.precision;
  const { power: x } = expld(value, TEN);
  if (s.to === 'none' && x + precision > MAX_UNSCALED_DIGITS) {
    conversionError(
      c,
      s,
      precision
        ? `value/precision too large to be printed: '${value.toG()}/${precision}' (consider using --to)`
        : `value too large to be printed: '${value.toG()}' (consider using --to)`,
    );
    return null;
  }
  if (x > MAX_ACCEPTABLE_DIGITS - 1) {
    conversionError(c, s, `value too large to be printed: '${value.toG()}' (cannot handle values > 999Y)`);
    return null;
  }
  let buf = toHuman(s, value, precision);
  if (s.suffix !== undefined) buf += s.suffix;
  if (s.padding && buf.length < s.padding) {
    const pad = ' '.repeat(s.padding - buf.length);
    buf = s.alignLeft ? buf + pad : pad + buf;
  }
  return s.prefix + buf + s.formatSuffix;
}

/** simple_strtod_human: a number, a fraction, and a suffix as `scale` allows. */
function parseHuman(str: string, scale: Scale): { status: Parse; value: LongDouble; precision: number; end: number } {
  const int = strtodInt(str, 0);
  let value = int.value;
  let precision = 0;
  let end = int.end;
  let status = int.status;
  if (status !== 'ok' && status !== 'loss') return { status, value, precision, end };
  if (str[end] === '.') {
    end++;
    const frac = strtodInt(str, end);
    if (frac.status !== 'ok' && frac.status !== 'loss') return { status: frac.status, value, precision, end };
    if (frac.status === 'loss') status = 'loss';
    if (frac.negative) return { status: 'invalid', value, precision, end };
    const digits = frac.end - end;
    const part = frac.value.div(powerld(TEN, digits));
    value = int.negative ? value.sub(part) : value.add(part);
    precision = digits;
    end = frac.end;
  }
  let base = scale === 'iec' || scale === 'iec-i' ? 1024 : 1000;
  let power = 0;
  if (end < str.length) {
    while (str[end] === ' ' || str[end] === '\t') end++;
    const letter = str[end] ?? '';
    if (letter === '' || !SUFFIXES.includes(letter)) return { status: 'suffix', value, precision, end };
    if (scale === 'none') return { status: 'forbidden', value, precision, end };
    power = SUFFIXES.indexOf(letter) + 1;
    end++;
    if (scale === 'auto' && str[end] === 'i') {
      base = 1024;
      end++;
    }
    precision = 0;
  }
  if (scale === 'iec-i') {
    if (str[end] === 'i') end++;
    else return { status: 'missing-i', value, precision, end };
  }
  value = value.mul(powerld(LongDouble.from(base), power));
  return { status, value, precision, end };
}

/** double_to_human: printed unscaled, or scaled with a K, M, ... suffix. */
function toHuman(s: Settings, v: LongDouble, precision: number): string {
  const zeroPad = (num: string): string => {
    if (!s.zeroPadding || num.length >= s.zeroPadding) return num;
    const sign = num.startsWith('-') ? '-' : '';
    return sign + '0'.repeat(s.zeroPadding - num.length) + num.slice(sign.length);
  };
  if (s.to === 'none') {
    const scale = powerld(TEN, precision);
    const rounded = simpleRound(v.mul(scale), s.round).div(scale);
    return zeroPad(rounded.toFixed(precision));
  }
  const base = LongDouble.from(s.to === 'si' ? 1000 : 1024);
  let { value, power } = expld(v, base);
  const adjust = s.precision !== -1 ? Math.min(power * 3, s.precision) : value.abs().lt(TEN) ? 1 : 0;
  const scale = powerld(TEN, adjust);
  value = simpleRound(value.mul(scale), s.round).div(scale);
  if (!value.abs().lt(base)) {
    value = value.div(base);
    power++;
  }
  const showPoint = !value.isZero() && value.abs().lt(TEN) && power > 0;
  const prec = s.precision === -1 ? (showPoint ? 1 : 0) : s.precision;
  const letter = power === 0 ? '' : power <= 8 ? SUFFIXES[power - 1]! : '(error)';
  return zeroPad(value.toFixed(prec)) + letter + (s.to === 'iec-i' && power > 0 ? 'i' : '');
}

export const numfmtPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['numfmt', numfmt]];
