// csplit: pieces of a file cut at line numbers and at lines matching /REGEXP/[OFFSET]
// (%REGEXP% skips), each pattern repeated {N} or {*} times, into xx00, xx01, ... (-f, -b, -n),
// printing each piece's size (-s: not), deleting the pieces on an error (-k: keeping them),
// -z eliding empty ones, --suppress-matched. Ported from coreutils 9.1's csplit.c, whose line
// bookkeeping decides which offsets are out of range.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  binToBytes,
  bytesToBin,
  compile,
  CONVERSION,
  decimalArg,
  Failure,
  formatConversion,
  FsError,
  opt,
  options,
  program,
  quote,
  quoteaf,
  quotef,
  readAll,
  RegexError,
  strerror,
  UsageError,
  xstrtoumax,
  type Ctx,
} from '../lib/index.ts';

const CSPLIT = options({
  prefix: opt.arg('f', 'prefix'),
  suffix: opt.arg('b', 'suffix-format'),
  keep: opt.flag('k', 'keep-files'),
  digits: opt.arg('n', 'digits'),
  quiet: opt.flag('s', 'q', 'quiet', 'silent'),
  elide: opt.flag('z', 'elide-empty-files'),
  suppressMatched: opt.flag('suppress-matched'),
});

const INTMAX = 2n ** 63n - 1n;
const INT_MAX = 2 ** 31 - 1;

interface Control {
  /** The argument it came from, for messages. */
  arg: string;
  regex: RegExp | null;
  /** %REGEXP%: the lines before the match are dropped. */
  ignore: boolean;
  offset: bigint;
  linesRequired: bigint;
  repeat: bigint;
  forever: boolean;
}

/** The -b format's one conversion, checked as csplit.c's max_out checks it. */
function suffixFormat(format: string): (n: number) => string {
  let conversion: RegExpExecArray | null = null;
  let at = -1;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    if (format[i + 1] === '%') {
      i++;
      continue;
    }
    if (conversion) throw new Failure('too many % conversion specifications in suffix');
    let j = i + 1;
    let thousands = false;
    let alternative = false;
    for (; "-0'#".includes(format[j] ?? 'x'); j++) {
      if (format[j] === "'") thousands = true;
      if (format[j] === '#') alternative = true;
    }
    while (/[0-9]/.test(format[j] ?? '')) j++;
    if (format[j] === '.') for (j++; /[0-9]/.test(format[j] ?? ''); j++);
    const ch = format[j];
    if (ch === undefined) throw new Failure('missing conversion specifier in suffix');
    if (!'diuoxX'.includes(ch)) {
      const code = ch.charCodeAt(0);
      const shown = code >= 0x20 && code < 0x7f ? ch : `\\${code.toString(8).padStart(3, '0')}`;
      throw new Failure(`invalid conversion specifier in suffix: ${shown}`);
    }
    const hex = 'oxX'.includes(ch);
    if ((hex && thousands) || (!hex && alternative))
      throw new Failure(`invalid flags in conversion specification: %${hex ? "'" : '#'}${ch}`);
    // The C locale groups no digits: "'" changes nothing.
    const spec = format.slice(i, j + 1).replace(/'/g, '');
    CONVERSION.lastIndex = 0;
    conversion = CONVERSION.exec(spec);
    at = i;
    format = format.slice(0, i) + '\0' + format.slice(j + 1);
  }
  if (!conversion) throw new Failure('missing % conversion specification in suffix');
  const m = conversion;
  const before = format.slice(0, at).replace(/%%/g, '%');
  const after = format.slice(at + 1).replace(/%%/g, '%');
  return (n) =>
    before +
    formatConversion(m, {
      int: () => BigInt(n),
      float: () => n,
      string: () => String(n),
      char: () => '',
    }) +
    after;
}

