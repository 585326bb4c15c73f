// split: pieces of a file into PREFIXaa, PREFIXab, ... by lines (-l, -NUM), bytes (-b),
// bytes of whole lines (-C) or a number of chunks (-n N, K/N, l/N, l/K/N, r/N, r/K/N), with
// alphabetic, numeric (-d) or hex (-x) suffixes that widen when they run out, -t separators,
// -e, --verbose and --filter=COMMAND (run by $SHELL with $FILE). Ported from coreutils 9.1's
// split.c, whose reads of 128 KiB blocks -C and -n l/ follow here too.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { bytesStdin } from '../../runtime/stdio.ts';
import {
  binToBytes,
  bytesToBin,
  decimalArg,
  Failure,
  FsError,
  opt,
  options,
  program,
  quote,
  quoteaf,
  quotef,
  readAll,
  strerror,
  UsageError,
  type Ctx,
  type Option,
} from '../lib/index.ts';

/** --numeric-suffixes[=FROM] and --hex-suffixes[=FROM], each with its FROM, in order. */
const suffixStarts: Option<Array<[string, string | undefined]>> = {
  names: ['numeric-suffixes', 'hex-suffixes'],
  argument: 'optional',
  initial: () => [],
  next: (list, name, v) => [...list, [name, v]],
  meaning: (name) => name,
};

const SPLIT = options({
  suffixLength: opt.arg('a', 'suffix-length'),
  additional: opt.arg('additional-suffix'),
  ways: opt.taggedArgs({
    b: 'b',
    bytes: 'b',
    l: 'l',
    lines: 'l',
    C: 'C',
    'line-bytes': 'C',
    n: 'n',
    number: 'n',
  } as const),
  shortSuffixes: opt.choice<'' | 'd' | 'x'>('', { d: 'd', x: 'x' }),
  suffixStarts,
  elide: opt.flag('e', 'elide-empty-files'),
  unbuffered: opt.flag('u', 'unbuffered'),
  separators: opt.args('t', 'separator'),
  filter: opt.arg('filter'),
  verbose: opt.flag('verbose'),
});

const UINTMAX = 2n ** 64n - 1n;
const OFF_T_MAX = 2n ** 63n - 1n;
const MULTIPLIERS = 'bEGKkMmPTYZ0';
/** io_blksize of a regular file: split.c reads in blocks of this size. */
const BLOCK = 128 * 1024;
const NAME_MAX = 255;

/** `-5`, `-100`: the obsolete line count, from an argument of digits alone (the last one counts). */
function obsoleteLines(args: string[]): { args: string[]; lines: string | undefined } {
  const out: string[] = [];
  let lines: string | undefined;
  let wantsArgument = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return { args: [...out, ...args.slice(i)], lines };
    if (!wantsArgument && /^-[0-9]+$/.test(a)) {
      lines = a.slice(1);
      continue;
    }
    out.push(a);
    // The next word is an argument of a short option ending this one, or of a bare long one.
    wantsArgument =
      !wantsArgument &&
      (/^-[^-]*[abClnt]$/.test(a) ||
        /^--(suffix-length|additional-suffix|bytes|lines|line-bytes|number|separator|filter)$/.test(a));
  }
  return { args: out, lines };
}

/** xdectoumax for a split option: a count with `suffixes` in [min, max]. */
function count(s: string, min: bigint, max: bigint, message: string, suffixes = ''): bigint {
  return decimalArg(s, min, max, message, { unsigned: true, suffixes });
}

type Mode =
  | { kind: 'lines'; n: bigint }
  | { kind: 'bytes'; n: bigint }
  | { kind: 'linebytes'; n: bigint }
  | { kind: 'chunks'; k: bigint; n: bigint }
  | { kind: 'chunklines'; k: bigint; n: bigint }
  | { kind: 'roundrobin'; k: bigint; n: bigint };

