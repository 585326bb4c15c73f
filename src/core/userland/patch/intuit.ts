// Finding the next diff in the patch and the file it is for (pch.c there_is_another_patch and
// intuit_diff_type): lines are scanned for headers ("--- ", "+++ ", "*** ", "Index:", "diff
// --git" and git's extended lines, "Prereq:") until the first hunk shows the format. The file
// is then chosen as POSIX says with GNU's changes: the best existing one of the header's
// names, else, for a diff that creates a file, the name needing the fewest new directories.
// A patch that would create a file that exists, or delete one that does not, is asked about.
import type { VolumeNode } from '../../rootfs/index.ts';
import type { Errno } from '../lib/index.ts';
import { bestName, fetchName, filenameIsSafe, parseName, prefixComponents } from './names.ts';
import { INDEX, NEW, OLD, type Pch } from './pch.ts';
import { anotherHunk } from './read-hunk.ts';
import type { DiffType, FileKind, Session } from './session.ts';

export interface Stat {
  node?: VolumeNode;
  errno: Errno | 0;
}

/** stat(2), or lstat(2) unless --follow-symlinks, as patch calls it (stat_file). */
export function statFile(s: Session, name: string): Stat {
  const r = s.fs.find(s.path(name), s.o.followSymlinks);
  if (typeof r === 'string') return { errno: r };
  if (!r.node) return { errno: 'ENOENT' };
  return { node: r.node, errno: 0 };
}

/** A node's st_mode type: regular file, symlink or other. */
export function typeOf(node: VolumeNode): FileKind {
  return node.kind === 'file' ? 'file' : node.kind === 'symlink' ? 'symlink' : 'other';
}

/** st_size: a file's bytes, a symlink's target's length. */
export function sizeOf(node: VolumeNode): number {
  return node.kind === 'file' ? node.content.size : node.kind === 'symlink' ? node.target.length : 0;
}

/** The mode bits of a git header's "100644" (fetchmode): six octal digits then the line's end. */
function fetchMode(str: string): number {
  const t = str.replace(/^[ \t\n\v\f\r]+/, '');
  const m = /^([0-7]{6})\r?\n/.exec(t);
  return m ? parseInt(m[1]!, 8) : 0;
}

/** Git's index hash of a missing file (all zeros) and of an empty one. */
function sha1SaysNonexistent(sha1: string): 0 | 1 | 2 {
  if (/^0+$/.test(sha1)) return 2;
  return 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'.startsWith(sha1) ? 1 : 0;
}

/** The file type a git mode names, or 0 when none. */
function modeType(mode: number): FileKind | 0 {
  const t = mode & 0o170000;
  if (!t) return 0;
  return t === 0o100000 ? 'file' : t === 0o120000 ? 'symlink' : 'other';
}

/** An ed command line that patch accepts ("3a", "5,7d", "s/.//"): its letter, or ''. */
export function edCommandLetter(line: string): string {
  const m = /^(?:(\d+)(,\d+)?)?([acdis])(\/\.\/\/)?[ \t]*\n/.exec(line);
  if (!m) return '';
  const [, , pair, letter, sub] = m;
  if ((letter === 'a' || letter === 'i') && pair) return '';
  if (letter === 's' ? !sub : sub) return '';
  return letter!;
}

/**
 * Whether the file the patch would create, empty or delete looks the wrong way round for it,
 * and if so whether to swap sides (maybe_reverse).
 */
function maybeReverse(s: Session, p: Pch, name: string, nonexistent: boolean, isEmpty: boolean): boolean {
  const r = s.reverse ? 1 : 0;
  const looksReversed = (!isEmpty ? 1 : 0) < p.saysNonexistent[r ^ (isEmpty ? 1 : 0)]!;
  // Creating and deleting empty files is allowed when the git index line says they are empty.
  const nx = nonexistent ? 1 : 0;
  if (isEmpty && p.saysNonexistent[r ^ nx] === 1 && p.saysNonexistent[(r ? 0 : 1) ^ nx] === 2) return false;
  if (looksReversed) {
    const swap = s.okToReverse(
      `The next patch${s.reverse ? ', when reversed,' : ''} would ${nonexistent ? 'delete' : isEmpty ? 'empty out' : 'create'} the file ${s.q(name)},\nwhich ${nonexistent ? 'does not exist' : isEmpty ? 'is already empty' : 'already exists'}!`,
    );
    if (swap) s.reverse = !s.reverse;
  }
  return looksReversed;
}

