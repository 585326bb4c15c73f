// sort and uniq. Byte strings throughout, so ordering is the C locale's byte order, which is
// what a container image without LANG gets.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, FsError, inputs, opt, options, program, strerror, UsageError } from '../lib/index.ts';

interface KeyOpts {
  b: boolean;
  d: boolean;
  f: boolean;
  g: boolean;
  h: boolean;
  i: boolean;
  n: boolean;
  r: boolean;
  V: boolean;
}

interface Key {
  sf: number;
  sc: number;
  ef: number;
  ec: number;
  opts: KeyOpts;
  /** The key named options of its own (else the global ones apply). */
  own: boolean;
  /** -b on the start (or end) position only. */
  bStart: boolean;
  bEnd: boolean;
}

const noOpts = (): KeyOpts => ({
  b: false,
  d: false,
  f: false,
  g: false,
  h: false,
  i: false,
  n: false,
  r: false,
  V: false,
});

function parseKey(spec: string, global: KeyOpts): Key {
  const m = /^(\d+)(?:\.(\d+))?([bdfghinrV]*)(?:,(\d+)(?:\.(\d+))?([bdfghinrV]*))?$/.exec(spec);
  if (!m || Number(m[1]) === 0) throw new UsageError(`invalid field specification '${spec}'`);
  const opts = noOpts();
  const letters = (m[3] ?? '') + (m[6] ?? '');
  for (const l of letters) opts[l as keyof KeyOpts] = true;
  const own = letters !== '';
  return {
    sf: Number(m[1]),
    sc: m[2] ? Number(m[2]) : 1,
    ef: m[4] ? Number(m[4]) : Infinity,
    ec: m[5] ? Number(m[5]) : 0,
    opts: own ? opts : { ...global },
    own,
    bStart: own ? (m[3] ?? '').includes('b') : global.b,
    bEnd: own ? (m[6] ?? '').includes('b') : global.b,
  };
}

/** Field start offsets: with a separator, after each one; else each field takes its leading blanks. */
function fieldStarts(line: string, sep: string | undefined): number[] {
  const starts = [0];
  if (sep !== undefined) {
    for (let i = line.indexOf(sep); i >= 0; i = line.indexOf(sep, i + 1)) starts.push(i + 1);
    return starts;
  }
  let i = 0;
  while (i < line.length) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    if (i < line.length) starts.push(i);
  }
  return starts;
}

function extract(line: string, k: Key, sep: string | undefined): string {
  const starts = fieldStarts(line, sep);
  const fieldEnd = (f: number): number => {
    const next = starts[f + 1];
    if (next === undefined) return line.length;
    return sep !== undefined ? next - 1 : next;
  };
  const skip = (at: number): number => {
    while (at < line.length && (line[at] === ' ' || line[at] === '\t')) at++;
    return at;
  };
  let s = starts[k.sf - 1];
  if (s === undefined) return '';
  if (k.bStart) s = skip(s);
  s = Math.min(s + k.sc - 1, fieldEnd(k.sf - 1));
  let e: number;
  if (k.ef === Infinity) e = line.length;
  else {
    const fs = starts[k.ef - 1];
    if (fs === undefined) e = line.length;
    else if (k.ec === 0) e = fieldEnd(k.ef - 1);
    else e = Math.min((k.bEnd ? skip(fs) : fs) + k.ec, fieldEnd(k.ef - 1));
  }
  return e > s ? line.slice(s, e) : '';
}

function numeric(s: string): number {
  const m = /^\s*(-?\d*\.?\d*)/.exec(s);
  const v = m && m[1] !== '' && m[1] !== '-' && m[1] !== '.' ? Number(m[1]) : 0;
  return Number.isNaN(v) ? 0 : v;
}

function humanNumeric(s: string): number {
  const m = /^\s*(-?\d*\.?\d*)([KMGTPEZY]?)/.exec(s);
  if (!m) return 0;
  const v = numeric(m[1]!);
  const power = m[2] ? 'KMGTPEZY'.indexOf(m[2]) + 1 : 0;
  return v * 1024 ** power;
}

/** GNU's version sort (filevercmp's core): digit runs compare as numbers. */
export function versionCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareKey(a: string, b: string, o: KeyOpts): number {
  let x = a;
  let y = b;
  if (o.d) {
    x = x.replace(/[^ \tA-Za-z0-9]/g, '');
    y = y.replace(/[^ \tA-Za-z0-9]/g, '');
  }
  if (o.i) {
    x = x.replace(/[^\x20-\x7e]/g, '');
    y = y.replace(/[^\x20-\x7e]/g, '');
  }
  if (o.f) {
    x = x.toUpperCase();
    y = y.toUpperCase();
  }
  if (o.n || o.g || o.h) {
    const f = o.h ? humanNumeric : o.g ? (s: string) => parseFloat(s) || 0 : numeric;
    const d = f(x) - f(y);
    return d < 0 ? -1 : d > 0 ? 1 : 0;
  }
  if (o.V) return versionCompare(x, y);
  return x < y ? -1 : x > y ? 1 : 0;
}

