// nl: numbers lines, in logical pages of header, body and footer sections (delimited by lines
// of \:\:\:, \:\: and \:), each section with its numbering style (a, t, n, or pBRE).
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, compile, decimalArg, Failure, inputs, opt, options, program, q, UsageError } from '../lib/index.ts';

const NL = options({
  body: opt.arg('b', 'body-numbering'),
  delimiter: opt.arg('d', 'section-delimiter'),
  footer: opt.arg('f', 'footer-numbering'),
  header: opt.arg('h', 'header-numbering'),
  increment: opt.arg('i', 'line-increment'),
  join: opt.arg('l', 'join-blank-lines'),
  format: opt.arg('n', 'number-format'),
  noRenumber: opt.flag('p', 'no-renumber'),
  separator: opt.arg('s', 'number-separator'),
  start: opt.arg('v', 'starting-line-number'),
  width: opt.arg('w', 'number-width'),
});

/** Which lines a section numbers: all, non-empty, none, or those matching a BRE. */
type Style = 'a' | 't' | 'n' | RegExp;

function style(spec: string, section: string): Style {
  const first = spec[0];
  if (first === 'a' || first === 't' || first === 'n') return first;
  if (first === 'p') {
    try {
      return compile(argToBin(spec.slice(1)), { extended: false });
    } catch (e) {
      throw new Failure(e instanceof Error ? e.message : String(e));
    }
  }
  throw new UsageError(`invalid ${section} numbering style: ${q(spec)}`);
}

const INTMAX = 2n ** 63n - 1n;

const nl = program((c) => {
  const { opts: o, operands } = NL.parse(c.args);
  const styles = {
    header: style(o.header ?? 'n', 'header'),
    body: style(o.body ?? 't', 'body'),
    footer: style(o.footer ?? 'n', 'footer'),
  };
  const increment =
    o.increment === undefined ? 1n : decimalArg(o.increment, -INTMAX - 1n, INTMAX, 'invalid line number increment');
  const join = o.join === undefined ? 1n : decimalArg(o.join, 1n, INTMAX, 'invalid line number of blank lines');
  const start = o.start === undefined ? 1n : decimalArg(o.start, -INTMAX - 1n, INTMAX, 'invalid starting line number');
  const width =
    o.width === undefined ? 6 : Number(decimalArg(o.width, 1n, 2n ** 31n - 1n, 'invalid line number field width'));
  const format = o.format ?? 'rn';
  if (!['ln', 'rn', 'rz'].includes(format)) throw new UsageError(`invalid line numbering format: ${q(format)}`);
  const separator = argToBin(o.separator ?? '\t');
  // -d: one or two characters replace the first two of "\:"; more are the delimiter itself.
  const d = argToBin(o.delimiter ?? '\\:');
  const del = d.length === 1 ? `${d}:` : d;
  const delimiters = d === '' ? [] : [del.repeat(3), del.repeat(2), del];
  const blankNumber = ' '.repeat(width + separator.length);
  let current: Style = styles.body;
  let lineNo = start;
  let blanks = 0n;
  let out = '';
  const number = (): string => {
    const digits = (lineNo < 0n ? -lineNo : lineNo).toString();
    const sign = lineNo < 0n ? '-' : '';
    let text: string;
    if (format === 'ln') text = (sign + digits).padEnd(width);
    else if (format === 'rn') text = (sign + digits).padStart(width);
    else text = sign + digits.padStart(width - sign.length, '0');
    lineNo += increment;
    return text + separator;
  };
  let status = 0;
  for (const input of inputs(c, operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    const lines = input.data.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      const section = line.length >= 2 && line.slice(0, 2) === del.slice(0, 2) ? delimiters.indexOf(line) : -1;
      if (section >= 0) {
        current = [styles.header, styles.body, styles.footer][section]!;
        if (!o.noRenumber) lineNo = start;
        out += '\n';
        continue;
      }
      let numbered: boolean;
      if (current === 'a') {
        if (join > 1n) {
          numbered = line !== '' || ++blanks === join;
          if (numbered) blanks = 0n;
        } else numbered = true;
      } else if (current === 't') numbered = line !== '';
      else if (current === 'n') numbered = false;
      else numbered = current.test(line);
      out += (numbered ? number() : blankNumber) + line + '\n';
    }
  }
  c.out.bin(out);
  return status;
});

export const nlPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['nl', nl]];
