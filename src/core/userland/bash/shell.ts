// What bash adds to a running shell (the engine's Extension): variables with arrays, name
// references and attributes (-i -l -u -r -x), the dynamic ones ($RANDOM, $SECONDS, $BASHPID,
// $EPOCHSECONDS…), the call stack's FUNCNAME, BASH_SOURCE and BASH_LINENO, PIPESTATUS, and
// bash's simple command: array and += assignments, declaration built-ins taking name=(…),
// set -x's trace in bash's words, and `time`'s report.
import type { Assign, Command, FunctionDef, Script, SimpleCommand, Word } from '../sh/ast.ts';
import { AssocArray, IndexedArray, type BashArray } from '../sh/arrays.ts';
import type { Extension } from '../sh/dialect.ts';
import type { Shell } from '../sh/eval.ts';
import type { BashHost } from '../sh/expand.ts';
import { bashAssignment, Parser } from '../sh/parser.ts';
import { ShellSyntaxError } from '../sh/lexer.ts';
import type { Io } from '../sh/redirect.ts';
import { ShellError, type Var } from '../sh/state.ts';
import { Collector, utf8 } from '../lib/index.ts';
import { bytesStdin } from '../../runtime/stdio.ts';
import { bashopts, flagString, optionOn, shellopts } from './options.ts';
import { quoteReusable, singleQuote, traceWord } from './quote.ts';
import { ansiText } from './escapes.ts';
import { commandText, functionText } from './print.ts';
import { selectMenu } from './select.ts';
import { timeReport } from './time.ts';

/** An array literal's element: a value, or `[key]=value` (`+=` to append to that element). */
export type Element = { key: string | null; value: string; append: boolean };

/** What an assignment word gives: a string, or the elements of name=(…). */
export type AssignValue = { kind: 'string'; value: string } | { kind: 'array'; elements: Element[] };

/** An evaluated assignment: NAME, NAME[key], NAME+=. */
export interface Assignment {
  name: string;
  key: string | null;
  append: boolean;
  value: AssignValue;
  /** The word as written, for set -x. */
  text: string;
  /** An array literal's elements as written, for set -x. */
  written?: string[];
}

const DECLARATIONS = new Set(['declare', 'typeset', 'local', 'readonly', 'export']);
const MAX_NAMEREFS = 8;

/** A discarding error: the line being run stops, the script goes on (status 1). */
export function discard(message: string): ShellError {
  return new ShellError(message, 1, true);
}

export class BashShell implements Extension {
  readonly sh: Shell;
  /** The declaration built-in's arguments that were assignments, by argv index (their arrays). */
  declarations = new Map<number, Assignment>();

  constructor(sh: Shell) {
    this.sh = sh;
  }

