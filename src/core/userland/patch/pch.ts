// The patch being read (pch.c's state): what the current file's header said (names, times,
// whether each side exists, git's modes and renames), where in the patch file this diff
// starts and the next one may, how its lines are to be read, and the current hunk.
import { Hunk } from './hunk.ts';
import type { DiffType, FileKind } from './session.ts';
import type { PatchSource } from './source.ts';

export const OLD = 0;
export const NEW = 1;
export const INDEX = 2;

/** What a header says of a side: 0 the file exists, 1 it is probably empty, 2 it does not exist. */
export type Existence = 0 | 1 | 2;

export class Pch {
  readonly src: PatchSource;
  /** The names of the old and new files and the Index: line's. */
  names: [string | null, string | null, string | null] = [null, null, null];
  /** What followed each name on its header line. */
  timestr: [string | null, string | null] = [null, null];
  /** Each side's time as the header gives it (see fetchName). */
  timestamp: [bigint | null, bigint | null] = [null, null];
  saysNonexistent: [Existence, Existence] = [0, 0];
  gitDiff = false;
  /** Each side's st_mode from a git header ("new file mode 100755"), 0 when not given. */
  mode: [number, number] = [0, 0];
  copy: [boolean, boolean] = [false, false];
  rename: [boolean, boolean] = [false, false];
  /** The type of file the patch is for; null when its two sides disagree. */
  fileType: FileKind | null = 'file';
  /** Prereq: a word the file must contain. */
  revision: string | null = null;
  diffType: DiffType;
  /** How the lines of this diff are read (get_line). */
  indent = 0;
  rfc934Nesting = 0;
  stripTrailingCr = false;
  passComments = false;
  /** Where to look for the next diff, and its line number. */
  base = 0;
  bline = 1;
  /** Where this diff's hunks start, and its line number. */
  start = 0;
  sline = 0;
  hunk = new Hunk();
  /** The size patch's hunk arrays have grown to, which bounds how far a hunk is read. */
  hunkmax = 125;

  constructor(src: PatchSource, diffType: DiffType) {
    this.src = src;
    this.diffType = diffType;
  }

  /** Reads the next line of this diff into src.buf; its length, 0 at the end. */
  getLine(): number {
    return this.src.getLine(this.indent, this.rfc934Nesting, this.stripTrailingCr, this.passComments);
  }

  /** Remembers where the next diff may start (next_intuit_at). */
  nextIntuitAt(pos: number, line: number): void {
    this.base = pos;
    this.bline = line;
  }

  /** Forgets the last diff's hunk layout, for the next (re_patch). */
  reset(): void {
    const prefixContext = this.hunk.prefixContext;
    this.hunk = new Hunk();
    this.hunk.prefixContext = prefixContext;
    this.indent = 0;
    this.stripTrailingCr = false;
  }

  /** The name of a side, or of the Index: line. */
  name(which: number): string | null {
    return this.names[which] ?? null;
  }

  get isCopy(): boolean {
    return this.copy[OLD] && this.copy[NEW];
  }

  get isRename(): boolean {
    return this.rename[OLD] && this.rename[NEW];
  }
}
