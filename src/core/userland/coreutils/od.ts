// od: dumps bytes in the formats -t names (d, o, u, x of 1, 2, 4 or 8 bytes; f of 4, 8 or 16
// (x86-64's long double); a, c; z for a text trailer) and the old letters (-b -c -d -o -x ...), with -A address radix,
// -j skip, -N limit, -w width, -v (no "*" for repeated lines), -S strings and --endian, laid
// out as coreutils 9.1's od.c lays them out.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  binToBytes,
  bytesToBin,
  Failure,
  formatFloat,
  LongDouble,
  FsError,
  opt,
  options,
  program,
  q,
  readAll,
  strerror,
  UsageError,
  xstrtolError,
  xstrtoumax,
} from '../lib/index.ts';

type Kind = 'd' | 'o' | 'u' | 'x' | 'f' | 'a' | 'c';

interface TypeSpec {
  kind: Kind;
  /** Bytes a datum takes. */
  size: number;
  /** Minimum width of a field, without its leading space. */
  width: number;
  /** The -t ...z trailer: the block's printable bytes between > and <. */
  trailer: boolean;
  pad: number;
}

const SIGNED_DIGITS: Record<number, number> = { 1: 4, 2: 6, 4: 11, 8: 20 };
const UNSIGNED_DIGITS: Record<number, number> = { 1: 3, 2: 5, 4: 10, 8: 20 };
const OCTAL_DIGITS: Record<number, number> = { 1: 3, 2: 6, 4: 11, 8: 22 };
const HEX_DIGITS: Record<number, number> = { 1: 2, 2: 4, 4: 8, 8: 16 };
const FLOAT_WIDTH: Record<number, number> = { 4: 15, 8: 24, 16: 29 };
const INTEGRAL: Record<string, number> = { C: 1, S: 2, I: 4, L: 8 };
const FLOATING: Record<string, number> = { F: 4, D: 8, L: 16 };

/** One -t string, as decode_format_string: several specs may follow each other ("x1z d2"). */
function decodeFormat(s: string): TypeSpec[] {
  const specs: TypeSpec[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    let kind: Kind;
    let size: number;
    if ('doux'.includes(c)) {
      kind = c as Kind;
      i++;
      const letter = INTEGRAL[s[i] ?? ''];
      if (letter !== undefined) {
        size = letter;
        i++;
      } else {
        const digits = /^[0-9]*/.exec(s.slice(i))![0];
        size = digits === '' ? 4 : Number(digits);
        if (digits !== '' && HEX_DIGITS[size] === undefined)
          throw new Failure(`invalid type string ${q(s)};\nthis system doesn't provide a ${digits}-byte integral type`);
        i += digits.length;
      }
    } else if (c === 'f') {
      kind = 'f';
      i++;
      const letter = FLOATING[s[i] ?? ''];
      if (letter !== undefined) {
        size = letter;
        i++;
      } else {
        const digits = /^[0-9]*/.exec(s.slice(i))![0];
        size = digits === '' ? 8 : Number(digits);
        if (digits !== '' && ![4, 8, 16].includes(size))
          throw new Failure(
            `invalid type string ${q(s)};\nthis system doesn't provide a ${digits}-byte floating point type`,
          );
        i += digits.length;
      }
    } else if (c === 'a' || c === 'c') {
      kind = c;
      size = 1;
      i++;
    } else {
      throw new Failure(`invalid character '${c}' in type string ${q(s)}`);
    }
    const width =
      kind === 'd'
        ? SIGNED_DIGITS[size]!
        : kind === 'u'
          ? UNSIGNED_DIGITS[size]!
          : kind === 'o'
            ? OCTAL_DIGITS[size]!
            : kind === 'x'
              ? HEX_DIGITS[size]!
              : kind === 'f'
                ? FLOAT_WIDTH[size]!
                : 3;
    const trailer = s[i] === 'z';
    if (trailer) i++;
    specs.push({ kind, size, width, trailer, pad: 0 });
  }
  return specs;
}

