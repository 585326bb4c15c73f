// The file being patched (inp.c): checked to be a regular file or symlink as the patch
// expects, then read whole and split into lines (a symlink's "contents" are its target).
// A Prereq: word must appear in it, or patch stops, with no one to ask.
import { bytesToBin } from '../lib/index.ts';
import type { FileKind, Session } from './session.ts';
import { statFile, setInput, typeOf } from './intuit.ts';

/** Checks the file to patch (get_input_file); false, having said why, when it cannot be. */
export function getInputFile(s: Session, name: string, fileType: FileKind): boolean {
  if (s.inerrno === -1) setInput(s, statFile(s, name));
  if (s.inerrno) {
    s.instat = { node: undefined, mode: 0o666, size: 0 };
  } else if (!((fileType === 'file' || fileType === 'symlink') && fileType === typeOf(s.instat.node!))) {
    s.say(
      `File ${s.q(name)} is not a ${fileType === 'symlink' ? 'symbolic link' : 'regular file'} -- refusing to patch\n`,
    );
    return false;
  }
  return true;
}

export class InputLines {
  /** Line i (from 1) with its newline; the last may have none. */
  readonly #lines: string[];

  constructor(text: string) {
    this.#lines = text === '' ? [] : text.split(/(?<=\n)/);
  }

  get count(): number {
    return this.#lines.length;
  }

  /** Line `n` (ifetch); '' outside the file. */
  fetch(n: number): string {
    return n >= 1 && n <= this.#lines.length ? this.#lines[n - 1]! : '';
  }
}

/** Reads the file to patch (scan_input); a missing one is empty. */
export function scanInput(s: Session, revision: string | null): InputLines {
  const node = s.inerrno ? undefined : s.instat.node;
  const text = node?.kind === 'file' ? bytesToBin(node.content.bytes()) : node?.kind === 'symlink' ? node.target : '';
  if (revision !== null) reportRevision(s, revision, containsWord(text, revision));
  return new InputLines(text);
}

const SPACE = ' \t\n\v\f\r';

/** Whether `word` appears in `text` between blanks (or its ends). */
function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at === 0 || SPACE.includes(text[at - 1]!);
    const end = at + word.length;
    if (before && (end === text.length || SPACE.includes(text[end]!))) return true;
  }
  return false;
}

function reportRevision(s: Session, revision: string, found: boolean): void {
  const rev = s.q(revision);
  if (found) {
    if (s.verbose) s.say(`Good.  This file appears to be the ${rev} version.\n`);
  } else if (s.o.force) {
    if (!s.silent) s.say(`Warning: this file doesn't appear to be the ${rev} version -- patching anyway.\n`);
  } else if (s.o.batch) {
    s.fatal(`This file doesn't appear to be the ${rev} version -- aborting.`);
  } else if (s.ask(`This file doesn't appear to be the ${rev} version -- patch anyway? [n] `)[0] !== 'y') {
    s.fatal('aborted');
  }
}
