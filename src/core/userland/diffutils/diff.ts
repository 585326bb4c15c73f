// diff(1) of GNU diffutils 3.8: its options parsed once into a DiffOptions record, GNU's
// usage errors ("diff: Try 'diff --help' for more information.", status 2), and the operands
// handed to compare.ts (two files, or each operand against --from-file/--to-file).
// https://www.gnu.org/software/diffutils/manual/html_node/Invoking-diff.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  bytesToBin,
  compile,
  FsError,
  opt,
  options,
  program,
  RegexError,
  splitLines,
  strerror,
  UsageError,
  type Ctx,
} from '../lib/index.ts';
import { DiffRun, Fatal, TROUBLE, type DiffOptions } from './compare.ts';
import type { Style } from './format.ts';
import type { WhiteSpace } from './lines.ts';

const DIFF = options({
  normal: opt.flag('normal'),
  c: opt.flag('c'),
  u: opt.flag('u'),
  C: opt.args('C'),
  U: opt.args('U'),
  contextLong: opt.optionalArgs('context'),
  unifiedLong: opt.optionalArgs('unified'),
  unsupported: opt.choices({
    e: '-e',
    ed: '--ed',
    f: '-f',
    'forward-ed': '--forward-ed',
    n: '-n',
    rcs: '--rcs',
    y: '-y',
    'side-by-side': '--side-by-side',
    l: '-l',
    paginate: '--paginate',
    'left-column': '--left-column',
    'suppress-common-lines': '--suppress-common-lines',
    'no-dereference': '--no-dereference',
    'ignore-file-name-case': '--ignore-file-name-case',
  }),
  unsupportedArg: opt.taggedArgs({
    D: '-D',
    ifdef: '--ifdef',
    'line-format': '--line-format',
    'old-line-format': '--old-line-format',
    'new-line-format': '--new-line-format',
    'unchanged-line-format': '--unchanged-line-format',
    'old-group-format': '--old-group-format',
    'new-group-format': '--new-group-format',
    'changed-group-format': '--changed-group-format',
    'unchanged-group-format': '--unchanged-group-format',
    color: '--color',
    palette: '--palette',
  }),
  noIgnoreFileNameCase: opt.flag('no-ignore-file-name-case'),
  text: opt.flag('a', 'text'),
  spaceChange: opt.flag('b', 'ignore-space-change'),
  allSpace: opt.flag('w', 'ignore-all-space'),
  trailingSpace: opt.flag('Z', 'ignore-trailing-space'),
  tabExpansion: opt.flag('E', 'ignore-tab-expansion'),
  blankLines: opt.flag('B', 'ignore-blank-lines'),
  ignoreCase: opt.flag('i', 'ignore-case'),
  ignoreMatching: opt.args('I', 'ignore-matching-lines'),
  minimal: opt.flag('d', 'minimal'),
  speedLargeFiles: opt.flag('H', 'speed-large-files'),
  h: opt.flag('h'),
  brief: opt.flag('q', 'brief'),
  reportIdentical: opt.flag('s', 'report-identical-files'),
  recursive: opt.flag('r', 'recursive'),
  newFile: opt.flag('N', 'new-file'),
  unidirectional: opt.flag('P', 'unidirectional-new-file'),
  labels: opt.args('L', 'label'),
  exclude: opt.args('x', 'exclude'),
  excludeFrom: opt.args('X', 'exclude-from'),
  startingFile: opt.arg('S', 'starting-file'),
  fromFile: opt.arg('from-file'),
  toFile: opt.arg('to-file'),
  expandTabs: opt.flag('t', 'expand-tabs'),
  initialTab: opt.flag('T', 'initial-tab'),
  tabSize: opt.arg('tabsize'),
  width: opt.arg('W', 'width'),
  suppressBlankEmpty: opt.flag('suppress-blank-empty'),
  stripTrailingCr: opt.flag('strip-trailing-cr'),
  horizon: opt.arg('horizon-lines'),
  showCFunction: opt.flag('p', 'show-c-function'),
  functionLine: opt.args('F', 'show-function-line'),
  binary: opt.flag('binary'),
  help: opt.flag('help'),
  version: opt.flag('v', 'version'),
});

/** Short options of diff that take an argument, and long ones that require one. */
const SHORT_WITH_ARGUMENT = 'CDFILSUWXx';
const LONG_WITH_ARGUMENT = [
  'changed-group-format',
  'exclude',
  'exclude-from',
  'from-file',
  'horizon-lines',
  'ifdef',
  'ignore-matching-lines',
  'label',
  'line-format',
  'new-group-format',
  'new-line-format',
  'old-group-format',
  'old-line-format',
  'palette',
  'show-function-line',
  'starting-file',
  'tabsize',
  'to-file',
  'unchanged-group-format',
  'unchanged-line-format',
  'width',
];

