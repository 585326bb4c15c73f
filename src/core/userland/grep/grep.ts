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
  has,
  matchPattern,
  parseOpts,
  program,
  readAll,
  RegexError,
  strerror,
  value,
  values,
} from '../lib/index.ts';

interface Source {
  name: string;
  data: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const grep = program((c) => {
  const p = parseOpts(c.args, {
    short: 'EFGPivwxclLnhHoqsrRe:f:A:B:C:m:zaIbUyZ',
    long: {
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      'basic-regexp': 'G',
      'perl-regexp': 'P',
      'ignore-case': 'i',
      'invert-match': 'v',
      'word-regexp': 'w',
      'line-regexp': 'x',
      count: 'c',
      'files-with-matches': 'l',
      'files-without-match': 'L',
      'line-number': 'n',
      'no-filename': 'h',
      'with-filename': 'H',
      'only-matching': 'o',
      quiet: 'q',
      silent: 'q',
      'no-messages': 's',
      recursive: 'r',
      'dereference-recursive': 'R',
      regexp: 'e:',
      file: 'f:',
      'after-context': 'A:',
      'before-context': 'B:',
      context: 'C:',
      'max-count': 'm:',
      'null-data': 'z',
      text: 'a',
      include: 'include:',
      exclude: 'exclude:',
      'exclude-dir': 'exclude-dir:',
      color: 'color:',
      colour: 'color:',
      'line-buffered': 'line-buffered',
    },
  });
  const operands = [...p.operands];
  const patterns: string[] = [];
  for (const e of values(p, 'e')) patterns.push(...e.split('\n'));
  for (const f of values(p, 'f')) {
    try {
      const text = binToArg(bytesToBin(f === '-' ? readAll(c.stdin) : c.fs.readFile(f)));
      patterns.push(...text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== ''));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${f}: ${strerror(e.errno)}`);
      return 2;
    }
  }
  if (values(p, 'e').length === 0 && values(p, 'f').length === 0) {
    const first = operands.shift();
    if (first === undefined) {
      c.err.text(`Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
      return 2;
    }
    patterns.push(...first.split('\n'));
  }
  const mode = p.opts.filter(([k]) => 'EFGP'.includes(k)).pop()?.[0] ?? 'G';
  const ignoreCase = has(p, 'i', 'y');
  let regexes: RegExp[];
  try {
    regexes = patterns.map((pat) => {
      const bin = argToBin(pat);
      let src = mode === 'F' ? escapeRegex(bin) : mode === 'P' ? bin : compile(bin, { extended: mode === 'E' }).source;
      if (has(p, 'w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (has(p, 'x')) src = `^(?:${src})$`;
      return new RegExp(src, `gs${ignoreCase ? 'i' : ''}`);
    });
  } catch (e) {
    if (!(e instanceof RegexError) && !(e instanceof SyntaxError)) throw e;
    c.warn(e.message);
    return 2;
  }
  const recursive = has(p, 'r', 'R');
  if (operands.length === 0) operands.push(recursive ? '.' : '-');
  const showNames = !has(p, 'h') && (has(p, 'H') || operands.length > 1 || recursive);
  const invert = has(p, 'v');
  // Any -A/-B/-C, even 0, separates groups of lines with "--", as GNU grep does.
  const context = has(p, 'A', 'B', 'C');
  const after = Number(value(p, 'A') ?? value(p, 'C') ?? 0);
  const before = Number(value(p, 'B') ?? value(p, 'C') ?? 0);
  const max = value(p, 'm') === undefined ? Infinity : Number(value(p, 'm'));
  const nl = has(p, 'z') ? '\0' : '\n';
  const includes = values(p, 'include');
  const excludes = values(p, 'exclude');
  const excludeDirs = values(p, 'exclude-dir');
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
        if (!has(p, 's')) c.warn(`${name}: ${strerror(typeof r === 'string' ? r : 'ENOENT')}`);
        trouble = true;
        continue;
      }
      if (node.kind === 'dir') {
        if (!recursive) {
          if (!has(p, 's')) c.warn(`${name}: Is a directory`);
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
        if (!has(p, 'R')) continue;
        node = c.fs.lookup(full);
        if (!node) continue;
      }
      if (node.kind === 'dir') {
        if (excludeDirs.some((g) => matchPattern(g, entry))) continue;
        yield* walk(node, full);
      } else if (node.kind === 'file') {
        if (includes.length > 0 && !includes.some((g) => matchPattern(g, entry))) continue;
        if (excludes.some((g) => matchPattern(g, entry))) continue;
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
    const binary = !has(p, 'a') && src.data.includes('\0') && nl === '\n';
    const prefix = showNames ? argToBin(src.name) : '';
    let count = 0;
    let lastPrinted = -1;
    let pendingAfter = 0;
    let any = false;
    const emit = (i: number, sep: string): void => {
      if (lastPrinted >= 0 && i > lastPrinted + 1 && context) out += '--\n';
      out += (prefix ? prefix + sep : '') + (has(p, 'n') ? `${i + 1}${sep}` : '') + lines[i] + nl;
      lastPrinted = i;
    };
    for (let i = 0; i < lines.length && count < max; i++) {
      const line = lines[i]!;
      const selected = matches(line) !== invert;
      if (!selected) {
        if (pendingAfter > 0 && !binary && !has(p, 'c', 'l', 'L', 'q', 'o')) {
          emit(i, '-');
          pendingAfter--;
        }
        continue;
      }
      count++;
      any = true;
      if (has(p, 'q')) return 0;
      if (has(p, 'l', 'L', 'c') || binary) continue;
      if (has(p, 'o')) {
        if (invert) continue;
        for (const re of regexes) {
          re.lastIndex = 0;
          for (const m of line.matchAll(re)) {
            if (m[0] === '') continue;
            out += (prefix ? `${prefix}:` : '') + (has(p, 'n') ? `${i + 1}:` : '') + m[0] + nl;
          }
        }
        continue;
      }
      for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++) emit(b, '-');
      emit(i, ':');
      pendingAfter = after;
    }
    if (any) status = 0;
    if (has(p, 'c')) out += (prefix ? `${prefix}:` : '') + `${count}\n`;
    else if (has(p, 'l') && any) out += `${argToBin(src.name)}${has(p, 'Z') ? '\0' : '\n'}`;
    else if (has(p, 'L') && !any) out += `${argToBin(src.name)}${has(p, 'Z') ? '\0' : '\n'}`;
    else if (binary && any && !has(p, 'q')) {
      c.out.bin(out);
      out = '';
      c.warn(`${src.name}: binary file matches`);
    }
  }
  c.out.bin(out);
  if (has(p, 'L')) return trouble ? 2 : out === '' ? 1 : 0;
  return trouble && !(has(p, 'q') && status === 0) ? 2 : status;
}, 2);

export const grepPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['grep', grep],
  ['egrep', (spec, processes) => grep({ ...spec, argv: ['grep', '-E', ...spec.argv.slice(1)] }, processes)],
  ['fgrep', (spec, processes) => grep({ ...spec, argv: ['grep', '-F', ...spec.argv.slice(1)] }, processes)],
];
