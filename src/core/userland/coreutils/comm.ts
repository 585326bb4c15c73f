// comm: the lines two sorted files have in common and the lines each has alone, in three
// columns, with GNU's order check (--check-order, and by default once a line is unpairable).
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, Failure, opt, options, program, q, readLines, UsageError } from '../lib/index.ts';

const COMM = options({
  hide1: opt.flag('1'),
  hide2: opt.flag('2'),
  hide3: opt.flag('3'),
  order: opt.choice<'default' | 'check' | 'none'>('default', { 'check-order': 'check', 'nocheck-order': 'none' }),
  delimiters: opt.args('output-delimiter'),
  total: opt.flag('total'),
  zero: opt.flag('z', 'zero-terminated'),
});

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const comm = program((c) => {
  const { opts: o, operands } = COMM.parse(c.args);
  if (operands.length < 2)
    throw new UsageError(operands.length === 0 ? 'missing operand' : `missing operand after ${q(operands[0]!)}`);
  if (operands.length > 2) throw new UsageError(`extra operand ${q(operands[2]!)}`);
  const given = new Set(o.delimiters);
  if (given.size > 1) throw new Failure('multiple output delimiters specified');
  const sepArg = o.delimiters[0];
  // An empty --output-delimiter is a NUL byte, as GNU writes it.
  const sep = sepArg === undefined ? '\t' : sepArg === '' ? '\0' : argToBin(sepArg);
  const eol = o.zero ? '\0' : '\n';
  const files = operands.map((f) => readLines(c, f, eol));
  if (files[0] === null || files[1] === null) return 1;
  const [one, two] = files as [string[], string[]];
  const show = [!o.hide1, !o.hide2, !o.hide3];
  const prefix = ['', show[0] ? sep : '', (show[0] ? sep : '') + (show[1] ? sep : '')];
  const totals = [0, 0, 0];
  const warned = [false, false];
  let unpairable = false;
  let out = '';
  /** Whether line i of a file is out of order, said once per file; with --check-order that ends comm. */
  const outOfOrder = (lines: string[], i: number, file: 0 | 1): boolean => {
    if (o.order === 'none' || (o.order === 'default' && !unpairable) || warned[file]) return false;
    if (i >= lines.length || compare(lines[i - 1]!, lines[i]!) <= 0) return false;
    c.warn(`file ${file + 1} is not in sorted order`);
    warned[file] = true;
    return o.order === 'check';
  };
  let i = 0;
  let j = 0;
  while (i < one.length || j < two.length) {
    const order = i >= one.length ? 1 : j >= two.length ? -1 : compare(one[i]!, two[j]!);
    const column = order === 0 ? 2 : order < 0 ? 0 : 1;
    if (order !== 0) unpairable = true;
    totals[column]!++;
    if (show[column]) out += prefix[column]! + (order <= 0 ? one[i] : two[j]) + eol;
    if ((order <= 0 && outOfOrder(one, ++i, 0)) || (order >= 0 && outOfOrder(two, ++j, 1))) {
      c.out.bin(out);
      return 1;
    }
  }
  if (o.total) out += `${totals[0]}${sep}${totals[1]}${sep}${totals[2]}${sep}total${eol}`;
  c.out.bin(out);
  if (warned[0] || warned[1]) {
    c.warn('input is not in sorted order');
    return 1;
  }
  return 0;
});

export const commPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['comm', comm]];
