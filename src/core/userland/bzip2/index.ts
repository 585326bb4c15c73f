// bzip2, bunzip2 and bzcat as bzip2 1.0.8 decompresses: FILE.bz2 -> FILE (.tbz2 -> .tar; mode
// and times kept, the input removed unless -k or -c), stdin to stdout without operands, -t,
// its messages and exit statuses (1 for a file trouble, 2 for data that is not bzip2 or is
// damaged). Compression is not supported: bzip2 without -d says so. The format: lib/bzip2.ts.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  bunzip2,
  bunzip2Message,
  type Ctx,
  Failure,
  FsError,
  opt,
  options,
  program,
  readAll,
  strerror,
} from '../lib/index.ts';

const BZIP2 = options({
  decompress: opt.flag('d', 'decompress'),
  compress: opt.flag('z', 'compress'),
  keep: opt.flag('k', 'keep'),
  force: opt.flag('f', 'force'),
  test: opt.flag('t', 'test'),
  stdout: opt.flag('c', 'stdout'),
  quiet: opt.flag('q', 'quiet'),
  verbose: opt.count('v', 'verbose'),
  small: opt.flag('s', 'small'),
  level: opt.choice(9, { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, fast: 1, best: 9 }),
});

/** What bunzip2 writes FILE to, as bzip2's mapSuffix: known suffixes, else FILE.out. */
function outputName(c: Ctx, file: string): string {
  for (const [from, to] of [
    ['.bz2', ''],
    ['.bz', ''],
    ['.tbz2', '.tar'],
    ['.tbz', '.tar'],
  ] as const) {
    if (file.length > from.length && file.endsWith(from)) return file.slice(0, -from.length) + to;
  }
  c.warn(`Can't guess original name for ${file} -- using ${file}.out`);
  return `${file}.out`;
}

const bzip2 = program((c) => {
  const { opts: o, operands } = BZIP2.parse(c.args);
  const decompress = c.name === 'bunzip2' || c.name === 'bzcat' || (o.decompress && !o.compress);
  if (!decompress && !o.test) throw new Failure('compression is not supported (bzip2 -d, -t, bunzip2 and bzcat are)');
  const toStdout = o.stdout || c.name === 'bzcat';
  let status = 0;
  if (operands.length === 0) {
    const r = bunzip2(readAll(c.stdin));
    if (!r.ok) {
      c.err.text(bunzip2Message(r.why, '(stdin)', '(stdout)'));
      return 2;
    }
    if (!o.test) c.out.bytes(r.data);
    return 0;
  }
  for (const file of operands) {
    let data: Uint8Array;
    try {
      const node = c.fs.stat(file);
      if (node.kind === 'dir') {
        c.warn(`Input file ${file} is a directory.`);
        status = Math.max(status, 1);
        continue;
      }
      data = c.fs.readFile(file);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`Can't open input file ${file}: ${strerror(e.errno)}.`);
      status = Math.max(status, 1);
      continue;
    }
    const output = o.test || toStdout ? '(stdout)' : outputName(c, file);
    if (!o.test && !toStdout && !o.force && c.fs.lookup(output, false)) {
      c.warn(`Output file ${output} already exists.`);
      status = Math.max(status, 1);
      continue;
    }
    const r = bunzip2(data);
    if (!r.ok) {
      c.err.text(bunzip2Message(r.why, file, output));
      status = 2;
      continue;
    }
    if (o.test) {
      if (o.verbose > 0) c.err.text(`  ${file}: ok\n`);
      continue;
    }
    if (toStdout) {
      c.out.bytes(r.data);
      continue;
    }
    const source = c.fs.stat(file);
    if (c.fs.lookup(output, false)) c.fs.unlink(output);
    const f = c.fs.writeFile(output, r.data);
    // As bzip2's applySavedFileAttrToOutputFile: the input's mode, owner and times.
    f.mode = source.mode;
    f.uid = source.uid;
    f.gid = source.gid;
    f.atim = source.atim;
    f.mtim = source.mtim;
    if (!o.keep) c.fs.unlink(file);
  }
  return status;
});

export const bzip2Programs: ReadonlyArray<[string, BuiltinProgram]> = [
  ['bzip2', bzip2],
  ['bunzip2', bzip2],
  ['bzcat', bzip2],
];
