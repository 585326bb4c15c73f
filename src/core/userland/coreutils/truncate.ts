// truncate (GNU coreutils 9.1): sets each file's size, absolutely (-s N), relative to itself
// (+N, -N, <N at most, >N at least, /N down and %N up to a multiple) or to a reference file
// (-r), creating missing files unless -c. Sizes take K (1024), KB (1000), KiB ... suffixes.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { Failure, FsError, opt, options, program, q, strerror, UsageError } from '../lib/index.ts';

const POWERS: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };

/** A size with xstrtoimax's suffixes: K and KiB are powers of 1024, KB of 1000. */
function parseSize(s: string): number {
  const m = /^([0-9]+)(?:([kKmMgGtTPEZY])(B|iB)?)?$/.exec(s);
  if (!m) throw new Failure(`Invalid number: ${q(s)}`);
  const n = Number(m[1]);
  if (!m[2]) return n;
  return n * (m[3] === 'B' ? 1000 : 1024) ** POWERS[m[2].toUpperCase()]!;
}

type Op = '=' | '+' | '-' | '<' | '>' | '/' | '%';

const TRUNCATE = options({
  noCreate: opt.flag('c', 'no-create'),
  ioBlocks: opt.flag('o', 'io-blocks'),
  reference: opt.arg('r', 'reference'),
  size: opt.arg('s', 'size'),
});

/** The size the files' blocks are counted in with -o: st_blksize, as the volume reports it. */
const BLOCK = 4096;

const truncate = program((c) => {
  const { opts: o, operands } = TRUNCATE.parse(c.args);
  let op: Op = '=';
  let n = 0;
  if (o.size !== undefined) {
    const m = /^([-+<>/%]?)(.*)$/.exec(o.size)!;
    op = (m[1] || '=') as Op;
    n = parseSize(m[2]!) * (o.ioBlocks ? BLOCK : 1);
    if ((op === '/' || op === '%') && n === 0) throw new Failure('division by zero');
  }
  if (o.size === undefined && o.reference === undefined)
    throw new UsageError("you must specify either '--size' or '--reference'");
  if (o.reference !== undefined && o.size !== undefined && op === '=')
    throw new UsageError("you must specify a relative '--size' with '--reference'");
  if (operands.length === 0) throw new UsageError('missing file operand');
  let reference: number | undefined;
  if (o.reference !== undefined) {
    const node = c.fs.lookup(o.reference);
    if (!node) throw new Failure(`cannot stat ${q(o.reference)}: ${strerror('ENOENT')}`);
    reference = node.kind === 'file' ? node.content.size : 4096;
    if (o.size === undefined) n = reference;
  }
  let status = 0;
  for (const file of operands) {
    if (o.noCreate && !c.fs.lookup(file)) continue;
    let f;
    try {
      f = c.fs.create(file);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`cannot open ${q(file)} for writing: ${strerror(e.errno)}`);
      status = 1;
      continue;
    }
    const old = reference ?? f.content.size;
    const size = {
      '=': n,
      '+': old + n,
      '-': Math.max(0, old - n),
      '<': Math.min(old, n),
      '>': Math.max(old, n),
      '/': Math.floor(old / n) * n,
      '%': Math.ceil(old / n) * n,
    }[op];
    f.content.resize(size);
    c.fs.touch(f);
  }
  return status;
});

export const truncatePrograms: ReadonlyArray<[string, BuiltinProgram]> = [['truncate', truncate]];
