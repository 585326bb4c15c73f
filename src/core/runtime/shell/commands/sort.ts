// Line and column filters: sort, uniq, cut, tr. Byte strings throughout, so ordering is the
// C locale's byte order, which is what a container image without LANG gets.
import type { BuiltinProgram } from '../../process.ts';
import { argToBin } from '../io.ts';
import { FsError, strerror } from '../fs.ts';
import { has, inputs, parseOpts, program, UsageError, value, values } from './program.ts';

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

const sort = program((c) => {
  const p = parseOpts(c.args, {
    short: 'bdfghinrVk:t:suo:czmS:T:',
    long: {
      'ignore-leading-blanks': 'b',
      'dictionary-order': 'd',
      'ignore-case': 'f',
      'general-numeric-sort': 'g',
      'human-numeric-sort': 'h',
      'ignore-nonprinting': 'i',
      'numeric-sort': 'n',
      reverse: 'r',
      'version-sort': 'V',
      key: 'k:',
      'field-separator': 't:',
      stable: 's',
      unique: 'u',
      output: 'o:',
      check: 'c',
      'zero-terminated': 'z',
      merge: 'm',
      'buffer-size': 'S:',
      'temporary-directory': 'T:',
      parallel: 'parallel:',
    },
  });
  const global = noOpts();
  for (const l of 'bdfghinrV') if (has(p, l)) global[l as keyof KeyOpts] = true;
  const sepArg = value(p, 't');
  if (sepArg !== undefined && argToBin(sepArg).length !== 1) throw new UsageError(`multi-character tab '${sepArg}'`);
  const sep = sepArg === undefined ? undefined : argToBin(sepArg);
  const keys = values(p, 'k').map((k) => parseKey(k, global));
  const nl = has(p, 'z') ? '\0' : '\n';
  const lines: string[] = [];
  let status = 0;
  for (const input of inputs(c, p.operands)) {
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
      if (r !== 0 || has(p, 's', 'u')) return global.r ? -r : r;
    } else {
      for (const k of keys) {
        const r = compareKey(extract(a, k, sep), extract(b, k, sep), k.opts);
        if (r !== 0) return k.opts.r ? -r : r;
      }
      if (has(p, 's', 'u')) return 0;
    }
    const r = a < b ? -1 : a > b ? 1 : 0;
    return global.r ? -r : r;
  };
  if (has(p, 'c')) {
    for (let i = 1; i < lines.length; i++) {
      const r = cmp(lines[i - 1]!, lines[i]!);
      if (r > 0 || (r === 0 && has(p, 'u'))) {
        c.warn(`${p.operands[0] ?? '-'}:${i + 1}: disorder: ${lines[i]}`);
        return 1;
      }
    }
    return 0;
  }
  const sorted = lines.map((l, i) => [l, i] as const).sort((x, y) => cmp(x[0], y[0]) || x[1] - y[1]);
  let out = sorted.map(([l]) => l);
  if (has(p, 'u')) out = out.filter((l, i) => i === 0 || cmp(out[i - 1]!, l) !== 0);
  const text = out.map((l) => l + nl).join('');
  const o = value(p, 'o');
  if (o !== undefined) {
    try {
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      c.fs.writeFile(o, bytes);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`open failed: ${o}: ${strerror(e.errno)}`);
      return 2;
    }
  } else c.out.bin(text);
  return 0;
}, 2);

