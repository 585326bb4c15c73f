// What tar's create, extract and list share: the options, the run's status and messages, and
// GNU tar's rules for member names (leading "/" and "../" removed with a warning, ".." members
// refused on extract, --strip-components, --exclude, member operands).
import { type Ctx, matchPattern } from '../lib/index.ts';

export interface TarOptions {
  mode: 'c' | 'x' | 't';
  /** The archive: a path, or "-" for stdin/stdout. */
  file: string;
  gzip: boolean;
  /** -j, -J: read through bzip2 or xz (creating so is not supported). */
  bzip2: boolean;
  xz: boolean;
  /** -v given this many times (-vv: long listing while extracting or creating). */
  verbose: number;
  /** --strip-components. */
  strip: number;
  exclude: string[];
  /** What extract does with a name that exists: replace it, fail (-k), or skip it quietly. */
  existing: 'overwrite' | 'keep' | 'skip';
  /** Owners from the archive on extract (root's default), or the extracting user's (-o). */
  sameOwner: boolean;
  /** -m: extracted files get the time of extraction, not the archive's. */
  touch: boolean;
  /** -O: file data to stdout, nothing written. */
  toStdout: boolean;
  /** -h: archive what symlinks point to. */
  dereference: boolean;
  /** -P: keep leading "/" and "..". */
  absoluteNames: boolean;
  recursion: boolean;
  numericOwner: boolean;
  /** --owner/--group: [name, id] for every member created. */
  owner?: [string, number];
  group?: [string, number];
  /** --mtime, in seconds. */
  mtime?: number;
}

/** A member operand: its name without trailing slashes, and whether the archive had it. */
export interface Wanted {
  name: string;
  found: boolean;
}

/** 2: the status GNU tar ends with when anything failed but it went on. */
export const TAR_FAILURE = 2;

export class TarRun {
  readonly c: Ctx;
  readonly o: TarOptions;
  status = 0;
  readonly #said = new Set<string>();

  constructor(c: Ctx, o: TarOptions) {
    this.c = c;
    this.o = o;
  }

  /** A problem with one member: said, the run goes on, and ends with status 2. */
  error(message: string): void {
    this.c.err.text(`tar: ${message}\n`);
    this.status = TAR_FAILURE;
  }

  /** A warning GNU prints once per run. */
  once(message: string): void {
    if (this.#said.has(message)) return;
    this.#said.add(message);
    this.c.err.text(`tar: ${message}\n`);
  }

  /** GNU's safer_name_suffix: the name without leading "/" and "../" parts, warned once. */
  safeName(name: string, what: 'member names' | 'hard link targets'): string {
    if (this.o.absoluteNames) return name;
    let cut = 0;
    let i = 0;
    while (i < name.length) {
      while (name[i] === '/') i++;
      const end = name.indexOf('/', i) < 0 ? name.length : name.indexOf('/', i);
      if (name.slice(i, end) === '..') cut = Math.min(name.length, end + 1);
      i = end + 1;
    }
    let slashes = 0;
    while (name[slashes] === '/') slashes++;
    cut = Math.max(cut, slashes);
    if (cut === 0) return name;
    let rest = name.slice(cut);
    while (rest.startsWith('/')) rest = rest.slice(1);
    this.once(`Removing leading '${name.slice(0, name.length - rest.length)}' from ${what}`);
    return rest === '' ? '.' : rest;
  }

  excluded(name: string): boolean {
    if (this.o.exclude.length === 0) return false;
    // GNU's default for exclusion: unanchored (any run of names, from any "/"), "*" crossing
    // "/", and a match of leading directories excluding what is under them.
    const parts = name.replace(/\/+$/, '').split('/');
    const patterns = this.o.exclude.map((p) => p.replace(/\/+$/, ''));
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j <= parts.length; j++) {
        const run = parts.slice(i, j).join('/');
        if (patterns.some((p) => matchPattern(p, run))) return true;
      }
    }
    return false;
  }

  /** The name with --strip-components applied, or null when nothing is left of it. */
  stripped(name: string): string | null {
    if (this.o.strip === 0) return name;
    const parts = name.split('/');
    // Empty names between slashes ("a//b") are not components.
    let n = this.o.strip;
    let i = 0;
    while (n > 0 && i < parts.length) {
      if (parts[i] !== '') n--;
      i++;
    }
    const rest = parts.slice(i).join('/');
    return rest.replace(/^\/+/, '') === '' ? null : rest;
  }
}

/** Whether member `name` is one of the operands (or, with recursion, under one); marks it found. */
export function isWanted(wanted: Wanted[], name: string, recursion: boolean): boolean {
  if (wanted.length === 0) return true;
  const n = name.replace(/\/+$/, '');
  let hit = false;
  for (const w of wanted) {
    if (n === w.name || (recursion && (n.startsWith(`${w.name}/`) || w.name === ''))) {
      w.found = true;
      hit = true;
    }
  }
  return hit;
}

/** "drwxr-xr-x": tar's type letters ('h' a hard link) and the mode bits. */
export function typeLetter(typeflag: number): string {
  switch (String.fromCharCode(typeflag)) {
    case '1':
      return 'h';
    case '2':
      return 'l';
    case '3':
      return 'c';
    case '4':
      return 'b';
    case '5':
      return 'd';
    case '6':
      return 'p';
    case '7':
      return 'C';
    default:
      return '-';
  }
}
