// ed scripts (diff -e) as patch applies them (pch.c do_ed_script): patch passes the commands
// it accepts (a, c, d, i with line numbers, and diff's "s/.//" that turns a ".." line back
// into ".") to ed, followed by "w" and "q". ed is not in the images, so those few commands
// are carried out here, as ed does them, and an error ends patch as ed's failure would ("?"
// on stdout, then "patch: **** ed FAILED").
import type { InputLines } from './input.ts';
import { edCommandLetter } from './intuit.ts';
import type { Pch } from './pch.ts';
import type { Session } from './session.ts';

/** A text buffer with ed's current line. */
class EdBuffer {
  lines: string[];
  current: number;

  constructor(lines: string[]) {
    this.lines = lines;
    this.current = lines.length;
  }

  /** Runs one command with its text lines; false on an error ed would report as "?". */
  run(command: string, text: string[]): boolean {
    const m = /^(?:(\d+)(?:,(\d+))?)?([acdis])/.exec(command)!;
    const first = m[1] === undefined ? this.current : Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    const letter = m[3]!;
    const n = this.lines.length;
    if (first > last || last > n) return false;
    switch (letter) {
      case 'a':
        this.lines.splice(first, 0, ...text);
        this.current = first + text.length;
        return true;
      case 'i': {
        const at = Math.max(first - 1, 0);
        this.lines.splice(at, 0, ...text);
        this.current = text.length ? at + text.length : Math.max(first, 1) > n ? n : first;
        return true;
      }
      case 'c':
      case 'd': {
        if (first < 1) return false;
        this.lines.splice(first - 1, last - first + 1, ...(letter === 'c' ? text : []));
        if (letter === 'c' && text.length) this.current = first - 1 + text.length;
        else this.current = Math.min(first, this.lines.length);
        return true;
      }
      case 's': {
        const line = this.lines[this.current - 1];
        if (line === undefined || line === '\n' || line === '') return false;
        this.lines[this.current - 1] = line.slice(1);
        return true;
      }
    }
    return false;
  }
}

/**
 * Reads the ed script at the patch's position; applies it to `input` (the file's lines),
 * giving the new contents, or undefined when there is nothing to apply it to (skipped, or
 * --dry-run).
 */
export function applyEdScript(s: Session, p: Pch, input: InputLines | undefined): string | undefined {
  const src = p.src;
  const lines: string[] = [];
  if (input) for (let i = 1; i <= input.count; i++) lines.push(input.fetch(i));
  // ed reads a last line without a newline as if it had one.
  if (lines.length && !lines[lines.length - 1]!.endsWith('\n')) lines[lines.length - 1] += '\n';
  const buffer = new EdBuffer(lines);
  const apply = input !== undefined && !s.o.dryRun && !s.skipRestOfPatch;
  let ok = true;
  for (;;) {
    const beginning = src.tell();
    if (!p.getLine()) {
      p.nextIntuitAt(beginning, src.inputLine);
      break;
    }
    const command = src.buf;
    const letter = edCommandLetter(command);
    if (!letter) {
      p.nextIntuitAt(beginning, src.inputLine);
      break;
    }
    const text: string[] = [];
    if (letter !== 'd' && letter !== 's') {
      p.passComments = true;
      while (p.getLine()) {
        if (src.buf === '.\n') break;
        text.push(src.buf);
      }
      p.passComments = false;
    }
    if (apply && ok) ok = buffer.run(command, text);
  }
  if (!apply) return undefined;
  if (!ok) {
    s.say('?\n');
    s.fatal('ed FAILED');
  }
  return buffer.lines.join('');
}
