// join: the lines of two files sorted on a join field, paired on equal fields, with -a/-v for
// the unpairable ones, -o output formats, -e fillers, -t separators and GNU's order check
// ("FILE:N: is not sorted: LINE", then "input is not in sorted order").
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, opt, options, program, q, readLines, UsageError, Failure } from '../lib/index.ts';

const JOIN = options({
  unpaired: opt.args('a'),
  only: opt.args('v'),
  empty: opt.args('e'),
  ignoreCase: opt.flag('i', 'ignore-case'),
  both: opt.args('j'),
  field1: opt.args('1'),
  field2: opt.args('2'),
  format: opt.args('o'),
  tab: opt.args('t'),
  order: opt.choice<'default' | 'check' | 'none'>('default', { 'check-order': 'check', 'nocheck-order': 'none' }),
  header: opt.flag('header'),
  zero: opt.flag('z', 'zero-terminated'),
});

interface Line {
  text: string;
  fields: string[];
}

/** A field in an -o list: file 0 is the join field. */
interface Spec {
  file: 0 | 1 | 2;
  field: number;
}

function fieldNumber(s: string): number {
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1)) throw new Failure(`invalid field number: ${q(s)}`);
  return n - 1;
}

function fileNumber(s: string): 1 | 2 {
  if (s !== '1' && s !== '2') throw new Failure(`invalid field number: ${q(s)}`);
  return Number(s) as 1 | 2;
}

function parseFormat(list: string): Spec[] {
  return list
    .split(/[, \t]+/)
    .filter((s) => s !== '')
    .map((s) => {
      if (s === '0') return { file: 0, field: 0 };
      const m = /^([^.]*)\.(.*)$/.exec(s);
      if (!m) throw new Failure(`invalid field specifier: ${q(s)}`);
      if (m[1] !== '1' && m[1] !== '2') throw new Failure(`invalid file number in field spec: ${q(s)}`);
      return { file: Number(m[1]) as 1 | 2, field: fieldNumber(m[2]!) };
    });
}

/** GNU's obsolete `-j1 N` / `-j2 N`: -1 N / -2 N. */
function obsoleteJ(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    if ((a === '-j1' || a === '-j2') && i + 1 < args.length && /^[0-9]+$/.test(args[i + 1]!)) {
      out.push(`-${a[2]}`, args[++i]!);
    } else out.push(a);
  }
  return out;
}

