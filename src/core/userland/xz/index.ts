// xz, unxz and xzcat as XZ Utils 5.4 decompresses: FILE.xz -> FILE (.txz -> .tar; mode and
// times kept, the input removed unless -k or -c), stdin to stdout without operands, -t, its
// messages and exit statuses. Compression is not supported: xz without -d says so. The format:
// lib/xz.ts.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { Failure, FsError, isXz, opt, options, program, readAll, strerror, unxz } from '../lib/index.ts';

const XZ = options({
  decompress: opt.flag('d', 'decompress', 'uncompress'),
  compress: opt.flag('z', 'compress'),
  keep: opt.flag('k', 'keep'),
  force: opt.flag('f', 'force'),
  test: opt.flag('t', 'test'),
  stdout: opt.flag('c', 'stdout', 'to-stdout'),
  quiet: opt.count('q', 'quiet'),
  verbose: opt.count('v', 'verbose'),
  threads: opt.arg('T', 'threads'),
  memlimit: opt.arg('M', 'memlimit', 'memory'),
  extreme: opt.flag('e', 'extreme'),
  level: opt.choice(6, { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9 }),
});

/** What unxz writes FILE to, or null when its suffix is not one xz knows. */
function outputName(file: string): string | null {
  for (const [from, to] of [
    ['.xz', ''],
    ['.txz', '.tar'],
  ] as const) {
    if (file.length > from.length && file.endsWith(from)) return file.slice(0, -from.length) + to;
  }
  return null;
}

const xz = program(async (c) => {
  const { opts: o, operands } = XZ.parse(c.args);
  const decompress = c.name === 'unxz' || c.name === 'xzcat' || (o.decompress && !o.compress);
  if (!decompress && !o.test) throw new Failure('compression is not supported (xz -d, -t, unxz and xzcat are)');
  const toStdout = o.stdout || c.name === 'xzcat';
  const say = (name: string, message: string): void => {
    if (o.quiet === 0) c.warn(`${name}: ${message}`);
  };
  let status = 0;
  for (const file of operands.length === 0 ? ['-'] : operands) {
    const stdin = file === '-';
    const name = stdin ? '(stdin)' : file;
    let data: Uint8Array;
    try {
      data = stdin ? readAll(c.stdin) : c.fs.readFile(file);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      say(name, e.errno === 'EISDIR' ? 'Is a directory, skipping' : strerror(e.errno));
      status = 1;
      continue;
    }
    const output = stdin || toStdout || o.test ? null : outputName(file);
    if (!stdin && !toStdout && !o.test) {
      if (!isXz(data)) {
        say(name, 'File format not recognized');
        status = 1;
        continue;
      }
      if (output === null) {
        say(name, 'Filename has an unknown suffix, skipping');
        status = Math.max(status, 2);
        continue;
      }
      if (!o.force && c.fs.lookup(output, false)) {
        say(output, 'File exists');
        status = 1;
        continue;
      }
    }
    const r = await unxz(data);
    // Writing to stdout, xz hands on what it decoded before the error.
    if (!o.test && output === null) c.out.bytes(r.data);
    if (r.error !== undefined) {
      say(name, r.error);
      status = 1;
      continue;
    }
    if (o.test || output === null) continue;
    const source = c.fs.stat(file);
    if (c.fs.lookup(output, false)) c.fs.unlink(output);
    const f = c.fs.writeFile(output, r.data);
    f.mode = source.mode;
    f.uid = source.uid;
    f.gid = source.gid;
    f.atim = source.atim;
    f.mtim = source.mtim;
    if (!o.keep) c.fs.unlink(file);
  }
  return status;
});

export const xzPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['xz', xz],
  ['unxz', xz],
  ['xzcat', xz],
];
