// bzip2, bunzip2 and bzcat as bzip2 1.0.8 decompresses: FILE.bz2 -> FILE (.tbz2 -> .tar; mode
// and times kept, the input removed unless -k or -c), stdin to stdout without operands, -t,
// its messages and exit statuses (1 for a file trouble, 2 for data that is not bzip2 or is
// damaged). Compression is not supported: bzip2 without -d says so. The format: lib/bzip2.ts.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { bunzip2, bunzip2Message, type Ctx, Failure, FsError, program, readAll, strerror } from '../lib/index.ts';

interface Bzip2Options {
  decompress: boolean;
  compress: boolean;
  keep: boolean;
  force: boolean;
  test: boolean;
  stdout: boolean;
  verbose: number;
}

const VERSION = 'bzip2, a block-sorting file compressor.  Version 1.0.8, 13-Jul-2019.\n';

const LICENSE = `${VERSION}   
   Copyright (C) 1996-2019 by Julian Seward.
   
   This program is free software; you can redistribute it and/or modify
   it under the terms set out in the LICENSE file, which is included
   in the bzip2 source distribution.
   
   This program is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
   LICENSE file for more details.
   
`;

function usage(name: string): string {
  return `${VERSION}
   usage: ${name} [flags and input files in any order]

   -h --help           print this message
   -d --decompress     force decompression
   -z --compress       force compression
   -k --keep           keep (don't delete) input files
   -f --force          overwrite existing output files
   -t --test           test compressed file integrity
   -c --stdout         output to standard out
   -q --quiet          suppress noncritical error messages
   -v --verbose        be verbose (a 2nd -v gives more)
   -L --license        display software version & license
   -V --version        display software version & license
   -s --small          use less memory (at most 2500k)
   -1 .. -9            set block size to 100k .. 900k
   --fast              alias for -1
   --best              alias for -9

   If invoked as \`bzip2', default action is to compress.
              as \`bunzip2',  default action is to decompress.
              as \`bzcat', default action is to decompress to stdout.

   If no file names are given, bzip2 compresses or decompresses
   from standard input to standard output.  You can combine
   short flags, so \`-v -4' means the same as -v4 or -4v, &c.

`;
}

/** What ends bzip2 before any file: its usage or licence text on stderr, with a status. */
class Stop {
  constructor(
    readonly text: string,
    readonly status: number,
  ) {}
}

/**
 * bzip2's own flags, not getopt's: in any order among the files until "--", short ones
 * clustered (all of them read before any long one), long ones only spelled out in full, and a
 * flag it does not know ends it with its usage. -h and -V/-L end it at once, as in bzip2.c.
 */
function parse(name: string, args: string[]): { o: Bzip2Options; files: string[] } | Stop {
  const o: Bzip2Options = {
    decompress: false,
    compress: false,
    keep: false,
    force: false,
    test: false,
    stdout: false,
    verbose: 0,
  };
  const mode = (m: 'decompress' | 'compress' | 'test'): void => {
    o.decompress = m === 'decompress';
    o.compress = m === 'compress';
    o.test = m === 'test';
  };
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  const bad = (a: string): Stop => new Stop(`${name}: Bad flag \`${a}'\n${usage(name)}`, 1);
  for (const a of flags) {
    if (a[0] !== '-' || a[1] === '-') continue;
    for (const c of a.slice(1)) {
      if (c === 'c') o.stdout = true;
      else if (c === 'd') mode('decompress');
      else if (c === 'z') mode('compress');
      else if (c === 't') mode('test');
      else if (c === 'f') o.force = true;
      else if (c === 'k') o.keep = true;
      else if (c === 'v') o.verbose++;
      else if (c === 'V' || c === 'L') return new Stop(LICENSE, 0);
      else if (c === 'h') return new Stop(usage(name), 0);
      // -s (less memory), -q and the block sizes change nothing a decompressor shows here.
      else if (!'sq123456789'.includes(c)) return bad(a);
    }
  }
  for (const a of flags) {
    if (a === '--stdout') o.stdout = true;
    else if (a === '--decompress') mode('decompress');
    else if (a === '--compress') mode('compress');
    else if (a === '--test') mode('test');
    else if (a === '--force') o.force = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--verbose') o.verbose++;
    else if (a === '--version' || a === '--license') return new Stop(LICENSE, 0);
    else if (a === '--help') return new Stop(usage(name), 0);
    else if (a.startsWith('--') && !['--small', '--quiet', '--fast', '--best', '--exponential'].includes(a))
      return bad(a);
  }
  const files = flags.filter((a) => a[0] !== '-');
  if (end >= 0) files.push(...args.slice(end + 1));
  return { o, files };
}

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
  const parsed = parse(c.name, c.args);
  if (parsed instanceof Stop) {
    c.err.text(parsed.text);
    return parsed.status;
  }
  const { o, files: operands } = parsed;
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
    c.fs.replaceDecompressed(file, output, r.data, o.keep);
  }
  return status;
});

export const bzip2Programs: ReadonlyArray<[string, BuiltinProgram]> = [
  ['bzip2', bzip2],
  ['bunzip2', bzip2],
  ['bzcat', bzip2],
];
