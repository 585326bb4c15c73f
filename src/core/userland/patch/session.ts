// What one run of patch knows and says: its options, where file names resolve (after -d),
// the file being patched, which files it has made or is to remove, and how it talks.
// Messages go to stdout as patch's say() does, "patch: **** ..." failures to stderr with status
// 2, and a question is answered by its default: no terminal is ever attached to a program
// here, so patch reads none (as GNU patch does when stdout is not a terminal).
import type { VolumeNode } from '../../rootfs/index.ts';
import { binToArg, strerror, UserlandError, type Ctx, type Errno, type Fs, type Out } from '../lib/index.ts';
import { quoteName, type QuotingStyle } from './quote.ts';

export type DiffType = 'none' | 'context' | 'normal' | 'ed' | 'new-context' | 'unified' | 'git-binary';
export type Verbosity = 'default' | 'silent' | 'verbose';
/** A file's type as patch tells them apart: it patches regular files and symlinks. */
export type FileKind = 'file' | 'symlink' | 'other';

export interface PatchOptions {
  strip: number;
  fuzz: number;
  ignoreWhitespace: boolean;
  diffType: DiffType;
  forward: boolean;
  reverse: boolean;
  input: string | undefined;
  output: string | undefined;
  rejectFile: string | undefined;
  ifdef: string | undefined;
  removeEmptyFiles: boolean;
  backup: boolean;
  backupIfMismatch: boolean;
  versionControl: string | undefined;
  prefix: string | undefined;
  basenamePrefix: string | undefined;
  suffix: string | undefined;
  batch: boolean;
  force: boolean;
  verbosity: Verbosity;
  dryRun: boolean;
  posix: boolean;
  rejectFormat: 'context' | 'unified' | undefined;
  binary: boolean;
  readOnly: 'ignore' | 'warn' | 'fail';
  followSymlinks: boolean;
  quoting: QuotingStyle;
  /** Set the patched files' times from the headers (-Z: UTC, -T: local time, which is UTC here). */
  setTime: boolean;
  /** ORIGFILE, the file to patch when given. */
  origFile: string | undefined;
}

/** A failure that ends patch with status 2: "patch: **** MESSAGE", or, with no message, one said already. */
export class PatchFatal extends UserlandError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** What patch has done to a file in this run (util.c's file id table), by the file itself. */
export type FileMark = 'created' | 'overwritten' | 'delete-later';

/** The file being patched, as stat found it; a missing one reads as empty, mode 0666. */
export interface InputStat {
  node: VolumeNode | undefined;
  mode: number;
  size: number;
}

export class Session {
  readonly o: PatchOptions;
  readonly c: Ctx;
  readonly fs: Fs;
  /** Where patch's messages go: stdout, or stderr when the patched file is written there (-o -). */
  readonly #messages: Out;
  /** Whether this patch is being applied reversed (-R, or a reversed patch detected). */
  reverse: boolean;
  skipRestOfPatch = false;
  /** The file to patch: ORIGFILE, or the name taken from the patch's header. */
  inname: string | null;
  /** Why stat failed on it (stat_file's result): 0 when it did not, -1 before it is tried. */
  inerrno: Errno | 0 | -1 = -1;
  instat: InputStat = { node: undefined, mode: 0o666, size: 0 };
  readonly marks = new Map<VolumeNode, FileMark>();

  constructor(o: PatchOptions, c: Ctx, fs: Fs, messages: Out) {
    this.o = o;
    this.c = c;
    this.fs = fs;
    this.#messages = messages;
    this.reverse = o.reverse;
    this.inname = o.origFile ?? null;
  }

  get verbose(): boolean {
    return this.o.verbosity === 'verbose';
  }

  get silent(): boolean {
    return this.o.verbosity === 'silent';
  }

  /** Prints a message (a byte string) as patch's say() does. */
  say(text: string): void {
    this.#messages.bin(text);
  }

  fatal(message: string): never {
    throw new PatchFatal(message);
  }

  /** A failed system call ends patch (pfatal): "patch: **** MESSAGE : REASON". */
  pfatal(message: string, errno: Errno): never {
    throw new PatchFatal(`${message} : ${strerror(errno)}`);
  }

  /** Ends patch with status 2, its reason already said. */
  die(): never {
    throw new PatchFatal('');
  }

  /** A name as patch's messages show it. */
  q(name: string): string {
    return quoteName(name, this.o.quoting);
  }

  /** A name of the patch (bytes) as the volume spells it. */
  path(name: string): string {
    return binToArg(name);
  }

  /** Asks `prompt`; with no terminal to read, the answer is the default (an empty line). */
  ask(prompt: string): string {
    this.say(`${prompt}\n`);
    return '\n';
  }

  /** Whether to apply a patch that looks reversed the other way round (util.c ok_to_reverse). */
  okToReverse(message: string): boolean {
    let r = false;
    if (this.o.forward || !(this.o.force && this.silent)) this.say(message);
    if (this.o.forward) {
      this.say('  Skipping patch.\n');
      this.skipRestOfPatch = true;
    } else if (this.o.force) {
      if (!this.silent) this.say('  Applying it anyway.\n');
    } else if (this.o.batch) {
      this.say(this.reverse ? '  Ignoring -R.\n' : '  Assuming -R.\n');
      r = true;
    } else {
      r = this.ask(this.reverse ? '  Ignore -R? [n] ' : '  Assume -R? [n] ')[0] === 'y';
      if (!r && this.ask('Apply anyway? [n] ')[0] !== 'y') {
        if (!this.silent) this.say('Skipping patch.\n');
        this.skipRestOfPatch = true;
      }
    }
    return r;
  }
}