const OLD_LETTERS: Record<string, string> = {
  a: 'a',
  b: 'o1',
  c: 'c',
  D: 'u4',
  d: 'u2',
  F: 'fD',
  e: 'fD',
  f: 'fF',
  X: 'x4',
  H: 'x4',
  i: 'dI',
  I: 'dL',
  L: 'dL',
  l: 'dL',
  O: 'o4',
  B: 'o2',
  o: 'o2',
  s: 'd2',
  h: 'x2',
  x: 'x2',
};

/** An old letter (-c, -x ...) as the name it is given under here, so it keeps its place among -t's. */
const LETTER = '\0letter';

const OD = options({
  address: opt.arg('A', 'address-radix'),
  // Short and long apart, so a bad argument is reported under the name it was given by.
  skipShort: opt.arg('j'),
  skip: opt.arg('skip-bytes'),
  limitShort: opt.arg('N'),
  limit: opt.arg('read-bytes'),
  // -S must have its argument; --strings may go without.
  stringsShort: opt.arg('S'),
  strings: opt.optionalArg('strings'),
  types: opt.taggedArgs<string>({ t: 'format', format: 'format', [LETTER]: 'letter' }),
  verbose: opt.flag('v', 'output-duplicates'),
  widthShort: opt.optionalArg('w'),
  width: opt.optionalArg('width'),
  traditional: opt.flag('traditional'),
  endian: opt.arg('endian'),
});

/** Each old letter in a cluster (-bcx, -Ax -c) pulled out as its own word, in place. */
function oldLetters(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    if (!/^-[^-]/.test(a)) {
      out.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j]!;
      if (OLD_LETTERS[ch] !== undefined) {
        out.push(`--${LETTER}=${ch}`);
        continue;
      }
      if ('AjNStw'.includes(ch)) {
        const rest = a.slice(j + 1);
        out.push(`-${ch}${rest}`);
        // An argument in the next word, where the option must have one.
        if (rest === '' && 'AjNSt'.includes(ch) && i + 1 < args.length) out.push(args[++i]!);
        break;
      }
      out.push(`-${ch}`);
    }
  }
  return out;
}

const CHARNAME = [
  'nul',
  'soh',
  'stx',
  'etx',
  'eot',
  'enq',
  'ack',
  'bel',
  'bs',
  'ht',
  'nl',
  'vt',
  'ff',
  'cr',
  'so',
  'si',
  'dle',
  'dc1',
  'dc2',
  'dc3',
  'dc4',
  'nak',
  'syn',
  'etb',
  'can',
  'em',
  'sub',
  'esc',
  'fs',
  'gs',
  'rs',
  'us',
  'sp',
];

