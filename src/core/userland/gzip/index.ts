// gzip, gunzip and zcat as GNU gzip 1.12 behaves: FILE -> FILE.gz and back (mode and mtime
// kept, the input removed unless -k or -c), stdin to stdout without operands, its messages and
// exit statuses (1 for errors, 2 for warnings, errors winning). The format itself: lib/gzip.ts.
import type { GzipLevel } from '../../oci/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  deflate,
  Failure,
  inflate,
  lastName,
  opt,
  options,
  program,
  readAll,
  strerror,
  UsageError,
} from '../lib/index.ts';

const OK = 0;
const ERROR = 1;
const WARNING = 2;

/** Suffixes gunzip strips, and what it puts back (".tgz" -> ".tar"), as gzip's get_suffix. */
const SUFFIXES: ReadonlyArray<[string, string]> = [
  ['.gz', ''],
  ['.z', ''],
  ['-gz', ''],
  ['-z', ''],
  ['_z', ''],
  ['.tgz', '.tar'],
  ['.taz', '.tar'],
];

interface Options {
  decompress: boolean;
  stdout: boolean;
  keep: boolean;
  force: boolean;
  /** -n: no name or timestamp in the header. */
  noName: boolean;
  level: GzipLevel;
  list: boolean;
  test: boolean;
  quiet: boolean;
  verbose: boolean;
  suffix: string;
}

const GZIP = options({
  stdout: opt.flag('c', 'stdout', 'to-stdout'),
  decompress: opt.flag('d', 'decompress', 'uncompress'),
  keep: opt.flag('k', 'keep'),
  force: opt.flag('f', 'force'),
  noName: opt.choice(false, { n: true, 'no-name': true, N: false, name: false }),
  list: opt.flag('l', 'list'),
  quiet: opt.flag('q', 'quiet'),
  verbose: opt.flag('v', 'verbose'),
  test: opt.flag('t', 'test'),
  suffix: opt.arg('S', 'suffix'),
  level: opt.choice<GzipLevel>(6, { 1: 1, fast: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, best: 9 }),
  recursive: opt.flag('r', 'recursive'),
});

function parse(c: Ctx): { o: Options; files: string[] } {
  const { opts: p, operands } = GZIP.parse(c.args);
  if (p.recursive) throw new UsageError('-r (recursive) is not supported here');
  const suffix = p.suffix ?? '.gz';
  if (suffix === '') throw new Failure("invalid suffix ''");
  const zcat = c.name === 'zcat';
  const o: Options = {
    decompress: zcat || c.name === 'gunzip' || p.decompress || p.test || p.list,
    stdout: zcat || p.stdout || p.test,
    keep: p.keep,
    force: p.force,
    noName: p.noName,
    level: p.level,
    list: p.list,
    test: p.test,
    quiet: p.quiet,
    verbose: p.verbose,
    suffix,
  };
  return { o, files: operands };
}

/** The status after one more outcome: an error outranks a warning. */
function worse(a: number, b: number): number {
  return a === ERROR || b === ERROR ? ERROR : Math.max(a, b);
}

function warn(c: Ctx, o: Options, message: string): number {
  if (!o.quiet) c.err.text(`gzip: ${message}\n`);
  return WARNING;
}

/** What gunzip writes FILE.gz to, or null when the name has no suffix it knows. */
function stripSuffix(name: string, o: Options): string | null {
  const all: Array<[string, string]> = [[o.suffix, ''], ...SUFFIXES];
  for (const [s, put] of all) {
    if (name.length > s.length && name.toLowerCase().endsWith(s.toLowerCase())) {
      const stem = name.slice(0, -s.length);
      if (!stem.endsWith('/')) return stem + put;
    }
  }
  return null;
}

/** gzip's "%5.1f%%" saving: only the deflate stream counts, header (with its name) and trailer not. */
function ratio(gz: Uint8Array, plainSize: number): string {
  const header = gz[3]! & 0x08 ? gz.indexOf(0, 10) + 1 : 10;
  const stream = gz.length - header - 8;
  const r = plainSize === 0 ? 0 : (100 * (plainSize - stream)) / plainSize;
  return `${r.toFixed(1).padStart(5)}%`;
}

function listLine(c: Ctx, gz: Uint8Array, plain: Uint8Array, name: string): void {
  c.out.text(
    `${String(gz.length).padStart(19)} ${String(plain.length).padStart(19)} ${ratio(gz, plain.length)} ${name}\n`,
  );
}

