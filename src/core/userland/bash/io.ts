// bash's built-ins that read and write data: echo (-n -e -E), printf (-v, %q, %(…)T, and
// bash's own messages over lib's one printf engine), read (-a -d -n -N -r -p -s -t -u) and
// mapfile / readarray. Text is handled as bytes where bash handles bytes (\xHH, widths).
// https://www.gnu.org/software/bash/manual/html_node/Bash-Builtins.html
import type { Builtin } from '../sh/builtins.ts';
import type { Shell } from '../sh/eval.ts';
import type { Io } from '../sh/redirect.ts';
import { IndexedArray } from '../sh/arrays.ts';
import { NAME } from '../sh/state.ts';
import type { StdinSource } from '../../runtime/stdio.ts';
import {
  argToBin,
  BASH_ECHO_ESCAPES,
  BASH_PRINTF_ESCAPES,
  binToArg,
  binToBytes,
  CONVERSION,
  formatConversion,
  readEscape,
  strftime,
  unescape,
  utf8,
  type PrintfArgs,
} from '../lib/index.ts';
import { backslashQuote } from './quote.ts';
import type { BashShell } from './shell.ts';

const REF = /^[A-Za-z_][A-Za-z0-9_]*(\[.+\])?$/s;

function ext(sh: Shell): BashShell {
  return sh.ext as BashShell;
}

/** Assigns to NAME or NAME[subscript]. */
function assignRef(sh: Shell, ref: string, value: string): void {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]$/s.exec(ref);
  if (m) ext(sh).assignElement(m[1]!, m[2]!, value);
  else sh.assign(ref, value);
}

/** echo [-neE] [arg …]: options only while every letter is one of them. */
export const echo: Builtin = (_sh, argv, io) => {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = argToBin(argv.slice(i).join(' '));
  if (escapes) {
    const r = unescape(text, BASH_ECHO_ESCAPES);
    text = r.text;
    if (r.stop) newline = false;
  }
  io.stdout(binToBytes(newline ? `${text}\n` : text));
  return 0;
};

/** A printf argument as bash reads a number: a C constant, 'c, or a bad one (reported, status 1). */
class Numbers {
  bad = false;
  readonly #sh: Shell;
  readonly #io: Io;
  readonly #beforeMessage: () => void;

  constructor(sh: Shell, io: Io, beforeMessage: () => void) {
    this.#sh = sh;
    this.#io = io;
    this.#beforeMessage = beforeMessage;
  }