/** Whether `name` is safe to patch; says why not ("Ignoring potentially dangerous file name"). */
function nameIsValid(s: Session, invalid: string[], name: string): boolean {
  if (invalid.includes(name)) return false;
  if (filenameIsSafe(name) || s.fs.realpath('.') === '/') return true;
  s.say(`Ignoring potentially dangerous file name ${s.q(name)}\n`);
  if (invalid.length < 2) invalid.push(name);
  return false;
}

/** Scans from p.base for the next diff; its type ('none' when there is none). */
function intuitDiffType(s: Session, p: Pch, needHeaderGiven: boolean): DiffType {
  const src = p.src;
  let needHeader = needHeaderGiven;
  let thisLine = 0;
  let firstCommandLine = -1;
  let firstEdCommandLetter = '';
  let fclLine = 0;
  let thisIsACommand = false;
  let starsThisLine = false;
  let extendedHeaders = false;
  let indent = 0;
  let retval: DiffType = 'none';
  const invalid: string[] = [];
  p.names = [null, null, null];
  p.timestr = [null, null];
  p.gitDiff = false;
  p.mode = [0, 0];
  p.copy = [false, false];
  p.rename = [false, false];
  if (p.diffType === 'ed' || p.diffType === 'normal') needHeader = false;
  p.rfc934Nesting = 0;
  p.timestamp = [null, null];
  p.saysNonexistent = [0, 0];
  src.seek(p.base);
  src.inputLine = p.bline - 1;
  const fetch = (at: string, side: number, withTime: boolean): bigint | null | undefined => {
    const f = fetchName(at, s.o.strip, withTime, s.o.setTime);
    if (!f) return undefined;
    if (f.name !== null) {
      p.names[side] = f.name;
      if (side < 2) p.timestr[side] = f.timestr;
    }
    return f.stamp;
  };
  scan: for (;;) {
    const previousLine = thisLine;
    const lastLineWasCommand = thisIsACommand;
    const starsLastLine = starsThisLine;
    const indentLastLine = indent;
    indent = 0;
    thisLine = src.tell();
    const n = src.getLine(0, 0, false, false);
    if (!n) {
      if (firstEdCommandLetter) {
        // nothing but deletes!?
        p.start = firstCommandLine;
        p.sline = fclLine;
        retval = 'ed';
        break scan;
      }
      p.start = thisLine;
      p.sline = src.inputLine;
      if (extendedHeaders) {
        // The patch has no hunks; any diff type will do.
        retval = 'unified';
        break scan;
      }
      return 'none';
    }
    const buf = src.buf;
    const stripTrailingCr = n >= 2 && buf[n - 2] === '\r';
    let at = 0;
    for (; buf[at] === ' ' || buf[at] === '\t' || buf[at] === 'X'; at++) {
      indent = buf[at] === '\t' ? (indent + 8) & ~7 : indent + 1;
    }
    const line = buf.slice(at);
    // Set only on a line that has a command letter: other lines leave it as it was, as in patch.
    const command = /^\d[\d,]*[dca]/.exec(line);
    if (command) thisIsACommand = /^[\d,]*[ \t]*\r?\n/.test(line.slice(command[0].length));
    let edLetter = '';
    if (!needHeader && firstCommandLine < 0 && ((edLetter = edCommandLetter(line)) || thisIsACommand)) {
      firstCommandLine = thisLine;
      firstEdCommandLetter = edLetter;
      fclLine = src.inputLine;
      p.indent = indent; // assume this for now
      p.stripTrailingCr = stripTrailingCr;
    }
    if (!starsLastLine && line.startsWith('*** ')) {
      const stamp = fetch(line.slice(4), OLD, true);
      if (stamp !== undefined) p.timestamp[OLD] = stamp;
      needHeader = false;
    } else if (line.startsWith('+++ ')) {
      // Swapped with NEW below.
      const stamp = fetch(line.slice(4), OLD, true);
      if (stamp !== undefined) p.timestamp[OLD] = stamp;
      needHeader = false;
      p.stripTrailingCr = stripTrailingCr;
    } else if (line.startsWith('Index:')) {
      fetch(line.slice(6), INDEX, false);
      needHeader = false;
      p.stripTrailingCr = stripTrailingCr;
    } else if (line.startsWith('Prereq:')) {
      const words = line.slice(7).replace(/^[ \t\n\v\f\r]+/, '');
      const word = /^[^ \t\n\v\f\r]*/.exec(words)![0];
      if (/^[^ \t\n\v\f\r]*[ \t\n\v\f\r]+[^ \t\n\v\f\r]/.test(words))
        s.say(`Prereq: with multiple words at line ${thisLine} of patch\n`);
      p.revision = word === '' ? null : word;
    } else if (line.startsWith('diff --git ')) {
      if (extendedHeaders) {
        p.start = thisLine;
        p.sline = src.inputLine;
        // The patch has no hunks; any diff type will do.
        retval = 'unified';
        break scan;
      }
      p.names[OLD] = p.names[NEW] = null;
      const a = parseName(line.slice(11), s.o.strip);
      const b = a && a.name !== null && /^[ \t\n\v\f\r]/.test(a.rest) ? parseName(a.rest, s.o.strip) : null;
      if (a && b && a.name !== null && b.name !== null && b.rest.trim() === '') {
        p.names[OLD] = a.name;
        p.names[NEW] = b.name;
      }
      p.gitDiff = true;
    } else if (p.gitDiff && line.startsWith('index ')) {
      const m = /^index ([0-9a-f]+)\.\.([0-9a-f]+)(?=$|[ \t\n\v\f\r])/.exec(line);
      if (m) {
        p.saysNonexistent = [sha1SaysNonexistent(m[1]!), sha1SaysNonexistent(m[2]!)];
        const rest = line.slice(m[0].length).replace(/^[ \t\n\v\f\r]+/, '');
        if (rest !== '') p.mode[OLD] = p.mode[NEW] = fetchMode(rest);
        extendedHeaders = true;
      }
    } else if (p.gitDiff && line.startsWith('old mode ')) {
      p.mode[OLD] = fetchMode(line.slice(9));
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('new mode ')) {
      p.mode[NEW] = fetchMode(line.slice(9));
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('deleted file mode ')) {
      p.mode[OLD] = fetchMode(line.slice(18));
      p.saysNonexistent[NEW] = 2;
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('new file mode ')) {
      p.mode[NEW] = fetchMode(line.slice(14));
      p.saysNonexistent[OLD] = 2;
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('rename from ')) {
      // Git leaves the prefix out of these names, so only the fact is taken.
      p.rename[OLD] = true;
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('rename to ')) {
      p.rename[NEW] = true;
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('copy from ')) {
      p.copy[OLD] = true;
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('copy to ')) {
      p.copy[NEW] = true;
      extendedHeaders = true;
    } else if (p.gitDiff && line.startsWith('GIT binary patch')) {
      p.start = thisLine;
      p.sline = src.inputLine;
      retval = 'git-binary';
      break scan;
    } else {
      let t = 0;
      while (line[t] === '-' && line[t + 1] === ' ') t += 2;
      if (line.startsWith('--- ', t)) {
        const stamp = fetch(line.slice(t + 4), NEW, true);
        needHeader = false;
        if (stamp !== undefined && stamp !== null) {
          p.timestamp[NEW] = stamp;
          p.rfc934Nesting = t >> 1;
        }
        p.stripTrailingCr = stripTrailingCr;
      }
    }
    if (needHeader) continue;
    if ((p.diffType === 'none' || p.diffType === 'ed') && firstCommandLine >= 0 && line === '.\n') {
      p.start = firstCommandLine;
      p.sline = fclLine;
      retval = 'ed';
      break scan;
    }
    if ((p.diffType === 'none' || p.diffType === 'unified') && line.startsWith('@@ -')) {
      // The names and times were read backwards: swap them.
      p.timestamp = [p.timestamp[NEW], p.timestamp[OLD]];
      p.names = [p.names[NEW], p.names[OLD], p.names[INDEX]];
      p.timestr = [p.timestr[NEW], p.timestr[OLD]];
      let u = 4;
      if (line[u] === '0' && !/\d/.test(line[u + 1] ?? '')) p.saysNonexistent[OLD] = p.timestamp[OLD] === 0n ? 2 : 1;
      while (line[u] !== ' ' && line[u] !== '\n' && u < line.length) u++;
      while (line[u] === ' ') u++;
      if (line[u] === '+' && line[u + 1] === '0' && !/\d/.test(line[u + 2] ?? ''))
        p.saysNonexistent[NEW] = p.timestamp[NEW] === 0n ? 2 : 1;
      p.indent = indent;
      p.start = thisLine;
      p.sline = src.inputLine;
      retval = 'unified';
      if (!headerNamesSide(p) && !p.names[INDEX] && needHeader)
        s.say(`missing header for unified diff at line ${p.sline} of patch\n`);
      break scan;
    }
    starsThisLine = line.startsWith('********');
    if (
      (p.diffType === 'none' || p.diffType === 'context' || p.diffType === 'new-context') &&
      starsLastLine &&
      indentLastLine === indent &&
      line.startsWith('*** ')
    ) {
      if (line[4] === '0' && !/\d/.test(line[5] ?? '')) p.saysNonexistent[OLD] = p.timestamp[OLD] === 0n ? 2 : 1;
      p.indent = indent;
      p.stripTrailingCr = stripTrailingCr;
      p.start = previousLine;
      p.sline = src.inputLine - 1;
      // A new-style context diff ends this line with '*'.
      retval = line[line.indexOf('\n') - 1] === '*' ? 'new-context' : 'context';
      // Scan the first hunk to see whether the file's contents appear to have been deleted.
      const savedBase = p.base;
      const savedBline = p.bline;
      src.seek(previousLine);
      src.inputLine -= 2;
      if (anotherHunk(s, p, retval, false) && !p.hunk.replLines && p.hunk.newFirst === 1)
        p.saysNonexistent[NEW] = p.timestamp[NEW] === 0n ? 2 : 1;
      p.nextIntuitAt(savedBase, savedBline);
      if (!headerNamesSide(p) && !p.names[INDEX] && needHeader)
        s.say(`missing header for context diff at line ${p.sline} of patch\n`);
      break scan;
    }
    if (
      (p.diffType === 'none' || p.diffType === 'normal') &&
      lastLineWasCommand &&
      (line.startsWith('< ') || line.startsWith('> '))
    ) {
      p.start = previousLine;
      p.sline = src.inputLine - 1;
      p.indent = indent;
      retval = 'normal';
      break scan;
    }
  }

  // The old, new, or both file types may be given; when they disagree, the type is unknown.
  const oldType = modeType(p.mode[OLD]);
  const newType = modeType(p.mode[NEW]);
  p.fileType = oldType && newType && oldType !== newType ? null : oldType || newType || 'file';

  chooseInputFile(s, p, invalid);
  return retval;
}

