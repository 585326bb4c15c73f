// cmp(1) of GNU diffutils 3.8: two files byte by byte, the first difference ("a b differ: char
// 3, line 2", the C locale's words), every difference (-l), or only the status (-s); bytes to
// skip (-i, SKIP operands) and a limit (-n) with xstrtoumax's suffixes; "cmp: EOF on b after
// byte 3, line 1" when one is a prefix of the other. Exit 0 same, 1 different, 2 trouble.
// https://www.gnu.org/software/diffutils/manual/html_node/Invoking-cmp.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import type { VolumeNode } from '../../rootfs/index.ts';
import { bytesToBin, FsError, opt, options, program, readAll, strerror, UsageError, type Ctx } from '../lib/index.ts';

const CMP = options({
  printBytes: opt.flag('b', 'c', 'print-bytes', 'print-chars'),
  ignoreInitial: opt.args('i', 'ignore-initial'),
  verbose: opt.flag('l', 'verbose'),
  bytes: opt.args('n', 'bytes'),
  silent: opt.flag('s', 'quiet', 'silent'),
  version: opt.flag('v', 'version'),
  help: opt.flag('help'),
});

const VERSION = `cmp (GNU diffutils) 3.8
Copyright (C) 2021 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Torbjörn Granlund and David MacKenzie.
`;

const HELP = `Usage: cmp [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]
Compare two files byte by byte.

The optional SKIP1 and SKIP2 specify the number of bytes to skip
at the beginning of each file (zero by default).

Mandatory arguments to long options are mandatory for short options too.
  -b, --print-bytes          print differing bytes
  -i, --ignore-initial=SKIP         skip first SKIP bytes of both inputs
  -i, --ignore-initial=SKIP1:SKIP2  skip first SKIP1 bytes of FILE1 and
                                      first SKIP2 bytes of FILE2
  -l, --verbose              output byte numbers and differing byte values
  -n, --bytes=LIMIT          compare at most LIMIT bytes
  -s, --quiet, --silent      suppress all normal output
      --help                 display this help and exit
  -v, --version              output version information and exit

SKIP values may be followed by the following multiplicative suffixes:
kB 1000, K 1024, MB 1,000,000, M 1,048,576,
GB 1,000,000,000, G 1,073,741,824, and so on for T, P, E, Z, Y.

If a FILE is '-' or missing, read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
`;

const POWERS: Record<string, number> = { k: 1, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };
const OFF_MAX = 2 ** 63 - 1;

/**
 * A size as gnulib's xstrtoumax reads it for cmp: decimal, 0x hex or 0 octal, then an optional
 * suffix (K, M, G... powers of 1024; KB, MB... of 1000; KiB, MiB... of 1024). Returns the value
 * and what is left after it, or null when `s` does not start with one.
 */
export function parseSize(s: string): { value: number; rest: string } | null {
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const digits = m[1]!;
  let value = /^0[xX]/.test(digits)
    ? parseInt(digits.slice(2), 16)
    : digits.startsWith('0')
      ? parseInt(digits, 8)
      : Number(digits);
  let rest = s.slice(m[0].length);
  const power = POWERS[rest[0] ?? ''];
  if (power !== undefined) {
    let base = 1024;
    let len = 1;
    if (rest[1] === 'B') {
      base = 1000;
      len = 2;
    } else if (rest[1] === 'i' && rest[2] === 'B') len = 3;
    value *= base ** power;
    rest = rest.slice(len);
  }
  return { value, rest };
}

/** cmp's picture of a byte: cat -v's notation (^A, M-a, ^?). */
function sprintc(c: number): string {
  let s = '';
  let b = c;
  if (b >= 128) {
    s += 'M-';
    b -= 128;
  }
  if (b < 32) return `${s}^${String.fromCharCode(b + 64)}`;
  if (b === 127) return `${s}^?`;
  return s + String.fromCharCode(b);
}

const octal = (c: number): string => c.toString(8).padStart(3, ' ');

/** An operand opened: its bytes from the skip on, or an errno. */
interface Input {
  name: string;
  node: VolumeNode | 'stdin';
}

const cmp = program((c) => {
  try {
    return run(c);
  } catch (e) {
    if (e instanceof UsageError) {
      c.warn(e.message);
      c.warn("Try 'cmp --help' for more information.");
      return 2;
    }
    throw e;
  }
});

