// patch's command line (patch.c get_some_switches): GNU patch 2.7.6's options parsed once into
// PatchOptions, its numeric arguments read as numeric_string does ("strip count x is not a
// number"), and its usage errors ("patch: Try 'patch --help' for more information.", 2).
import { argToBin, opt, options, UsageError, type Ctx } from '../lib/index.ts';
import { QUOTING_STYLES, type QuotingStyle } from './quote.ts';
import { PatchFatal, type DiffType, type PatchOptions, type Verbosity } from './session.ts';

const PATCH = options({
  backup: opt.flag('b', 'backup'),
  prefix: opt.arg('B', 'prefix'),
  diffType: opt.choice<DiffType>('none', {
    c: 'context',
    context: 'context',
    e: 'ed',
    ed: 'ed',
    n: 'normal',
    normal: 'normal',
    u: 'unified',
    unified: 'unified',
  }),
  directory: opt.args('d', 'directory'),
  ifdef: opt.arg('D', 'ifdef'),
  removeEmptyFiles: opt.flag('E', 'remove-empty-files'),
  force: opt.flag('f', 'force'),
  fuzz: opt.arg('F', 'fuzz'),
  get: opt.arg('g', 'get'),
  input: opt.arg('i', 'input'),
  ignoreWhitespace: opt.flag('l', 'ignore-whitespace'),
  merge: opt.optionalArg('m', 'merge'),
  forward: opt.flag('N', 'forward'),
  output: opt.arg('o', 'output'),
  strip: opt.arg('p', 'strip'),
  rejectFile: opt.arg('r', 'reject-file'),
  reverse: opt.flag('R', 'reverse'),
  verbosity: opt.choice<Verbosity>('default', { s: 'silent', quiet: 'silent', silent: 'silent', verbose: 'verbose' }),
  batch: opt.flag('t', 'batch'),
  setTime: opt.flag('T', 'set-time', 'Z', 'set-utc'),
  version: opt.flag('v', 'version'),
  versionControl: opt.arg('V', 'version-control'),
  debug: opt.arg('x', 'debug'),
  basenamePrefix: opt.arg('Y', 'basename-prefix'),
  suffix: opt.arg('z', 'suffix'),
  dryRun: opt.flag('dry-run'),
  binary: opt.flag('binary'),
  help: opt.flag('help'),
  backupIfMismatch: opt.choice<boolean | undefined>(undefined, {
    'backup-if-mismatch': true,
    'no-backup-if-mismatch': false,
  }),
  posix: opt.flag('posix'),
  quotingStyle: opt.arg('quoting-style'),
  rejectFormat: opt.arg('reject-format'),
  readOnly: opt.arg('read-only'),
  followSymlinks: opt.flag('follow-symlinks'),
});

export const VERSION = `GNU patch 2.7.6
Copyright (C) 2003, 2009-2012 Free Software Foundation, Inc.
Copyright (C) 1988 Larry Wall

License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Larry Wall and Paul Eggert
`;

export function help(argv0: string): string {
  return `Usage: ${argv0} [OPTION]... [ORIGFILE [PATCHFILE]]

Input options:

  -p NUM  --strip=NUM  Strip NUM leading components from file names.
  -F LINES  --fuzz LINES  Set the fuzz factor to LINES for inexact matching.
  -l  --ignore-whitespace  Ignore white space changes between patch and input.

  -c  --context  Interpret the patch as a context difference.
  -e  --ed  Interpret the patch as an ed script.
  -n  --normal  Interpret the patch as a normal difference.
  -u  --unified  Interpret the patch as a unified difference.

  -N  --forward  Ignore patches that appear to be reversed or already applied.
  -R  --reverse  Assume patches were created with old and new files swapped.

  -i PATCHFILE  --input=PATCHFILE  Read patch from PATCHFILE instead of stdin.

Output options:

  -o FILE  --output=FILE  Output patched files to FILE.
  -r FILE  --reject-file=FILE  Output rejects to FILE.

  -D NAME  --ifdef=NAME  Make merged if-then-else output using NAME.
  --merge  Merge using conflict markers instead of creating reject files.
  -E  --remove-empty-files  Remove output files that are empty after patching.

  -Z  --set-utc  Set times of patched files, assuming diff uses UTC (GMT).
  -T  --set-time  Likewise, assuming local time.

  --quoting-style=WORD   output file names using quoting style WORD.
    Valid WORDs are: literal, shell, shell-always, c, escape.
    Default is taken from QUOTING_STYLE env variable, or 'shell' if unset.

Backup and version control options:

  -b  --backup  Back up the original contents of each file.
  --backup-if-mismatch  Back up if the patch does not match exactly.
  --no-backup-if-mismatch  Back up mismatches only if otherwise requested.

  -V STYLE  --version-control=STYLE  Use STYLE version control.
\tSTYLE is either 'simple', 'numbered', or 'existing'.
  -B PREFIX  --prefix=PREFIX  Prepend PREFIX to backup file names.
  -Y PREFIX  --basename-prefix=PREFIX  Prepend PREFIX to backup file basenames.
  -z SUFFIX  --suffix=SUFFIX  Append SUFFIX to backup file names.

  -g NUM  --get=NUM  Get files from RCS etc. if positive; ask if negative.

Miscellaneous options:

  -t  --batch  Ask no questions; skip bad-Prereq patches; assume reversed.
  -f  --force  Like -t, but ignore bad-Prereq patches, and assume unreversed.
  -s  --quiet  --silent  Work silently unless an error occurs.
  --verbose  Output extra information about the work being done.
  --dry-run  Do not actually change any files; just print what would happen.
  --posix  Conform to the POSIX standard.

  -d DIR  --directory=DIR  Change the working directory to DIR first.
  --reject-format=FORMAT  Create 'context' or 'unified' rejects.
  --binary  Read and write data in binary mode.
  --read-only=BEHAVIOR  How to handle read-only input files: 'ignore' that they
                        are read-only, 'warn' (default), or 'fail'.

  -v  --version  Output version info.
  --help  Output this help.

Report bugs to <bug-patch@gnu.org>.
`;
}

