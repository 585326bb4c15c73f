// A terminal's cooked mode, as a tty driver gives it to programs that read stdin: keystrokes are
// echoed and editable until Enter sends the line; Ctrl+D sends what is typed and ends input;
// Ctrl+C interrupts. xterm.js hands us raw keystrokes, so the page plays the tty driver.

export interface LineSink {
  /** Show typed text (and newlines) on the terminal. */
  echo(text: string): void;
  /** Take back the last echoed character (Backspace). */
  erase(removed: string): void;
  /** A finished line (or the partial line at Ctrl+D) for the program's stdin. */
  send(text: string): void;
  /** End of input (Ctrl+D). */
  close(): void;
  /** Ctrl+C. */
  interrupt(): void;
}

export class LineDiscipline {
  readonly #sink: LineSink;
  #line: string[] = [];
  #closed = false;

  constructor(sink: LineSink) {
    this.#sink = sink;
  }

  feed(data: string): void {
    for (const ch of data) {
      if (this.#closed) return;
      if (ch === '\r' || ch === '\n') {
        this.#sink.echo('\n');
        this.#sink.send(this.#line.join('') + '\n');
        this.#line = [];
      } else if (ch === '\x7f' || ch === '\b') {
        const removed = this.#line.pop();
        if (removed !== undefined) this.#sink.erase(removed);
      } else if (ch === '\x04') {
        if (this.#line.length > 0) this.#sink.send(this.#line.join(''));
        this.#line = [];
        this.#closed = true;
        this.#sink.close();
      } else if (ch === '\x03') {
        this.#sink.echo('^C\n');
        this.#closed = true;
        this.#sink.interrupt();
      } else if (ch >= ' ' || ch === '\t') {
        this.#line.push(ch);
        this.#sink.echo(ch);
      }
    }
  }
}
