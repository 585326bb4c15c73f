// The state an awk program runs over: variables, the record and its fields, the main input
// (ARGV's files and assignments), getline's files and commands, and the output files and
// pipes, with the buffering real awks have (stdout is flushed before a command runs).
import {
  AWK_ESCAPES,
  binToArg,
  binToBytes,
  bytesToBin,
  Collector,
  compile,
  type Ctx,
  FsError,
  readAll,
  RegexError,
  strerror,
  unescape,
} from '../lib/index.ts';
import { bytesStdin, type Sink, type StdinSource } from '../../runtime/stdio.ts';
import { AwkError, StrNum, toNum, toStr, type Value } from './value.ts';

/** Slots of the special variables in Runtime.vars (NF lives with the fields). */
export const NR = 0;
export const FNR = 1;
export const FS = 2;
export const OFS = 3;
export const ORS = 4;
export const RS = 5;
export const FILENAME = 6;
export const SUBSEP = 7;
export const RSTART = 8;
export const RLENGTH = 9;
export const CONVFMT = 10;
export const OFMT = 11;
export const ARGC = 12;
export const SPECIAL_VARS = [
  'NR',
  'FNR',
  'FS',
  'OFS',
  'ORS',
  'RS',
  'FILENAME',
  'SUBSEP',
  'RSTART',
  'RLENGTH',
  'CONVFMT',
  'OFMT',
  'ARGC',
];

export type AwkArray = Map<string, Value>;

/** Records of one input, cut at RS: a character, a regex, or blank lines (RS = ""). */
export class RecordReader {
  readonly #data: string;
  #pos = 0;
  /** A command's exit status, for close(). */
  status = 0;
  constructor(data: string) {
    this.#data = data;
  }

  next(rs: string, rt: Runtime): string | null {
    const d = this.#data;
    const p = this.#pos;
    if (p >= d.length) return null;
    if (rs.length === 1) {
      const e = d.indexOf(rs, p);
      this.#pos = e < 0 ? d.length : e + 1;
      return d.slice(p, e < 0 ? d.length : e);
    }
    if (rs === '') {
      let start = p;
      while (start < d.length && d.charCodeAt(start) === 10) start++;
      if (start >= d.length) {
        this.#pos = start;
        return null;
      }
      const e = d.indexOf('\n\n', start);
      if (e < 0) {
        let end = d.length;
        while (end > start && d.charCodeAt(end - 1) === 10) end--;
        this.#pos = d.length;
        return d.slice(start, end);
      }
      let after = e;
      while (after < d.length && d.charCodeAt(after) === 10) after++;
      this.#pos = after;
      return d.slice(start, e);
    }
    const re = rt.regex(rs);
    re.lastIndex = p;
    let m = re.exec(d);
    while (m && m[0] === '') {
      re.lastIndex = m.index + 1;
      m = re.lastIndex > d.length ? null : re.exec(d);
    }
    this.#pos = m ? m.index + m[0].length : d.length;
    return d.slice(p, m ? m.index : d.length);
  }
}

interface Output {
  kind: 'file' | 'pipe' | 'stdout' | 'stderr';
  buf: string;
  sink?: Sink;
}

const FLUSH_AT = 64 * 1024;
const NAME_EQ = /^[A-Za-z_][A-Za-z0-9_]*=/;

export class Runtime {
  readonly c: Ctx;
  readonly vars: Value[] = [0, 0, ' ', ' ', '\n', '\n', '', '\x1c', 0, -1, '%.6g', '%.6g', 0];
  readonly ARGV: AwkArray = new Map();
  readonly ENVIRON: AwkArray = new Map();
  /** Locals of the running function: values, or arrays passed by reference. */
  frame: Array<Value | AwkArray> = [];
  /** What `var=value` operands assign to; set by the compiler. */
  assign: (name: string, v: Value) => void = () => undefined;

  #record = '';
  #fields: Value[] = [];
  #nf = 0;
  #split = true;
  #dirty = false;

  #stdout = '';
  readonly #outputs = new Map<string, Output>();
  readonly #inputs = new Map<string, RecordReader>();
  #stdinData: string | null = null;
  #main: RecordReader | null = null;
  #argIndex = 1;
  #sawFile = false;
  readonly #regexes = new Map<string, RegExp>();

  constructor(c: Ctx) {
    this.c = c;
  }

  get convfmt(): string {
    const v = this.vars[CONVFMT];
    return typeof v === 'string' ? v : toStr(v, '%.6g');
  }

  str(slot: number): string {
    const v = this.vars[slot];
    return typeof v === 'string' ? v : toStr(v, this.convfmt);
  }

