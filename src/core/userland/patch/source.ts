// The patch file as patch reads it (pch.c's pget_line): all of it in memory as a byte string,
// a position that can be saved and returned to (patch looks ahead, then goes back), and the
// number of the last line read, which its messages cite. Lines are read with patch's
// tolerance for mail and news: leading indentation taken off, "- " of RFC 934 digests
// undone, '#' comment lines skipped, and CRs before the newline dropped when asked.

export class PatchSource {
  readonly #data: string;
  readonly #say: (text: string) => void;
  #pos = 0;
  /** The number of the line last read (p_input_line). */
  inputLine = 0;
  /** The line last read, with its newline (buf). */
  buf = '';

  constructor(data: string, say: (text: string) => void) {
    this.#data = data;
    this.#say = say;
  }

  get size(): number {
    return this.#data.length;
  }

  tell(): number {
    return this.#pos;
  }

  seek(pos: number): void {
    this.#pos = pos;
  }

  /** The bytes from `from` to `to`. */
  slice(from: number, to: number): string {
    return this.#data.slice(from, to);
  }

  #getc(): string | null {
    return this.#pos < this.#data.length ? this.#data[this.#pos++]! : null;
  }

  /**
   * Reads a line into `buf`: up to `indent` columns of leading blanks (or 'X's) taken off, up
   * to `nesting` leading "- " removed, a CR before the newline dropped when `stripCr`, comment
   * lines skipped unless `passComments`. Returns its length; 0 at the end of the patch, or at
   * a last line with no newline, which patch refuses to guess about.
   */
  getLine(indent: number, nesting: number, stripCr: boolean, passComments: boolean): number {
    let b: string;
    do {
      let i = 0;
      let c: string | null;
      for (;;) {
        c = this.#getc();
        if (c === null) return 0;
        if (indent <= i) break;
        if (c === ' ' || c === 'X') i++;
        else if (c === '\t') i = (i + 8) & ~7;
        else break;
      }
      b = '';
      while (c === '-' && 0 <= --nesting) {
        c = this.#getc();
        if (c === null) return this.#endsInMiddle();
        if (c !== ' ') {
          b = '-';
          break;
        }
        c = this.#getc();
        if (c === null) return this.#endsInMiddle();
      }
      const newline = this.#data.indexOf('\n', this.#pos - 1);
      if (newline < 0) {
        this.#pos = this.#data.length;
        return this.#endsInMiddle();
      }
      b += this.#data.slice(this.#pos - 1, newline + 1);
      this.#pos = newline + 1;
      this.inputLine++;
    } while (b[0] === '#' && !passComments);
    if (stripCr && b.length >= 2 && b[b.length - 2] === '\r') b = b.slice(0, -2) + '\n';
    this.buf = b;
    return b.length;
  }

  #endsInMiddle(): number {
    this.#say('patch unexpectedly ends in middle of line\n');
    return 0;
  }

  /** Whether a "\ No newline at end of file" line comes next; reads past it when it does. */
  incompleteLine(): boolean {
    if (this.#data[this.#pos] !== '\\') return false;
    const newline = this.#data.indexOf('\n', this.#pos);
    this.#pos = newline < 0 ? this.#data.length : newline + 1;
    return true;
  }
}
