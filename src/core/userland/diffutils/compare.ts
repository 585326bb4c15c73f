// What diff does with two operands (diffutils' diff.c compare_files, dir.c and analyze.c
// diff_2_files): files are compared as text or, holding a NUL byte in their first 4 KiB, as
// binary; directories name by name in byte order, recursively with -r; a name only one side
// has is reported, or compared with an empty file under -N. Exit status: 0 same, 1 different,
// 2 trouble. https://www.gnu.org/software/diffutils/manual/html_node/Comparing-Directories.html
import type { VolumeNode } from '../../rootfs/index.ts';
import {
  argToBin,
  bytesToBin,
  FsError,
  joinPath,
  lastName,
  matchPattern,
  readAll,
  strerror,
  strftime,
  UserlandError,
  type Ctx,
} from '../lib/index.ts';
import { analyze } from './analyze.ts';
import { Formatter, type FormatOptions } from './format.ts';
import { compareTexts, type LineOptions } from './lines.ts';

export interface DiffOptions extends FormatOptions, LineOptions {
  brief: boolean;
  recursive: boolean;
  newFile: boolean;
  /** --unidirectional-new-file: a missing first file counts as empty. */
  unidirectionalNewFile: boolean;
  reportIdentical: boolean;
  text: boolean;
  minimal: boolean;
  speedLargeFiles: boolean;
  labels: [string | undefined, string | undefined];
  exclude: readonly string[];
  startingFile: string | undefined;
  /** The options as given, shell-quoted, for the "diff ..." line before each file of a directory. */
  switches: string;
}

/** diff's status: no differences, some, trouble. */
export const SAME = 0;
export const DIFFERENT = 1;
export const TROUBLE = 2;

/** A binary file is one with a NUL in the first block diff reads (st_blksize bytes). */
const BLOCK = 4096;

/** One operand as stat(2) found it, or why not, or that it is to be taken as missing (-N). */
interface Operand {
  /** The name as diff prints it (a directory's file joined onto it). */
  name: string;
  node: VolumeNode | 'stdin' | 'missing' | FsError;
}

/** A comparison's parent: the two directories being walked. */
interface Parent {
  names: [string, string];
}

export class DiffRun {
  readonly #c: Ctx;
  readonly #o: DiffOptions;
  #stdin: string | undefined;
  /** Directories being walked, to refuse a loop. */
  readonly #walking: Array<[VolumeNode | null, VolumeNode | null]> = [];

  constructor(c: Ctx, o: DiffOptions) {
    this.#c = c;
    this.#o = o;
  }

  /** diff FILE1 FILE2 at the top level. */
  top(name0: string, name1: string): number {
    return this.#compare(null, name0, name1);
  }