  #fail(arg: string): void {
    this.bad = true;
    this.#beforeMessage();
    this.#sh.diag(this.#io, `printf: ${arg}: invalid number`);
  }

  int(arg: string | undefined): bigint {
    if (arg === undefined || arg === '') return 0n;
    if (/^['"]/.test(arg)) return BigInt(arg.length > 1 ? binToBytes(arg.slice(1, 2))[0]! : 0);
    const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
    if (!m) {
      this.#fail(arg);
      return 0n;
    }
    const digits = m[2]!;
    let v = /^0[xX]/.test(digits)
      ? BigInt(digits)
      : digits.length > 1 && digits[0] === '0'
        ? BigInt(`0o${digits.slice(1)}`)
        : BigInt(digits);
    if (m[1] === '-') v = -v;
    if (m[0].length !== arg.length) this.#fail(arg);
    return BigInt.asIntN(64, v);
  }

  float(arg: string | undefined): number {
    if (arg === undefined || arg === '') return 0;
    if (/^['"]/.test(arg)) return arg.length > 1 ? binToBytes(arg.slice(1, 2))[0]! : 0;
    const m = /^\s*[-+]?(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf(?:inity)?|nan)/i.exec(
      arg,
    );
    if (!m) {
      this.#fail(arg);
      return 0;
    }
    if (m[0].length !== arg.length) this.#fail(arg);
    const t = m[0].trim();
    return /^[-+]?0[xX]/.test(t)
      ? Number(BigInt(t.replace(/^[-+]/, ''))) * (t.startsWith('-') ? -1 : 1)
      : Number(t.replace(/^([-+]?)inf.*$/i, '$1Infinity'));
  }
}

/**
 * printf's output for FORMAT and ARGS (byte strings): the text, and whether it went wrong.
 * `emit` takes the complete lines written so far before a message goes to stderr (bash's
 * stdout is line-buffered, so the message comes after them).
 */
function format(
  sh: Shell,
  io: Io,
  fmt: string,
  args: string[],
  emit?: (text: string) => void,
): { out: string; status: number } {
  let out = '';
  const flushLines = (): void => {
    const k = out.lastIndexOf('\n');
    if (!emit || k < 0) return;
    emit(out.slice(0, k + 1));
    out = out.slice(k + 1);
  };
  const nums = new Numbers(sh, io, flushLines);
  let ai = 0;
  const source: PrintfArgs = {
    int: () => nums.int(args[ai++]),
    float: () => nums.float(args[ai++]),
    string: () => args[ai++] ?? '',
    char: () => (args[ai++] ?? '').slice(0, 1),
  };
  for (;;) {
    const start = ai;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '\\') {
        const e = readEscape(fmt, i, BASH_PRINTF_ESCAPES);
        if (e.stop) return { out, status: nums.bad ? 1 : 0 };
        out += e.text;
        i += e.length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      if (fmt[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      // %(strftime)T: a time, -1 for now.
      const t = /^%([-0-9.]*)\(([^)]*)\)T/.exec(fmt.slice(i));
      if (t) {
        const arg = args[ai++];
        const secs: bigint =
          arg === undefined || arg === '' || arg === '-1' || arg === '-2'
            ? BigInt(Math.floor(Date.now() / 1000))
            : nums.int(arg);
        out += argToBin(strftime(t[2]!, secs * 1_000_000_000n));
        i += t[0].length - 1;
        continue;
      }
      // Flags, width, precision, then C's length modifiers, which bash skips, then the letter.
      const spec = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([hlLjtz]*)(.?)/.exec(fmt.slice(i))!;
      const letter = spec[5]!;
      i += spec[0].length - 1;
      if (letter === 'q' || letter === 'b') {
        const m = /%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?/y;
        m.lastIndex = 0;
        const conv = m.exec(spec[0])!;
        const arg = source.string();
        let text: string;
        if (letter === 'q') text = argToBin(backslashQuote(binToArg(arg)));
        else {
          const r = unescape(arg, BASH_ECHO_ESCAPES);
          text = r.text;
          if (r.stop) {
            out += text;
            return { out, status: nums.bad ? 1 : 0 };
          }
        }
        const parts = [...conv, 's'] as unknown as RegExpExecArray;
        parts[4] = 's';
        const converted = formatConversion(parts, { ...source, string: () => text });
        out += converted;
        continue;
      }
      if (!'diouxXcseEfFgGaA'.includes(letter) || letter === '') {
        flushLines();
        sh.diag(
          io,
          letter === ''
            ? `printf: \`${spec[0]}': missing format character`
            : `printf: \`${letter}': invalid format character`,
        );
        return { out, status: 1 };
      }
      CONVERSION.lastIndex = 0;
      const m = CONVERSION.exec(`%${spec[1]}${spec[2] ?? ''}${spec[3] !== undefined ? `.${spec[3]}` : ''}${letter}`)!;
      // Converted first: a bad number's message flushes `out`.
      const converted = formatConversion(m, source);
      out += converted;
    }
    if (ai >= args.length || ai === start) break;
  }
  return { out, status: nums.bad ? 1 : 0 };
}

/** printf [-v var] format [arguments]. */
export const printf: Builtin = (sh, argv, io) => {
  let i = 1;
  let target: string | null = null;
  if (argv[i] === '-v') {
    target = argv[i + 1] ?? null;
    i += 2;
    if (target === null) {
      sh.diag(io, 'printf: -v: option requires an argument');
      io.stderr(utf8('printf: usage: printf [-v var] format [arguments]\n'));
      return 2;
    }
    if (!REF.test(target)) {
      sh.diag(io, `printf: \`${target}': not a valid identifier`);
      return 2;
    }
  }
  if (argv[i] === '--') i++;
  const fmt = argv[i];
  if (fmt === undefined) {
    io.stderr(utf8('printf: usage: printf [-v var] format [arguments]\n'));
    return 2;
  }
  const emit = target === null ? (text: string) => io.stdout(binToBytes(text)) : undefined;
  const r = format(sh, io, argToBin(fmt), argv.slice(i + 1).map(argToBin), emit);
  if (target !== null) assignRef(sh, target, binToArg(r.out));
  else io.stdout(binToBytes(r.out));
  return r.status;
};

/** Reads one byte; null at the end of input. */
function byte(stdin: StdinSource): number | null {
  const b = stdin.read(1);
  return b.byteLength === 0 ? null : b[0]!;
}

interface ReadOptions {
  array: string | null;
  delim: number;
  count: number | null;
  exact: boolean;
  raw: boolean;
}

/** One record of `read`: up to the delimiter (or `count` bytes); escapes kept as \x pairs unless raw. */
function readRecord(stdin: StdinSource, o: ReadOptions): { text: string; eof: boolean } {
  const bytes: number[] = [];
  let n = 0;
  for (;;) {
    if (o.count !== null && n >= o.count) return { text: fromBytes(bytes), eof: false };
    const c = byte(stdin);
    if (c === null) return { text: fromBytes(bytes), eof: true };
    if (c === o.delim && !o.exact) return { text: fromBytes(bytes), eof: false };
    n++;
    if (c === 0x5c && !o.raw) {
      const next = byte(stdin);
      if (next === null) return { text: fromBytes(bytes), eof: true };
      if (next === 0x0a) continue;
      bytes.push(0x5c, next);
      continue;
    }
    bytes.push(c);
  }
}

function fromBytes(bytes: number[]): string {
  return binToArg(String.fromCharCode(...bytes));
}

/** Splits `line` on IFS into at most `max` fields (the last taking the rest), backslash escapes removed unless raw. */
function splitFields(line: string, ifs: string, max: number, raw: boolean): string[] {
  const white = (c: string): boolean => ifs.includes(c) && ' \t\n'.includes(c);
  const delim = (c: string): boolean => ifs.includes(c);
  const out: string[] = [];
  let i = 0;
  while (i < line.length && white(line[i]!)) i++;
  while (i < line.length) {
    if (out.length === max - 1) {
      let rest = line.slice(i);
      let end = rest.length;
      while (end > 0 && white(rest[end - 1]!) && !(end >= 2 && rest[end - 2] === '\\' && !raw)) end--;
      rest = rest.slice(0, end);
      out.push(raw ? rest : rest.replace(/\\([\s\S])/g, '$1'));
      return out;
    }
    let field = '';
    while (i < line.length && !delim(line[i]!)) {
      if (!raw && line[i] === '\\' && i + 1 < line.length) i++;
      field += line[i++];
    }
    out.push(field);
    let sawOther = false;
    while (i < line.length && delim(line[i]!)) {
      if (!white(line[i]!)) {
        if (sawOther) break;
        sawOther = true;
      }
      i++;
    }
  }
  return out;
}

/** read [-ers] [-a array] [-d delim] [-n|-N count] [-p prompt] [-t timeout] [-u fd] [name …]. */
export const read: Builtin = (sh, argv, io) => {
  const o: ReadOptions = { array: null, delim: 0x0a, count: null, exact: false, raw: false };
  let input = io.stdin;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^-./.test(a)) break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if ('rse'.includes(c)) {
        if (c === 'r') o.raw = true;
        continue;
      }
      if (!'adinNptu'.includes(c)) {
        sh.diag(io, `read: -${c}: invalid option`);
        io.stderr(
          utf8(
            'read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n',
          ),
        );
        return 2;
      }
      const value = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
      if (value === undefined) {
        sh.diag(io, `read: -${c}: option requires an argument`);
        return 2;
      }
      if (c === 'a') o.array = value;
      else if (c === 'd') o.delim = value === '' ? 0 : utf8(value)[0]!;
      else if (c === 'n' || c === 'N') {
        o.count = Number(value);
        o.exact = c === 'N';
      } else if (c === 'u') {
        const fd = io.fds[Number(value)];
        if (!fd?.in) {
          sh.diag(io, `read: ${value}: invalid file descriptor: Bad file descriptor`);
          return 1;
        }
        input = fd.in;
      }
      // -p's prompt goes to a terminal only; -t's timeout never runs out on a file; -i is readline's.
      break;
    }
  }
  const names = argv.slice(i);
  for (const n of [...names, ...(o.array ? [o.array] : [])]) {
    if (!NAME.test(n)) {
      sh.diag(io, `read: \`${n}': not a valid identifier`);
      return 1;
    }
  }
  const { text, eof } = readRecord(input, o);
  const ifs = sh.param('IFS') ?? ' \t\n';
  if (o.array) {
    const arr = new IndexedArray();
    splitFields(text, ifs, Infinity, o.raw).forEach((f, k) => arr.set(k, f));
    ext(sh).setArray(o.array, arr);
  } else if (names.length === 0) sh.assign('REPLY', o.raw ? text : text.replace(/\\([\s\S])/g, '$1'));
  else {
    const fields = splitFields(text, ifs, names.length, o.raw);
    names.forEach((n, k) => sh.assign(n, fields[k] ?? ''));
  }
  return eof && (text === '' || o.count === null) ? 1 : 0;
};