const join = program((c) => {
  const { opts: o, operands } = JOIN.parse(obsoleteJ(c.args));
  let field1: number | undefined;
  let field2: number | undefined;
  const setField = (which: 1 | 2, value: string): void => {
    const n = fieldNumber(value);
    const current = which === 1 ? field1 : field2;
    if (current !== undefined && current !== n) throw new Failure(`incompatible join fields ${current + 1}, ${n + 1}`);
    if (which === 1) field1 = n;
    else field2 = n;
  };
  // The options in the order given would matter only for conflicts, which GNU reports alike.
  for (const v of o.both) {
    setField(1, v);
    setField(2, v);
  }
  for (const v of o.field1) setField(1, v);
  for (const v of o.field2) setField(2, v);
  const print = [false, false];
  for (const v of [...o.unpaired, ...o.only]) print[fileNumber(v) - 1] = true;
  const pairables = o.only.length === 0;
  if (new Set(o.empty).size > 1) throw new Failure('conflicting empty-field replacement strings');
  const filler = o.empty[0] === undefined ? undefined : argToBin(o.empty[0]);
  let tab: string | undefined;
  for (const t of o.tab) {
    const v = t === '' ? '\n' : t === '\\0' ? '\0' : argToBin(t);
    if (v.length > 1) throw new Failure(`multi-character tab ${q(t)}`);
    if (tab !== undefined && tab !== v) throw new Failure('incompatible tabs');
    tab = v;
  }
  const auto = o.format.length > 0 && o.format.every((f) => f === 'auto');
  const format = auto ? [] : o.format.flatMap(parseFormat);
  if (operands.length < 2)
    throw new UsageError(
      operands.length === 0 ? 'missing operand' : `missing operand after ${q(operands[operands.length - 1]!)}`,
    );
  if (operands.length > 2) throw new UsageError(`extra operand ${q(operands[2]!)}`);
  const j = [field1 ?? 0, field2 ?? 0];
  const eol = o.zero ? '\0' : '\n';
  const texts = operands.map((f) => readLines(c, f, eol));
  if (texts[0] === null || texts[1] === null) return 1;
  const lines = (texts as string[][]).map((t) => t.map((text) => ({ text, fields: splitFields(text, tab) })));
  const sep = tab === undefined ? ' ' : tab;
  const fold = (s: string): string => (o.ignoreCase ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s);
  const keycmp = (a: Line, b: Line, ja: number, jb: number): number => {
    const x = fold(a.fields[ja] ?? '');
    const y = fold(b.fields[jb] ?? '');
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const blank: Line = { text: '', fields: [] };
  const autocount = [lines[0]![0]?.fields.length ?? 0, lines[1]![0]?.fields.length ?? 0];
  let out = '';
  const field = (line: Line, n: number): string => {
    const v = line.fields[n];
    return v === undefined || v === '' ? (filler ?? '') : v;
  };
  const prjoin = (l1: Line, l2: Line): void => {
    const joinLine = l1 === blank ? l2 : l1;
    const joinField = l1 === blank ? j[1]! : j[0]!;
    if (format.length > 0) {
      out += format
        .map((s) => (s.file === 0 ? field(joinLine, joinField) : field(s.file === 1 ? l1 : l2, s.field)))
        .join(sep);
    } else {
      out += field(joinLine, joinField);
      [l1, l2].forEach((line, k) => {
        const n = auto ? autocount[k]! : line.fields.length;
        for (let i = 0; i < n; i++) if (i !== j[k]) out += sep + field(line, i);
      });
    }
    out += eol;
  };

  // The walk of GNU's join(): a cursor per file, each line read checked against the one before.
  const at = [0, 0];
  const warned = [false, false];
  let unpairable = false;
  let failed = false;
  const previous: Array<Line | undefined> = [undefined, undefined];
  const read = (k: 0 | 1): Line | undefined => {
    const line = lines[k]![at[k]!];
    if (line === undefined) return undefined;
    at[k]!++;
    const prev = previous[k];
    if (prev && o.order !== 'none' && (o.order === 'check' || unpairable) && !warned[k]) {
      if (keycmp(prev, line, j[k]!, j[k]!) > 0) {
        c.out.bin(out);
        out = '';
        c.warn(`${operands[k]}:${at[k]}: is not sorted: ${line.text}`);
        warned[k] = true;
        if (o.order === 'check') failed = true;
      }
    }
    previous[k] = line;
    return line;
  };
  let seq1: Line[] = [];
  let seq2: Line[] = [];
  const first1 = read(0);
  const first2 = read(1);
  if (first1) seq1.push(first1);
  if (first2) seq2.push(first2);
  if (o.header && (seq1.length > 0 || seq2.length > 0)) {
    prjoin(seq1[0] ?? blank, seq2[0] ?? blank);
    previous[0] = previous[1] = undefined;
    if (seq1.length > 0) seq1 = [read(0)].filter((l) => l !== undefined);
    if (seq2.length > 0) seq2 = [read(1)].filter((l) => l !== undefined);
  }
  const done = (): number => {
    c.out.bin(out);
    return 1;
  };
  while (seq1.length > 0 && seq2.length > 0 && !failed) {
    const diff = keycmp(seq1[0]!, seq2[0]!, j[0]!, j[1]!);
    if (diff !== 0) {
      if (diff < 0) {
        if (print[0]) prjoin(seq1[0]!, blank);
        seq1 = [read(0)].filter((l) => l !== undefined);
      } else {
        if (print[1]) prjoin(blank, seq2[0]!);
        seq2 = [read(1)].filter((l) => l !== undefined);
      }
      unpairable = true;
      continue;
    }
    let eof1 = false;
    for (;;) {
      const l = read(0);
      if (!l) {
        eof1 = true;
        break;
      }
      seq1.push(l);
      if (failed || keycmp(l, seq2[0]!, j[0]!, j[1]!) !== 0) break;
    }
    if (failed) return done();
    let eof2 = false;
    for (;;) {
      const l = read(1);
      if (!l) {
        eof2 = true;
        break;
      }
      seq2.push(l);
      if (failed || keycmp(seq1[0]!, l, j[0]!, j[1]!) !== 0) break;
    }
    if (failed) return done();
    const n1 = eof1 ? seq1.length : seq1.length - 1;
    const n2 = eof2 ? seq2.length : seq2.length - 1;
    if (pairables) for (let a = 0; a < n1; a++) for (let b = 0; b < n2; b++) prjoin(seq1[a]!, seq2[b]!);
    seq1 = eof1 ? [] : [seq1[seq1.length - 1]!];
    seq2 = eof2 ? [] : [seq2[seq2.length - 1]!];
  }
  if (failed) return done();
  const checkTail = o.order !== 'none' && !(warned[0] && warned[1]);
  if ((print[0] || checkTail) && seq1.length > 0) {
    if (print[0]) prjoin(seq1[0]!, blank);
    if (seq2.length > 0) unpairable = true;
    for (let l = read(0); l && !failed; l = read(0)) {
      if (print[0]) prjoin(l, blank);
      if (warned[0] && !print[0]) break;
    }
    if (failed) return done();
  }
  if ((print[1] || checkTail) && seq2.length > 0) {
    if (print[1]) prjoin(blank, seq2[0]!);
    if (seq1.length > 0) unpairable = true;
    for (let l = read(1); l && !failed; l = read(1)) {
      if (print[1]) prjoin(blank, l);
      if (warned[1] && !print[1]) break;
    }
    if (failed) return done();
  }
  c.out.bin(out);
  if (warned[0] || warned[1]) {
    c.warn('input is not in sorted order');
    return 1;
  }
  return 0;
});

/** A line's fields: split at `tab`, or (no -t) at runs of blanks with leading blanks skipped. */
function splitFields(line: string, tab: string | undefined): string[] {
  if (line === '') return [];
  if (tab === '\n') return [line];
  if (tab !== undefined) return line.split(tab);
  // Blanks and newlines (which -z lets into a line) separate; trailing ones leave one empty
  // field after the last, as GNU's xfields does.
  const body = line.replace(/^[ \t\n]+/, '');
  if (body === '') return [];
  return body.split(/[ \t\n]+/);
}

export const joinPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['join', join]];
