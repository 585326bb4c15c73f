// fold: breaks lines longer than -w columns (tabs to the next multiple of 8, backspace and
// carriage return as a terminal moves; -b counts bytes), at the last blank with -s.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { decimalArg, inputs, opt, options, program } from '../lib/index.ts';

const FOLD = options({
  bytes: opt.flag('b', 'bytes'),
  spaces: opt.flag('s', 'spaces'),
  width: opt.arg('w', 'width'),
});

/** Obsolete `-72`: -w 72. */
function widthArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    out.push(...(/^-[0-9]+$/.test(a) ? ['-w', a.slice(1)] : [a]));
  }
  return out;
}

const fold = program((c) => {
  const { opts: o, operands } = FOLD.parse(widthArgs(c.args));
  const width =
    o.width === undefined ? 80 : Number(decimalArg(o.width, 1n, 2n ** 64n - 10n, 'invalid number of columns'));
  const advance = (column: number, ch: string): number => {
    if (o.bytes) return column + 1;
    if (ch === '\b') return column > 0 ? column - 1 : 0;
    if (ch === '\r') return 0;
    if (ch === '\t') return column + 8 - (column % 8);
    return column + 1;
  };
  let status = 0;
  let out = '';
  for (const input of inputs(c, operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    // GNU's fold_file: the line so far is held until a newline, or until a character would
    // pass the width.
    let line = '';
    let column = 0;
    for (const ch of input.data) {
      if (ch === '\n') {
        out += line + ch;
        line = '';
        column = 0;
        continue;
      }
      for (;;) {
        column = advance(column, ch);
        if (column <= width) {
          line += ch;
          break;
        }
        if (o.spaces) {
          const blank = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
          if (blank >= 0) {
            out += line.slice(0, blank + 1) + '\n';
            line = line.slice(blank + 1);
            column = 0;
            for (const x of line) column = advance(column, x);
            continue;
          }
        }
        if (line === '') {
          line = ch;
          break;
        }
        out += line + '\n';
        line = '';
        column = 0;
      }
    }
    out += line;
  }
  c.out.bin(out);
  return status;
});

export const foldPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['fold', fold]];