/** parse_patterns: the controls, in order. */
function parsePatterns(c: Ctx, args: string[]): Control[] {
  const controls: Control[] = [];
  let last = 0n;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const p: Control = {
      arg,
      regex: null,
      ignore: false,
      offset: 0n,
      linesRequired: 0n,
      repeat: 0n,
      forever: false,
    };
    if (arg.startsWith('/') || arg.startsWith('%')) {
      const delim = arg[0]!;
      const close = arg.lastIndexOf(delim);
      if (close === 0) throw new Failure(`${arg}: closing delimiter '${delim}' missing`);
      p.ignore = delim === '%';
      try {
        p.regex = compile(argToBin(arg.slice(1, close)), { extended: false });
      } catch (e) {
        if (e instanceof RegexError) {
          // glibc's regcomp says a "[" (or "[^") that ends the pattern is no pattern at all.
          const why = /\[\^?$/.test(arg.slice(1, close)) ? 'Invalid regular expression' : e.message;
          throw new Failure(`${quote(arg)}: invalid regular expression: ${why}`);
        }
        throw e;
      }
      const offset = arg.slice(close + 1);
      if (offset !== '') {
        const m = /^[ \t\n\v\f\r]*([-+]?)([0-9]+)$/.exec(offset);
        const v = m ? BigInt(m[1] === '-' ? `-${m[2]}` : m[2]!) : null;
        if (v === null || v > INTMAX || v < -INTMAX - 1n)
          throw new Failure(`${quote(arg)}: integer expected after delimiter`);
        p.offset = v;
      }
    } else {
      const { status, value } = xstrtoumax(arg, 10, '');
      if (status !== 'ok' || value > INTMAX) throw new Failure(`${quote(arg)}: invalid pattern`);
      if (value === 0n) throw new Failure(`${arg}: line number must be greater than zero`);
      if (value < last) throw new Failure(`line number ${quote(arg)} is smaller than preceding line number, ${last}`);
      if (value === last) c.warn(`warning: line number ${quote(arg)} is the same as preceding line number`);
      last = value;
      p.linesRequired = value;
    }
    const next = args[i + 1];
    if (next !== undefined && next.startsWith('{')) {
      i++;
      if (!next.endsWith('}')) throw new Failure(`${quote(next)}: '}' is required in repeat count`);
      const inner = next.slice(1, -1);
      if (inner === '*') p.forever = true;
      else {
        const { status, value } = xstrtoumax(inner, 10, '');
        if (status !== 'ok' || value > INTMAX)
          throw new Failure(`${quote(next.slice(0, -1))}}: integer required between '{' and '}'`);
        p.repeat = value;
      }
    }
    controls.push(p);
  }
  return controls;
}

/** The piece being written: kept until it is closed, then written and counted. */
interface Piece {
  name: string;
  chunks: string[];
  bytes: number;
}