/** A number as numeric_string reads it: an int, its sign allowed when `negative`. */
function numeric(s: string, negative: boolean, what: string, q: (name: string) => string): number {
  if (!/^[-+]?[0-9]+$/.test(s)) throw new PatchFatal(`${what} ${q(s)} is not a number`);
  const value = Number(s);
  if (!Number.isSafeInteger(value) || Math.abs(value) > 2 ** 31 - 1)
    throw new PatchFatal(`${what} ${q(s)} is too large`);
  if (value < 0 && !negative) throw new PatchFatal(`${what} ${q(s)} is negative`);
  return value;
}

export interface ParsedCommand {
  options: PatchOptions;
  /** -d's directories, in order. */
  directories: string[];
  /** What to print and the status to exit with instead of patching (--help, --version). */
  exit?: { text: string; status: number };
}

/**
 * Reads the command line; a UsageError says it is bad (getopt's words, or none after
 * patch's own message), a PatchFatal that an argument is.
 */
export function parseCommand(c: Ctx, q: (name: string) => string): ParsedCommand {
  const { opts: p, operands } = PATCH.parse(c.args);
  if (p.help)
    return { options: {} as PatchOptions, directories: [], exit: { text: help(c.spec.argv[0] ?? 'patch'), status: 0 } };
  if (p.version) return { options: {} as PatchOptions, directories: [], exit: { text: VERSION, status: 0 } };
  const envStyle = c.getenv('QUOTING_STYLE');
  let quoting: QuotingStyle = QUOTING_STYLES.includes(envStyle as QuotingStyle) ? (envStyle as QuotingStyle) : 'shell';
  if (p.quotingStyle !== undefined) {
    if (!QUOTING_STYLES.includes(p.quotingStyle as QuotingStyle)) {
      c.err.text(`patch: invalid argument '${p.quotingStyle}' for 'quoting style'\n`);
      throw new UsageError('');
    }
    quoting = p.quotingStyle as QuotingStyle;
  }
  if (p.rejectFormat !== undefined && p.rejectFormat !== 'context' && p.rejectFormat !== 'unified')
    throw new UsageError('');
  if (p.readOnly !== undefined && !['ignore', 'warn', 'fail'].includes(p.readOnly)) throw new UsageError('');
  if (p.merge !== undefined) throw new PatchFatal('--merge is not supported here');
  if (operands.length > 2) {
    c.err.bin(`patch: ${q(argToBin(operands[2]!))}: extra operand\n`);
    throw new UsageError('');
  }
  const empty = (v: string | undefined, what: string): string | undefined => {
    if (v === '') throw new PatchFatal(`${what} is empty`);
    return v;
  };
  const bin = (v: string | undefined): string | undefined => (v === undefined ? undefined : argToBin(v));
  const options: PatchOptions = {
    strip: p.strip === undefined ? -1 : numeric(p.strip, false, 'strip count', q),
    fuzz: p.fuzz === undefined ? 2 : numeric(p.fuzz, false, 'fuzz factor', q),
    ignoreWhitespace: p.ignoreWhitespace,
    diffType: p.diffType,
    forward: p.forward,
    reverse: p.reverse,
    input: bin(p.input ?? operands[1]),
    output: bin(p.output),
    rejectFile: bin(p.rejectFile),
    ifdef: bin(p.ifdef),
    removeEmptyFiles: p.removeEmptyFiles,
    setTime: p.setTime,
    backup: p.backup,
    // --posix leaves this as it is: only POSIXLY_CORRECT in the environment turns it off.
    backupIfMismatch: p.backupIfMismatch ?? c.getenv('POSIXLY_CORRECT') === undefined,
    versionControl: p.versionControl,
    prefix: bin(empty(p.prefix, 'backup prefix')),
    basenamePrefix: bin(empty(p.basenamePrefix, 'backup basename prefix')),
    suffix: bin(empty(p.suffix, 'backup suffix')),
    batch: p.batch,
    force: p.force,
    verbosity: p.verbosity,
    dryRun: p.dryRun,
    posix: p.posix || c.getenv('POSIXLY_CORRECT') !== undefined,
    rejectFormat: p.rejectFormat as PatchOptions['rejectFormat'],
    binary: p.binary,
    readOnly: (p.readOnly ?? 'warn') as PatchOptions['readOnly'],
    followSymlinks: p.followSymlinks,
    quoting,
    origFile: bin(operands[0]),
  };
  if (p.get !== undefined) numeric(p.get, true, 'get option value', q);
  if (p.debug !== undefined) numeric(p.debug, true, 'debugging option', q);
  return { options, directories: p.directory };
}
