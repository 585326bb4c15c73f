// shuf: a random permutation of the input lines (a file, stdin, -e's arguments or -i's range),
// -n of them, -r repeating, -z NUL-terminated, -o into a file. Choices follow shuf.c and gnulib's
// randint/randperm exactly, so --random-source=FILE gives what GNU's shuf gives for that file,
// including the reservoir sampling it switches to for `-n` over stdin (a pipe here).
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  binToBytes,
  bytesToBin,
  Failure,
  FsError,
  opt,
  options,
  program,
  quote,
  quotef,
  Randint,
  RandomBytes,
  randperm,
  randpermBound,
  readAll,
  strerror,
  UsageError,
  xstrtoumax,
  type Ctx,
} from '../lib/index.ts';

const SHUF = options({
  echo: opt.flag('e', 'echo'),
  ranges: opt.args('i', 'input-range'),
  counts: opt.args('n', 'head-count'),
  outputs: opt.args('o', 'output'),
  sources: opt.args('random-source'),
  repeat: opt.flag('r', 'repeat'),
  zero: opt.flag('z', 'zero-terminated'),
});

const SIZE_MAX = (1n << 64n) - 1n;
/** shuf.c samples a reservoir for -n over inputs larger than this, or of unknown size. */
const RESERVOIR_MIN_INPUT = 8192n * 1024n;
/** Output of -r without -n stops here: pipelines here run each stage to its end. */
const ENDLESS_LIMIT = 1 << 20;

/** One -i bound, as xdectoumax reads it. */
function rangeBound(s: string): bigint {
  const { status, value } = xstrtoumax(s, 10, '');
  if (status === 'ok') return value;
  const why = status === 'overflow' ? ': Value too large for defined data type' : '';
  throw new Failure(`invalid input range: ${quote(s)}${why}`);
}

function parseRange(arg: string): { lo: bigint; hi: bigint } {
  const dash = arg.indexOf('-');
  const lo = dash < 0 ? SIZE_MAX : rangeBound(arg.slice(0, dash));
  const hi = rangeBound(dash < 0 ? arg : arg.slice(dash + 1));
  const count = (hi - lo + 1n) & SIZE_MAX;
  if (dash < 0 || lo <= hi === (count === 0n)) throw new Failure(`invalid input range: ${quote(arg)}`);
  return { lo, hi };
}

function readNamed(c: Ctx, name: string): Uint8Array {
  try {
    return c.fs.readFile(name);
  } catch (e) {
    if (e instanceof FsError) throw new Failure(`${quotef(name)}: ${strerror(e.errno)}`);
    throw e;
  }
}

/** The input's lines, each with its terminator (one is added to a last line without). */
function splitInput(data: string, eol: string): string[] {
  if (data === '') return [];
  const lines = data.split(eol).map((l) => l + eol);
  if (data.endsWith(eol)) lines.pop();
  return lines;
}

/** shuf.c's read_input_reservoir_sampling: up to k lines, each kept with the right chance. */
function reservoir(lines: string[], k: bigint, r: Randint): string[] {
  const kept: string[] = [];
  let next = 0;
  while (BigInt(kept.length) < k && next < lines.length) kept.push(lines[next++]!);
  if (BigInt(kept.length) < k) return kept;
  // A choice is drawn before each further read, the last one finding the end.
  let n = BigInt(kept.length);
  for (;;) {
    const j = r.choose(n + 1n);
    if (next >= lines.length) break;
    const line = lines[next++]!;
    if (j < k) kept[Number(j)] = line;
    n++;
  }
  return kept;
}

const shuf = program((c) => {
  const { opts: o, operands } = SHUF.parse(c.args);
  let head = SIZE_MAX;
  for (const n of o.counts) {
    const { status, value } = xstrtoumax(n, 10, '');
    if (status === 'ok') head = value < head ? value : head;
    else if (status !== 'overflow') throw new Failure(`invalid line count: ${quote(n)}`);
  }
  if (o.ranges.length > 1) {
    parseRange(o.ranges[0]!);
    throw new Failure('multiple -i options specified');
  }
  const range = o.ranges.length === 1 ? parseRange(o.ranges[0]!) : null;
  if (new Set(o.outputs).size > 1) throw new Failure('multiple output files specified');
  if (new Set(o.sources).size > 1) throw new Failure('multiple random sources specified');
  const outfile = o.outputs[0];
  const source = o.sources[0];
  if (o.echo && range) throw new UsageError('cannot combine -e and -i options');
  if (range ? operands.length > 0 : !o.echo && operands.length > 1)
    throw new UsageError(`extra operand ${quote(operands[range ? 0 : 1]!)}`);
  const eol = o.zero ? '\0' : '\n';

  let lines: string[] = [];
  let count = 0n;
  let sample = false;
  if (head === 0n) {
    // Nothing is read: not even the input file is opened.
  } else if (o.echo) {
    lines = operands.map((a) => argToBin(a) + eol);
    count = BigInt(lines.length);
  } else if (range) {
    count = range.hi - range.lo + 1n;
  } else {
    const file = operands[0] ?? '-';
    const data = file === '-' ? readAll(c.stdin) : readNamed(c, file);
    // shuf.c samples when it cannot know the size up front (stdin is a pipe here) or it is large.
    sample = !o.repeat && head !== SIZE_MAX && (file === '-' || BigInt(data.byteLength) > RESERVOIR_MIN_INPUT);
    lines = splitInput(bytesToBin(data), eol);
    // A sample's line count is unknown until it is read.
    count = sample ? SIZE_MAX : BigInt(lines.length);
  }

  let ahead = o.repeat || head < count ? head : count;
  const bound = sample || o.repeat ? SIZE_MAX : randpermBound(ahead, count);
  // With nothing to choose, shuf.c never opens the random source.
  const random = new Randint(
    bound > 0n && source !== undefined ? RandomBytes.fromFile(source, readNamed(c, source)) : RandomBytes.platform(),
  );
  if (sample) {
    lines = reservoir(lines, ahead, random);
    count = BigInt(lines.length);
    ahead = count;
  }
  const permutation = o.repeat ? [] : randperm(random, ahead, count);

  // -o is opened (and emptied) only now, so that `shuf -o f f` shuffles f in place.
  let write = (bytes: string): void => c.out.bin(bytes);
  if (outfile !== undefined) {
    try {
      const sink = c.fs.openSink(outfile, false);
      write = (bytes) => sink(binToBytes(bytes));
    } catch (e) {
      if (e instanceof FsError) throw new Failure(`${quotef(outfile)}: ${strerror(e.errno)}`);
      throw e;
    }
  }
  const parts: string[] = [];
  if (o.repeat) {
    if (head !== 0n) {
      if (count === 0n) throw new Failure('no lines to repeat');
      let size = 0;
      for (let i = 0n; i < ahead && (head !== SIZE_MAX || size < ENDLESS_LIMIT); i++) {
        const j = random.choose(count);
        const part = range ? `${range.lo + j}${eol}` : lines[Number(j)]!;
        parts.push(part);
        size += part.length;
      }
    }
  } else {
    for (const j of permutation) parts.push(range ? `${range.lo + j}${eol}` : lines[Number(j)]!);
  }
  write(parts.join(''));
  return 0;
});

export const shufPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['shuf', shuf]];
