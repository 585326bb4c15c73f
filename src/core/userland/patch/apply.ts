// Applying hunks to one file (patch.c locate_hunk, apply_hunk, copy_till): each hunk is looked
// for where it says, then ever further before and after, first exactly, then with fuzz (up to
// -F context lines of its ends left unmatched); the offset found carries over to the next
// hunk. The output is the input up to the hunk, the hunk's new lines, and so on to the end;
// with -D NAME the old and new lines are kept both, between #ifndef/#ifdef/#else/#endif.
import type { Hunk } from './hunk.ts';
import type { InputLines } from './input.ts';

/** The new file as it is written (outstate). */
export class Output {
  readonly #chunks: string[] = [];
  /** Whether what was written so far ends in a newline (or nothing was written). */
  afterNewline = true;
  /** Whether nothing has been written. */
  zeroOutput = true;

  write(text: string): void {
    if (text !== '') this.#chunks.push(text);
  }

  /** Writes a line of the patch; returns whether it ended in a newline. */
  line(text: string): boolean {
    this.write(text);
    return text.endsWith('\n');
  }

  text(): string {
    return this.#chunks.join('');
  }
}

/** Lines compared as -l does: runs of blanks match runs of blanks, a final newline optional. */
export function similar(a: string, b: string): boolean {
  let alen = a.length - (a.endsWith('\n') ? 1 : 0);
  let blen = b.length - (b.endsWith('\n') ? 1 : 0);
  let i = 0;
  let j = 0;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t';
  for (;;) {
    if (!blen || blank(b[j])) {
      while (blen && blank(b[j])) {
        j++;
        blen--;
      }
      if (alen) {
        if (!blank(a[i])) return false;
        do {
          i++;
          alen--;
        } while (alen && blank(a[i]));
      }
      if (!alen || !blen) return alen === blen;
    } else if (!alen || a[i++] !== b[j++]) return false;
    else {
      alen--;
      blen--;
    }
  }
}

/** Hunks applied to one input file: where the last matched and how far output is written. */
export class Applier {
  readonly input: InputLines;
  readonly out: Output;
  readonly #ignoreWhitespace: boolean;
  readonly #ifdef: string | undefined;
  readonly #say: (text: string) => void;
  readonly #fatal: (message: string) => never;
  /** How far from where they said the hunks matched (in_offset), and how the output's lines have shifted (out_offset). */
  inOffset = 0;
  outOffset = 0;
  /** How many input lines are written out or consumed for good. */
  lastFrozenLine = 0;

  constructor(
    input: InputLines,
    out: Output,
    o: { ignoreWhitespace: boolean; ifdef: string | undefined },
    say: (text: string) => void,
    fatal: (message: string) => never,
  ) {
    this.input = input;
    this.out = out;
    this.#ignoreWhitespace = o.ignoreWhitespace;
    this.#ifdef = o.ifdef;
    this.#say = say;
    this.#fatal = fatal;
  }

  /** Whether the hunk's old lines, less `prefixFuzz` and `suffixFuzz` at its ends, are at base + offset. */
  #matches(h: Hunk, base: number, offset: number, prefixFuzz: number, suffixFuzz: number): boolean {
    const patLines = h.ptrnLines - suffixFuzz;
    for (let pline = 1 + prefixFuzz, iline = base + offset + prefixFuzz; pline <= patLines; pline++, iline++) {
      const p = this.input.fetch(iline);
      if (this.#ignoreWhitespace ? !similar(p, h.line(pline)) : p !== h.line(pline)) return false;
    }
    return true;
  }

  /** Where the hunk applies with `fuzz` (locate_hunk): a line number, or 0 when nowhere. */
  locate(h: Hunk, fuzz: number): number {
    const firstGuess = h.first + this.inOffset;
    const patLines = h.ptrnLines;
    const context = Math.max(h.prefixContext, h.suffixContext);
    let prefixFuzz = fuzz + h.prefixContext - context;
    const suffixFuzz = fuzz + h.suffixContext - context;
    const inputLines = this.input.count;
    const maxWhere = inputLines - (patLines - suffixFuzz) + 1;
    const minWhere = this.lastFrozenLine + 1 - (h.prefixContext - prefixFuzz);
    const maxPosOffset = maxWhere - firstGuess;
    let maxNegOffset = firstGuess - minWhere;
    const maxOffset = Math.max(maxPosOffset, maxNegOffset);
    if (!patLines) return firstGuess; // a null range matches always
    if (firstGuess <= maxNegOffset) maxNegOffset = firstGuess - 1; // do not try lines <= 0
    if (prefixFuzz < 0 && h.first <= 1) {
      // Can only match the start of the file.
      if (suffixFuzz < 0 && (patLines !== inputLines || h.prefixContext < this.lastFrozenLine)) return 0;
      const offset = 1 - firstGuess;
      if (
        this.lastFrozenLine <= h.prefixContext &&
        offset <= maxPosOffset &&
        this.#matches(h, firstGuess, offset, 0, suffixFuzz)
      ) {
        this.inOffset += offset;
        return firstGuess + offset;
      }
      return 0;
    } else if (prefixFuzz < 0) prefixFuzz = 0;
    if (suffixFuzz < 0) {
      // Can only match the end of the file.
      const offset = firstGuess - (inputLines - patLines + 1);
      if (offset <= maxNegOffset && this.#matches(h, firstGuess, -offset, prefixFuzz, 0)) {
        this.inOffset -= offset;
        return firstGuess - offset;
      }
      return 0;
    }
    const minOffset = maxPosOffset < 0 ? firstGuess - maxWhere : maxNegOffset < 0 ? firstGuess - minWhere : 0;
    for (let offset = minOffset; offset <= maxOffset; offset++) {
      if (offset <= maxPosOffset && this.#matches(h, firstGuess, offset, prefixFuzz, suffixFuzz)) {
        this.inOffset += offset;
        return firstGuess + offset;
      }
      if (offset <= maxNegOffset && this.#matches(h, firstGuess, -offset, prefixFuzz, suffixFuzz)) {
        this.inOffset -= offset;
        return firstGuess - offset;
      }
    }
    return 0;
  }

