// An edit script as diff prints it: normal ("2c2", "< a", "---", "> b"), unified ("@@ -1,3
// +1,4 @@") and context ("***************") hunks, with GNU's grouping of nearby changes into
// one hunk, its line-number ranges and "\ No newline at end of file" (diffutils' normal.c,
// context.c and util.c). https://www.gnu.org/software/diffutils/manual/html_node/Output-Formats.html
import type { Change } from './analyze.ts';
import type { Side, WhiteSpace } from './lines.ts';

export type Style = 'normal' | 'unified' | 'context';

export interface FormatOptions {
  style: Style;
  /** Unchanged lines shown around each unified or context hunk. */
  context: number;
  /** -B: hunks whose lines are all blank are not differences. */
  ignoreBlankLines: boolean;
  /** -I RE: hunks whose lines all match one of these are not differences. */
  ignoreLines: ReadonlyArray<(line: string) => boolean>;
  /** -p, -F RE: each hunk header shows the last line before it that matches one of these. */
  functionLines: ReadonlyArray<(line: string) => boolean>;
  whiteSpace: WhiteSpace;
  /** -T: a tab, not a space, between the flag and the line. */
  initialTab: boolean;
  /** -t: tabs expanded to spaces in the output. */
  expandTabs: boolean;
  tabSize: number;
  /** --suppress-blank-empty: no space or tab after the flag of an empty line. */
  suppressBlankEmpty: boolean;
}

/** What a hunk does to each file: bit 1 deletes lines of file 0, bit 2 inserts lines of file 1. */
type Changes = 0 | 1 | 2 | 3;
const OLD = 1;
const NEW = 2;

interface Range {
  first0: number;
  last0: number;
  first1: number;
  last1: number;
  changes: Changes;
}

/** A change with whether all its lines are ignorable (-B, -I). */
interface Marked extends Change {
  ignore: boolean;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

export class Formatter {
  readonly #sides: [Side, Side];
  readonly #o: FormatOptions;
  #out = '';
  /** Where the function-line search last started, and what it found (GNU keeps both per run). */
  #lastSearch = 0;
  #lastMatch: number | undefined;

  constructor(sides: [Side, Side], o: FormatOptions) {
    this.#sides = sides;
    this.#o = o;
  }

  /** Line `i` (internal numbering) of file `f`. */
  #line(f: 0 | 1, i: number): string {
    const s = this.#sides[f];
    return s.lines[s.prefix + i]!;
  }

