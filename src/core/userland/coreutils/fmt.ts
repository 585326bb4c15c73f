// fmt: fills and joins the lines of each paragraph to a goal width, choosing the breaks of a
// whole paragraph at once by GNU fmt's costs (short and ragged lines, sentence ends, widows,
// orphans), so the output matches GNU's byte for byte. A port of coreutils 9.1's fmt.c.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  bytesToBin,
  decimalArg,
  FsError,
  opt,
  options,
  program,
  q,
  readAll,
  strerror,
  UsageError,
} from '../lib/index.ts';

const FMT = options({
  crown: opt.flag('c', 'crown-margin'),
  prefix: opt.arg('p', 'prefix'),
  split: opt.flag('s', 'split-only'),
  tagged: opt.flag('t', 'tagged-paragraph'),
  uniform: opt.flag('u', 'uniform-spacing'),
  width: opt.arg('w', 'width'),
  goal: opt.arg('g', 'goal'),
});

const WIDTH = 75;
const LEEWAY = 7;
const DEF_INDENT = 3;
const TABWIDTH = 8;
const MAXWORDS = 1000;
const MAXCHARS = 5000;
const MAXCOST = Infinity;
const equiv = (n: number): number => n * n;
const shortCost = (n: number): number => equiv(n * 10);
const raggedCost = (n: number): number => shortCost(n) / 2;
const LINE_COST = equiv(70);
const widowCost = (n: number): number => Math.trunc(equiv(200) / (n + 2));
const orphanCost = (n: number): number => Math.trunc(equiv(150) / (n + 2));
const SENTENCE_BONUS = equiv(50);
const NOBREAK_COST = equiv(600);
const PAREN_BONUS = equiv(40);
const PUNCT_BONUS = equiv(40);
const LINE_CREDIT = equiv(3);
const EOF = '';

interface Word {
  /** Offset of the text in the paragraph buffer. */
  text: number;
  length: number;
  space: number;
  paren: boolean;
  period: boolean;
  punct: boolean;
  final: boolean;
  lineLength: number;
  bestCost: number;
  nextBreak: number;
}

const newWord = (): Word => ({
  text: 0,
  length: 0,
  space: 0,
  paren: false,
  period: false,
  punct: false,
  final: false,
  lineLength: 0,
  bestCost: 0,
  nextBreak: 0,
});

interface Settings {
  crown: boolean;
  tagged: boolean;
  split: boolean;
  uniform: boolean;
  prefix: string;
  prefixLeadSpace: number;
  prefixFullLength: number;
  prefixLength: number;
  maxWidth: number;
  goalWidth: number;
}

/** One input formatted, with fmt.c's globals as fields and its functions as methods. */
class Formatter {
  out = '';
  readonly #s: Settings;
  readonly #in: string;
  #at = 0;
  #inColumn = 0;
  #outColumn = 0;
  #parabuf = '';
  #words: Word[] = Array.from({ length: MAXWORDS }, newWord);
  #wordLimit = 0;
  #tabs = false;
  #prefixIndent = 0;
  #firstIndent = 0;
  #otherIndent = 0;
  #nextChar = EOF;
  #nextPrefixIndent = 0;
  #lastLineLength = 0;

  constructor(s: Settings, input: string) {
    this.#s = s;
    this.#in = input;
  }