function chunkMode(arg: string): Mode {
  let s = arg.replace(/^[ \t\n\v\f\r]+/, '');
  let kind: 'chunks' | 'chunklines' | 'roundrobin' = 'chunks';
  if (s.startsWith('r/')) [kind, s] = ['roundrobin', s.slice(2)];
  else if (s.startsWith('l/')) [kind, s] = ['chunklines', s.slice(2)];
  const slash = s.indexOf('/');
  if (slash < 0) return { kind, k: 0n, n: count(s, 1n, UINTMAX, 'invalid number of chunks') };
  const n = count(s.slice(slash + 1), 1n, UINTMAX, 'invalid number of chunks');
  const k = slash === 0 ? 0n : count(s.slice(0, slash), 1n, n, 'invalid chunk number');
  return { kind, k, n };
}

/** The names of the pieces, as split.c's next_file_name makes them. */
class Names {
  readonly #alphabet: string;
  readonly #additional: string;
  readonly #start: string | undefined;
  #auto: boolean;
  #base: string;
  #length: number;
  #index: number[] = [];
  #mid: string[] = [];
  #started = false;

  constructor(o: {
    prefix: string;
    alphabet: string;
    additional: string;
    start?: string;
    length: number;
    auto: boolean;
  }) {
    this.#base = o.prefix;
    this.#alphabet = o.alphabet;
    this.#additional = o.additional;
    this.#start = o.start;
    this.#length = o.length;
    this.#auto = o.auto;
  }

  next(): string {
    if (!this.#started) {
      this.#started = true;
      return this.#reset(false);
    }
    for (let i = this.#length - 1; i >= 0; i--) {
      this.#index[i]!++;
      // Before the first letter reaches the last one, the names widen: xyz, then xzaaa.
      if (this.#auto && i === 0 && this.#index[0]! + 1 >= this.#alphabet.length) return this.#reset(true);
      if (this.#index[i]! < this.#alphabet.length) {
        this.#mid[i] = this.#alphabet[this.#index[i]!]!;
        return this.#name();
      }
      this.#index[i] = 0;
      this.#mid[i] = this.#alphabet[0]!;
    }
    throw new Failure('output file suffixes exhausted');
  }

  #reset(widen: boolean): string {
    if (widen) {
      this.#base += this.#alphabet[this.#index[0]!]!;
      this.#length++;
    }
    this.#mid = Array.from({ length: this.#length }, () => this.#alphabet[0]!);
    this.#index = Array.from({ length: this.#length }, () => 0);
    if (this.#start !== undefined) {
      const at = this.#length - this.#start.length;
      for (let i = 0; i < this.#start.length; i++) {
        this.#mid[at + i] = this.#start[i]!;
        this.#index[at + i] = this.#alphabet.indexOf(this.#start[i]!);
      }
    }
    const name = this.#name();
    const last = name.slice(name.lastIndexOf('/') + 1);
    if (new TextEncoder().encode(last).byteLength > NAME_MAX) throw new Failure(`${quotef(name)}: File name too long`);
    return name;
  }

  #name(): string {
    return this.#base + this.#mid.join('') + this.#additional;
  }
}

/** What split does, in order: open a piece, add to it, close it, or write to stdout. */
type Step =
  | { op: 'open'; file: number; name: string }
  | { op: 'write'; file: number; data: string }
  | { op: 'close'; file: number }
  | { op: 'stdout'; data: string }
  | { op: 'fail'; error: Failure };

/** The pieces split.c writes, as steps: its cwrite, closeout and create. */
class Plan {
  readonly steps: Step[] = [];
  readonly #names: Names;
  readonly #elide: boolean;
  #current = -1;
  #files = 0;

  constructor(names: Names, elide: boolean) {
    this.#names = names;
    this.#elide = elide;
  }