  /** A dynamic regex (a string used where an ERE is wanted), compiled once. */
  regex(src: string): RegExp {
    let re = this.#regexes.get(src);
    if (!re) {
      try {
        re = compile(src, { extended: true, global: true, awk: true });
      } catch (e) {
        if (!(e instanceof RegexError)) throw e;
        throw new AwkError(`regular expression compile failed (${e.message})\n${src}`);
      }
      if (this.#regexes.size > 500) this.#regexes.clear();
      this.#regexes.set(src, re);
    }
    return re;
  }

  // The record and its fields. Fields are split from $0 on first use, and $0 is rebuilt
  // with OFS on first use after a field or NF changed.

  setRecord(s: string): void {
    this.#record = s;
    this.#split = false;
    this.#dirty = false;
  }

  get record(): string {
    if (this.#dirty) {
      const ofs = this.str(OFS);
      const conv = this.convfmt;
      let r = '';
      for (let i = 0; i < this.#nf; i++) r += (i > 0 ? ofs : '') + toStr(this.#fields[i], conv);
      this.#record = r;
      this.#dirty = false;
    }
    return this.#record;
  }

  #ensureSplit(): void {
    if (this.#split) return;
    const parts = this.splitWith(this.#record, this.str(FS), this.str(RS) === '');
    const fields: Value[] = new Array(parts.length);
    for (let i = 0; i < parts.length; i++) fields[i] = new StrNum(parts[i]!);
    this.#fields = fields;
    this.#nf = parts.length;
    this.#split = true;
  }

  /** Splits by a field separator: " " (blanks), one character, or an ERE. */
  splitWith(s: string, fs: string, paragraph: boolean): string[] {
    if (fs === ' ') {
      const out: string[] = [];
      const n = s.length;
      let i = 0;
      for (;;) {
        let ch = s.charCodeAt(i);
        while (i < n && (ch === 32 || ch === 9 || ch === 10)) ch = s.charCodeAt(++i);
        if (i >= n) return out;
        const start = i;
        while (i < n && ch !== 32 && ch !== 9 && ch !== 10) ch = s.charCodeAt(++i);
        out.push(s.slice(start, i));
      }
    }
    if (s === '') return [];
    if (fs.length === 1 && fs !== '\\')
      return paragraph && fs !== '\n' ? s.split(/\n/).flatMap((l) => l.split(fs)) : s.split(fs);
    if (fs === '') return s.split('');
    const re = this.regex(paragraph ? `(${fs})|\n` : fs);
    const out: string[] = [];
    let start = 0;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m[0] === '') {
        re.lastIndex++;
        if (re.lastIndex > s.length) break;
        continue;
      }
      out.push(s.slice(start, m.index));
      start = m.index + m[0].length;
    }
    out.push(s.slice(start));
    return out;
  }

  field(i: number): Value {
    if (i === 0) return new StrNum(this.record);
    if (i < 0) throw new AwkError(`negative field index $${i}`);
    this.#ensureSplit();
    return i <= this.#nf ? this.#fields[i - 1] : undefined;
  }

  setField(i: number, v: Value): void {
    if (i === 0) {
      this.setRecord(toStr(v, this.convfmt));
      return;
    }
    if (i < 0) throw new AwkError(`negative field index $${i}`);
    this.#ensureSplit();
    while (this.#nf < i) this.#fields[this.#nf++] = undefined;
    this.#fields[i - 1] = v;
    this.#dirty = true;
  }

  get nf(): number {
    this.#ensureSplit();
    return this.#nf;
  }

  set nf(n: number) {
    this.#ensureSplit();
    if (n < 0) throw new AwkError(`NF set to negative value`);
    while (this.#nf < n) this.#fields[this.#nf++] = undefined;
    this.#fields.length = n;
    this.#nf = n;
    this.#dirty = true;
  }

  // Input.

  #stdin(): string {
    this.#stdinData ??= bytesToBin(readAll(this.c.stdin));
    return this.#stdinData;
  }

  /** The next record of the main input, counting NR and FNR; null at its end. */
  nextMain(): string | null {
    for (;;) {
      if (this.#main) {
        const r = this.#main.next(this.str(RS), this);
        if (r !== null) {
          this.vars[NR] = toNum(this.vars[NR]) + 1;
          this.vars[FNR] = toNum(this.vars[FNR]) + 1;
          return r;
        }
        this.#main = null;
      }
      if (!this.#openNext()) return null;
    }
  }

  nextFile(): void {
    this.#main = null;
  }

  #openNext(): boolean {
    for (;;) {
      const argc = Math.trunc(toNum(this.vars[ARGC]));
      if (this.#argIndex >= argc) {
        if (this.#sawFile) return false;
        this.#sawFile = true;
        this.#start(this.#stdin(), '-');
        return true;
      }
      const arg = toStr(this.ARGV.get(String(this.#argIndex++)), this.convfmt);
      if (arg === '') continue;
      if (NAME_EQ.test(arg)) {
        const eq = arg.indexOf('=');
        this.assign(arg.slice(0, eq), new StrNum(unescapeValue(arg.slice(eq + 1))));
        continue;
      }
      this.#sawFile = true;
      if (arg === '-' || arg === '/dev/stdin') this.#start(this.#stdin(), arg);
      else {
        try {
          this.#start(bytesToBin(this.c.fs.readFile(binToArg(arg))), arg);
        } catch (e) {
          if (!(e instanceof FsError)) throw e;
          throw new AwkError(`cannot open "${arg}" (${strerror(e.errno)})`, true);
        }
      }
      return true;
    }
  }

  #start(data: string, name: string): void {
    this.#main = new RecordReader(data);
    this.vars[FILENAME] = name;
    this.vars[FNR] = 0;
  }

  /** getline < file: the next record of `name`, null at its end, undefined if it cannot be read. */
  fileRecord(name: string): string | null | undefined {
    let r = this.#inputs.get(name);
    if (!r) {
      try {
        r = new RecordReader(
          name === '-' || name === '/dev/stdin' ? this.#stdin() : bytesToBin(this.c.fs.readFile(binToArg(name))),
        );
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        return undefined;
      }
      this.#inputs.set(name, r);
    }
    return r.next(this.str(RS), this);
  }

  /** cmd | getline: runs the command (once, to its end) and reads its output. */
  async commandRecord(cmd: string): Promise<string | null> {
    let r = this.#inputs.get(cmd);
    if (!r) {
      this.flushAll();
      const out = new Collector();
      const status = await this.#sh(cmd, out.sink, this.c.stdin);
      r = new RecordReader(bytesToBin(out.bytes()));
      r.status = status;
      this.#inputs.set(cmd, r);
    }
    return r.next(this.str(RS), this);
  }

  // Output.

  write(text: string, op?: '>' | '>>' | '|', target?: string): void {
    if (op === undefined) {
      this.#stdout += text;
      if (this.#stdout.length > FLUSH_AT) this.flushStdout();
      return;
    }
    let o = this.#outputs.get(target!);
    if (!o) o = this.#open(op, target!);
    if (o.kind === 'stdout') this.write(text);
    else if (o.kind === 'stderr') this.c.err.bin(text);
    else {
      o.buf += text;
      if (o.kind === 'file' && o.buf.length > FLUSH_AT) this.#flush(o);
    }
  }

  #open(op: '>' | '>>' | '|', target: string): Output {
    let o: Output;
    if (op === '|') {
      // A real awk starts the command now, after flushing what it printed before.
      this.flushStdout();
      o = { kind: 'pipe', buf: '' };
    } else if (target === '/dev/stdout' || target === '-') o = { kind: 'stdout', buf: '' };
    else if (target === '/dev/stderr') o = { kind: 'stderr', buf: '' };
    else {
      try {
        o = { kind: 'file', buf: '', sink: this.c.fs.openSink(binToArg(target), op === '>>') };
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        throw new AwkError(`cannot open "${target}" for output (${strerror(e.errno)})`, true);
      }
    }
    this.#outputs.set(target, o);
    return o;
  }

  #flush(o: Output): void {
    if (o.buf !== '' && o.sink) o.sink(binToBytes(o.buf));
    o.buf = '';
  }

  flushStdout(): void {
    this.c.out.bin(this.#stdout);
    this.#stdout = '';
  }

  /** fflush(): stdout and the files (a pipe's command only runs when it is closed). */
  flushAll(): void {
    this.flushStdout();
    for (const o of this.#outputs.values()) if (o.kind === 'file') this.#flush(o);
  }

  /** close(name): -1 when nothing by that name is open; a command's exit status. */
  async close(name: string): Promise<number> {
    let status = -1;
    const o = this.#outputs.get(name);
    if (o) {
      this.#outputs.delete(name);
      status = 0;
      if (o.kind === 'file') this.#flush(o);
      if (o.kind === 'pipe') status = await this.#sh(name, this.c.out.sink, bytesStdin(binToBytes(o.buf)));
    }
    const r = this.#inputs.get(name);
    if (r) {
      this.#inputs.delete(name);
      status = r.status;
    }
    return status;
  }

  /** At exit: files and pipes are closed in the order they were opened, then stdout. */
  async closeAll(): Promise<void> {
    for (const name of [...this.#outputs.keys()]) await this.close(name);
    this.flushStdout();
  }

  async system(cmd: string): Promise<number> {
    this.flushAll();
    return this.#sh(cmd, this.c.out.sink, this.c.stdin);
  }

  #sh(cmd: string, stdout: Sink, stdin: StdinSource | undefined): Promise<number> {
    const { spec } = this.c;
    return this.c.processes.spawn({
      argv: ['/bin/sh', '-c', binToArg(cmd)],
      env: spec.env,
      cwd: spec.cwd,
      stdin,
      stdout,
      stderr: spec.stderr,
    });
  }
}

/** A -v or operand assignment's value: a string literal's escapes apply. */
export function unescapeValue(s: string): string {
  return unescape(s, AWK_ESCAPES).text;
}
