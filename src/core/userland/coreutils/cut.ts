// cut: bytes (-b), characters (-c) or fields (-f with -d) of each line, with --complement,
// -s and --output-delimiter.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, inputs, opt, options, program, UsageError } from '../lib/index.ts';

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

const CUT = options({
  b: opt.arg('b', 'bytes'),
  c: opt.arg('c', 'characters'),
  f: opt.arg('f', 'fields'),
  delimiter: opt.arg('d', 'delimiter'),
  onlyDelimited: opt.flag('s', 'only-delimited'),
  n: opt.flag('n'),
  complement: opt.flag('complement'),
  outputDelimiter: opt.arg('output-delimiter'),
  zero: opt.flag('z', 'zero-terminated'),
});

const cut = program((c) => {
  const { opts: o, operands } = CUT.parse(c.args);
  const modes = (['b', 'c', 'f'] as const).filter((k) => o[k] !== undefined);
  if (modes.length !== 1)
    throw new UsageError(
      modes.length === 0
        ? 'you must specify a list of bytes, characters, or fields'
        : 'only one type of list may be specified',
    );
  const mode = modes[0]!;
  const pickRaw = parseList(o[mode]!, mode === 'f' ? 'field' : mode === 'b' ? 'byte' : 'character');
  const pick = o.complement ? (n: number) => !pickRaw(n) : pickRaw;
  const delimArg = o.delimiter;
  const delim = delimArg === undefined ? '\t' : argToBin(delimArg);
  if (delim.length !== 1) throw new UsageError('the delimiter must be a single character');
  const outDelim = argToBin(o.outputDelimiter ?? (mode === 'f' ? delim : ''));
  const nl = o.zero ? '\0' : '\n';
  let status = 0;
  let out = '';
  for (const input of inputs(c, operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    const lines = input.data.split(nl);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      if (mode === 'f') {
        if (!line.includes(delim)) {
          if (!o.onlyDelimited) out += line + nl;
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

export const cutPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['cut', cut]];