/** One operand (or stdin, as "-"): the status it leaves. */
function one(c: Ctx, o: Options, file: string, listed: { header: boolean }): number {
  const fs = c.fs;
  const stdin = file === '-';
  let input = file;
  if (!stdin && o.decompress && !fs.lookup(file, false) && stripSuffix(file, o) === null) input = file + o.suffix;
  const node = stdin ? undefined : fs.lookup(input, o.force || o.stdout);
  if (!stdin) {
    if (!node) {
      c.err.text(`gzip: ${input}: ${strerror(fs.lookup(input, false) ? 'ELOOP' : 'ENOENT')}\n`);
      return ERROR;
    }
    if (node.kind === 'dir') return warn(c, o, `${input} is a directory -- ignored`);
    if (node.kind === 'symlink') {
      // gzip opens with O_NOFOLLOW unless -f or -c.
      c.err.text(`gzip: ${input}: ${strerror('ELOOP')}\n`);
      return ERROR;
    }
    if (!o.stdout && !o.force && node.nlink > 1) {
      const others = node.nlink - 1;
      return warn(c, o, `${input} has ${others} other link${others > 1 ? 's' : ''} -- file ignored`);
    }
  }
  let output: string | null = null;
  if (!stdin && !o.stdout && !o.list) {
    if (o.decompress) {
      output = stripSuffix(input, o);
      if (output === null) return warn(c, o, `${input}: unknown suffix -- ignored`);
    } else {
      if (stripSuffix(input, o) !== null) {
        if (!o.quiet) c.err.text(`gzip: ${input} already has ${o.suffix} suffix -- unchanged\n`);
        return OK;
      }
      output = input + o.suffix;
    }
  }
  const data = stdin ? readAll(c.stdin) : fs.readFile(input);
  const what = stdin ? 'stdin' : input;
  // gzip reads the input's header before it looks at the output's name.
  const plain = o.decompress ? inflate(c, data, what) : undefined;
  if (plain === null) return ERROR;
  if (output !== null && fs.lookup(output, false) && !o.force) {
    return warn(c, o, `${output} already exists;\tnot overwritten`);
  }
  let result: Uint8Array;
  if (plain) {
    if (o.list) {
      if (!listed.header) c.out.text('         compressed        uncompressed  ratio uncompressed_name\n');
      listed.header = true;
      listLine(c, data, plain, stdin ? 'stdout' : (stripSuffix(input, o) ?? input));
      return OK;
    }
    if (o.test) return OK;
    result = plain;
  } else {
    const mtime = !o.noName && node ? Number(node.mtim / 1_000_000_000n) : 0;
    result = deflate(data, o.level, o.noName || !node ? undefined : lastName(input), Math.max(0, mtime));
  }
  if (o.verbose) {
    const r = plain ? ratio(data, plain.length) : ratio(result, data.length);
    c.err.text(`${stdin ? 'stdin' : input}:\t${r} -- replaced with ${output ?? 'stdout'}\n`);
  }
  if (output === null) {
    c.out.bytes(result);
    return OK;
  }
  if (fs.lookup(output, false)) fs.unlink(output);
  const f = fs.writeFile(output, result, 0o600);
  // As gzip's copy_stat: the new file takes the old one's mode, owner and times.
  f.mode = node!.mode;
  f.uid = node!.uid;
  f.gid = node!.gid;
  f.atim = node!.atim;
  f.mtim = node!.mtim;
  if (!o.keep) fs.unlink(input);
  return OK;
}

const gzipCommand = program((c) => {
  let parsed;
  try {
    parsed = parse(c);
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof Failure)) throw e;
    // Debian's gunzip and zcat are scripts that run gzip: its messages name gzip, quoted `so'.
    const tryHelp = e instanceof UsageError ? "Try `gzip --help' for more information.\n" : '';
    c.err.text(`gzip: ${e.message}\n${tryHelp}`);
    return ERROR;
  }
  const { o, files } = parsed;
  let status = OK;
  const listed = { header: false };
  for (const f of files.length === 0 ? ['-'] : files) status = worse(status, one(c, o, f, listed));
  return status;
});

export const gzipPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['gzip', gzipCommand],
  ['gunzip', gzipCommand],
  ['zcat', gzipCommand],
];
