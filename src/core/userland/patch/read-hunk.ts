// Reading the next hunk of the current diff into the one shape patch works with (pch.c
// another_hunk): a context diff's hunk as it stands (old lines that a new-style diff leaves out
// are filled in from the other side's context), a unified hunk split into its old and new
// sides, a normal diff's "3c3" hunk made into a context hunk without context. Patch's own
// messages for damaged patches ("malformed patch at line 7: ...") end the run.
import { Hunk, type Marker } from './hunk.ts';
import type { Pch } from './pch.ts';
import type { DiffType, Session } from './session.ts';

/** Line numbers as patch scans them: decimal digits, at least one. */
function scanLinenum(s: Session, p: Pch, text: string, at: number): { n: number; at: number } {
  let i = at;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  if (i === at) s.fatal(`missing line number at line ${p.src.inputLine}: ${p.src.buf}`);
  const n = Number(text.slice(at, i));
  if (!Number.isSafeInteger(n))
    s.fatal(`line number ${text.slice(at, i)} is too large at line ${p.src.inputLine}: ${p.src.buf}`);
  return { n, at: i };
}

function malformed(s: Session, p: Pch): never {
  s.fatal(`malformed patch at line ${p.src.inputLine}: ${p.src.buf}`);
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Reads the next hunk into p.hunk, swapped when `rev`; false when this diff has no more. */
export function anotherHunk(s: Session, p: Pch, type: DiffType, rev: boolean): boolean {
  const previous = p.hunk;
  p.hunk = new Hunk();
  // A context hunk reads the last hunk's prefix context before setting its own, as patch does.
  p.hunk.prefixContext = previous.prefixContext;
  const ok =
    type === 'context' || type === 'new-context'
      ? contextHunk(s, p, type)
      : type === 'unified'
        ? unifiedHunk(s, p)
        : normalHunk(s, p);
  if (!ok) return false;
  if (rev) p.hunk.swap();
  p.hunk.stop();
  return true;
}

/** Grows the emulated hunk arrays as patch does: their size bounds how far a hunk is read. */
function reserve(p: Pch, max: number): void {
  while (max + 1 >= p.hunkmax) p.hunkmax *= 2;
}

function contextHunk(s: Session, p: Pch, type: DiffType): boolean {
  const h = p.hunk;
  const src = p.src;
  const lineBeginning = src.tell();
  let replBeginning = 0;
  let fillcnt = 0;
  let fillsrc = 0;
  let filldst = 0;
  let ptrnSpacesEaten = false;
  let someContext = false;
  let replCouldBeMissing = true;
  let ptrnMissing = false;
  let replMissing = false;
  let replBacktrackPosition = 0;
  let replPatchLine = 0;
  let replContext = 0;
  let ptrnPrefixContext = -1;
  let ptrnSuffixContext = -1;
  let replPrefixContext = -1;
  let ptrnCopiable = 0;
  let replCopiable = 0;
  let context = 0;
  let max = p.hunkmax;

  let n = p.getLine();
  if (n <= 8 || !src.buf.startsWith('********')) {
    p.nextIntuitAt(lineBeginning, src.inputLine);
    return false;
  }
  const stars = /^\*+/.exec(src.buf)![0].length;
  if (src.buf[stars] === ' ') h.cFunction = src.buf.slice(stars, src.buf.indexOf('\n'));
  h.beginning = src.inputLine + 1;
  const line = (marker: Marker, text: string): void => h.set(h.end, marker, text);
  /** The text of a line after its two-character prefix; `n` its length, "\ No newline" checked. */
  const body = (from: string, len: number, i: number): string => {
    let l = len;
    if (l > 1 && h.end === (replBeginning ? max : h.ptrnLines) && src.incompleteLine()) l--;
    return from.slice(i, i + l);
  };
  scan: while (h.end < max) {
    n = p.getLine();
    if (!n) {
      if (replBeginning && replCouldBeMissing) {
        replMissing = true;
        break;
      }
      if (max - h.end < 4) {
        src.buf = '  \n'; // assume blank lines got chopped
        n = 3;
      } else s.fatal('unexpected end of file in patch');
    }
    h.end++;
    if (h.end === p.hunkmax)
      s.fatal(`unterminated hunk starting at line ${h.beginning}; giving up at line ${src.inputLine}: ${src.buf}`);
    const buf = src.buf;
    line(buf[0] as Marker, '');
    switch (buf[0]) {
      case '*': {
        if (buf.startsWith('********')) {
          if (replBeginning && replCouldBeMissing) {
            replMissing = true;
            break scan;
          }
          s.fatal(`unexpected end of hunk at line ${src.inputLine}`);
        }
        if (h.end !== 0) {
          if (replBeginning && replCouldBeMissing) {
            replMissing = true;
            break scan;
          }
          s.fatal(`unexpected '***' at line ${src.inputLine}: ${buf}`);
        }
        context = 0;
        line('*', buf);
        let t = buf;
        let at = 0;
        while (at < t.length && !isDigit(t[at])) at++;
        if (t.startsWith('0,0', at)) t = t.slice(0, at) + t.slice(at + 2);
        let r = scanLinenum(s, p, t, at);
        h.first = r.n;
        if (t[r.at] === ',') {
          at = r.at;
          while (at < t.length && !isDigit(t[at])) at++;
          r = scanLinenum(s, p, t, at);
          h.ptrnLines = r.n + 1 - h.first;
          if (h.ptrnLines < 0) malformed(s, p);
        } else if (h.first) h.ptrnLines = 1;
        else {
          h.ptrnLines = 0;
          h.first = 1;
        }
        reserve(p, h.ptrnLines + 6);
        max = p.hunkmax;
        break;
      }
      case '-': {
        if (buf[1] !== '-') {
          if (!changeLine()) break scan;
          break;
        }
        if (ptrnPrefixContext === -1) ptrnPrefixContext = context;
        ptrnSuffixContext = context;
        if (replBeginning || h.end !== h.ptrnLines + 1 + (h.marker(h.end - 1) === '\n' ? 1 : 0)) {
          if (h.end === 1) {
            // 'Old' lines were omitted: fill them in from the 'new' context lines.
            ptrnMissing = true;
            h.end = h.ptrnLines + 1;
            ptrnPrefixContext = ptrnSuffixContext = -1;
            fillsrc = h.end + 1;
            filldst = 1;
            fillcnt = h.ptrnLines;
          } else if (!replBeginning)
            s.fatal(
              `${h.end <= h.ptrnLines ? 'Premature' : 'Overdue'} '---' at line ${src.inputLine}; check line numbers at line ${h.beginning}`,
            );
          else if (!replCouldBeMissing)
            s.fatal(
              `duplicate '---' at line ${src.inputLine}; check line numbers at line ${h.beginning + replBeginning}`,
            );
          else {
            replMissing = true;
            break scan;
          }
        }
        replBeginning = h.end;
        replBacktrackPosition = src.tell();
        replPatchLine = src.inputLine;
        replContext = context;
        line('=', buf);
        let at = 0;
        while (at < buf.length && !isDigit(buf[at])) at++;
        let r = scanLinenum(s, p, buf, at);
        h.newFirst = r.n;
        if (buf[r.at] === ',') {
          at = r.at;
          do if (++at >= buf.length) malformed(s, p);
          while (!isDigit(buf[at]));
          r = scanLinenum(s, p, buf, at);
          h.replLines = r.n + 1 - h.newFirst;
          if (h.replLines < 0) malformed(s, p);
        } else if (h.newFirst) h.replLines = 1;
        else {
          h.replLines = 0;
          h.newFirst = 1;
        }
        max = h.replLines + h.end;
        reserve(p, max);
        if (h.replLines !== ptrnCopiable && (h.prefixContext !== 0 || context !== 0 || h.replLines !== 1))
          replCouldBeMissing = false;
        context = 0;
        break;
      }
      case '+':
      case '!':
        replCouldBeMissing = false;
        if (!changeLine()) break scan;
        break;
      case '\t':
      case '\n': {
        // Assume spaces got eaten.
        // patch drops the tab from the length but still copies from the line's start.
        const len = buf[0] === '\t' ? n - 1 : n;
        if (replBeginning && replCouldBeMissing && (!ptrnSpacesEaten || type === 'new-context')) {
          replMissing = true;
          break scan;
        }
        line(buf[0] as Marker, body(buf, len, 0));
        if (h.end !== h.ptrnLines + 1) {
          ptrnSpacesEaten ||= replBeginning !== 0;
          someContext = true;
          context++;
          if (replBeginning) replCopiable++;
          else ptrnCopiable++;
          h.markers[h.end] = ' ';
        }
        break;
      }
      case ' ': {
        let t = buf;
        let len = n - 1;
        if (t[1] === '\n' && s.o.ignoreWhitespace) {
          // As patch does: the blank line becomes "\n" and a NUL, two bytes.
          t = ' \n\0';
          len = 2;
        }
        let from = 1;
        if (t[1] === ' ' || t[1] === '\t') {
          from = 2;
          len--;
        } else if (replBeginning && replCouldBeMissing) {
          replMissing = true;
          break scan;
        }
        someContext = true;
        context++;
        if (replBeginning) replCopiable++;
        else ptrnCopiable++;
        line(' ', body(t, len, from));
        break;
      }
      default:
        if (replBeginning && replCouldBeMissing) {
          replMissing = true;
          break scan;
        }
        malformed(s, p);
    }
  }

  /** A '-', '+' or '!' line; false when it shows the new side was left out after all. */
  function changeLine(): boolean {
    let t = src.buf;
    let len = n - 1;
    if (t[1] === '\n' && s.o.ignoreWhitespace) {
      t = `${t[0]} \n`;
      len = 2;
    }
    let from = 1;
    if (t[1] === ' ' || t[1] === '\t') {
      from = 2;
      len--;
    } else if (replBeginning && replCouldBeMissing) {
      replMissing = true;
      return false;
    }
    if (!replBeginning) {
      if (ptrnPrefixContext === -1) ptrnPrefixContext = context;
    } else if (replPrefixContext === -1) replPrefixContext = context;
    h.lines[h.end] = body(t, len, from);
    context = 0;
    return true;
  }

  if (h.end >= 0 && !replBeginning) s.fatal(`no '---' found in patch at line ${h.beginning}`);

  if (replMissing) {
    // Reset state back to just after "---": redundant 'new' context lines were omitted; fill
    // them in from the old file's context.
    src.inputLine = replPatchLine;
    context = replContext;
    h.end = replBeginning;
    src.seek(replBacktrackPosition);
    fillsrc = 1;
    filldst = replBeginning + 1;
    fillcnt = h.replLines;
    h.end = max;
  } else if (!ptrnMissing && ptrnCopiable !== replCopiable) {
    s.fatal(`context mangled in hunk at line ${h.beginning}`);
  } else if (!someContext && fillcnt === 1) {
    // The first hunk was a null hunk with no context, and we were expecting one line: fix it up.
    while (filldst < h.end) {
      h.lines[filldst] = h.lines[filldst + 1]!;
      h.markers[filldst] = h.markers[filldst + 1]!;
      filldst++;
    }
    h.end--;
    h.first++; // do append rather than insert
    fillcnt = 0;
    h.ptrnLines = 0;
  }

  h.prefixContext =
    replPrefixContext === -1 || (ptrnPrefixContext !== -1 && ptrnPrefixContext < replPrefixContext)
      ? ptrnPrefixContext
      : replPrefixContext;
  h.suffixContext = ptrnSuffixContext !== -1 && ptrnSuffixContext < context ? ptrnSuffixContext : context;
  if (h.prefixContext === -1 || h.suffixContext === -1)
    s.fatal(`replacement text or line numbers mangled in hunk at line ${h.beginning}`);

  if (type === 'context' && (fillcnt || (h.first > 1 && h.prefixContext + h.suffixContext < ptrnCopiable))) {
    if (s.verbose)
      s.say(
        '(Fascinating -- this is really a new-style context diff but without\nthe telltale extra asterisks on the *** line that usually indicate\nthe new style...)\n',
      );
    p.diffType = 'new-context';
  }

  if (fillcnt) {
    const mangled = (): never => s.fatal(`replacement text or line numbers mangled in hunk at line ${h.beginning}`);
    while (fillcnt-- > 0) {
      while (fillsrc <= h.end && fillsrc !== replBeginning && h.markers[fillsrc] !== ' ') fillsrc++;
      if (h.end < fillsrc || fillsrc === replBeginning) mangled();
      h.lines[filldst] = h.lines[fillsrc]!;
      h.markers[filldst] = h.markers[fillsrc]!;
      fillsrc++;
      filldst++;
    }
    while (fillsrc <= h.end && fillsrc !== replBeginning) {
      if (h.markers[fillsrc] === ' ') mangled();
      fillsrc++;
    }
  }
  return true;
}

function unifiedHunk(s: Session, p: Pch): boolean {
  const h = p.hunk;
  const src = p.src;
  const lineBeginning = src.tell();
  let n = p.getLine();
  let buf = src.buf;
  if (n <= 4 || !buf.startsWith('@@ -')) {
    p.nextIntuitAt(lineBeginning, src.inputLine);
    return false;
  }
  let r = scanLinenum(s, p, buf, 4);
  h.first = r.n;
  if (buf[r.at] === ',') {
    r = scanLinenum(s, p, buf, r.at + 1);
    h.ptrnLines = r.n;
  } else h.ptrnLines = 1;
  let at = r.at;
  if (buf[at] === ' ') at++;
  if (buf[at] !== '+') malformed(s, p);
  r = scanLinenum(s, p, buf, at + 1);
  h.newFirst = r.n;
  if (buf[r.at] === ',') {
    r = scanLinenum(s, p, buf, r.at + 1);
    h.replLines = r.n;
  } else h.replLines = 1;
  at = r.at;
  if (buf[at] === ' ') at++;
  if (buf[at++] !== '@') malformed(s, p);
  if (buf[at++] === '@' && buf[at] === ' ') h.cFunction = buf.slice(at, buf.indexOf('\n', at));
  if (!h.ptrnLines) h.first++; // do append rather than insert
  if (!h.replLines) h.newFirst++;
  const max = h.ptrnLines + h.replLines + 1;
  reserve(p, max);
  let fillsrc = 1;
  let filldst = fillsrc + h.ptrnLines;
  h.end = filldst + h.replLines;
  h.set(0, '*', `*** ${h.first},${h.first + h.ptrnLines - 1} ****\n`);
  h.set(filldst++, '=', `--- ${h.newFirst},${h.newFirst + h.replLines - 1} ----\n`);
  h.prefixContext = -1;
  h.beginning = src.inputLine + 1;
  let context = 0;
  while (fillsrc <= h.ptrnLines || filldst <= h.end) {
    n = p.getLine();
    if (!n) {
      if (max - filldst < 3) {
        src.buf = ' \n'; // assume blank lines got chopped
        n = 2;
      } else s.fatal('unexpected end of file in patch');
    }
    buf = src.buf;
    let ch: string;
    let text: string;
    if (buf[0] === '\t' || buf[0] === '\n') {
      ch = ' '; // assume the space got eaten
      text = buf.slice(0, n);
    } else {
      ch = buf[0]!;
      text = buf.slice(1, n);
    }
    const old = (): void => {
      if (fillsrc === h.ptrnLines && src.incompleteLine()) text = text.slice(0, -1);
      h.set(fillsrc++, ch as Marker, text);
    };
    const nu = (): void => {
      if (filldst > h.end) {
        h.end = fillsrc - 1;
        malformed(s, p);
      }
      if (filldst === h.end && src.incompleteLine()) text = text.slice(0, -1);
      h.set(filldst++, ch as Marker, text);
    };
    if (ch === '-') {
      if (fillsrc > h.ptrnLines) {
        h.end = filldst - 1;
        malformed(s, p);
      }
      old();
    } else if (ch === ' ' || ch === '=') {
      // A context line is on both sides.
      ch = ' ';
      if (fillsrc > h.ptrnLines) {
        h.end = fillsrc - 1;
        malformed(s, p);
      }
      context++;
      old();
      nu();
    } else if (ch === '+') nu();
    else {
      h.end = filldst;
      malformed(s, p);
    }
    if (ch !== ' ') {
      if (h.prefixContext === -1) h.prefixContext = context;
      context = 0;
    }
  }
  if (h.prefixContext === -1) malformed(s, p);
  h.suffixContext = context;
  return true;
}

function normalHunk(s: Session, p: Pch): boolean {
  const h = p.hunk;
  const src = p.src;
  const lineBeginning = src.tell();
  h.prefixContext = h.suffixContext = 0;
  const n = p.getLine();
  if (!n || !isDigit(src.buf[0])) {
    p.nextIntuitAt(lineBeginning, src.inputLine);
    return false;
  }
  const buf = src.buf;
  let r = scanLinenum(s, p, buf, 0);
  h.first = r.n;
  if (buf[r.at] === ',') {
    const last = scanLinenum(s, p, buf, r.at + 1);
    h.ptrnLines = last.n + 1 - h.first;
    r = last;
  } else h.ptrnLines = buf[r.at] !== 'a' ? 1 : 0;
  const hunkType = buf[r.at];
  if (hunkType === 'a') h.first++; // do append rather than insert
  r = scanLinenum(s, p, buf, r.at + 1);
  let min = r.n;
  let max = min;
  if (buf[r.at] === ',') max = scanLinenum(s, p, buf, r.at + 1).n;
  if (min > max) malformed(s, p);
  if (hunkType === 'd') min++;
  h.newFirst = min;
  h.replLines = max - min + 1;
  h.end = h.ptrnLines + h.replLines + 1;
  reserve(p, h.end);
  h.set(0, '*', `*** ${h.first},${h.first + h.ptrnLines - 1}\n`);
  let i = 1;
  for (; i <= h.ptrnLines; i++) {
    const len = p.getLine();
    if (!len) s.fatal(`unexpected end of file in patch at line ${src.inputLine}`);
    const b = src.buf;
    if (b[0] !== '<' || (b[1] !== ' ' && b[1] !== '\t')) s.fatal(`'<' expected at line ${src.inputLine} of patch`);
    const cut = 2 + (i === h.ptrnLines && src.incompleteLine() ? 1 : 0);
    h.set(i, '-', b.slice(2, len - cut + 2));
  }
  if (hunkType === 'c') {
    const len = p.getLine();
    if (!len) s.fatal(`unexpected end of file in patch at line ${src.inputLine}`);
    if (src.buf[0] !== '-') s.fatal(`'---' expected at line ${src.inputLine} of patch`);
  }
  h.set(i, '=', `--- ${min},${max}\n`);
  for (i++; i <= h.end; i++) {
    const len = p.getLine();
    if (!len) s.fatal(`unexpected end of file in patch at line ${src.inputLine}`);
    const b = src.buf;
    if (b[0] !== '>' || (b[1] !== ' ' && b[1] !== '\t')) s.fatal(`'>' expected at line ${src.inputLine} of patch`);
    const cut = 2 + (i === h.end && src.incompleteLine() ? 1 : 0);
    h.set(i, '+', b.slice(2, len - cut + 2));
  }
  return true;
}