const VERSION = `diff (GNU diffutils) 3.8
Copyright (C) 2021 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Eggert, Mike Haertel, David Hayes,
Richard Stallman, and Len Tower.
`;

const HELP = `Usage: diff [OPTION]... FILES
Compare FILES line by line.

Mandatory arguments to long options are mandatory for short options too.
      --normal                  output a normal diff (the default)
  -q, --brief                   report only when files differ
  -s, --report-identical-files  report when two files are the same
  -c, -C NUM, --context[=NUM]   output NUM (default 3) lines of copied context
  -u, -U NUM, --unified[=NUM]   output NUM (default 3) lines of unified context
  -p, --show-c-function         show which C function each change is in
  -F, --show-function-line=RE   show the most recent line matching RE
      --label LABEL             use LABEL instead of file name and timestamp
                                  (can be repeated)
  -t, --expand-tabs             expand tabs to spaces in output
  -T, --initial-tab             make tabs line up by prepending a tab
      --tabsize=NUM             tab stops every NUM (default 8) print columns
      --suppress-blank-empty    suppress space or tab before empty output lines
  -r, --recursive                 recursively compare any subdirectories found
  -N, --new-file                  treat absent files as empty
      --unidirectional-new-file   treat absent first files as empty
  -x, --exclude=PAT               exclude files that match PAT
  -X, --exclude-from=FILE         exclude files that match any pattern in FILE
  -S, --starting-file=FILE        start with FILE when comparing directories
      --from-file=FILE1           compare FILE1 to all operands
      --to-file=FILE2             compare all operands to FILE2
  -i, --ignore-case               ignore case differences in file contents
  -E, --ignore-tab-expansion      ignore changes due to tab expansion
  -Z, --ignore-trailing-space     ignore white space at line end
  -b, --ignore-space-change       ignore changes in the amount of white space
  -w, --ignore-all-space          ignore all white space
  -B, --ignore-blank-lines        ignore changes where lines are all blank
  -I, --ignore-matching-lines=RE  ignore changes where all lines match RE
  -a, --text                      treat all files as text
      --strip-trailing-cr         strip trailing carriage return on input
  -d, --minimal            try hard to find a smaller set of changes
      --horizon-lines=NUM  keep NUM lines of the common prefix and suffix
      --speed-large-files  assume large files and many scattered small changes
      --help               display this help and exit
  -v, --version            output version information and exit

FILES are 'FILE1 FILE2' or 'DIR1 DIR2' or 'DIR FILE' or 'FILE DIR'.
If --from-file or --to-file is given, there are no restrictions on FILE(s).
If a FILE is '-', read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
`;

/** A non-negative decimal number as strtoumax reads it for diff, or null. */
function count(s: string): number | null {
  return /^[0-9]+$/.test(s) ? Math.min(Number(s), 2 ** 31 - 1) : null;
}

/** Options and their arguments as given (getopt moves them before the operands), shell-quoted. */
function switches(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      words.push(a);
      break;
    }
    if (!a.startsWith('-') || a === '-') continue;
    words.push(a);
    if (a.startsWith('--')) {
      if (a.includes('=')) continue;
      const name = a.slice(2);
      const matches = LONG_WITH_ARGUMENT.filter((n) => n.startsWith(name));
      if (matches.length > 0 && i + 1 < argv.length) words.push(argv[++i]!);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      if (!SHORT_WITH_ARGUMENT.includes(a[j]!)) continue;
      if (j === a.length - 1 && i + 1 < argv.length) words.push(argv[++i]!);
      break;
    }
  }
  return words.map((w) => ` ${shellQuote(w)}`).join('');
}

