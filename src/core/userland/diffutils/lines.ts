// Two texts as diff compares them (diffutils' io.c): the identical prefix and suffix found
// byte by byte and set aside but for `horizon` lines at each end, and each line in between put
// in an equivalence class under the white-space and case options, so that the algorithm
// compares numbers. Which lines are set aside changes where the algorithm may place a change,
// so this follows GNU's byte-level rules exactly.

/** How white space counts when lines are compared (diff -Z, -E, -b, -w), weakest first. */
export type WhiteSpace = 'none' | 'tab-expansion' | 'trailing' | 'tab-expansion-and-trailing' | 'space-change' | 'all';

export interface LineOptions {
  whiteSpace: WhiteSpace;
  ignoreCase: boolean;
  stripTrailingCr: boolean;
  /** Unchanged lines kept on each side of the differing middle (GNU's horizon_lines). */
  horizon: number;
  tabSize: number;
}

/** One file's text split for comparison. Internal line i is `lines[prefix + i]`. */
export interface Side {
  /** Every line of the file, each with its "\n" (the last one without when it has none). */
  readonly lines: string[];
  /** Lines of the identical prefix that are set aside. */
  readonly prefix: number;
  /** Lines in the compared middle (GNU's buffered_lines). */
  readonly middle: number;
  /** The equivalence class of each middle line. */
  readonly equivs: Int32Array;
  readonly missingNewline: boolean;
}

/** A file's bytes as diff reads them: trailing CRs stripped on request; the missing "\n" noted. */
function prepare(data: string, o: LineOptions): { text: string; missingNewline: boolean } {
  const missingNewline = data !== '' && !data.endsWith('\n');
  let text = missingNewline ? data + '\n' : data;
  if (o.stripTrailingCr) text = text.replace(/\r\n/g, '\n');
  return { text, missingNewline };
}

/** The two files' texts, split and classed. */
export function compareTexts(data0: string, data1: string, o: LineOptions): [Side, Side] {
  const f0 = prepare(data0, o);
  const f1 = prepare(data1, o);
  const [t0, t1] = [f0.text, f1.text];
  const [n0, n1] = [t0.length, t1.length];

  // The identical prefix, byte by byte; a missing newline is not part of it.
  let p = 0;
  const common = Math.min(n0, n1);
  while (p < common && t0.charCodeAt(p) === t1.charCodeAt(p)) p++;
  if (pastReal(n0, f0.missingNewline, p) !== pastReal(n1, f1.missingNewline, p)) p--;
  // Back to the start of the line, then `horizon` lines more.
  let keep = o.horizon;
  while (p > 0 && (t0.charCodeAt(p - 1) !== 10 || keep-- > 0)) p--;
  const prefixEnd = p;

  // The identical suffix, only when both files end alike.
  let s0 = n0;
  let s1 = n1;
  if (f0.missingNewline === f1.missingNewline) {
    let beg0 = prefixEnd + (n0 < n1 ? 0 : n0 - n1);
    while (s0 !== beg0) {
      if (t0.charCodeAt(--s0) !== t1.charCodeAt(--s1)) {
        s0++;
        s1++;
        beg0 = s0;
        break;
      }
    }
    const atLineStart = (t: string, at: number): boolean => at === 0 || t.charCodeAt(at - 1) === 10;
    let skip = o.horizon + (atLineStart(t0, s0) && atLineStart(t1, s1) ? 0 : 1);
    const from = s0;
    while (skip-- > 0 && s0 !== n0) {
      while (t0.charCodeAt(s0++) !== 10) continue;
    }
    s1 += s0 - from;
  }

  const classes = new Classes(o);
  const side = (t: string, missingNewline: boolean, suffixBegin: number): Side => {
    const lines = splitLines(t, missingNewline);
    const prefix = countNewlines(t, prefixEnd);
    const middle = countNewlines(t, suffixBegin) - prefix;
    const equivs = new Int32Array(middle);
    for (let i = 0; i < middle; i++) {
      const k = prefix + i;
      equivs[i] = classes.of(lines[k]!, missingNewline && k === lines.length - 1);
    }
    return { lines, prefix, middle, equivs, missingNewline };
  };
  return [side(t0, f0.missingNewline, s0), side(t1, f1.missingNewline, s1)];
}

/** Whether byte offset `p` lies past the file's real end (on the "\n" diff appended, or beyond). */
function pastReal(n: number, missingNewline: boolean, p: number): boolean {
  return n - (missingNewline ? 1 : 0) < p;
}

function countNewlines(t: string, end: number): number {
  let n = 0;
  for (let i = t.indexOf('\n'); i >= 0 && i < end; i = t.indexOf('\n', i + 1)) n++;
  return n;
}

/** The lines of a prepared text; the "\n" added for a missing one is taken off again. */
function splitLines(t: string, missingNewline: boolean): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) {
    lines.push(t.slice(start, i + 1));
    start = i + 1;
  }
  if (missingNewline && lines.length > 0) {
    const last = lines.length - 1;
    lines[last] = lines[last]!.slice(0, -1);
  }
  return lines;
}

/** Equivalence classes of lines, numbered from 1 in order of first appearance. */
class Classes {
  readonly #ids = new Map<string, number>();
  readonly #o: LineOptions;

  constructor(o: LineOptions) {
    this.#o = o;
  }

  /** `line` without its "\n"; `incomplete`: the file's last line, which has none. */
  of(line: string, incomplete: boolean): number {
    const body = line.endsWith('\n') ? line.slice(0, -1) : line;
    let key = normalise(body, this.#o);
    // An incomplete line equals only the other file's incomplete line, unless trailing
    // white space (which a newline is, to these options) is ignored anyway.
    const ws = this.#o.whiteSpace;
    if (incomplete && (ws === 'none' || ws === 'tab-expansion')) key = `\n${key}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#ids.size + 1;
      this.#ids.set(key, id);
    }
    return id;
  }
}

/** A line as the options see it: two lines are equivalent when their normal forms are equal. */
export function normalise(body: string, o: LineOptions): string {
  let s = body;
  switch (o.whiteSpace) {
    case 'all':
      s = s.replace(/[ \t\n\v\f\r]+/g, '');
      break;
    case 'space-change':
      s = s.replace(/[ \t\n\v\f\r]+$/, '').replace(/[ \t\n\v\f\r]+/g, ' ');
      break;
    case 'trailing':
      s = s.replace(/[ \t\n\v\f\r]+$/, '');
      break;
    case 'tab-expansion':
      s = expandTabs(s, o.tabSize);
      break;
    case 'tab-expansion-and-trailing':
      s = expandTabs(s.replace(/[ \t\n\v\f\r]+$/, ''), o.tabSize);
      break;
    case 'none':
      break;
  }
  return o.ignoreCase ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** Tabs as the spaces they stand for, counting columns as diff -E does. */
function expandTabs(s: string, tabSize: number): string {
  if (!s.includes('\t')) return s;
  let out = '';
  let column = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 9) {
      const n = tabSize - (column % tabSize);
      out += ' '.repeat(n);
      column += n;
      continue;
    }
    if (c === 8) column -= column > 0 ? 1 : 0;
    else if (c === 13) column = 0;
    else column++;
    out += s[i];
  }
  return out;
}