  /** Copies input lines up to `lastLine` to the output; false when the hunks are misordered. */
  copyTill(lastLine: number): boolean {
    let line = this.lastFrozenLine;
    if (line > lastLine) {
      this.#say('misordered hunks! output would be garbled\n');
      return false;
    }
    while (line < lastLine) {
      const s = this.input.fetch(++line);
      if (s !== '') {
        if (!this.out.afterNewline) this.out.write('\n');
        this.out.write(s);
        this.out.afterNewline = s.endsWith('\n');
        this.out.zeroOutput = false;
      }
    }
    this.lastFrozenLine = line;
    return true;
  }

  /** Copies the rest of the input (spew_output). */
  finish(): boolean {
    return this.lastFrozenLine < this.input.count ? this.copyTill(this.input.count) : true;
  }

  /** Writes `text` with -D's #if lines, which start on a line of their own. */
  #directive(format: string): void {
    this.out.write((this.out.afterNewline ? format.slice(1) : format).replace('%s', this.#ifdef ?? ''));
  }

  /** Applies the hunk at line `where` (apply_hunk); false when the hunks are out of order. */
  apply(h: Hunk, whereGiven: number): boolean {
    const defines = this.#ifdef;
    const out = this.out;
    const IF = '\n#ifdef %s\n';
    const IFNDEF = '\n#ifndef %s\n';
    const ELSE = '\n#else\n';
    const ENDIF = '\n#endif\n';
    let state: 'outside' | 'ifndef' | 'ifdef' | 'else' = 'outside';
    let old = 1;
    const lastLine = h.ptrnLines;
    let nu = lastLine + 1;
    const patEnd = h.end;
    const where = whereGiven - 1;
    while (h.marker(nu) === '=' || h.marker(nu) === '\n') nu++;
    while (old <= lastLine) {
      const m = h.marker(old);
      if (m === '-') {
        if (!this.copyTill(where + old - 1)) return false;
        if (defines !== undefined) {
          if (state === 'outside') {
            this.#directive(IFNDEF);
            state = 'ifndef';
          } else if (state === 'ifdef') {
            this.#directive(ELSE);
            state = 'else';
          }
          out.afterNewline = out.line(h.line(old));
          out.zeroOutput = false;
        }
        this.lastFrozenLine++;
        old++;
      } else if (nu > patEnd) {
        break;
      } else if (h.marker(nu) === '+') {
        if (!this.copyTill(where + old - 1)) return false;
        if (defines !== undefined) {
          if (state === 'ifndef') {
            this.#directive(ELSE);
            state = 'else';
          } else if (state === 'outside') {
            this.#directive(IF);
            state = 'ifdef';
          }
        }
        out.afterNewline = out.line(h.line(nu));
        out.zeroOutput = false;
        nu++;
      } else if (h.marker(nu) !== m) {
        this.#fatal(
          `Out-of-sync patch, lines ${h.beginning + old},${h.beginning + nu} -- mangled text or line numbers, maybe?`,
        );
      } else if (h.marker(nu) === '!') {
        if (!this.copyTill(where + old - 1)) return false;
        if (defines !== undefined) {
          out.write(`#ifndef ${defines}\n`);
          state = 'ifndef';
        }
        do {
          if (defines !== undefined) out.afterNewline = out.line(h.line(old));
          this.lastFrozenLine++;
          old++;
        } while (h.marker(old) === '!');
        if (defines !== undefined) {
          this.#directive(ELSE);
          state = 'else';
        }
        do {
          out.afterNewline = out.line(h.line(nu));
          nu++;
        } while (h.marker(nu) === '!');
        out.zeroOutput = false;
      } else {
        old++;
        nu++;
        if (defines !== undefined && state !== 'outside') {
          this.#directive(ENDIF);
          out.afterNewline = true;
          state = 'outside';
        }
      }
    }
    if (nu <= patEnd && h.marker(nu) === '+') {
      if (!this.copyTill(where + old - 1)) return false;
      if (defines !== undefined) {
        if (state === 'outside') {
          this.#directive(IF);
          state = 'ifdef';
        } else if (state === 'ifndef') {
          this.#directive(ELSE);
          state = 'else';
        }
        out.zeroOutput = false;
      }
      do {
        if (!out.afterNewline) out.write('\n');
        out.afterNewline = out.line(h.line(nu));
        out.zeroOutput = false;
        nu++;
      } while (nu <= patEnd && h.marker(nu) === '+');
    }
    if (defines !== undefined && state !== 'outside') {
      this.#directive(ENDIF);
      out.afterNewline = true;
    }
    this.outOffset += h.replLines - h.ptrnLines;
    return true;
  }

  /** Whether the hunk's line endings (CRLF or LF) differ from the file's near `where`. */
  lineEndingsDiffer(h: Hunk, where: number): boolean {
    const p = h.line(1);
    if (!p.length) return false;
    const patchCrlf = p.endsWith('\r\n');
    if (!this.input.count) return false;
    const i = this.input.fetch(Math.min(where, this.input.count));
    if (!i.length) return false;
    return patchCrlf !== i.endsWith('\r\n');
  }
}