  /** Whether the script has a change that counts (one that -B or -I does not hide). */
  differs(script: readonly Change[]): boolean {
    if (!this.#o.ignoreBlankLines && this.#o.ignoreLines.length === 0) return script.length > 0;
    return script.some((c) => this.#analyze([c]).changes !== 0);
  }

  /** The hunks of `script`, `header` (the file header) first when there is any. */
  print(script: readonly Change[], header: () => string): string {
    this.#out = '';
    this.#lastSearch = -this.#sides[0].prefix;
    this.#lastMatch = undefined;
    let begun = false;
    const begin = (): void => {
      if (!begun) this.#out += header();
      begun = true;
    };
    if (this.#o.style === 'normal') {
      for (const c of script) this.#normalHunk([c], begin);
      return this.#out;
    }
    const trivial = this.#o.ignoreBlankLines || this.#o.ignoreLines.length > 0;
    const marked: Marked[] = script.map((c) => ({ ...c, ignore: trivial && this.#analyze([c]).changes === 0 }));
    for (let start = 0; start < marked.length;) {
      const end = this.#hunkEnd(marked, start);
      const hunk = marked.slice(start, end + 1);
      if (this.#o.style === 'unified') this.#unifiedHunk(hunk, begin);
      else this.#contextHunk(hunk, begin);
      start = end + 1;
    }
    return this.#out;
  }

  /** The last change of the hunk starting at `start`: changes closer than 2*context+1 join. */
  #hunkEnd(script: readonly Marked[], start: number): number {
    const context = this.#o.context;
    let i = start;
    for (;;) {
      const c = script[i]!;
      const top0 = c.line0 + c.deleted;
      const next = script[i + 1];
      if (!next) return i;
      const thresh = next.ignore ? context : 2 * context + 1;
      if (next.line0 - top0 >= thresh) return i;
      i++;
    }
  }

  /** The lines a hunk covers in each file, and whether it deletes, inserts or only ignorables. */
  #analyze(hunk: readonly Change[]): Range {
    const o = this.#o;
    let trivial = o.ignoreBlankLines || o.ignoreLines.length > 0;
    const skipWhiteSpace = o.ignoreBlankLines && !['none', 'tab-expansion'].includes(o.whiteSpace as string);
    const skipLeading = skipWhiteSpace && (o.whiteSpace === 'space-change' || o.whiteSpace === 'all');
    const ignorable = (line: string): boolean => {
      const body = line.endsWith('\n') ? line.slice(0, -1) : line;
      if (o.ignoreBlankLines) {
        let p = 0;
        if (skipWhiteSpace) {
          while (p < body.length && isSpace(body.charCodeAt(p))) p++;
          if (p < body.length && !skipLeading) p = 0;
        }
        if (body.length - p === 0) return true;
      }
      return o.ignoreLines.some((match) => match(body));
    };
    let showFrom = 0;
    let showTo = 0;
    let l0 = 0;
    let l1 = 0;
    for (const c of hunk) {
      l0 = c.line0 + c.deleted - 1;
      l1 = c.line1 + c.inserted - 1;
      showFrom += c.deleted;
      showTo += c.inserted;
      for (let i = c.line0; i <= l0 && trivial; i++) if (!ignorable(this.#line(0, i))) trivial = false;
      for (let i = c.line1; i <= l1 && trivial; i++) if (!ignorable(this.#line(1, i))) trivial = false;
    }
    const first = hunk[0]!;
    const changes = trivial ? 0 : (((showFrom ? OLD : 0) | (showTo ? NEW : 0)) as Changes);
    return { first0: first.line0, last0: l0, first1: first.line1, last1: l1, changes };
  }

  /** The range widened by the context, within the files. */
  #widen(r: Range): Range {
    const context = this.#o.context;
    const [a, b] = this.#sides;
    const lowest = -a.prefix;
    const last = (s: Side, l: number): number => {
      const valid = s.lines.length - s.prefix;
      return l < valid - context ? l + context : valid - 1;
    };
    return {
      first0: Math.max(r.first0 - context, lowest),
      first1: Math.max(r.first1 - context, lowest),
      last0: last(a, r.last0),
      last1: last(b, r.last1),
      changes: r.changes,
    };
  }

  /** " NAME": the last line of file 0 before `first` that -p or -F picks, cut to 40 bytes. */
  #function(first: number): string {
    if (this.#o.functionLines.length === 0) return '';
    const last = this.#lastSearch;
    this.#lastSearch = first;
    let found: number | undefined;
    for (let i = first - 1; i >= last; i--) {
      const body = this.#line(0, i).replace(/\n$/, '');
      if (this.#o.functionLines.some((match) => match(body))) {
        found = i;
        break;
      }
    }
    if (found !== undefined) this.#lastMatch = found;
    else found = this.#lastMatch;
    if (found === undefined) return '';
    const line = this.#line(0, found).replace(/\n$/, '');
    let i = 0;
    while (i < line.length && isSpace(line.charCodeAt(i))) i++;
    let j = Math.min(line.length, i + 40);
    while (j > i && isSpace(line.charCodeAt(j - 1))) j--;
    return ` ${line.slice(i, j)}`;
  }

  /** A real (1-based) line number. */
  #real(f: 0 | 1, i: number): number {
    return i + this.#sides[f].prefix + 1;
  }

  /** Writes a line after its flag; a line without its newline gets GNU's note. */
  #printLine(flag: string | null, line: string): void {
    const o = this.#o;
    if (flag !== null && flag !== '') {
      const empty = line === '\n' || line === '';
      if (o.suppressBlankEmpty && empty) this.#out += flag === ' ' ? '' : flag;
      else this.#out += flag + (o.initialTab ? '\t' : ' ');
    }
    this.#out += o.expandTabs ? expand(line, o.tabSize, flag ? flag + (o.initialTab ? '\t' : ' ') : null) : line;
    if ((flag === null || flag !== '') && !line.endsWith('\n')) this.#out += '\n\\ No newline at end of file\n';
  }

  /** "a,b" or "b" when the range has one line or none (normal output). */
  #range(f: 0 | 1, a: number, b: number): string {
    const ta = this.#real(f, a - 1) + 1;
    const tb = this.#real(f, b + 1) - 1;
    return tb > ta ? `${ta},${tb}` : `${tb}`;
  }

  #normalHunk(hunk: readonly Change[], begin: () => void): void {
    const r = this.#analyze(hunk);
    if (!r.changes) return;
    begin();
    const letter = r.changes === 1 ? 'd' : r.changes === 2 ? 'a' : 'c';
    this.#out += `${this.#range(0, r.first0, r.last0)}${letter}${this.#range(1, r.first1, r.last1)}\n`;
    if (r.changes & OLD) for (let i = r.first0; i <= r.last0; i++) this.#printLine('<', this.#line(0, i));
    if (r.changes === 3) this.#out += '---\n';
    if (r.changes & NEW) for (let i = r.first1; i <= r.last1; i++) this.#printLine('>', this.#line(1, i));
  }

  #unifiedHunk(hunk: readonly Change[], begin: () => void): void {
    const found = this.#analyze(hunk);
    if (!found.changes) return;
    const r = this.#widen(found);
    begin();
    const range = (f: 0 | 1, a: number, b: number): string => {
      const ta = this.#real(f, a - 1) + 1;
      const tb = this.#real(f, b + 1) - 1;
      if (tb <= ta) return tb < ta ? `${tb},0` : `${tb}`;
      return `${ta},${tb - ta + 1}`;
    };
    this.#out += `@@ -${range(0, r.first0, r.last0)} +${range(1, r.first1, r.last1)} @@${this.#function(r.first0)}\n`;
    const o = this.#o;
    let next = 0;
    let i = r.first0;
    let j = r.first1;
    while (i <= r.last0 || j <= r.last1) {
      const c = hunk[next];
      if (!c || i < c.line0) {
        const line = this.#line(0, i++);
        if (!(o.suppressBlankEmpty && line === '\n')) this.#out += o.initialTab ? '\t' : ' ';
        this.#printLine(null, line);
        j++;
        continue;
      }
      for (let k = 0; k < c.deleted; k++) this.#flagged('-', this.#line(0, i++));
      for (let k = 0; k < c.inserted; k++) this.#flagged('+', this.#line(1, j++));
      next++;
    }
  }

  /** A unified diff's "-" or "+" line. */
  #flagged(flag: string, line: string): void {
    this.#out += flag;
    if (this.#o.initialTab && !(this.#o.suppressBlankEmpty && line === '\n')) this.#out += '\t';
    this.#printLine(null, line);
  }

  #contextHunk(hunk: readonly Change[], begin: () => void): void {
    const found = this.#analyze(hunk);
    if (!found.changes) return;
    const r = this.#widen(found);
    begin();
    const range = (f: 0 | 1, a: number, b: number): string => {
      const ta = this.#real(f, a - 1) + 1;
      const tb = this.#real(f, b + 1) - 1;
      return tb <= ta ? `${tb}` : `${ta},${tb}`;
    };
    this.#out += `***************${this.#function(r.first0)}\n*** ${range(0, r.first0, r.last0)} ****\n`;
    if (r.changes & OLD) {
      let next = 0;
      for (let i = r.first0; i <= r.last0; i++) {
        while (hunk[next] && hunk[next]!.line0 + hunk[next]!.deleted <= i) next++;
        const c = hunk[next];
        const flag = c && c.line0 <= i ? (c.inserted > 0 ? '!' : '-') : ' ';
        this.#printLine(flag, this.#line(0, i));
      }
    }
    this.#out += `--- ${range(1, r.first1, r.last1)} ----\n`;
    if (r.changes & NEW) {
      let next = 0;
      for (let i = r.first1; i <= r.last1; i++) {
        while (hunk[next] && hunk[next]!.line1 + hunk[next]!.inserted <= i) next++;
        const c = hunk[next];
        const flag = c && c.line1 <= i ? (c.deleted > 0 ? '!' : '+') : ' ';
        this.#printLine(flag, this.#line(1, i));
      }
    }
  }
}

/** diff -t: tabs to spaces by column; after a carriage return `flag` is written again. */
function expand(line: string, tabSize: number, flag: string | null): string {
  let out = '';
  let column = 0;
  for (let t = 0; t < line.length; t++) {
    const ch = line[t]!;
    const c = ch.charCodeAt(0);
    if (c === 9) {
      const spaces = tabSize - (column % tabSize);
      column += spaces;
      out += ' '.repeat(spaces);
    } else if (c === 13) {
      out += ch;
      if (flag && t + 1 < line.length && line[t + 1] !== '\n') out += flag;
      column = 0;
    } else if (c === 8) {
      if (column === 0) continue;
      column--;
      out += ch;
    } else {
      column += c >= 32 && c < 127 ? 1 : 0;
      out += ch;
    }
  }
  return out;
}