  /** cwrite: with `newFile`, the previous piece is closed and the next one begun. */
  write(newFile: boolean, data: string | null): void {
    if (newFile) {
      if (data === null && this.#elide) return;
      this.closeCurrent();
      this.#current = this.open(this.#names.next());
    }
    if (data) this.steps.push({ op: 'write', file: this.#current, data });
  }

  open(name: string): number {
    const file = this.#files++;
    this.steps.push({ op: 'open', file, name });
    return file;
  }

  nextName(): string {
    return this.#names.next();
  }

  closeCurrent(): void {
    if (this.#current >= 0) this.steps.push({ op: 'close', file: this.#current });
    this.#current = -1;
  }
}

/** Input read in blocks, as split.c's safe_read and lseek see the file. */
class Reader {
  readonly data: string;
  #pos = 0;
  constructor(data: string) {
    this.data = data;
  }
  read(max: number): string {
    const out = this.data.slice(this.#pos, this.#pos + max);
    this.#pos += out.length;
    return out;
  }
  skip(n: number): void {
    this.#pos += n;
  }
}

function linesSplit(plan: Plan, data: string, n: bigint, eol: string): void {
  let newFile = true;
  let lines = 0n;
  let start = 0;
  for (let at = data.indexOf(eol); at >= 0; at = data.indexOf(eol, at + 1)) {
    if (++lines >= n) {
      plan.write(newFile, data.slice(start, at + 1));
      start = at + 1;
      newFile = true;
      lines = 0n;
    }
  }
  if (start < data.length) plan.write(newFile, data.slice(start));
}

/** bytes_split: pieces of n bytes; with `maxFiles`, the last takes the rest and all are made. */
function bytesSplit(plan: Plan, data: string, n: bigint, maxFiles: bigint): void {
  let opened = 0n;
  let at = 0;
  while (at < data.length) {
    const left = data.length - at;
    const last = maxFiles > 0n && opened + 1n >= maxFiles;
    const take = last || n >= BigInt(left) ? left : Number(n);
    plan.write(true, data.slice(at, at + take));
    opened++;
    at += take;
  }
  while (opened++ < maxFiles) plan.write(true, null);
}

/** line_bytes_split (-C): pieces of at most n bytes, broken after a separator where one fits. */
function lineBytesSplit(plan: Plan, input: Reader, n: bigint, eol: string): void {
  let nOut = 0n;
  let hold = '';
  let splitLine = false;
  for (;;) {
    const buf = input.read(BLOCK);
    if (buf === '') break;
    let left = buf.length;
    let sob = 0;
    while (left > 0) {
      let rest = 0n;
      let eoc = false;
      let eol_: number;
      const room = n - nOut - BigInt(hold.length);
      if (room <= BigInt(left)) {
        rest = room;
        eoc = true;
        eol_ = buf.lastIndexOf(eol, sob + Number(rest) - 1);
        if (eol_ < sob) eol_ = -1;
      } else {
        eol_ = buf.lastIndexOf(eol, sob + left - 1);
        if (eol_ < sob) eol_ = -1;
      }
      if (hold !== '' && !(eol_ < 0 && nOut > 0n)) {
        plan.write(nOut === 0n, hold);
        nOut += BigInt(hold.length);
        hold = '';
      }
      if (eol_ >= 0) {
        splitLine = true;
        const w = eol_ - sob + 1;
        plan.write(nOut === 0n, buf.slice(sob, sob + w));
        nOut += BigInt(w);
        left -= w;
        sob += w;
        if (eoc) rest -= BigInt(w);
      }
      if (left > 0 && !splitLine) {
        const w = eoc ? Number(rest) : left;
        plan.write(nOut === 0n, buf.slice(sob, sob + w));
        nOut += BigInt(w);
        left -= w;
        sob += w;
        if (eoc) rest -= BigInt(w);
      }
      if ((eoc && rest > 0n) || (!eoc && left > 0)) {
        const w = eoc ? Number(rest) : left;
        hold += buf.slice(sob, sob + w);
        left -= w;
        sob += w;
      }
      if (eoc) {
        nOut = 0n;
        splitLine = false;
      }
    }
  }
  if (hold !== '') plan.write(nOut === 0n, hold);
}

/** lines_chunk_split (-n l/N, l/K/N): each line goes to the chunk of the file its start falls in. */
function linesChunkSplit(plan: Plan, input: Reader, k: number, n: number, fileSize: number, eol: string): void {
  const chunkSize = Math.floor(fileSize / n);
  let chunkNo = 1;
  let chunkEnd = chunkSize - 1;
  let written = 0;
  let newFile = true;
  let truncated = false;
  if (k > 1) {
    const start = (k - 1) * chunkSize - 1;
    input.skip(start);
    written = start;
    chunkNo = k - 1;
    chunkEnd = chunkNo * chunkSize - 1;
  }
  while (written < fileSize) {
    let buf = input.read(BLOCK);
    if (buf === '') break;
    buf = buf.slice(0, fileSize - written);
    truncated = false;
    let bp = 0;
    const eob = buf.length;
    while (bp !== eob) {
      let next = false;
      const skip = Math.min(eob - bp, Math.max(0, chunkEnd - written));
      const found = buf.indexOf(eol, bp + skip);
      let end: number;
      if (found >= 0) {
        end = found + 1;
        next = true;
      } else end = eob;
      const piece = buf.slice(bp, end);
      if (k === chunkNo) plan.steps.push({ op: 'stdout', data: piece });
      else if (k === 0) plan.write(newFile, piece);
      written += piece.length;
      bp = end;
      newFile = next;
      // A line so long it passes whole chunks leaves them empty.
      while (next || chunkEnd <= written - 1) {
        if (!next && bp === eob) {
          truncated = true;
          break;
        }
        chunkNo++;
        if (k > 0 && chunkNo > k) return;
        chunkEnd = chunkNo === n ? fileSize - 1 : chunkEnd + chunkSize;
        if (chunkEnd <= written - 1) {
          if (k === 0) plan.write(true, null);
        } else next = false;
      }
    }
  }
  if (truncated) chunkNo++;
  while (k === 0 && chunkNo++ <= n) plan.write(true, null);
}

/** lines_rr (-n r/N, r/K/N): line i to piece i mod N; all N are made. */
function roundRobin(plan: Plan, data: string, k: bigint, n: bigint, eol: string, elide: boolean): void {
  const lines: string[] = [];
  for (let at = 0; at < data.length;) {
    const end = data.indexOf(eol, at);
    const stop = end < 0 ? data.length : end + 1;
    lines.push(data.slice(at, stop));
    at = stop;
  }
  if (k > 0n) {
    const picked = lines.filter((_, i) => BigInt(i) % n === k - 1n);
    if (picked.length > 0) plan.steps.push({ op: 'stdout', data: picked.join('') });
    return;
  }
  const count = Number(n);
  const names = Array.from({ length: count }, () => plan.nextName());
  const opened: number[] = [];
  lines.forEach((line, i) => {
    const f = i % count;
    const file = (opened[f] ??= plan.open(names[f]!));
    plan.steps.push({ op: 'write', file, data: line });
  });
  // Pieces no line reached are made empty, unless -e.
  for (let f = 0; f < count; f++) {
    const file = opened[f] ?? (elide ? undefined : plan.open(names[f]!));
    if (file !== undefined) plan.steps.push({ op: 'close', file });
  }
}

interface Run {
  c: Ctx;
  filter: string | undefined;
  verbose: boolean;
  /** The input file's node, which no piece may be. */
  input: unknown;
}

/** Carries out the steps: files in the volume, or each piece through the filter. */
async function carryOut(steps: Step[], r: Run): Promise<number> {
  const { c } = r;
  // split's own stdout is block-buffered, so a filter's output comes before its messages.
  let buffered = '';
  const flush = (): void => {
    c.out.text(buffered);
    buffered = '';
  };
  const pieces = new Map<number, { name: string; write: (s: string) => void; data: string[] }>();
  try {
    for (const step of steps) {
      if (step.op === 'fail') throw step.error;
      if (step.op === 'stdout') {
        flush();
        c.out.bin(step.data);
      } else if (step.op === 'open') {
        const { name } = step;
        if (r.filter !== undefined) {
          if (r.verbose) buffered += `executing with FILE=${quotef(name)}\n`;
          const data: string[] = [];
          pieces.set(step.file, { name, write: (s) => data.push(s), data });
          continue;
        }
        if (r.verbose) buffered += `creating file ${quoteaf(name)}\n`;
        let write: (s: string) => void;
        try {
          const f = c.fs.create(name);
          if (f === r.input) throw new Failure(`${quoteaf(name)} would overwrite input; aborting`);
          f.content.resize(0);
          c.fs.touch(f);
          const sink = c.fs.openSink(name, true);
          write = (s) => sink(binToBytes(s));
        } catch (e) {
          if (e instanceof FsError) throw new Failure(`${quotef(name)}: ${strerror(e.errno)}`);
          throw e;
        }
        pieces.set(step.file, { name, write, data: [] });
      } else if (step.op === 'write') {
        pieces.get(step.file)!.write(step.data);
      } else if (r.filter !== undefined) {
        const piece = pieces.get(step.file)!;
        const shell = c.getenv('SHELL') ?? '/bin/sh';
        const status = await c.processes.spawn({
          argv: [shell, '-c', r.filter],
          env: [...c.spec.env.filter((e) => !e.startsWith('FILE=')), `FILE=${piece.name}`],
          cwd: c.spec.cwd,
          stdin: bytesStdin(binToBytes(piece.data.join(''))),
          stdout: c.out.sink,
          stderr: c.err.sink,
        });
        if (status !== 0) {
          flush();
          c.warn(`with FILE=${quotef(piece.name)}, exit ${status} from command: ${r.filter}`);
          return status;
        }
      }
    }
  } finally {
    flush();
  }
  return 0;
}

const split = program(async (c) => {
  const obsolete = obsoleteLines(c.args);
  const { opts: o, operands } = SPLIT.parse(obsolete.args);
  let mode: Mode | undefined;
  const way = o.ways[0];
  if (way) {
    const [kind, arg] = way;
    if (kind === 'b') mode = { kind: 'bytes', n: count(arg, 1n, OFF_T_MAX, 'invalid number of bytes', MULTIPLIERS) };
    else if (kind === 'l') mode = { kind: 'lines', n: count(arg, 1n, UINTMAX, 'invalid number of lines') };
    else if (kind === 'C')
      mode = { kind: 'linebytes', n: count(arg, 1n, OFF_T_MAX, 'invalid number of bytes', MULTIPLIERS) };
    else mode = chunkMode(arg);
  }
  if (o.ways.length > 1 || (way && obsolete.lines !== undefined))
    throw new UsageError('cannot split in more than one way');
  if (obsolete.lines !== undefined) {
    let n = 0n;
    for (const digit of obsolete.lines) {
      const next = n * 10n + BigInt(digit);
      if (next > UINTMAX) throw new Failure(`line count option -${n}${digit}... is too large`);
      n = next;
    }
    mode = { kind: 'lines', n };
  }
  const suffixLength =
    o.suffixLength === undefined ? 0n : count(o.suffixLength, 0n, UINTMAX / 8n, 'invalid suffix length');
  if (o.additional !== undefined && o.additional.includes('/'))
    throw new UsageError(`invalid suffix ${quote(o.additional)}, contains directory separator`);
  let eol: string | undefined;
  for (const t of o.separators) {
    if (t === '') throw new Failure('empty record separator');
    let sep = t[0]!;
    if (t.length > 1) {
      if (t !== '\\0') throw new Failure(`multi-character separator ${quote(t)}`);
      sep = '\0';
    }
    if (eol !== undefined && sep !== eol) throw new Failure('multiple separator characters specified');
    eol = sep;
  }
  let alphabet = 'abcdefghijklmnopqrstuvwxyz';
  let start: string | undefined;
  const lastStart = o.suffixStarts[o.suffixStarts.length - 1];
  const style = lastStart ? (lastStart[0] === 'hex-suffixes' ? 'x' : 'd') : o.shortSuffixes;
  if (style !== '') alphabet = style === 'd' ? '0123456789' : '0123456789abcdef';
  for (const [name, from] of o.suffixStarts) {
    if (from === undefined) continue;
    const digits = name === 'numeric-suffixes' ? '0123456789' : '0123456789abcdef';
    if ([...from].some((ch) => !digits.includes(ch))) {
      const kind = name === 'numeric-suffixes' ? 'numerical' : 'hexadecimal';
      throw new UsageError(`${quote(from)}: invalid start value for ${kind} suffix`);
    }
    start = from.replace(/^0+(?=.)/, '');
  }
  const way_ = mode ?? { kind: 'lines', n: 1000n };
  const k = 'k' in way_ ? way_.k : 0n;
  if (k !== 0n && o.filter !== undefined) throw new UsageError('--filter does not process a chunk extracted to stdout');
  if (way_.n === 0n) throw new UsageError(`invalid number of lines: ${quote('0')}`);

  // set_suffix_length: -n's pieces all need names of one length.
  let auto = start === undefined;
  let needed = 0n;
  if (way_.kind === 'chunks' || way_.kind === 'chunklines' || way_.kind === 'roundrobin') {
    let end = way_.n - 1n;
    if (start !== undefined) {
      const from = BigInt(start);
      if (from <= UINTMAX - way_.n && from < way_.n) end += from;
    }
    const base = BigInt(alphabet.length);
    do needed++;
    while ((end /= base) > 0n);
    auto = false;
  }
  let length: bigint;
  if (suffixLength > 0n) {
    if (suffixLength < needed) throw new Failure(`the suffix length needs to be at least ${needed}`);
    auto = false;
    length = suffixLength;
  } else length = needed > 2n ? needed : 2n;

  if (operands.length > 2) throw new UsageError(`extra operand ${quote(operands[2]!)}`);
  const infile = operands[0] ?? '-';
  const prefix = operands[1] ?? 'x';
  if (start !== undefined && BigInt(start.length) > length)
    throw new UsageError('numerical suffix start value is too large for the suffix length');

  let input: unknown = null;
  let bytes: Uint8Array;
  if (infile === '-') bytes = readAll(c.stdin);
  else {
    try {
      input = c.fs.stat(infile);
      bytes = c.fs.readFile(infile);
    } catch (e) {
      if (e instanceof FsError) throw new Failure(`cannot open ${quoteaf(infile)} for reading: ${strerror(e.errno)}`);
      throw e;
    }
  }
  const data = bytesToBin(bytes);
  const sep = eol ?? '\n';
  const names = new Names({
    prefix,
    alphabet,
    additional: o.additional ?? '',
    start,
    length: Number(length),
    auto,
  });
  const plan = new Plan(names, o.elide);
  try {
    switch (way_.kind) {
      case 'lines':
        linesSplit(plan, data, way_.n, sep);
        break;
      case 'bytes':
        bytesSplit(plan, data, way_.n, 0n);
        break;
      case 'linebytes':
        lineBytesSplit(plan, new Reader(data), way_.n, sep);
        break;
      case 'chunks':
      case 'chunklines': {
        if (way_.n > OFF_T_MAX)
          throw new Failure(
            `invalid number of chunks: ${quote(String(way_.n))}: Value too large for defined data type`,
          );
        // Piped input has no size for GNU's split; here every input is whole, so it has one.
        const size = BigInt(data.length) > way_.n ? data.length : Number(way_.n);
        if (way_.kind === 'chunklines') linesChunkSplit(plan, new Reader(data), Number(k), Number(way_.n), size, sep);
        else if (k === 0n) bytesSplit(plan, data, BigInt(size) / way_.n, way_.n);
        else {
          const per = BigInt(size) / way_.n;
          const from = Number((k - 1n) * per);
          const to = k === way_.n ? size : Number(k * per);
          if (from < data.length) plan.steps.push({ op: 'stdout', data: data.slice(from, to) });
        }
        break;
      }
      case 'roundrobin':
        roundRobin(plan, data, k, way_.n, sep, o.elide);
        break;
    }
    plan.closeCurrent();
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    plan.steps.push({ op: 'fail', error: e });
  }
  return carryOut(plan.steps, { c, filter: o.filter, verbose: o.verbose, input });
});

export const splitPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['split', split]];