  #say(text: string): void {
    this.#c.out.bin(text);
  }

  #error(message: string): void {
    this.#c.err.text(`diff: ${message}\n`);
  }

  #stat(name: string): Operand['node'] {
    if (name === '-') return 'stdin';
    const r = this.#c.fs.find(name, true);
    if (typeof r === 'string') return new FsError(r, name);
    if (!r.node) return new FsError('ENOENT', name);
    return r.node;
  }

  #stdinText(): string {
    this.#stdin ??= bytesToBin(readAll(this.#c.stdin));
    return this.#stdin;
  }

  #compare(parent: Parent | null, given0: string | null, given1: string | null): number {
    const o = this.#o;
    if (!((given0 !== null && given1 !== null) || (o.unidirectionalNewFile && given1 !== null) || o.newFile)) {
      const dir = parent!.names[given0 === null ? 1 : 0];
      this.#say(`Only in ${argToBin(dir)}: ${argToBin(given0 ?? given1!)}\n`);
      return DIFFERENT;
    }
    const n0 = given0 ?? given1!;
    const n1 = given1 ?? given0!;
    const files: [Operand, Operand] = [
      { name: parent ? joinPath(parent.names[0], n0) : n0, node: 'missing' },
      { name: parent ? joinPath(parent.names[1], n1) : n1, node: 'missing' },
    ];
    if (given0 !== null) files[0].node = this.#stat(files[0].name);
    if (given1 !== null) files[1].node = files[1].name === files[0].name ? files[0].node : this.#stat(files[1].name);
    // -N: a top-level operand that does not exist, beside one that does, is an empty file.
    for (const f of [0, 1] as const) {
      const node = files[f].node;
      const other = files[1 - f]!.node;
      if (
        (o.newFile || (f === 0 && o.unidirectionalNewFile)) &&
        node instanceof FsError &&
        node.errno === 'ENOENT' &&
        !parent &&
        !(other instanceof FsError) &&
        other !== 'missing'
      ) {
        files[f].node = 'missing';
      }
    }
    let status = SAME;
    for (const f of files) {
      if (f.node instanceof FsError) {
        this.#error(`${f.name}: ${strerror(f.node.errno)}`);
        status = TROUBLE;
      }
    }
    if (status !== SAME) return status;
    // A missing file takes the kind of the other (GNU copies its st_mode).
    const isDir = (f: 0 | 1): boolean => {
      const node = files[f].node === 'missing' ? files[1 - f]!.node : files[f].node;
      return nodeOf(node)?.kind === 'dir';
    };
    if (!parent && isDir(0) !== isDir(1)) {
      // A file and a directory: the file of the same name in that directory.
      const file = isDir(0) ? 1 : 0;
      const dir = 1 - file;
      if (files[file].name === '-') throw new Fatal("cannot compare '-' to a directory");
      const name = joinPath(files[dir]!.name, lastName(files[file].name));
      files[dir] = { name, node: this.#stat(name) };
      const node = files[dir]!.node;
      if (node instanceof FsError) {
        this.#error(`${name}: ${strerror(node.errno)}`);
        return TROUBLE;
      }
    }
    const [a, b] = files;
    if (a.node === 'missing' && b.node === 'missing') return SAME;
    if (a.node === b.node && a.node !== 'missing' && a.node !== 'stdin') {
      // One file under two names: the same, without reading it.
      return this.#identical(a, b, isDir(0));
    }
    if (isDir(0) && isDir(1)) {
      if (parent && !o.recursive) {
        this.#say(`Common subdirectories: ${argToBin(a.name)} and ${argToBin(b.name)}\n`);
        return SAME;
      }
      return this.#dirs(files);
    }
    const plain = (f: Operand): boolean =>
      f.node === 'missing' || f.node === 'stdin' || (f.node as VolumeNode).kind === 'file';
    if (isDir(0) || isDir(1) || (parent && !(plain(a) && plain(b)))) {
      if (a.node === 'missing' || b.node === 'missing') {
        const dir = parent!.names[a.node === 'missing' ? 1 : 0];
        this.#say(`Only in ${argToBin(dir)}: ${argToBin(n0)}\n`);
        return DIFFERENT;
      }
      const label = (f: 0 | 1): string => o.labels[f] ?? files[f].name;
      this.#say(
        `File ${argToBin(label(0))} is a ${typeName(a)} while file ${argToBin(label(1))} is a ${typeName(b)}\n`,
      );
      return DIFFERENT;
    }
    return this.#identical(a, b, false, this.#files(a, b));
  }

  /** `status`, saying "Files ... are identical" under -s when it is SAME. */
  #identical(a: Operand, b: Operand, dirs: boolean, status = SAME): number {
    if (status === SAME && this.#o.reportIdentical && !dirs) {
      const [l0, l1] = this.#o.labels;
      this.#say(`Files ${argToBin(l0 ?? a.name)} and ${argToBin(l1 ?? b.name)} are identical\n`);
    }
    return status;
  }

  /** Two directories (one may be missing under -N), name by name. */
  #dirs(files: [Operand, Operand]): number {
    const nodes = files.map((f) => (nodeOf(f.node)?.kind === 'dir' ? nodeOf(f.node)! : null)) as [
      VolumeNode | null,
      VolumeNode | null,
    ];
    const loops = this.#walking.some(([x, y]) => (x === nodes[0] || !nodes[0]) && (y === nodes[1] || !nodes[1]));
    if (loops) {
      this.#error(`${files[nodes[0] ? 0 : 1].name}: recursive directory loop`);
      return TROUBLE;
    }
    const listing = nodes.map((n) => {
      if (!n || n.kind !== 'dir') return [];
      return this.#c.fs.names(n).filter((name) => !this.#o.exclude.some((p) => matchPattern(p, name)));
    });
    let [l0, l1] = listing as [string[], string[]];
    if (this.#walking.length === 0 && this.#o.startingFile !== undefined) {
      const start = this.#o.startingFile;
      l0 = l0.filter((n) => n >= start);
      l1 = l1.filter((n) => n >= start);
    }
    const parent: Parent = { names: [files[0].name, files[1].name] };
    this.#walking.push(nodes);
    let status = SAME;
    try {
      let i = 0;
      let j = 0;
      while (i < l0.length || j < l1.length) {
        const x = l0[i];
        const y = l1[j];
        const order = x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : x > y ? 1 : 0;
        const v = this.#compare(parent, order > 0 ? null : l0[i++]!, order < 0 ? null : l1[j++]!);
        status = Math.max(status, v);
      }
    } finally {
      this.#walking.pop();
    }
    return status;
  }

  /** Two files' contents. */
  #files(a: Operand, b: Operand): number {
    const o = this.#o;
    const data = (f: Operand): string => {
      if (f.node === 'missing') return '';
      if (f.node === 'stdin') return this.#stdinText();
      return bytesToBin(this.#c.fs.readFile(f.name));
    };
    let d0: string;
    let d1: string;
    try {
      d0 = data(a);
      d1 = a.node === b.node ? d0 : data(b);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      this.#error(`${e.path}: ${strerror(e.errno)}`);
      return TROUBLE;
    }
    const [l0, l1] = o.labels;
    const name0 = l0 ?? a.name;
    const name1 = l1 ?? b.name;
    const binary = (d: string): boolean => d.slice(0, BLOCK).includes('\0');
    if (!o.text && (binary(d0) || binary(d1))) {
      if (d0 === d1) return SAME;
      this.#say(`${o.brief ? 'Files' : 'Binary files'} ${argToBin(name0)} and ${argToBin(name1)} differ\n`);
      return DIFFERENT;
    }
    const sides = compareTexts(d0, d1, o);
    const script = analyze(sides[0], sides[1], o);
    const formatter = new Formatter(sides, o);
    const differs = formatter.differs(script);
    if (o.brief) {
      if (differs) this.#say(`Files ${argToBin(name0)} and ${argToBin(name1)} differ\n`);
      return differs ? DIFFERENT : SAME;
    }
    if (!differs) return SAME;
    const recursive = this.#walking.length > 0;
    const header = (): string => {
      let h = '';
      if (recursive) h += `diff${o.switches} ${cEscape(argToBin(name0))} ${cEscape(argToBin(name1))}\n`;
      if (o.style === 'unified') h += this.#label('---', a, 0) + this.#label('+++', b, 1);
      if (o.style === 'context') h += this.#label('***', a, 0) + this.#label('---', b, 1);
      return h;
    };
    this.#say(formatter.print(script, header));
    return DIFFERENT;
  }

  /** A context or unified header line: the label, or the name and modification time. */
  #label(mark: string, f: Operand, i: 0 | 1): string {
    const label = this.#o.labels[i];
    if (label !== undefined) return `${mark} ${argToBin(label)}\n`;
    const mtime = f.node === 'missing' ? 0n : f.node === 'stdin' ? this.#c.fs.now() : (f.node as VolumeNode).mtim;
    const format = this.#o.style === 'context' ? '%a %b %e %T %Y' : '%Y-%m-%d %H:%M:%S.%N %z';
    return `${mark} ${cEscape(argToBin(f.name))}\t${strftime(format, mtime)}\n`;
  }
}

