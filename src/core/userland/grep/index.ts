// grep (GNU grep's options people use): -E -F -G -P, -i -v -w -x, -c -l -L -n -h -H -o -q -s,
// -r/-R, -e/-f, -A/-B/-C, -m, --include/--exclude. Exit 0 selected, 1 none, 2 trouble.
import type { VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  binToArg,
  bytesToBin,
  compile,
  FsError,
  matchPattern,
  opt,
  options,
  program,
  readAll,
  RegexError,
  strerror,
  UsageError,
} from '../lib/index.ts';

interface Source {
  name: string;
  data: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const GREP = options({
  // The last of -E, -F, -G and -P says how patterns are read.
  syntax: opt.choice<'E' | 'F' | 'G' | 'P'>('G', {
    E: 'E',
    'extended-regexp': 'E',
    F: 'F',
    'fixed-strings': 'F',
    G: 'G',
    'basic-regexp': 'G',
    P: 'P',
    'perl-regexp': 'P',
  }),
  ignoreCase: opt.flag('i', 'y', 'ignore-case'),
  invert: opt.flag('v', 'invert-match'),
  word: opt.flag('w', 'word-regexp'),
  line: opt.flag('x', 'line-regexp'),
  count: opt.flag('c', 'count'),
  filesWithMatches: opt.flag('l', 'files-with-matches'),
  filesWithoutMatch: opt.flag('L', 'files-without-match'),
  lineNumber: opt.flag('n', 'line-number'),
  noFilename: opt.flag('h', 'no-filename'),
  withFilename: opt.flag('H', 'with-filename'),
  onlyMatching: opt.flag('o', 'only-matching'),
  quiet: opt.flag('q', 'quiet', 'silent'),
  noMessages: opt.flag('s', 'no-messages'),
  recursive: opt.flag('r', 'R', 'recursive', 'dereference-recursive'),
  dereferenceRecursive: opt.flag('R', 'dereference-recursive'),
  regexp: opt.args('e', 'regexp'),
  file: opt.args('f', 'file'),
  after: opt.arg('A', 'after-context'),
  before: opt.arg('B', 'before-context'),
  context: opt.arg('C', 'context'),
  maxCount: opt.arg('m', 'max-count'),
  nullData: opt.flag('z', 'null-data'),
  text: opt.flag('a', 'text'),
  binaryWithoutMatch: opt.flag('I'),
  byteOffset: opt.flag('b'),
  binary: opt.flag('U'),
  nullAfterName: opt.flag('Z'),
  include: opt.args('include'),
  exclude: opt.args('exclude'),
  excludeDir: opt.args('exclude-dir'),
  color: opt.optionalArg('color', 'colour'),
  lineBuffered: opt.flag('line-buffered'),
});

// Debian's egrep and fgrep are scripts that run grep: its messages name grep.
const USAGE = `Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`;

const grep = program((c) => {
  let parsed;
  try {
    parsed = GREP.parse(c.args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    c.err.text(`grep: ${e.message}\n${USAGE}`);
    return 2;
  }
  const { opts: o, operands: given } = parsed;
  const operands = [...given];
  const patterns: string[] = [];
  for (const e of o.regexp) patterns.push(...e.split('\n'));
  for (const f of o.file) {
    try {
      const text = binToArg(bytesToBin(f === '-' ? readAll(c.stdin) : c.fs.readFile(f)));
      patterns.push(...text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== ''));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${f}: ${strerror(e.errno)}`);
      return 2;
    }
  }
  if (o.regexp.length === 0 && o.file.length === 0) {
    const first = operands.shift();
    if (first === undefined) {
      c.err.text(USAGE);
      return 2;
    }
    patterns.push(...first.split('\n'));
  }
  const mode = o.syntax;
  let regexes: RegExp[];
  try {
    regexes = patterns.map((pat) => {
      const bin = argToBin(pat);
      let src = mode === 'F' ? escapeRegex(bin) : mode === 'P' ? bin : compile(bin, { extended: mode === 'E' }).source;
      if (o.word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (o.line) src = `^(?:${src})$`;
      return new RegExp(src, `gs${o.ignoreCase ? 'i' : ''}`);
    });
  } catch (e) {
    if (!(e instanceof RegexError) && !(e instanceof SyntaxError)) throw e;
    c.warn(e.message);
    return 2;
  }
  const recursive = o.recursive;
  if (operands.length === 0) operands.push(recursive ? '.' : '-');
  const showNames = !o.noFilename && (o.withFilename || operands.length > 1 || recursive);
  const invert = o.invert;
  // Any -A/-B/-C, even 0, separates groups of lines with "--", as GNU grep does.
  const context = o.after !== undefined || o.before !== undefined || o.context !== undefined;
  const after = Number(o.after ?? o.context ?? 0);
  const before = Number(o.before ?? o.context ?? 0);
  const max = o.maxCount === undefined ? Infinity : Number(o.maxCount);
  const nl = o.nullData ? '\0' : '\n';
  const nameEnd = o.nullAfterName ? '\0' : '\n';
  // -c, -l and -L print a summary per file; with -q or -o neither do context lines show.
  const summary = o.count || o.filesWithMatches || o.filesWithoutMatch;
  const contextLines = !summary && !o.quiet && !o.onlyMatching;
  let status = 1;
  let trouble = false;
  let out = '';

  const sources = function* (): Generator<Source> {
    for (const name of operands) {
      if (name === '-') {
        yield { name: '(standard input)', data: bytesToBin(readAll(c.stdin)) };
        continue;
      }
      const node = c.fs.lookup(name);
      if (!node) {
        const r = c.fs.find(name, true);
        if (!o.noMessages) c.warn(`${name}: ${strerror(typeof r === 'string' ? r : 'ENOENT')}`);
        trouble = true;
        continue;
      }
      if (node.kind === 'dir') {
        if (!recursive) {
          if (!o.noMessages) c.warn(`${name}: Is a directory`);
          trouble = true;
          continue;
        }
        yield* walk(node, name);
        continue;
      }
      if (node.kind === 'file') yield { name, data: bytesToBin(node.content.bytes()) };
    }
  };
  const walk = function* (dir: VolumeNode & { kind: 'dir' }, path: string): Generator<Source> {
    for (const entry of c.fs.names(dir)) {
      let node: VolumeNode | undefined = dir.entries.get(entry)!;
      const full = path.endsWith('/') ? path + entry : `${path}/${entry}`;
      if (node.kind === 'symlink') {
        if (!o.dereferenceRecursive) continue;
        node = c.fs.lookup(full);
        if (!node) continue;
      }
      if (node.kind === 'dir') {
        if (o.excludeDir.some((g) => matchPattern(g, entry))) continue;
        yield* walk(node, full);
      } else if (node.kind === 'file') {
        if (o.include.length > 0 && !o.include.some((g) => matchPattern(g, entry))) continue;
        if (o.exclude.some((g) => matchPattern(g, entry))) continue;
        yield { name: full, data: bytesToBin(node.content.bytes()) };
      }
    }
  };

  const matches = (line: string): boolean =>
    regexes.some((re) => {
      re.lastIndex = 0;
      return re.test(line);
    });

  for (const src of sources()) {
    const lines = src.data.split(nl);
    if (lines[lines.length - 1] === '') lines.pop();
    const binary = !o.text && src.data.includes('\0') && nl === '\n';
    const prefix = showNames ? argToBin(src.name) : '';
    let count = 0;
    let lastPrinted = -1;
    let pendingAfter = 0;
    let any = false;
    const emit = (i: number, sep: string): void => {
      if (lastPrinted >= 0 && i > lastPrinted + 1 && context) out += '--\n';
      out += (prefix ? prefix + sep : '') + (o.lineNumber ? `${i + 1}${sep}` : '') + lines[i] + nl;
      lastPrinted = i;
    };
    for (let i = 0; i < lines.length && count < max; i++) {
      const line = lines[i]!;
      const selected = matches(line) !== invert;
      if (!selected) {
        if (pendingAfter > 0 && !binary && contextLines) {
          emit(i, '-');
          pendingAfter--;
        }
        continue;
      }
      count++;
      any = true;
      if (o.quiet) return 0;
      if (summary || binary) continue;
      if (o.onlyMatching) {
        if (invert) continue;
        for (const re of regexes) {
          re.lastIndex = 0;
          for (const m of line.matchAll(re)) {
            if (m[0] === '') continue;
            out += (prefix ? `${prefix}:` : '') + (o.lineNumber ? `${i + 1}:` : '') + m[0] + nl;
          }
        }
        continue;
      }
      for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++) emit(b, '-');
      emit(i, ':');
      pendingAfter = after;
    }
    if (any) status = 0;
    if (o.count) out += (prefix ? `${prefix}:` : '') + `${count}\n`;
    else if (o.filesWithMatches && any) out += `${argToBin(src.name)}${nameEnd}`;
    else if (o.filesWithoutMatch && !any) out += `${argToBin(src.name)}${nameEnd}`;
    else if (binary && any && !o.quiet) {
      c.out.bin(out);
      out = '';
      c.warn(`${src.name}: binary file matches`);
    }
  }
  c.out.bin(out);
  if (o.filesWithoutMatch) return trouble ? 2 : out === '' ? 1 : 0;
  return trouble && !(o.quiet && status === 0) ? 2 : status;
}, 2);

export const grepPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['grep', grep],
  ['egrep', (spec, processes) => grep({ ...spec, argv: ['grep', '-E', ...spec.argv.slice(1)] }, processes)],
  ['fgrep', (spec, processes) => grep({ ...spec, argv: ['grep', '-F', ...spec.argv.slice(1)] }, processes)],
];