const SORT = options({
  b: opt.flag('b', 'ignore-leading-blanks'),
  d: opt.flag('d', 'dictionary-order'),
  f: opt.flag('f', 'ignore-case'),
  g: opt.flag('g', 'general-numeric-sort'),
  h: opt.flag('h', 'human-numeric-sort'),
  i: opt.flag('i', 'ignore-nonprinting'),
  n: opt.flag('n', 'numeric-sort'),
  r: opt.flag('r', 'reverse'),
  V: opt.flag('V', 'version-sort'),
  key: opt.args('k', 'key'),
  fieldSeparator: opt.arg('t', 'field-separator'),
  stable: opt.flag('s', 'stable'),
  unique: opt.flag('u', 'unique'),
  output: opt.arg('o', 'output'),
  check: opt.flag('c', 'check'),
  zero: opt.flag('z', 'zero-terminated'),
  merge: opt.flag('m', 'merge'),
  bufferSize: opt.arg('S', 'buffer-size'),
  temporaryDirectory: opt.arg('T', 'temporary-directory'),
  parallel: opt.arg('parallel'),
});

const sort = program((c) => {
  const { opts: o, operands } = SORT.parse(c.args);
  const global = noOpts();
  for (const l of ['b', 'd', 'f', 'g', 'h', 'i', 'n', 'r', 'V'] as const) global[l] = o[l];
  const sepArg = o.fieldSeparator;
  if (sepArg !== undefined && argToBin(sepArg).length !== 1) throw new UsageError(`multi-character tab '${sepArg}'`);
  const sep = sepArg === undefined ? undefined : argToBin(sepArg);
  const keys = o.key.map((k) => parseKey(k, global));
  const nl = o.zero ? '\0' : '\n';
  const lines: string[] = [];
  let status = 0;
  for (const input of inputs(c, operands)) {
    if (input.data === null) {
      status = 2;
      continue;
    }
    const ls = input.data.split(nl);
    if (ls[ls.length - 1] === '') ls.pop();
    lines.push(...ls);
  }
  if (status) return status;
  const cmp = (a: string, b: string): number => {
    if (keys.length === 0) {
      const r = compareKey(global.b ? a.trimStart() : a, global.b ? b.trimStart() : b, global);
      if (r !== 0 || o.stable || o.unique) return global.r ? -r : r;
    } else {
      for (const k of keys) {
        const r = compareKey(extract(a, k, sep), extract(b, k, sep), k.opts);
        if (r !== 0) return k.opts.r ? -r : r;
      }
      if (o.stable || o.unique) return 0;
    }
    const r = a < b ? -1 : a > b ? 1 : 0;
    return global.r ? -r : r;
  };
  if (o.check) {
    for (let i = 1; i < lines.length; i++) {
      const r = cmp(lines[i - 1]!, lines[i]!);
      if (r > 0 || (r === 0 && o.unique)) {
        c.warn(`${operands[0] ?? '-'}:${i + 1}: disorder: ${lines[i]}`);
        return 1;
      }
    }
    return 0;
  }
  const sorted = lines.map((l, i) => [l, i] as const).sort((x, y) => cmp(x[0], y[0]) || x[1] - y[1]);
  let out = sorted.map(([l]) => l);
  if (o.unique) out = out.filter((l, i) => i === 0 || cmp(out[i - 1]!, l) !== 0);
  const text = out.map((l) => l + nl).join('');
  const output = o.output;
  if (output !== undefined) {
    try {
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      c.fs.writeFile(output, bytes);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`open failed: ${output}: ${strerror(e.errno)}`);
      return 2;
    }
  } else c.out.bin(text);
  return 0;
}, 2);

const UNIQ = options({
  count: opt.flag('c', 'count'),
  repeated: opt.flag('d', 'repeated'),
  allRepeated: opt.flag('D', 'all-repeated'),
  unique: opt.flag('u', 'unique'),
  ignoreCase: opt.flag('i', 'ignore-case'),
  skipFields: opt.arg('f', 'skip-fields'),
  skipChars: opt.arg('s', 'skip-chars'),
  checkChars: opt.arg('w', 'check-chars'),
  zero: opt.flag('z', 'zero-terminated'),
});

const uniq = program((c) => {
  const { opts: o, operands } = UNIQ.parse(c.args);
  const [inFile, outFile] = operands;
  const nl = o.zero ? '\0' : '\n';
  const [input] = [...inputs(c, inFile === undefined ? [] : [inFile])];
  if (input!.data === null) return 1;
  const lines = input!.data.split(nl);
  if (lines[lines.length - 1] === '') lines.pop();
  const skipF = Number(o.skipFields ?? 0);
  const skipC = Number(o.skipChars ?? 0);
  const width = o.checkChars;
  const key = (l: string): string => {
    let s = l;
    for (let i = 0; i < skipF; i++) s = s.replace(/^[ \t]*[^ \t]*/, '');
    s = s.slice(skipC);
    if (width !== undefined) s = s.slice(0, Number(width));
    return o.ignoreCase ? s.toLowerCase() : s;
  };
  let out = '';
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && key(lines[j]!) === key(lines[i]!)) j++;
    const n = j - i;
    const show = o.repeated || o.allRepeated ? n > 1 : o.unique ? n === 1 : true;
    if (show) {
      if (o.allRepeated) for (let k = i; k < j; k++) out += lines[k] + nl;
      else out += (o.count ? `${String(n).padStart(7)} ` : '') + lines[i] + nl;
    }
    i = j;
  }
  if (outFile !== undefined) {
    const bytes = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i);
    c.fs.writeFile(outFile, bytes);
  } else c.out.bin(out);
  return 0;
});

export const sortPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['sort', sort],
  ['uniq', uniq],
];