  #getc(): string {
    return this.#at < this.#in.length ? this.#in[this.#at++]! : EOF;
  }

  run(): void {
    this.#nextChar = this.#getPrefix();
    while (this.#getParagraph()) {
      this.#fmtParagraph();
      this.#putParagraph(this.#wordLimit);
    }
  }

  #setOtherIndent(sameParagraph: boolean): void {
    const s = this.#s;
    if (s.split) this.#otherIndent = this.#firstIndent;
    else if (s.crown) this.#otherIndent = sameParagraph ? this.#inColumn : this.#firstIndent;
    else if (s.tagged) {
      if (sameParagraph && this.#inColumn !== this.#firstIndent) this.#otherIndent = this.#inColumn;
      else if (this.#otherIndent === this.#firstIndent) this.#otherIndent = this.#firstIndent === 0 ? DEF_INDENT : 0;
    } else this.#otherIndent = this.#firstIndent;
  }

  #getParagraph(): boolean {
    const s = this.#s;
    this.#lastLineLength = 0;
    let c = this.#nextChar;
    while (
      c === '\n' ||
      c === EOF ||
      this.#nextPrefixIndent < s.prefixLeadSpace ||
      this.#inColumn < this.#nextPrefixIndent + s.prefixFullLength
    ) {
      c = this.#copyRest(c);
      if (c === EOF) {
        this.#nextChar = EOF;
        return false;
      }
      this.out += '\n';
      c = this.#getPrefix();
    }
    this.#prefixIndent = this.#nextPrefixIndent;
    this.#firstIndent = this.#inColumn;
    this.#parabuf = '';
    this.#wordLimit = 0;
    c = this.#getLine(c);
    this.#setOtherIndent(this.#samePara(c));
    if (s.split) {
      // one line a paragraph
    } else if (s.crown) {
      if (this.#samePara(c)) {
        do c = this.#getLine(c);
        while (this.#samePara(c) && this.#inColumn === this.#otherIndent);
      }
    } else if (s.tagged) {
      if (this.#samePara(c) && this.#inColumn !== this.#firstIndent) {
        do c = this.#getLine(c);
        while (this.#samePara(c) && this.#inColumn === this.#otherIndent);
      }
    } else {
      while (this.#samePara(c) && this.#inColumn === this.#otherIndent) c = this.#getLine(c);
    }
    const last = this.#words[this.#wordLimit - 1]!;
    last.period = last.final = true;
    this.#nextChar = c;
    return true;
  }

  #copyRest(c: string): string {
    const s = this.#s;
    this.#outColumn = 0;
    if (this.#inColumn > this.#nextPrefixIndent || (c !== '\n' && c !== EOF)) {
      this.#putSpace(this.#nextPrefixIndent);
      for (let i = 0; this.#outColumn !== this.#inColumn && i < s.prefix.length; this.#outColumn++)
        this.out += s.prefix[i++];
      if (c !== EOF && c !== '\n') this.#putSpace(this.#inColumn - this.#outColumn);
      if (c === EOF && this.#inColumn >= this.#nextPrefixIndent + s.prefixLength) this.out += '\n';
    }
    while (c !== '\n' && c !== EOF) {
      this.out += c;
      c = this.#getc();
    }
    return c;
  }

  #samePara(c: string): boolean {
    return (
      this.#nextPrefixIndent === this.#prefixIndent &&
      this.#inColumn >= this.#nextPrefixIndent + this.#s.prefixFullLength &&
      c !== '\n' &&
      c !== EOF
    );
  }

  #getLine(c: string): string {
    do {
      let w = this.#words[this.#wordLimit]!;
      w.text = this.#parabuf.length;
      do {
        if (this.#parabuf.length === MAXCHARS) {
          this.#setOtherIndent(true);
          this.#flushParagraph();
          w = this.#words[this.#wordLimit]!;
        }
        this.#parabuf += c;
        c = this.#getc();
      } while (c !== EOF && !isSpace(c));
      w.length = this.#parabuf.length - w.text;
      this.#inColumn += w.length;
      this.#checkPunctuation(w);
      const start = this.#inColumn;
      c = this.#getSpace(c);
      w.space = this.#inColumn - start;
      w.final = c === EOF || (w.period && (c === '\n' || w.space > 1));
      if (c === '\n' || c === EOF || this.#s.uniform) w.space = w.final ? 2 : 1;
      if (this.#wordLimit === MAXWORDS - 2) {
        this.#setOtherIndent(true);
        this.#flushParagraph();
      }
      this.#wordLimit++;
    } while (c !== '\n' && c !== EOF);
    return this.#getPrefix();
  }

  #getPrefix(): string {
    const s = this.#s;
    this.#inColumn = 0;
    let c = this.#getSpace(this.#getc());
    if (s.prefixLength === 0) this.#nextPrefixIndent = Math.min(s.prefixLeadSpace, this.#inColumn);
    else {
      this.#nextPrefixIndent = this.#inColumn;
      for (const pc of s.prefix) {
        if (c !== pc) return c;
        this.#inColumn++;
        c = this.#getc();
      }
      c = this.#getSpace(c);
    }
    return c;
  }

  #getSpace(c: string): string {
    for (;;) {
      if (c === ' ') this.#inColumn++;
      else if (c === '\t') {
        this.#tabs = true;
        this.#inColumn = (Math.trunc(this.#inColumn / TABWIDTH) + 1) * TABWIDTH;
      } else return c;
      c = this.#getc();
    }
  }

  #checkPunctuation(w: Word): void {
    const text = this.#parabuf.slice(w.text, w.text + w.length);
    let finish = text.length - 1;
    w.paren = `(['\`"`.includes(text[0]!);
    w.punct = isPunct(text[finish]!);
    while (finish > 0 && `)]'"`.includes(text[finish]!)) finish--;
    w.period = '.?!'.includes(text[finish]!);
  }

  #flushParagraph(): void {
    const words = this.#words;
    if (this.#wordLimit === 0) {
      this.out += this.#parabuf;
      this.#parabuf = '';
      return;
    }
    this.#fmtParagraph();
    let splitPoint = this.#wordLimit;
    let bestBreak = MAXCOST;
    for (let w = words[0]!.nextBreak; w !== this.#wordLimit; w = words[w]!.nextBreak) {
      const cost = words[w]!.bestCost - words[words[w]!.nextBreak]!.bestCost;
      if (cost < bestBreak) {
        splitPoint = w;
        bestBreak = cost;
      }
      bestBreak += LINE_CREDIT;
    }
    this.#putParagraph(splitPoint);
    const shift = words[splitPoint]!.text;
    this.#parabuf = this.#parabuf.slice(shift);
    for (let w = splitPoint; w <= this.#wordLimit; w++) words[w]!.text -= shift;
    const moved = words.slice(splitPoint, this.#wordLimit + 1).map((w) => ({ ...w }));
    moved.forEach((w, i) => (words[i] = w));
    this.#wordLimit -= splitPoint;
  }

  #fmtParagraph(): void {
    const words = this.#words;
    const limit = words[this.#wordLimit]!;
    limit.bestCost = 0;
    const savedLength = limit.length;
    limit.length = this.#s.maxWidth;
    for (let start = this.#wordLimit - 1; start >= 0; start--) {
      let best = MAXCOST;
      let len = start === 0 ? this.#firstIndent : this.#otherIndent;
      let w = start;
      len += words[w]!.length;
      do {
        w++;
        let wcost = this.#lineCost(w, len) + words[w]!.bestCost;
        if (start === 0 && this.#lastLineLength > 0) wcost += raggedCost(len - this.#lastLineLength);
        if (wcost < best) {
          best = wcost;
          words[start]!.nextBreak = w;
          words[start]!.lineLength = len;
        }
        if (w === this.#wordLimit) break;
        len += words[w - 1]!.space + words[w]!.length;
      } while (len < this.#s.maxWidth);
      words[start]!.bestCost = best + this.#baseCost(start);
    }
    limit.length = savedLength;
  }

  #baseCost(i: number): number {
    const words = this.#words;
    const w = words[i]!;
    let cost = LINE_COST;
    if (i > 0) {
      const prev = words[i - 1]!;
      if (prev.period) cost += prev.final ? -SENTENCE_BONUS : NOBREAK_COST;
      else if (prev.punct) cost -= PUNCT_BONUS;
      else if (i > 1 && words[i - 2]!.final) cost += widowCost(prev.length);
    }
    if (w.paren) cost -= PAREN_BONUS;
    else if (w.final) cost += orphanCost(w.length);
    return cost;
  }

  #lineCost(next: number, len: number): number {
    if (next === this.#wordLimit) return 0;
    let cost = shortCost(this.#s.goalWidth - len);
    const w = this.#words[next]!;
    if (w.nextBreak !== this.#wordLimit) cost += raggedCost(len - w.lineLength);
    return cost;
  }

  #putParagraph(finish: number): void {
    this.#putLine(0, this.#firstIndent);
    for (let w = this.#words[0]!.nextBreak; w !== finish; w = this.#words[w]!.nextBreak)
      this.#putLine(w, this.#otherIndent);
  }

  #putLine(w: number, indent: number): void {
    this.#outColumn = 0;
    this.#putSpace(this.#prefixIndent);
    this.out += this.#s.prefix;
    this.#outColumn += this.#s.prefixLength;
    this.#putSpace(indent - this.#outColumn);
    const endline = this.#words[w]!.nextBreak - 1;
    for (; w !== endline; w++) {
      this.#putWord(w);
      this.#putSpace(this.#words[w]!.space);
    }
    this.#putWord(w);
    this.#lastLineLength = this.#outColumn;
    this.out += '\n';
  }

  #putWord(i: number): void {
    const w = this.#words[i]!;
    this.out += this.#parabuf.slice(w.text, w.text + w.length);
    this.#outColumn += w.length;
  }

  #putSpace(space: number): void {
    const spaceTarget = this.#outColumn + space;
    if (this.#tabs) {
      const tabTarget = Math.trunc(spaceTarget / TABWIDTH) * TABWIDTH;
      if (this.#outColumn + 1 < tabTarget) {
        while (this.#outColumn < tabTarget) {
          this.out += '\t';
          this.#outColumn = (Math.trunc(this.#outColumn / TABWIDTH) + 1) * TABWIDTH;
        }
      }
    }
    while (this.#outColumn < spaceTarget) {
      this.out += ' ';
      this.#outColumn++;
    }
  }
}

function isSpace(c: string): boolean {
  return c === ' ' || (c >= '\t' && c <= '\r');
}

function isPunct(c: string): boolean {
  return /[!-/:-@[-`{-~]/.test(c);
}

const fmt = program((c) => {
  let args = c.args;
  let oldWidth: string | undefined;
  // -WIDTH, only as the first argument.
  if (args[0] !== undefined && /^-[0-9]/.test(args[0])) {
    oldWidth = args[0].slice(1);
    args = args.slice(1);
  }
  const digit = args.find((a) => /^-[^-]/.test(a) && /[0-9]/.test(a.slice(1)));
  const { opts: o, operands } = (() => {
    try {
      return FMT.parse(args);
    } catch (e) {
      const d = digit?.slice(1).match(/[0-9]/)?.[0];
      if (e instanceof UsageError && d !== undefined && e.message === `invalid option -- '${d}'`)
        throw new UsageError(
          `invalid option -- ${d}; -WIDTH is recognized only when it is the first\noption; use -w N instead`,
        );
      throw e;
    }
  })();
  const widthOption = o.width ?? oldWidth;
  const maxWidth0 =
    widthOption === undefined
      ? WIDTH
      : Number(decimalArg(widthOption, 0n, BigInt(MAXCHARS / 2), 'invalid width', { unsigned: true }));
  let maxWidth = maxWidth0;
  let goalWidth: number;
  if (o.goal !== undefined) {
    goalWidth = Number(decimalArg(o.goal, 0n, BigInt(maxWidth), 'invalid width', { unsigned: true }));
    if (widthOption === undefined) maxWidth = goalWidth + 10;
  } else goalWidth = Math.trunc((maxWidth * (2 * (100 - LEEWAY) + 1)) / 200);
  const prefixArg = argToBin(o.prefix ?? '');
  const lead = /^ */.exec(prefixArg)![0].length;
  const prefix = prefixArg.slice(lead);
  const settings: Settings = {
    crown: o.crown,
    tagged: o.tagged,
    split: o.split,
    uniform: o.uniform,
    // Matched and printed without its trailing spaces, which still count in its full length.
    prefix: prefix.replace(/ +$/, ''),
    prefixLeadSpace: lead,
    prefixFullLength: prefix.length,
    prefixLength: prefix.replace(/ +$/, '').length,
    maxWidth,
    goalWidth,
  };
  let status = 0;
  for (const file of operands.length === 0 ? ['-'] : operands) {
    let data: string;
    try {
      data = file === '-' ? bytesToBin(readAll(c.stdin)) : bytesToBin(c.fs.readFile(file));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(
        e.errno === 'EISDIR'
          ? `${file}: read error: ${strerror(e.errno)}`
          : `cannot open ${q(file)} for reading: ${strerror(e.errno)}`,
      );
      status = 1;
      continue;
    }
    const f = new Formatter(settings, data);
    f.run();
    c.out.bin(f.out);
  }
  return status;
});

export const fmtPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['fmt', fmt]];