/** Whether both sides have a name, or a time saying they do not exist. */
function headerNamesSide(p: Pch): boolean {
  return (p.names[OLD] !== null || p.timestamp[OLD] === 0n) && (p.names[NEW] !== null || p.timestamp[NEW] === 0n);
}

/** Picks the file to patch from the header's names, as POSIX and GNU patch say; sets s.inname. */
function chooseInputFile(s: Session, p: Pch, invalid: string[]): void {
  const stats: Array<Stat | undefined> = [undefined, undefined, undefined];
  let i = -1;
  if (!s.inname) {
    let i0 = -1;
    if (!s.o.posix && (p.names[OLD] || p.names[NEW]) && p.names[INDEX]) p.names[INDEX] = null;
    for (let k = OLD; k <= INDEX; k++) {
      const name = p.names[k];
      if (!name) continue;
      if (i0 !== -1 && p.names[i0] === name) stats[k] = stats[i0];
      else {
        const st = statFile(s, name);
        if (!st.errno && s.marks.get(st.node!) === 'delete-later') stats[k] = { errno: 'ENOENT' };
        else stats[k] = st;
        if (!stats[k]!.errno && s.o.posix && nameIsValid(s, invalid, name)) {
          i = k;
          break;
        }
      }
      i0 = k;
    }
    if (!s.o.posix) {
      // The best of all existing files.
      i = bestName(
        p.names,
        stats.map((st) => (st ? st.errno !== 0 : true)),
        (n) => nameIsValid(s, invalid, n),
        s.fs,
      );
      const chosen = i === -1 ? i0 : i;
      if (
        i0 !== -1 &&
        (i === -1 || typeOf(stats[i]!.node!) === p.fileType) &&
        maybeReverse(s, p, p.names[chosen]!, i === -1, i === -1 || sizeOf(stats[i]!.node!) === 0) &&
        i === -1
      )
        i = i0;
      if (i === -1 && p.saysNonexistent[s.reverse ? 1 : 0]) {
        const newdirs: number[] = [];
        let min = Infinity;
        for (let k = OLD; k <= INDEX; k++) {
          const name = p.names[k];
          if (!name) continue;
          newdirs[k] = prefixComponents(s.fs, name, false) - prefixComponents(s.fs, name, true);
          min = Math.min(min, newdirs[k]!);
        }
        // The best of the names that create the fewest directories.
        i = bestName(
          p.names,
          [0, 1, 2].map((k) => (p.names[k] ? newdirs[k]! - min : 0)),
          (n) => nameIsValid(s, invalid, n),
          s.fs,
        );
      }
    }
  }
  if ((p.isRename || p.isCopy) && !s.inname) {
    const other = p.names[s.reverse ? 0 : 1];
    if (!((i === OLD || i === NEW) && other && nameIsValid(s, invalid, other))) {
      s.say(`Cannot ${p.isRename ? 'rename' : 'copy'} file without two valid file names\n`);
      s.skipRestOfPatch = true;
    }
  }
  if (i === -1) {
    if (s.inname) {
      const st = statFile(s, s.inname);
      setInput(s, st);
      if (s.inerrno || typeOf(st.node!) === p.fileType)
        maybeReverse(s, p, s.inname, !!s.inerrno, !!s.inerrno || s.instat.size === 0);
    } else s.inerrno = -1;
  } else {
    s.inname = p.names[i]!;
    setInput(s, stats[i]!);
  }
}

