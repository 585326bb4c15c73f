// xz, unxz and xzcat as XZ Utils 5.4 decompresses: FILE.xz -> FILE (.txz -> .tar; mode and
// times kept, the input removed unless -k or -c), stdin to stdout without operands, -t, its
// messages and exit statuses. Compression is not supported: xz without -d says so. The format:
// lib/xz.ts.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { Failure, FsError, isXz, opt, options, program, readAll, strerror, unxz, UsageError } from '../lib/index.ts';

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
  help: opt.flag('h', 'help'),
  version: opt.flag('V', 'version'),
});

/** xz --help, as XZ Utils 5.4.1 prints it (the long help, -H, is left out). */
function help(name: string): string {
  return `Usage: ${name} [OPTION]... [FILE]...
Compress or decompress FILEs in the .xz format.

  -z, --compress      force compression
  -d, --decompress    force decompression
  -t, --test          test compressed file integrity
  -l, --list          list information about .xz files
  -k, --keep          keep (don't delete) input files
  -f, --force         force overwrite of output file and (de)compress links
  -c, --stdout        write to standard output and don't delete input files
  -0 ... -9           compression preset; default is 6; take compressor *and*
                      decompressor memory usage into account before using 7-9!
  -e, --extreme       try to improve compression ratio by using more CPU time;
                      does not affect decompressor memory requirements
  -T, --threads=NUM   use at most NUM threads; the default is 1; set to 0
                      to use as many threads as there are processor cores
  -q, --quiet         suppress warnings; specify twice to suppress errors too
  -v, --verbose       be verbose; specify twice for even more verbose
  -h, --help          display this short help and exit
  -H, --long-help     display the long help (lists also the advanced options)
  -V, --version       display the version number and exit

With no FILE, or when FILE is -, read standard input.

Report bugs to <xz@tukaani.org> (in English or Finnish).
XZ Utils home page: <https://tukaani.org/xz/>
`;
}

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
  let parsed;
  try {
    parsed = XZ.parse(c.args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // xz's own Try line: named by the program and quoted `so'.
    c.err.text(`${c.name}: ${e.message}\n${c.name}: Try \`${c.name} --help' for more information.\n`);
    return 1;
  }
  const { opts: o, operands } = parsed;
  if (o.help || o.version) {
    c.out.text(o.help ? help(c.name) : 'xz (XZ Utils) 5.4.1\nliblzma 5.4.1\n');
    return 0;
  }
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
    c.fs.replaceDecompressed(file, output, r.data, o.keep);
  }
  return status;
});

export const xzPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['xz', xz],
  ['unxz', xz],
  ['xzcat', xz],
];