/** mapfile / readarray [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [array]. */
export const mapfile: Builtin = (sh, argv, io) => {
  let delim = 0x0a;
  let count = 0;
  let origin: number | null = null;
  let skip = 0;
  let strip = false;
  let input = io.stdin;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^-./.test(a)) break;
    const c = a[1]!;
    if (c === 't' && a.length === 2) {
      strip = true;
      continue;
    }
    const value = a.length > 2 ? a.slice(2) : argv[++i];
    if (!'dnOsuCc'.includes(c) || value === undefined) {
      sh.diag(io, `${argv[0]}: ${a}: invalid option`);
      return 2;
    }
    if (c === 'd') delim = value === '' ? 0 : utf8(value)[0]!;
    else if (c === 'n') count = Number(value);
    else if (c === 'O') origin = Number(value);
    else if (c === 's') skip = Number(value);
    else if (c === 'u') {
      const fd = io.fds[Number(value)];
      if (!fd?.in) {
        sh.diag(io, `${argv[0]}: ${value}: invalid file descriptor: Bad file descriptor`);
        return 1;
      }
      input = fd.in;
    }
  }
  const name = argv[i] ?? 'MAPFILE';
  if (!NAME.test(name)) {
    sh.diag(io, `${argv[0]}: \`${name}': not a valid identifier`);
    return 1;
  }
  const e = ext(sh);
  const v = e.variable(name);
  const arr = origin !== null && v?.array?.kind === 'indexed' ? v.array : new IndexedArray();
  let at = origin ?? 0;
  let read = 0;
  for (;;) {
    if (count > 0 && read >= count) break;
    const bytes: number[] = [];
    let ended = false;
    for (;;) {
      const c = byte(input);
      if (c === null) {
        ended = true;
        break;
      }
      if (c === delim) {
        if (!strip) bytes.push(c);
        break;
      }
      bytes.push(c);
    }
    if (ended && bytes.length === 0) break;
    if (skip > 0) skip--;
    else {
      arr.set(at++, fromBytes(bytes));
      read++;
    }
    if (ended) break;
  }
  e.setArray(name, arr);
  return 0;
};