/** Records what stat said of the file to patch. */
export function setInput(s: Session, st: Stat): void {
  s.inerrno = st.errno;
  s.instat = st.node
    ? { node: st.node, mode: st.node.kind === 'symlink' ? 0o777 : st.node.mode & 0o7777, size: sizeOf(st.node) }
    : { node: undefined, mode: 0o666, size: 0 };
}

/**
 * Finds the next diff and the file it is for; false when the patch has no more. Says what it
 * could not find ("can't find file to patch at input line 3") and, with no file and no one to
 * ask, skips the diff.
 */
export function thereIsAnotherPatch(s: Session, p: Pch, needHeader: boolean): boolean {
  const src = p.src;
  if (p.base !== 0 && p.base >= src.size) {
    if (s.verbose) s.say('done\n');
    return false;
  }
  if (s.verbose) s.say('Hmm...');
  p.diffType = intuitDiffType(s, p, needHeader);
  if (p.diffType === 'none') {
    if (s.verbose)
      s.say(
        p.base ? '  Ignoring the trailing garbage.\ndone\n' : "  I can't seem to find a patch in there anywhere.\n",
      );
    if (!p.base && src.size) s.fatal('Only garbage was found in the patch input.');
    return false;
  }
  if (s.skipRestOfPatch) {
    src.seek(p.start);
    src.inputLine = p.sline - 1;
    return true;
  }
  if (s.verbose) {
    const kinds: Record<string, string> = {
      unified: 'a unified diff',
      context: 'a context diff',
      'new-context': 'a new-style context diff',
      normal: 'a normal diff',
      'git-binary': 'a git binary diff',
      ed: 'an ed script',
    };
    s.say(`  ${p.base === 0 ? 'L' : 'The next patch l'}ooks like ${kinds[p.diffType]} to me...\n`);
  }
  if (s.o.binary) p.stripTrailingCr = false;
  if (!s.silent) {
    if (p.indent) s.say(`(Patch is indented ${p.indent} space${p.indent === 1 ? '' : 's'}.)\n`);
    if (p.stripTrailingCr) s.say('(Stripping trailing CRs from patch; use --binary to disable.)\n');
    if (!s.inname) {
      s.say(`can't find file to patch at input line ${p.sline}\n`);
      if (p.diffType !== 'ed' && p.diffType !== 'normal')
        s.say(
          s.o.strip === -1
            ? 'Perhaps you should have used the -p or --strip option?\n'
            : 'Perhaps you used the wrong -p or --strip option?\n',
        );
    }
  }
  skipTo(s, p, p.start, p.sline);
  if (!s.inname) {
    if (s.o.force || s.o.batch) {
      s.say('No file to patch.  Skipping patch.\n');
      s.skipRestOfPatch = true;
      return true;
    }
    // No terminal to ask for a name: the question gets its default answer, and the diff is skipped.
    s.ask('File to patch: ');
    if (s.ask('Skip this patch? [y] ')[0] !== 'n') {
      if (!s.silent) s.say('Skipping patch.\n');
      s.skipRestOfPatch = true;
    }
  }
  return true;
}

/** Moves to the diff's first hunk, showing the text before it when patch has no file (skip_to). */
function skipTo(s: Session, p: Pch, pos: number, line: number): void {
  const src = p.src;
  if ((s.verbose || !s.inname) && p.base < pos) {
    s.say('The text leading up to this was:\n--------------------------\n');
    const text = src.slice(p.base, pos);
    for (const l of text.split(/(?<=\n)/)) if (l !== '') s.say(`|${l}`);
    s.say('--------------------------\n');
  }
  src.seek(pos);
  src.inputLine = line - 1;
}