const uniq = program((c) => {
  const p = parseOpts(c.args, {
    short: 'cdDuif:s:w:z',
    long: {
      count: 'c',
      repeated: 'd',
      'all-repeated': 'D',
      unique: 'u',
      'ignore-case': 'i',
      'skip-fields': 'f:',
      'skip-chars': 's:',
      'check-chars': 'w:',
      'zero-terminated': 'z',
    },
  });
  const [inFile, outFile] = p.operands;
  const nl = has(p, 'z') ? '\0' : '\n';
  const [input] = [...inputs(c, inFile === undefined ? [] : [inFile])];
  if (input!.data === null) return 1;
  const lines = input!.data.split(nl);
  if (lines[lines.length - 1] === '') lines.pop();
  const skipF = Number(value(p, 'f') ?? 0);
  const skipC = Number(value(p, 's') ?? 0);
  const width = value(p, 'w');
  const key = (l: string): string => {
    let s = l;
    for (let i = 0; i < skipF; i++) s = s.replace(/^[ \t]*[^ \t]*/, '');
    s = s.slice(skipC);
    if (width !== undefined) s = s.slice(0, Number(width));
    return has(p, 'i') ? s.toLowerCase() : s;
  };
  let out = '';
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && key(lines[j]!) === key(lines[i]!)) j++;
    const n = j - i;
    const show = has(p, 'd', 'D') ? n > 1 : has(p, 'u') ? n === 1 : true;
    if (show) {
      if (has(p, 'D')) for (let k = i; k < j; k++) out += lines[k] + nl;
      else out += (has(p, 'c') ? `${String(n).padStart(7)} ` : '') + lines[i] + nl;
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

/** A cut list ("1,3-5,7-"): which 1-based positions are picked. */
function parseList(spec: string, what: string): (n: number) => boolean {
  const ranges: Array<[number, number]> = [];
  for (const part of spec.split(/[, ]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || part === '' || part === '-') throw new UsageError(`invalid ${what} list`);
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a === 0) throw new UsageError(`${what}s are numbered from 1`);
    if (b < a) throw new UsageError('invalid decreasing range');
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

const cut = program((c) => {
  const p = parseOpts(c.args, {
    short: 'b:c:f:d:snz',
    long: {
      bytes: 'b:',
      characters: 'c:',
      fields: 'f:',
      delimiter: 'd:',
      'only-delimited': 's',
      complement: 'complement',
      'output-delimiter': 'output-delimiter:',
      'zero-terminated': 'z',
    },
  });
  const modes = ['b', 'c', 'f'].filter((k) => has(p, k));
  if (modes.length !== 1)
    throw new UsageError(
      modes.length === 0
        ? 'you must specify a list of bytes, characters, or fields'
        : 'only one type of list may be specified',
    );
  const mode = modes[0]!;
  const pickRaw = parseList(value(p, mode)!, mode === 'f' ? 'field' : mode === 'b' ? 'byte' : 'character');
  const pick = has(p, 'complement') ? (n: number) => !pickRaw(n) : pickRaw;
  const delimArg = value(p, 'd');
  const delim = delimArg === undefined ? '\t' : argToBin(delimArg);
  if (delim.length !== 1) throw new UsageError('the delimiter must be a single character');
  const outDelim = argToBin(value(p, 'output-delimiter') ?? (mode === 'f' ? delim : ''));
  const nl = has(p, 'z') ? '\0' : '\n';
  let status = 0;
  let out = '';
  for (const input of inputs(c, p.operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    const lines = input.data.split(nl);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      if (mode === 'f') {
        if (!line.includes(delim)) {
          if (!has(p, 's')) out += line + nl;
          continue;
        }
        out +=
          line
            .split(delim)
            .filter((_, i) => pick(i + 1))
            .join(outDelim) + nl;
      } else {
        const chars = [...line].filter((_, i) => pick(i + 1));
        out += (outDelim === '' ? chars.join('') : joinRuns(line, pick, outDelim)) + nl;
      }
    }
  }
  c.out.bin(out);
  return status;
});

/** cut -b/-c with --output-delimiter: the delimiter goes between runs of picked positions. */
function joinRuns(line: string, pick: (n: number) => boolean, delim: string): string {
  const runs: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    if (pick(i + 1)) cur += line[i];
    else if (cur !== '') {
      runs.push(cur);
      cur = '';
    }
  }
  if (cur !== '') runs.push(cur);
  return runs.join(delim);
}

const TR_CLASSES: Record<string, () => string> = {
  alnum: () => range('0', '9') + range('A', 'Z') + range('a', 'z'),
  alpha: () => range('A', 'Z') + range('a', 'z'),
  blank: () => ' \t',
  cntrl: () => range('\x00', '\x1f') + '\x7f',
  digit: () => range('0', '9'),
  graph: () => range('!', '~'),
  lower: () => range('a', 'z'),
  print: () => range(' ', '~'),
  punct: () => range('!', '/') + range(':', '@') + range('[', '`') + range('{', '~'),
  space: () => ' \t\n\v\f\r',
  upper: () => range('A', 'Z'),
  xdigit: () => range('0', '9') + range('A', 'F') + range('a', 'f'),
};

function range(a: string, b: string): string {
  let s = '';
  for (let i = a.charCodeAt(0); i <= b.charCodeAt(0); i++) s += String.fromCharCode(i);
  return s;
}

/** A tr set ("a-z", "[:upper:]", "\n", "[x*5]") as the list of bytes it stands for. */
function trSet(spec: string, fillTo?: number): string {
  const s = argToBin(spec);
  const chars: string[] = [];
  let fill: { ch: string; at: number } | null = null;
  const esc = (i: number): [string, number] => {
    if (s[i] !== '\\' || i + 1 >= s.length) return [s[i]!, i + 1];
    const n = s[i + 1]!;
    const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (oct) return [String.fromCharCode(parseInt(oct[0], 8) & 0xff), i + 1 + oct[0].length];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\' };
    return [map[n] ?? n, i + 2];
  };
  for (let i = 0; i < s.length;) {
    const cls = /^\[:([a-z]+):\]/.exec(s.slice(i));
    if (cls && TR_CLASSES[cls[1]!]) {
      chars.push(...TR_CLASSES[cls[1]!]!());
      i += cls[0].length;
      continue;
    }
    const eq = /^\[=(.)=\]/.exec(s.slice(i));
    if (eq) {
      chars.push(eq[1]!);
      i += eq[0].length;
      continue;
    }
    const rep = /^\[(\\?[\s\S])\*(\d*)\]/.exec(s.slice(i));
    if (rep) {
      const [ch] = esc(i + 1);
      const n = rep[2] ? parseInt(rep[2], rep[2].startsWith('0') ? 8 : 10) : 0;
      if (n === 0) fill = { ch, at: chars.length };
      else for (let k = 0; k < n; k++) chars.push(ch);
      i += rep[0].length;
      continue;
    }
    const [a, next] = esc(i);
    if (s[next] === '-' && next + 1 < s.length) {
      const [b, after] = esc(next + 1);
      if (b < a) throw new UsageError(`range-endpoints of '${a}-${b}' are in reverse collating sequence order`);
      chars.push(...range(a, b));
      i = after;
      continue;
    }
    chars.push(a);
    i = next;
  }
  if (fill && fillTo !== undefined) {
    const n = Math.max(0, fillTo - chars.length);
    chars.splice(fill.at, 0, ...Array<string>(n).fill(fill.ch));
  }
  return chars.join('');
}

const tr = program((c) => {
  const p = parseOpts(c.args, {
    short: 'cCdst',
    long: { complement: 'c', delete: 'd', 'squeeze-repeats': 's', 'truncate-set1': 't' },
  });
  const [a, b] = p.operands;
  if (a === undefined) throw new UsageError('missing operand');
  const del = has(p, 'd');
  const squeeze = has(p, 's');
  if (!del && !squeeze && b === undefined) throw new UsageError(`missing operand after '${a}'`);
  let set1 = trSet(a);
  if (has(p, 'c', 'C')) {
    let all = '';
    for (let i = 0; i < 256; i++) if (!set1.includes(String.fromCharCode(i))) all += String.fromCharCode(i);
    set1 = all;
  }
  let set2 = b === undefined ? '' : trSet(b, set1.length);
  if (has(p, 't')) set1 = set1.slice(0, set2.length);
  const input = [...inputs(c, [])][0]!.data ?? '';
  let out = '';
  if (del) {
    const drop = new Set(set1);
    for (const ch of input) if (!drop.has(ch)) out += ch;
  } else if (b !== undefined) {
    if (set2.length === 0) throw new UsageError('when not truncating set1, string2 must be non-empty');
    while (set2.length < set1.length) set2 += set2[set2.length - 1];
    const map = new Map<string, string>();
    for (let i = 0; i < set1.length; i++) map.set(set1[i]!, set2[i]!);
    for (const ch of input) out += map.get(ch) ?? ch;
  } else out = input;
  if (squeeze) {
    const sq = new Set(b !== undefined ? set2 : set1);
    let squeezed = '';
    for (const ch of out) if (!(sq.has(ch) && squeezed[squeezed.length - 1] === ch)) squeezed += ch;
    out = squeezed;
  }
  c.out.bin(out);
  return 0;
});

export const sortPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['sort', sort],
  ['uniq', uniq],
  ['cut', cut],
  ['tr', tr],
];