const C_NAMES: Record<number, string> = {
  0: '\\0',
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

function isPrint(b: number): boolean {
  return b >= 0x20 && b < 0x7f;
}

/** The shortest %g that reads back as the same float (gnulib's ftoastr). */
function shortestFloat(v: number, single: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  const min = single ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
  for (let prec = Math.abs(v) < min ? 1 : single ? 6 : 15; ; prec++) {
    const s = formatFloat(v, 'g', prec, false);
    const back = Number(s);
    if ((single ? Math.fround(back) : back) === v || prec >= 17) return s;
  }
}

/** LDBL_MIN: below it ftoastr starts from one digit. */
const LDBL_MIN = LongDouble.parse('3.36210314311209350626e-4932');

/** A 16-byte long double (x86-64's 80-bit extended) as ldtoastr prints it: the shortest %Lg that reads back. */
function longDouble(raw: Uint8Array, bigEndian: boolean): string {
  const bytes = bigEndian ? raw.slice().reverse() : raw;
  const x = LongDouble.fromBytes(bytes);
  if ('special' in x) return (x.negative ? '-' : '') + x.special;
  const v = x.value;
  if (v.isZero()) return v.negative ? '-0' : '0';
  for (let prec = v.abs().lt(LDBL_MIN) ? 1 : 18; ; prec++) {
    const s = v.toG(prec);
    if (prec >= 21 || LongDouble.parse(s).equals(v)) return s;
  }
}

/** A datum of `spec` at `bytes[at]` as its field text. */
function datum(spec: TypeSpec, bytes: Uint8Array, at: number, bigEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, spec.size);
  const le = !bigEndian;
  switch (spec.kind) {
    case 'a': {
      const c = bytes[at]! & 0x7f;
      return c === 127 ? 'del' : c <= 0x20 ? CHARNAME[c]! : String.fromCharCode(c);
    }
    case 'c': {
      const c = bytes[at]!;
      return C_NAMES[c] ?? (isPrint(c) ? String.fromCharCode(c) : c.toString(8).padStart(3, '0'));
    }
    case 'f': {
      if (spec.size === 16) return longDouble(bytes.subarray(at, at + 16), bigEndian);
      const v = spec.size === 4 ? view.getFloat32(0, le) : view.getFloat64(0, le);
      if (Number.isNaN(v)) {
        const negative = (view.getUint8(le ? spec.size - 1 : 0) & 0x80) !== 0;
        return negative ? '-nan' : 'nan';
      }
      return Object.is(v, -0) ? '-0' : shortestFloat(v, spec.size === 4);
    }
    default: {
      let u: bigint;
      if (spec.size === 1) u = BigInt(view.getUint8(0));
      else if (spec.size === 2) u = BigInt(view.getUint16(0, le));
      else if (spec.size === 4) u = BigInt(view.getUint32(0, le));
      else u = view.getBigUint64(0, le);
      if (spec.kind === 'd') return BigInt.asIntN(spec.size * 8, u).toString();
      if (spec.kind === 'u') return u.toString();
      if (spec.kind === 'o') return u.toString(8).padStart(OCTAL_DIGITS[spec.size]!, '0');
      return u.toString(16).padStart(HEX_DIGITS[spec.size]!, '0');
    }
  }
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** A traditional offset operand ([+]N[.][b]): octal, 0x hex, or decimal with a "."; null if not one. */
function oldOffset(s: string): bigint | null {
  if (s === '') return null;
  const t = s.startsWith('+') ? s.slice(1) : s;
  // coreutils 9.1 reads a decimal offset ("10.") in base 10 but then refuses its "." as a
  // suffix, so no offset with a "." is taken: kept so.
  if (t.includes('.')) return null;
  if (!/^0[xX]/.test(t)) {
    const m = /^([0-7]+)([Bb]?)$/.exec(t);
    if (!m) return null;
    return BigInt(`0o${m[1]}`) * (m[2] === 'b' ? 512n : m[2] === 'B' ? 1024n : 1n);
  }
  const r = xstrtoumax(t, 0, 'Bb');
  return r.status === 'ok' ? r.value : null;
}

const od = program((c) => {
  const { opts: o, operands: given } = OD.parse(oldLetters(c.args));
  const strings = o.stringsShort ?? o.strings;
  const skipArg = o.skip ?? o.skipShort;
  const limitArg = o.limit ?? o.limitShort;
  const widthArg = o.width ?? o.widthShort;
  const modern =
    o.address !== undefined ||
    skipArg !== undefined ||
    limitArg !== undefined ||
    strings !== undefined ||
    o.verbose ||
    widthArg !== undefined ||
    o.types.some(([k]) => k === 'format');
  let base = 8;
  let addressPad = 7;
  let showAddress = true;
  if (o.address !== undefined) {
    const r = o.address[0];
    if (r === 'd') base = 10;
    else if (r === 'o') base = 8;
    else if (r === 'x') {
      base = 16;
      addressPad = 6;
    } else if (r === 'n') {
      showAddress = false;
      addressPad = 0;
    } else throw new Failure(`invalid output address radix '${r ?? ''}'; it must be one character from [doxn]`);
  }
  const size = (arg: string, letter: string): bigint => {
    const r = xstrtoumax(arg, 0, 'bEGKkMmPTYZ0');
    if (r.status !== 'ok') throw xstrtolError(r.status, letter, arg);
    return r.value;
  };
  let skip = skipArg === undefined ? 0n : size(skipArg, o.skip === undefined ? 'j' : 'skip-bytes');
  const limit = limitArg === undefined ? undefined : size(limitArg, o.limit === undefined ? 'N' : 'read-bytes');
  const stringMin =
    strings === undefined
      ? undefined
      : strings === ''
        ? 3
        : Number(size(strings, o.strings === undefined ? 'S' : 'strings'));
  const specs: TypeSpec[] = [];
  for (const [kind, value] of o.types) specs.push(...decodeFormat(kind === 'format' ? value : OLD_LETTERS[value]!));
  let bigEndian = false;
  if (o.endian !== undefined) {
    const choices = ['big', 'little'].filter((e) => e.startsWith(o.endian!));
    if (o.endian === '' || choices.length !== 1) {
      throw new UsageError(
        `invalid argument ${q(o.endian)} for '--endian'\nValid arguments are:\n  - 'big'\n  - 'little'`,
      );
    }
    bigEndian = choices[0] === 'big';
  }
  let desiredWidth: number | undefined;
  if (widthArg !== undefined) {
    if (widthArg === '') desiredWidth = 32;
    else {
      const r = xstrtoumax(widthArg, 10, '');
      if (r.status !== 'ok') throw xstrtolError(r.status, o.width === undefined ? 'w' : 'width', widthArg);
      desiredWidth = Number(r.value);
    }
  }
  if (stringMin !== undefined && specs.length > 0) throw new Failure('no type may be specified when dumping strings');

  let operands = given;
  let pseudoStart: bigint | undefined;
  if (!modern || o.traditional) {
    if (operands.length === 1) {
      const o1 = (o.traditional || operands[0]!.startsWith('+')) && oldOffset(operands[0]!);
      if (typeof o1 === 'bigint') {
        skip = o1;
        operands = [];
      }
    } else if (operands.length === 2) {
      const second = operands[1]!;
      const o2 = (o.traditional || second.startsWith('+') || /^[0-9]/.test(second)) && oldOffset(second);
      if (typeof o2 === 'bigint') {
        const o1 = o.traditional ? oldOffset(operands[0]!) : null;
        if (o1 !== null) {
          skip = o1;
          pseudoStart = o2;
          operands = [];
        } else {
          skip = o2;
          operands = [operands[0]!];
        }
      }
    } else if (operands.length === 3 && o.traditional) {
      const o1 = oldOffset(operands[1]!);
      const o2 = oldOffset(operands[2]!);
      if (o1 !== null && o2 !== null) {
        skip = o1;
        pseudoStart = o2;
        operands = [operands[0]!];
      }
    }
    if (o.traditional && operands.length > 1) {
      c.warn(`extra operand ${q(operands[1]!)}`);
      throw new UsageError('compatibility mode supports at most one file');
    }
  }
  if (specs.length === 0) specs.push(...decodeFormat('oS'));

  // The inputs as one stream; a file that cannot be read is said and passed over.
  let status = 0;
  const parts: string[] = [];
  let opened = 0;
  for (const f of operands.length === 0 ? ['-'] : operands) {
    try {
      parts.push(bytesToBin(f === '-' ? readAll(c.stdin) : c.fs.readFile(f)));
      opened++;
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${f}: ${strerror(e.errno)}`);
      status = 1;
    }
  }
  if (opened === 0) return 1;
  const all = parts.join('');
  if (skip > BigInt(all.length)) throw new Failure('cannot skip past end of combined input');
  const start = Number(skip);
  const end = limit === undefined ? all.length : Math.min(all.length, start + Number(limit));
  const data = binToBytes(all.slice(start, end));

  const pseudoOffset = pseudoStart === undefined ? undefined : pseudoStart - skip;
  if (pseudoOffset !== undefined && !showAddress) {
    base = 8;
    addressPad = 7;
  }
  const plain = (address: bigint): string => address.toString(base).padStart(addressPad, '0');
  const address = (offset: number, after: string): string => {
    const a = BigInt(offset);
    if (pseudoOffset !== undefined) {
      const paren = `(${plain(a + pseudoOffset)})`;
      return (showAddress ? `${plain(a)} ` : '') + paren + after;
    }
    return showAddress ? plain(a) + after : '';
  };

  let out = '';
  if (stringMin !== undefined) {
    out = dumpStrings(all, start, limit === undefined ? undefined : end, stringMin, (a) => address(a, ' '));
    c.out.bin(out);
    return status;
  }

  const lcm = specs.reduce((l, s) => (l * s.size) / gcd(l, s.size), 1);
  let perBlock: number;
  if (desiredWidth !== undefined) {
    if (desiredWidth !== 0 && desiredWidth % lcm === 0) perBlock = desiredWidth;
    else {
      c.warn(`warning: invalid width ${desiredWidth}; using ${lcm} instead`);
      perBlock = lcm;
    }
  } else perBlock = lcm < 16 ? lcm * Math.trunc(16 / lcm) : lcm;
  let widthPerBlock = 0;
  for (const s of specs) widthPerBlock = Math.max(widthPerBlock, (s.width + 1) * (perBlock / s.size));
  for (const s of specs) s.pad = widthPerBlock - s.width * (perBlock / s.size);

  let previous: string | undefined;
  let previousEqual = false;
  const writeBlock = (offset: number, block: Uint8Array, n: number): void => {
    const key = n === perBlock ? bytesToBin(block) : undefined;
    if (!o.verbose && previous !== undefined && key !== undefined && key === previous) {
      if (!previousEqual) out += '*\n';
      previousEqual = true;
      return;
    }
    previousEqual = false;
    previous = key;
    specs.forEach((s, i) => {
      const fields = perBlock / s.size;
      const blank = Math.trunc((perBlock - n) / s.size);
      out += i === 0 ? address(offset, '') : ' '.repeat(addressPad);
      let padRemaining = s.pad;
      for (let f = fields, at = 0; f > blank; f--, at += s.size) {
        const nextPad = Math.trunc((s.pad * (f - 1)) / fields);
        out += datum(s, block, at, bigEndian).padStart(padRemaining - nextPad + s.width);
        padRemaining = nextPad;
      }
      if (s.trailer) {
        out += ' '.repeat(blank * s.width + Math.trunc((s.pad * blank) / fields));
        out += '  >';
        for (let k = 0; k < n; k++) out += isPrint(block[k]!) ? String.fromCharCode(block[k]!) : '.';
        out += '<';
      }
      out += '\n';
    });
  };
  let offset = start;
  let at = 0;
  for (; at + perBlock <= data.length; at += perBlock, offset += perBlock) {
    writeBlock(offset, data.subarray(at, at + perBlock), perBlock);
  }
  const rest = data.length - at;
  if (rest > 0) {
    const block = new Uint8Array(perBlock);
    block.set(data.subarray(at));
    writeBlock(offset, block, rest);
    offset += rest;
  }
  out += address(offset, '\n');
  c.out.bin(out);
  return status;
});

/** -S: each run of at least `min` printable bytes ended by a NUL, at its address. */
function dumpStrings(
  all: string,
  start: number,
  end: number | undefined,
  min: number,
  address: (offset: number) => string,
): string {
  let out = '';
  let at = start;
  const stop = end ?? all.length;
  for (;;) {
    if (end !== undefined && (end < min || end - min <= at)) break;
    let run = '';
    let retry = false;
    while (run.length < min) {
      if (at >= all.length) return out;
      const ch = all[at++]!;
      if (!isPrint(ch.charCodeAt(0))) {
        retry = true;
        break;
      }
      run += ch;
    }
    if (retry) continue;
    // A NUL ends the string; so does -N's end, as GNU's loop ends there too.
    while (end === undefined || at < stop) {
      if (at >= all.length) return out;
      const ch = all[at++]!;
      if (ch === '\0') break;
      if (!isPrint(ch.charCodeAt(0))) {
        retry = true;
        break;
      }
      run += ch;
    }
    if (retry) continue;
    out += address(at - run.length - 1) + run + '\n';
  }
  return out;
}

export const odPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['od', od]];