/** A word as gnulib's shell quoting style writes it: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  const unsafe = /[^A-Za-z0-9%+,\-./:\]_{}#~]/.test(word);
  const braces = (word === '{' || word === '}') && word.length === 1;
  const leading = word.startsWith('#') || word.startsWith('~');
  if (!unsafe && !braces && !leading) return word;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

function parse(c: Ctx): { o: DiffOptions; operands: string[]; from?: string; to?: string } | number {
  const { opts: p, operands } = DIFF.parse(c.args);
  if (p.help) {
    c.out.text(HELP);
    return 0;
  }
  if (p.version) {
    c.out.text(VERSION);
    return 0;
  }
  const unsupported = [...p.unsupported, ...p.unsupportedArg.map(([name]) => name)];
  if (unsupported.length > 0) throw new Fatal(`${unsupported[0]}: this output format or option is not supported here`);
  const styles = new Set<Style>();
  let context = 0;
  const contextLength = (v: string | undefined, style: Style): void => {
    const n = v === undefined || v === '' ? 3 : count(v);
    if (n === null) throw new UsageError(`invalid context length '${v}'`);
    styles.add(style);
    context = Math.max(context, n);
  };
  if (p.normal) styles.add('normal');
  if (p.c) contextLength(undefined, 'context');
  if (p.u) contextLength(undefined, 'unified');
  for (const v of p.C) contextLength(v, 'context');
  for (const v of p.contextLong) contextLength(v, 'context');
  for (const v of p.U) contextLength(v, 'unified');
  for (const v of p.unifiedLong) contextLength(v, 'unified');
  const functions = [...(p.showCFunction ? ['^[[:alpha:]$_]'] : []), ...p.functionLine];
  if (styles.size === 0 && functions.length > 0) contextLength(undefined, 'context');
  if (styles.size > 1) throw new UsageError('conflicting output style options');
  const style: Style = [...styles][0] ?? 'normal';
  if (style === 'normal') context = 0;
  if (p.labels.length > 2) throw new Fatal('too many file label options');
  let tabSize = 8;
  if (p.tabSize !== undefined) {
    const n = count(p.tabSize);
    if (n === null || n === 0) throw new UsageError(`invalid tabsize '${p.tabSize}'`);
    tabSize = n;
  }
  if (p.width !== undefined) {
    const n = count(p.width);
    if (n === null || n === 0) throw new UsageError(`invalid width '${p.width}'`);
  }
  let horizon = 0;
  if (p.horizon !== undefined) {
    const n = count(p.horizon);
    if (n === null) throw new UsageError(`invalid horizon length '${p.horizon}'`);
    horizon = n;
  }
  const matcher = (re: string): ((line: string) => boolean) => {
    try {
      const r = compile(argToBin(re), { extended: false });
      return (line) => r.test(line);
    } catch (e) {
      if (e instanceof RegexError) throw new Fatal(`${re}: ${e.message}`);
      throw e;
    }
  };
  const exclude = [...p.exclude];
  for (const file of p.excludeFrom) {
    try {
      exclude.push(...splitLines(bytesToBin(c.fs.readFile(file))));
    } catch (e) {
      if (e instanceof FsError) throw new Fatal(`${file}: ${strerror(e.errno)}`);
      throw e;
    }
  }
  const whiteSpace: WhiteSpace = p.allSpace
    ? 'all'
    : p.spaceChange
      ? 'space-change'
      : p.trailingSpace && p.tabExpansion
        ? 'tab-expansion-and-trailing'
        : p.trailingSpace
          ? 'trailing'
          : p.tabExpansion
            ? 'tab-expansion'
            : 'none';
  const o: DiffOptions = {
    style,
    context,
    ignoreBlankLines: p.blankLines,
    ignoreLines: p.ignoreMatching.map(matcher),
    functionLines: functions.map(matcher),
    whiteSpace,
    ignoreCase: p.ignoreCase,
    stripTrailingCr: p.stripTrailingCr,
    horizon: Math.max(horizon, context),
    tabSize,
    initialTab: p.initialTab,
    expandTabs: p.expandTabs,
    suppressBlankEmpty: p.suppressBlankEmpty,
    brief: p.brief,
    recursive: p.recursive,
    newFile: p.newFile,
    unidirectionalNewFile: p.unidirectional,
    reportIdentical: p.reportIdentical,
    text: p.text,
    minimal: p.minimal,
    speedLargeFiles: p.speedLargeFiles,
    labels: [p.labels[0], p.labels[1]],
    exclude,
    startingFile: p.startingFile,
    switches: switches(c.args),
  };
  if (p.fromFile !== undefined && p.toFile !== undefined) throw new Fatal('--from-file and --to-file both specified');
  return { o, operands, from: p.fromFile, to: p.toFile };
}

const diff = program((c) => {
  try {
    const parsed = parse(c);
    if (typeof parsed === 'number') return parsed;
    const { o, operands, from, to } = parsed;
    const run = new DiffRun(c, o);
    if (from !== undefined || to !== undefined) {
      let status = 0;
      for (const operand of operands) {
        const v = from !== undefined ? run.top(from, operand) : run.top(operand, to!);
        status = Math.max(status, v);
      }
      return status;
    }
    if (operands.length !== 2) {
      if (operands.length < 2) {
        // getopt has moved the options first: the last word is the last operand, if any.
        const last = operands[operands.length - 1] ?? c.args[c.args.length - 1] ?? c.spec.argv[0] ?? 'diff';
        throw new UsageError(`missing operand after '${last}'`);
      }
      throw new UsageError(`extra operand '${operands[2]}'`);
    }
    return run.top(operands[0]!, operands[1]!);
  } catch (e) {
    if (e instanceof UsageError) {
      c.warn(e.message);
      c.warn("Try 'diff --help' for more information.");
      return TROUBLE;
    }
    if (e instanceof Fatal) {
      c.warn(e.message);
      return TROUBLE;
    }
    throw e;
  }
});

export const diffPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['diff', diff]];