/** Ends csplit: its message is already said; the status is 1 (0 for {*} running out of input). */
class Stop {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

const csplit = program((c) => {
  const { opts: o, operands } = CSPLIT.parse(c.args);
  const digits = o.digits === undefined ? 2 : Number(decimalArg(o.digits, 0n, BigInt(INT_MAX), 'invalid number'));
  if (operands.length < 2) {
    throw new UsageError(
      operands.length === 0 ? 'missing operand' : `missing operand after ${quote(operands[operands.length - 1]!)}`,
    );
  }
  const prefix = o.prefix ?? 'xx';
  const suffix = o.suffix === undefined ? null : suffixFormat(o.suffix);
  const name = (n: number): string => prefix + (suffix ? suffix(n) : String(n).padStart(digits, '0'));

  const file = operands[0]!;
  let data: string;
  if (file === '-') data = bytesToBin(readAll(c.stdin));
  else {
    try {
      data = bytesToBin(c.fs.readFile(file));
    } catch (e) {
      if (e instanceof FsError) throw new Failure(`cannot open ${quoteaf(file)} for reading: ${strerror(e.errno)}`);
      throw e;
    }
  }
  const controls = parsePatterns(c, operands.slice(1));

  const lines: string[] = [];
  for (let at = 0; at < data.length;) {
    const end = data.indexOf('\n', at);
    const stop = end < 0 ? data.length : end + 1;
    lines.push(data.slice(at, stop));
    at = stop;
  }
  // Lines are numbered from 1; `removed` of them are gone (written or skipped).
  let removed = 0;
  let current = 0;
  let created = 0;
  let output: Piece | null = null;

  const findLine = (n: number): string | null => (removed >= lines.length || n > lines.length ? null : lines[n - 1]!);
  const removeLine = (): string | null => {
    if (removed >= lines.length) return null;
    if (current < removed + 1) current = removed + 1;
    return lines[removed++]!;
  };
  const noMoreLines = (): boolean => findLine(current + 1) === null;
  const firstLine = (): number => {
    if (removed >= lines.length) throw new Failure('input disappeared');
    return removed + 1;
  };

  const createOutput = (): void => {
    const n = name(created);
    try {
      const f = c.fs.create(n);
      f.content.resize(0);
      c.fs.touch(f);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${quotef(n)}: ${strerror(e.errno)}`);
      throw fatal();
    }
    created++;
    output = { name: n, chunks: [], bytes: 0 };
  };
  const save = (line: string): void => {
    output!.chunks.push(line);
    output!.bytes += line.length;
  };
  const closeOutput = (): void => {
    if (!output) return;
    const { name: n, chunks, bytes } = output;
    output = null;
    if (bytes === 0 && o.elide) {
      c.fs.unlink(n);
      created--;
      return;
    }
    c.fs.openSink(n, false)(binToBytes(chunks.join('')));
    if (!o.quiet) c.out.text(`${bytes}\n`);
  };
  /** cleanup_fatal: the open piece is closed, then every piece deleted unless -k. */
  const fatal = (): Stop => {
    closeOutput();
    if (!o.keep) {
      for (let i = created - 1; i >= 0; i--) {
        try {
          c.fs.unlink(name(i));
        } catch (e) {
          if (!(e instanceof FsError)) throw e;
        }
      }
      created = 0;
    }
    return new Stop(1);
  };
  const outOfRange = (arg: string): Stop => {
    c.warn(`${quote(arg)}: line number out of range`);
    return fatal();
  };
  const repetition = (n: bigint): string => (n > 0n ? ` on repetition ${n}` : '');
  const dumpRest = (): void => {
    for (let line = removeLine(); line !== null; line = removeLine()) save(line);
  };

  const writeTo = (lastLine: bigint, ignore: boolean, arg: string): void => {
    const first = BigInt(firstLine());
    if (first > lastLine) throw outOfRange(arg);
    for (let i = 0n; i < lastLine - first; i++) {
      const line = removeLine();
      if (line === null) throw outOfRange(arg);
      if (!ignore) save(line);
    }
  };

  const lineError = (p: Control, rep: bigint): Stop => {
    c.warn(`${quote(String(p.linesRequired))}: line number out of range${repetition(rep)}`);
    return fatal();
  };

  const byCount = (p: Control, rep: bigint): void => {
    const lastLine = p.linesRequired * (rep + 1n);
    createOutput();
    if (noMoreLines() && o.suppressMatched) throw lineError(p, rep);
    let n = BigInt(firstLine());
    while (n++ < lastLine) {
      const line = removeLine();
      if (line === null) throw lineError(p, rep);
      save(line);
    }
    closeOutput();
    if (o.suppressMatched) removeLine();
    if (noMoreLines() && !o.suppressMatched) throw lineError(p, rep);
  };

  const byRegex = (p: Control, rep: bigint): void => {
    if (!p.ignore) createOutput();
    const matches = (line: string): boolean => p.regex!.test(line.endsWith('\n') ? line.slice(0, -1) : line);
    for (;;) {
      const line = findLine(++current);
      if (line === null) {
        if (p.forever) {
          if (!p.ignore) {
            dumpRest();
            closeOutput();
          }
          throw new Stop(0);
        }
        c.warn(`${quote(p.arg)}: match not found${repetition(rep)}`);
        if (!p.ignore) {
          dumpRest();
          closeOutput();
        }
        throw fatal();
      }
      if (matches(line)) break;
      // With an offset of 0 or more, lines before the match are written as they go.
      if (p.offset >= 0n) {
        const gone = removeLine()!;
        if (!p.ignore) save(gone);
      }
    }
    const breakLine = BigInt(current) + p.offset;
    writeTo(breakLine, p.ignore, p.arg);
    if (!p.ignore) closeOutput();
    if (p.offset > 0n) current = Number(breakLine);
    if (o.suppressMatched) removeLine();
  };

  try {
    for (const p of controls) {
      for (let j = 0n; p.forever || j <= p.repeat; j++) {
        if (p.regex) byRegex(p, j);
        else byCount(p, j);
      }
    }
    createOutput();
    dumpRest();
    closeOutput();
  } catch (e) {
    if (e instanceof Stop) return e.status;
    if (e instanceof Failure) {
      // "input disappeared" ends csplit at once, as die() does: the open piece keeps what it
      // has, uncounted, and no piece is deleted.
      // (TypeScript cannot see that the closures above set `output`.)
      const open = output as Piece | null;
      if (open) c.fs.openSink(open.name, false)(binToBytes(open.chunks.join('')));
      c.warn(e.message);
      return 1;
    }
    throw e;
  }
  return 0;
});

export const csplitPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['csplit', csplit]];