  get #state() {
    return this.sh.state;
  }

  /** The name a name reference finally stands for (NAME itself when it is none). */
  resolve(name: string): string {
    let n = name;
    for (let i = 0; i < MAX_NAMEREFS; i++) {
      const v = this.#state.vars.get(n);
      if (!v?.attrs?.includes('n') || v.unset || v.value === '') return n;
      n = v.value;
    }
    return n;
  }

  variable(name: string): Var | undefined {
    const target = this.resolve(name);
    if (target === 'DIRSTACK' && !this.#state.notDynamic.has(target)) {
      const stack = new IndexedArray();
      [this.#state.cwd, ...this.#state.dirStack].forEach((d, i) => stack.set(i, d));
      return { value: '', exported: false, readonly: false, array: stack };
    }
    return this.#state.vars.get(target);
  }

  names(): string[] {
    return [...this.#state.vars.keys()].filter((k) => !this.#state.vars.get(k)!.unset || true).sort();
  }

  get(name: string): string | undefined {
    const s = this.#state;
    switch (s.notDynamic.has(name) ? '' : name) {
      case 'RANDOM':
        return String(this.#random());
      case 'SECONDS':
        return String(Math.floor((Date.now() - s.secondsBase) / 1000));
      case 'EPOCHSECONDS':
        return String(Math.floor(Date.now() / 1000));
      case 'EPOCHREALTIME': {
        const ms = Date.now();
        return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
      }
      case 'SRANDOM':
        return String(crypto.getRandomValues(new Uint32Array(1))[0]);
      case 'BASHPID':
        return '1';
      case 'BASH_SUBSHELL':
        return String(s.subshellLevel);
      case 'BASH_COMMAND':
        return s.bashCommand;
      case 'SHELLOPTS':
        return shellopts(s);
      case 'BASHOPTS':
        return bashopts(s);
    }
    const v = this.variable(name);
    if (v === undefined || v.unset) return undefined;
    if (v.array) return v.array.kind === 'indexed' ? v.array.get(0) : v.array.get('0');
    return v.value;
  }

  /** bash's generator (lib/sh/random.c): Park–Miller, folded to 15 bits, never the same twice in a row. */
  #random(): number {
    const s = this.#state;
    let r: number;
    do {
      let seed = s.randomSeed === 0 ? 123459876 : s.randomSeed;
      const h = Math.trunc(seed / 127773);
      const l = seed - 127773 * h;
      const t = 16807 * l - 2836 * h;
      seed = t < 0 ? t + 0x7fffffff : t;
      s.randomSeed = seed;
      r = ((seed >>> 16) ^ (seed & 65535)) & 32767;
    } while (r === s.lastRandom);
    s.lastRandom = r;
    return r;
  }

  /** A value as the variable's attributes make it: -i evaluates it, -l and -u change case. */
  #convert(v: Var | undefined, value: string, old?: string): string {
    const attrs = v?.attrs;
    if (!attrs) return old === undefined ? value : old + value;
    if (attrs.includes('i')) {
      const n = this.sh.dialect.arith(this.sh, value, null);
      if (old === undefined) return n.toString();
      return (this.sh.dialect.arith(this.sh, old || '0', null) + n).toString();
    }
    const text = old === undefined ? value : old + value;
    if (attrs.includes('l')) return text.toLowerCase();
    if (attrs.includes('u')) return text.toUpperCase();
    return text;
  }

  #readonly(name: string): ShellError {
    return discard(`${name}: readonly variable`);
  }

  assign(name: string, value: string): void {
    this.#assignScalar(name, value, false);
  }

  #assignScalar(name: string, value: string, append: boolean): void {
    const s = this.#state;
    if (s.notDynamic.has(name)) {
      // A plain variable now.
    } else if (name === 'RANDOM') {
      s.randomSeed = Number(BigInt.asUintN(32, BigInt(/^-?[0-9]+$/.test(value.trim()) ? value.trim() : '0')));
      s.lastRandom = 0;
    } else if (name === 'SECONDS') {
      const n = Number(this.sh.dialect.arith(this.sh, value || '0', null));
      s.secondsBase = Date.now() - n * 1000;
    }
    const target = this.resolve(name);
    const v = s.vars.get(target);
    if (v?.readonly) throw this.#readonly(target);
    if (v?.array) {
      if (v.array.kind === 'indexed')
        v.array.set(0, this.#convert(v, value, append ? (v.array.get(0) ?? '') : undefined));
      else v.array.set('0', this.#convert(v, value, append ? (v.array.get('0') ?? '') : undefined));
      v.unset = false;
      return;
    }
    const old = append && v && !v.unset ? v.value : append ? '' : undefined;
    const converted = this.#convert(v, value, old);
    if (v) {
      v.value = converted;
      v.unset = false;
      if (s.options.allexport) v.exported = true;
    } else s.set(target, converted);
  }

  /** NAME[key]=value (and +=): an element, the variable becoming an indexed array if it was not one. */
  assignElement(name: string, key: string, value: string, append = false): void {
    const s = this.#state;
    const target = this.resolve(name);
    let v = s.vars.get(target);
    if (v?.readonly) throw this.#readonly(target);
    if (!v) {
      v = { value: '', exported: false, readonly: false, array: new IndexedArray() };
      s.vars.set(target, v);
    }
    if (!v.array) {
      const arr = new IndexedArray();
      if (!v.unset) arr.set(0, v.value);
      v.array = arr;
      v.value = '';
    }
    v.unset = false;
    if (v.array.kind === 'assoc') {
      if (key === '') throw discard(`${name}[${key}]: bad array subscript`);
      v.array.set(key, this.#convert(v, value, append ? (v.array.get(key) ?? '') : undefined));
      return;
    }
    let i = Number(this.sh.dialect.arith(this.sh, key, null));
    if (i < 0) {
      i += v.array.next();
      if (i < 0) throw discard(`${name}[${key}]: bad array subscript`);
    }
    v.array.set(i, this.#convert(v, value, append ? (v.array.get(i) ?? '') : undefined));
  }

  /** NAME=(…) and NAME+=(…). */
  assignArray(name: string, elements: Element[], append: boolean, assoc?: boolean): void {
    const s = this.#state;
    const target = this.resolve(name);
    let v = s.vars.get(target);
    if (v?.readonly) throw this.#readonly(target);
    const wantAssoc = assoc ?? v?.array?.kind === 'assoc';
    if (!v) {
      v = { value: '', exported: false, readonly: false };
      s.vars.set(target, v);
    }
    if (!append || !v.array) {
      const old = v.array ? undefined : v.unset ? undefined : v.value;
      v.array = wantAssoc ? new AssocArray() : new IndexedArray();
      if (append && old !== undefined && v.array.kind === 'indexed') v.array.set(0, old);
      v.value = '';
    }
    v.unset = false;
    const arr = v.array;
    if (arr.kind === 'assoc') {
      for (let i = 0; i < elements.length; i++) {
        const e = elements[i]!;
        if (e.key !== null) {
          if (e.key === '') throw discard(`${name}: []: bad array subscript`);
          arr.set(e.key, this.#convert(v, e.value, e.append ? (arr.get(e.key) ?? '') : undefined));
        } else {
          // bash 5.1's key-value pairs: (k1 v1 k2 v2).
          const value = elements[i + 1]?.key === null ? elements[++i]!.value : '';
          arr.set(e.value, this.#convert(v, value));
        }
      }
      return;
    }
    let next = arr.next();
    for (const e of elements) {
      if (e.key !== null) {
        let i = Number(this.sh.dialect.arith(this.sh, e.key, null));
        if (i < 0) i += arr.next();
        if (i < 0) throw discard(`${name}[${e.key}]: bad array subscript`);
        arr.set(i, this.#convert(v, e.value, e.append ? (arr.get(i) ?? '') : undefined));
        next = i + 1;
      } else {
        arr.set(next, this.#convert(v, e.value));
        next++;
      }
    }
  }

  setArray(name: string, array: BashArray): void {
    const v = this.#state.vars.get(name);
    if (v) {
      v.array = array;
      v.value = '';
      v.unset = false;
    } else this.#state.vars.set(name, { value: '', exported: false, readonly: false, array });
  }

  optionOn(name: string): boolean {
    return optionOn(this.#state, name);
  }

  flags(): string {
    return flagString(this.#state);
  }

  pipestatus(statuses: number[]): void {
    const arr = new IndexedArray();
    statuses.forEach((st, i) => arr.set(i, String(st)));
    this.setArray('PIPESTATUS', arr);
  }

  globOptions(): BashHost['glob'] {
    const s = this.#state;
    return {
      extglob: s.shopt.has('extglob'),
      dotglob: s.shopt.has('dotglob'),
      globstar: s.shopt.has('globstar'),
      nocaseglob: s.shopt.has('nocaseglob'),
      nullglob: s.shopt.has('nullglob'),
      failglob: s.shopt.has('failglob'),
      nocasematch: s.shopt.has('nocasematch'),
      patsubReplacement: s.shopt.has('patsub_replacement'),
      braceexpand: s.moreOptions.has('braceexpand'),
    };
  }

  host(io: Io): BashHost {
    return {
      variable: (name) => this.variable(name),
      names: () => this.names(),
      assignElement: (name, key, value) => this.assignElement(name, key, value),
      procsub: (dir, body) => this.#procsub(dir, body, io),
      braces: (word) => this.sh.dialect.braces(word),
      glob: this.globOptions(),
      quote: (s) => quoteReusable(s),
      attributes: (v) => attributes(v),
      escapes: (s) => ansiText(s),
      warn: (message) => this.sh.diag(io, message),
    };
  }

  /**
   * <(list) runs the list now, to completion, into a file the command then reads; >(list) is a
   * file the command writes, read by the list once the command is done. WASI runs one process
   * at a time, so there is no real pipe: the file is /dev/fd/63 (62, …) in the volume, as bash
   * names it, and goes (with any directory made for it) when its command ends.
   */
  async #procsub(dir: '<' | '>', body: Script, io: Io): Promise<string> {
    const s = this.#state;
    const fs = this.sh.fs();
    const path = `/dev/fd/${63 - s.procsubs.length}`;
    const made: string[] = [];
    for (const d of ['/dev', '/dev/fd']) {
      if (!fs.lookup(d)) {
        fs.mkdir(d);
        made.unshift(d);
      }
    }
    let data: Uint8Array = new Uint8Array(0);
    if (dir === '<') {
      const out = new Collector();
      const subIo = io.copy();
      subIo.fds[1] = { out: out.sink };
      await this.sh.subshell(subIo, (sub) => sub.list(body, subIo));
      data = out.bytes();
    }
    fs.writeFile(path, data);
    const reader =
      dir === '>'
        ? async (written: Uint8Array) => {
            const subIo = io.copy();
            subIo.fds[0] = { in: bytesStdin(written) };
            await this.sh.subshell(subIo, (sub) => sub.list(body, subIo));
          }
        : null;
    s.procsubs.push({ path, depth: s.commandDepth, made, reader });
    return path;
  }

  commandStart(): number {
    return ++this.#state.commandDepth;
  }

  /** A command at `depth` is done: its process substitutions end (a >(…) list reads what was written). */
  async commandEnd(depth: number): Promise<void> {
    const s = this.#state;
    s.commandDepth = depth - 1;
    if (s.procsubs.length === 0) return;
    const ending = s.procsubs.filter((p) => p.depth >= depth);
    if (ending.length === 0) return;
    s.procsubs = s.procsubs.filter((p) => p.depth < depth);
    const fs = this.sh.fs();
    for (const p of ending) {
      let written: Uint8Array = new Uint8Array(0);
      try {
        written = fs.readFile(p.path).slice();
        fs.unlink(p.path);
        for (const d of p.made) fs.rmdir(d);
      } catch {
        // The command removed it itself.
      }
      if (p.reader) await p.reader(written);
    }
  }

  exportedFunctions(): string[] {
    const out: string[] = [];
    for (const [name, attrs] of this.#state.functionAttrs) {
      const f = this.#state.functions.get(name);
      if (f && attrs.includes('x'))
        out.push(`BASH_FUNC_${name}%%=${functionText(name, f.body).slice(name.length + 1)}`);
    }
    return out;
  }

  announce(cmd: Command): void {
    if (this.#state.inTrap === 0) this.#state.bashCommand = commandText(cmd);
  }

  selectMenu(items: string[]): string {
    const columns = Number(this.get('COLUMNS') ?? '');
    return selectMenu(items, Number.isInteger(columns) && columns > 0 ? columns : 80);
  }

  time(posix: boolean, ms: number, io: Io): void {
    const r = timeReport(this.get('TIMEFORMAT'), posix, ms);
    if ('error' in r) this.sh.diag(io, r.error);
    else io.stderr(utf8(r.text));
  }

  async trace(io: Io, text: string): Promise<void> {
    if (!this.#state.options.xtrace || this.#state.expandingPs4) return;
    io.stderr(utf8(`${await this.tracePrefix(io)}${text}\n`));
  }

  /**
   * PS4 expanded (parameters, command substitutions, arithmetic; quotes kept, as in a prompt),
   * its first character repeated once more for each command substitution level.
   */
  async tracePrefix(io: Io): Promise<string> {
    const raw = this.get('PS4') ?? '+ ';
    let ps4 = raw;
    if (/[$`\\]/.test(raw)) {
      this.#state.expandingPs4 = true;
      try {
        ps4 = await this.sh
          .expander(io)
          .string(new Parser(raw, 0, 1, this.sh.lexOptions()).lexer.readWord('here', false));
      } catch (e) {
        if (!(e instanceof ShellError || e instanceof ShellSyntaxError)) throw e;
        this.sh.diag(io, e instanceof ShellSyntaxError ? `${raw}: bad substitution` : e.message);
      } finally {
        this.#state.expandingPs4 = false;
      }
    }
    return ps4.slice(0, 1).repeat(this.sh.traceLevel - 1) + ps4;
  }

  enter(fn: FunctionDef, name: string): (io: Io) => Promise<void> {
    const s = this.#state;
    const limit = Number(this.get('FUNCNEST') ?? '0');
    if (limit > 0 && s.frames.length >= limit) {
      throw discard(`${name}: maximum function nesting level exceeded (${limit})`);
    }
    const savedFile = s.file;
    s.frames.unshift({ name, source: fn.source || 'environment', line: s.line });
    s.file = fn.source || 'environment';
    this.#stackVars();
    const traps = s.traps;
    const hidden: Array<[string, string]> = [];
    for (const [sig, opt] of [
      ['RETURN', 'functrace'],
      ['ERR', 'errtrace'],
    ] as const) {
      const t = traps.get(sig);
      if (t !== undefined && !s.moreOptions.has(opt)) {
        hidden.push([sig, t]);
        traps.delete(sig);
      }
    }
    const frame = s.locals[s.locals.length - 1];
    return async (io) => {
      const onReturn = traps.get('RETURN');
      if (onReturn !== undefined) {
        const status = s.status;
        s.inTrap++;
        try {
          await this.sh.source(onReturn, io, s.line);
        } finally {
          s.inTrap--;
        }
        s.status = status;
      }
      for (const [sig, t] of hidden) if (!traps.has(sig)) traps.set(sig, t);
      const opts = frame ? s.localOptions.get(frame) : undefined;
      if (opts) {
        s.options = opts.options;
        s.moreOptions = opts.more;
        s.localOptions.delete(frame!);
      }
      // Back at the call: its line again (the ERR trap's $LINENO, messages about the call).
      s.line = s.frames.shift()?.line ?? s.line;
      s.file = savedFile;
      this.#stackVars();
    };
  }

  /** `source FILE` starts: a frame on the call stack; returns what ends it. */
  enterSource(file: string): () => void {
    const s = this.#state;
    s.frames.unshift({ name: 'source', source: file, line: s.line, sourced: true });
    this.#stackVars();
    return () => {
      s.line = s.frames.shift()?.line ?? s.line;
      this.#stackVars();
    };
  }

  /** FUNCNAME, BASH_SOURCE and BASH_LINENO from the call stack (unset outside functions). */
  #stackVars(): void {
    const s = this.#state;
    const main = s.file !== '' || s.frames.some((f) => f.source !== 'environment');
    const top = s.frames.length === 0 ? s.file : undefined;
    const names = s.frames.map((f) => f.name);
    const sources = s.frames.map((f) => f.source);
    const lines = s.frames.map((f) => String(f.line));
    const script = s.scriptFile;
    if (script !== '' && (s.frames.length > 0 || top)) {
      names.push('main');
      sources.push(script);
      lines.push('0');
    }
    const set = (name: string, values: string[]): void => {
      if (values.length === 0) s.vars.delete(name);
      else {
        const arr = new IndexedArray();
        values.forEach((v, i) => arr.set(i, v));
        this.setArray(name, arr);
      }
    };
    // FUNCNAME only exists inside a function (a sourced file alone does not make one).
    set('FUNCNAME', s.frames.some((f) => !f.sourced) ? names : []);
    set('BASH_SOURCE', s.frames.length > 0 ? sources : script !== '' ? [script] : []);
    set('BASH_LINENO', s.frames.length > 0 ? lines : script !== '' ? ['0'] : []);
    void main;
  }

  /** A simple command, as bash runs it. */
  async simple(cmd: SimpleCommand, io: Io): Promise<number> {
    const sh = this.sh;
    this.announce(cmd);
    const ex = sh.expander(io);
    const first = cmd.words[0];
    const declaration = first !== undefined && DECLARATIONS.has(plainText(first) ?? '');
    const argv: string[] = [];
    const declarations = new Map<number, Assignment>();
    for (let k = 0; k < cmd.words.length; k++) {
      const w = cmd.words[k]!;
      const a = declaration && k > 0 ? bashAssignment(w, sh.lexOptions()) : null;
      if (a) {
        const evaluated = await this.evaluate(a, w.text, io);
        declarations.set(argv.length, evaluated);
        argv.push(
          `${a.name}${a.index ? `[${evaluated.key}]` : ''}${a.append ? '+' : ''}=${evaluated.value.kind === 'string' ? evaluated.value.value : ''}`,
        );
      } else argv.push(...(await ex.fields(w)));
    }
    if (argv.length === 0) {
      // Assignments alone are done one after another: `IFS=, a=($x)` splits on the new IFS.
      for (const w of cmd.assigns) {
        const a = await this.evaluate(w, '', io);
        await this.trace(io, traceAssignment(a));
        this.perform(a);
      }
      this.#lastArgument('');
      const rio = await sh.redirect(cmd, io);
      const status = rio ? sh.subStatus : 1;
      const failing = sh.failed(status, io);
      if (failing) await failing;
      return status;
    }
    const assigns: Assignment[] = [];
    for (const a of cmd.assigns) assigns.push(await this.evaluate(a, '', io));
    if (this.#state.options.xtrace) await this.#traceSimple(io, assigns, argv, declarations);
    const rio = await sh.redirect(cmd, io, argv.length === 1 && argv[0] === 'exec');
    if (!rio) {
      const failing = sh.failed(1, io);
      if (failing) await failing;
      return 1;
    }
    const saved = this.declarations;
    this.declarations = declarations;
    const pairs = assigns.map((a): [string, string] => [a.name, a.value.kind === 'string' ? a.value.value : '']);
    let status: number;
    try {
      status = await sh.dispatch(argv, pairs, rio, false);
    } finally {
      this.declarations = saved;
    }
    this.#lastArgument(argv[argv.length - 1]!);
    const failing = sh.failed(status, io);
    if (failing) await failing;
    return status;
  }

  /**
   * set -x's lines for a simple command, as bash writes them: each assignment before it on
   * its own line; a declaration's name=(…) on its own, then the command without it; after
   * export's and readonly's, each NAME=value they assign.
   */
  async #traceSimple(
    io: Io,
    assigns: Assignment[],
    argv: string[],
    declarations: Map<number, Assignment>,
  ): Promise<void> {
    for (const a of assigns) await this.trace(io, traceAssignment(a));
    const words: string[] = [];
    for (const [k, w] of argv.entries()) {
      const d = declarations.get(k);
      if (d?.value.kind !== 'array') words.push(traceWord(w));
      else {
        await this.trace(io, traceDeclaredArray(d as Assignment & { value: { kind: 'array' } }));
        words.push(d.name);
      }
    }
    await this.trace(io, words.join(' '));
    if (argv[0] !== 'export' && argv[0] !== 'readonly') return;
    for (const d of declarations.values()) if (d.value.kind === 'string') await this.trace(io, traceAssignment(d));
  }

  /** $_ after a simple command: its last word (after expansion), '' after assignments alone. */
  #lastArgument(word: string): void {
    const v = this.#state.vars.get('_');
    if (v && !v.readonly && !v.array) v.value = word;
    else if (!v) this.#state.vars.set('_', { value: word, exported: false, readonly: false });
  }

  /** An assignment word's value, expanded: a string, or the elements of (…). */
  async evaluate(a: Assign, text: string, io: Io): Promise<Assignment> {
    const ex = this.sh.expander(io);
    const key = a.index ? await ex.string(a.index) : null;
    const arrayPart = a.value.parts.length === 1 && a.value.parts[0]!.type === 'array' ? a.value.parts[0] : null;
    if (arrayPart) {
      const elements: Element[] = [];
      for (const w of arrayPart.elements) {
        const kv = /^\[/.test(w.text) ? elementKey(w, this.sh) : null;
        if (kv) {
          elements.push({ key: await ex.string(kv.key), value: await ex.string(kv.value), append: kv.append });
        } else for (const f of await ex.fields(w)) elements.push({ key: null, value: f, append: false });
      }
      const written = arrayPart.elements.map((w) => w.text);
      return { name: a.name, key, append: a.append === true, value: { kind: 'array', elements }, text, written };
    }
    const value = await ex.assignment(a.value);
    return { name: a.name, key, append: a.append === true, value: { kind: 'string', value }, text };
  }

  /** Carries out an evaluated assignment. */
  perform(a: Assignment, assoc?: boolean): void {
    if (a.value.kind === 'array') {
      if (a.key !== null) throw discard(`${a.name}[${a.key}]: cannot assign list to array member`);
      this.assignArray(a.name, a.value.elements, a.append, assoc);
    } else if (a.key !== null) this.assignElement(a.name, a.key, a.value.value, a.append);
    else this.#assignScalar(a.name, a.value.value, a.append);
  }
}

/** `[key]=value` or `[key]+=value` as an array literal's element, or null. */
function elementKey(w: Word, sh: Shell): { key: Word; value: Word; append: boolean } | null {
  // As if the element were the assignment x[key]=value, its quoting kept.
  const [first, ...rest] = w.parts;
  const parts: Word['parts'] =
    first?.type === 'lit'
      ? [{ type: 'lit', text: `x${first.text}` }, ...rest]
      : [{ type: 'lit', text: 'x' }, ...w.parts];
  const m = bashAssignment({ parts, text: `x${w.text}` }, sh.lexOptions());
  if (!m || !m.index) return null;
  return { key: m.index, value: m.value, append: m.append === true };
}

function plainText(w: Word): string | null {
  return w.parts.length === 1 && w.parts[0]!.type === 'lit' ? w.parts[0]!.text : null;
}

/** set -x's line for an assignment: x=1, x='a b', a=(x y), a+=(z), a[3]=w. */
function traceAssignment(a: Assignment): string {
  const name = `${a.name}${a.key !== null ? `[${a.key}]` : ''}${a.append ? '+' : ''}`;
  if (a.value.kind === 'array') return `${name}=(${(a.written ?? []).join(' ')})`;
  const v = a.value.value;
  return `${name}=${v === '' ? '' : traceWord(v)}`;
}

/** set -x's line for a declaration built-in's name=(…): its elements expanded and quoted. */
function traceDeclaredArray(a: Assignment & { value: { kind: 'array' } }): string {
  const elements = a.value.elements.map(
    (e) => `${e.key !== null ? `[${singleQuote(e.key)}]=` : ''}${singleQuote(e.value)}`,
  );
  return `${a.name}${a.append ? '+' : ''}=(${elements.join(' ')})`;
}

/** declare's attribute letters for a variable, in bash's order: a A i l n r t u x. */
export function attributes(v: Var): string {
  let out = '';
  if (v.array?.kind === 'indexed') out += 'a';
  if (v.array?.kind === 'assoc') out += 'A';
  for (const c of 'ilnrtux') {
    if (c === 'r' ? v.readonly : c === 'x' ? v.exported : v.attrs?.includes(c)) out += c;
  }
  return out;
}