function run(c: Ctx): number {
  const { opts: o, operands } = CMP.parse(c.args);
  if (o.help) {
    c.out.text(HELP);
    return 0;
  }
  if (o.version) {
    c.out.text(VERSION);
    return 0;
  }
  if (o.verbose && o.silent) throw new UsageError('options -l and -s are incompatible');
  const skip = [0, 0];
  const ignore = (f: 0 | 1, text: string, delimited: boolean): string => {
    const r = parseSize(text);
    const ok = r && (r.rest === '' || (delimited && r.rest.startsWith(':')));
    if (!r || !ok || r.value > OFF_MAX) throw new UsageError(`invalid --ignore-initial value '${text}'`);
    skip[f] = Math.max(skip[f]!, r.value);
    return r.rest;
  };
  for (const v of o.ignoreInitial) {
    const rest = ignore(0, v, true);
    if (rest.startsWith(':')) ignore(1, rest.slice(1), false);
    else skip[1] = Math.max(skip[1]!, skip[0]!);
  }
  let limit = Infinity;
  for (const v of o.bytes) {
    const r = parseSize(v);
    if (!r || r.rest !== '') throw new UsageError(`invalid --bytes value '${v}'`);
    limit = Math.min(limit, r.value);
  }
  if (operands.length === 0) {
    const last = c.args[c.args.length - 1] ?? c.spec.argv[0] ?? 'cmp';
    throw new UsageError(`missing operand after '${last}'`);
  }
  const names = [operands[0]!, operands[1] ?? '-'];
  for (let f = 0; f < 2 && operands.length > 2 + f; f++) ignore(f as 0 | 1, operands[2 + f]!, false);
  if (operands.length > 4) throw new UsageError(`extra operand '${operands[4]}'`);

  // Open both, the stdin one first (GNU's order, which decides which error is reported).
  const inputs: Array<Input | undefined> = [undefined, undefined];
  for (let f = 0; f < 2; f++) {
    const g = f ^ (names[1] === '-' ? 1 : 0);
    if (f === 1 && skip[0] === skip[1] && names[0] === names[1]) return 0;
    const name = names[g]!;
    if (name === '-') {
      inputs[g] = { name, node: 'stdin' };
      continue;
    }
    const node = c.fs.lookup(name);
    if (!node) {
      if (o.silent) return 2;
      const r = c.fs.find(name, true);
      c.warn(`${name}: ${strerror(typeof r === 'string' ? r : 'ENOENT')}`);
      return 2;
    }
    inputs[g] = { name, node };
  }
  const [a, b] = inputs as [Input, Input];
  if (a.node === b.node && skip[0] === skip[1]) return 0;
  let stdin: string | undefined;
  const read = (x: Input): string => {
    if (x.node === 'stdin') return (stdin ??= bytesToBin(readAll(c.stdin)));
    if (x.node.kind === 'dir') throw new FsError('EISDIR', x.name);
    return bytesToBin(c.fs.readFile(x.name));
  };
  let d0: string;
  let d1: string;
  try {
    d0 = read(a).slice(skip[0]);
    d1 = read(b).slice(skip[1]);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    c.warn(`${e.path}: ${strerror(e.errno)}`);
    return 2;
  }
  if (o.silent && d0.length !== d1.length && Math.min(d0.length, d1.length) < limit) return 1;
  const n0 = Math.min(d0.length, limit);
  const n1 = Math.min(d1.length, limit);
  const smaller = Math.min(n0, n1);
  if (o.verbose) return listAll(c, names, d0, d1, smaller, n0, n1, o.printBytes);
  let at = 0;
  while (at < smaller && d0.charCodeAt(at) === d1.charCodeAt(at)) at++;
  if (at < smaller) {
    if (o.silent) return 1;
    const line = lineOf(d0, at) + 1;
    if (o.printBytes) {
      const [x, y] = [d0.charCodeAt(at), d1.charCodeAt(at)];
      c.out.text(
        `${names[0]} ${names[1]} differ: byte ${at + 1}, line ${line} is ${octal(x)} ${sprintc(x)} ${octal(y)} ${sprintc(y)}\n`,
      );
    } else c.out.text(`${names[0]} ${names[1]} differ: char ${at + 1}, line ${line}\n`);
    return 1;
  }
  if (n0 === n1) return 0;
  if (!o.silent) {
    const shorter = names[n1 < n0 ? 1 : 0]!;
    if (smaller === 0) c.err.text(`cmp: EOF on ${shorter} which is empty\n`);
    else {
      const newlines = lineOf(d0, smaller);
      const where = d0.charCodeAt(smaller - 1) === 10 ? `line ${newlines}` : `in line ${newlines + 1}`;
      c.err.text(`cmp: EOF on ${shorter} after byte ${smaller}, ${where}\n`);
    }
  }
  return 1;
}

/** The number of newlines before byte `end`. */
function lineOf(data: string, end: number): number {
  let n = 0;
  for (let i = data.indexOf('\n'); i >= 0 && i < end; i = data.indexOf('\n', i + 1)) n++;
  return n;
}

/** cmp -l: each differing byte as "OFFSET OLD NEW" in octal, then EOF if the lengths differ. */
function listAll(
  c: Ctx,
  names: string[],
  d0: string,
  d1: string,
  smaller: number,
  n0: number,
  n1: number,
  printBytes: boolean,
): number {
  const width = String(Math.min(n0, n1)).length;
  let out = '';
  let differing = false;
  for (let i = 0; i < smaller; i++) {
    const x = d0.charCodeAt(i);
    const y = d1.charCodeAt(i);
    if (x === y) continue;
    differing = true;
    const at = String(i + 1).padStart(width);
    out += printBytes
      ? `${at} ${octal(x)} ${sprintc(x).padEnd(4)} ${octal(y)} ${sprintc(y)}\n`
      : `${at} ${octal(x)} ${octal(y)}\n`;
  }
  c.out.text(out);
  if (n0 !== n1) {
    const shorter = names[n1 < n0 ? 1 : 0]!;
    if (smaller === 0) c.err.text(`cmp: EOF on ${shorter} which is empty\n`);
    else c.err.text(`cmp: EOF on ${shorter} after byte ${smaller}\n`);
    return 1;
  }
  return differing ? 1 : 0;
}

export const cmpPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['cmp', cmp]];