/** The operand's node, when it is one that exists in the volume. */
function nodeOf(n: Operand['node']): VolumeNode | undefined {
  return typeof n === 'object' && !(n instanceof FsError) ? n : undefined;
}

/** A failure that ends diff at once with status 2 (GNU's fatal()). */
export class Fatal extends UserlandError {
  constructor(message: string) {
    super(message, TROUBLE);
  }
}

/** The kind of file in GNU's words (gnulib file_type). */
function typeName(f: Operand): string {
  if (f.node === 'stdin' || f.node === 'missing') return 'regular file';
  const node = f.node as VolumeNode;
  if (node.kind === 'dir') return 'directory';
  if (node.kind === 'symlink') return 'symbolic link';
  return node.content.size === 0 ? 'regular empty file' : 'regular file';
}

/** A file name in a header, in double quotes with C escapes when it has a space or control byte. */
export function cEscape(name: string): string {
  const escapes: Record<string, string> = {
    '\x07': 'a',
    '\b': 'b',
    '\t': 't',
    '\n': 'n',
    '\v': 'v',
    '\f': 'f',
    '\r': 'r',
    '"': '"',
    '\\': '\\',
  };
  if (!/[\x00-\x20"\\\x80-\xff]/.test(name)) return name;
  let out = '"';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (escapes[ch] !== undefined) out += `\\${escapes[ch]}`;
    else if (c < 32 || c >= 128) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
