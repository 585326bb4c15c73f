// bash's parameter expansion: arrays (${a[i]}, ${a[@]}, ${#a[@]}, ${!a[@]}), indirection
// (${!x}, ${!prefix*}), and the operators bash adds to POSIX's: ${x/p/r} and its anchored and
// global forms (with `&` for the match, bash 5.2's patsub_replacement), ${x:offset:length},
// ${x^^} ${x,,} and their single-character forms, ${x@Q} and the other transformations.
// Each operator applies to every element of a list ("${a[@]/x/y}").
// https://www.gnu.org/software/bash/manual/html_node/Shell-Parameter-Expansion.html
import type { ParamPart, Word } from './ast.ts';
import type { BashHost, ExpandHost, Expander, Piece } from './expand.ts';
import { joinPieces, listPieces, patternOf } from './expand.ts';
import type { Var } from './state.ts';
import { hasGlob, matchExtglob, matchPattern, unescapePattern } from '../lib/index.ts';
import { NAME, ShellError } from './state.ts';

type Subject =
  | { list: false; name: string; value: string | undefined }
  | { list: true; name: string; values: string[]; star: boolean; var?: Var };

const SPECIAL = new Set(['?', '#', '$', '-', '0', '!', '@', '*']);

/** An expansion error that ends the command line being run (status 1); the script goes on. */
function discard(message: string): ShellError {
  return new ShellError(message, 1, true);
}

/** An error that ends the shell: set -u's and ${x?}'s (status 127, as bash exits). */
function fatal(message: string): ShellError {
  return new ShellError(message, 127);
}

export class BashParams {
  readonly #host: ExpandHost;
  readonly #bash: BashHost;
  readonly #ex: Expander;

  constructor(host: ExpandHost, ex: Expander) {
    this.#host = host;
    this.#bash = host.bash!;
    this.#ex = ex;
  }

  async expand(p: ParamPart, inDq: boolean): Promise<Piece[]> {
    if (p.bad !== undefined) throw discard(`${p.bad}: bad substitution`);
    if (p.length && !p.indirect && !p.prefix && (p.index === '@' || p.index === '*') && NAME.test(p.name)) {
      // ${#a[@]} counts without listing the values (a loop up to it stays linear).
      const v = this.#bash.variable(p.name);
      return this.#piece(String(v?.array ? v.array.size : v && !v.unset ? 1 : 0), inDq);
    }
    const subject = await this.#subject(p);
    if (p.length) return this.#piece(String(this.#length(subject)), inDq);
    const values = await this.#operate(p, subject, inDq);
    if (!Array.isArray(values)) return values.pieces;
    if (!subject.list) return this.#piece(values[0] ?? '', inDq);
    return listPieces(values, subject.star, inDq, this.#ex.ifs());
  }

  #piece(text: string, inDq: boolean): Piece[] {
    return [{ text, quoted: inDq, split: !inDq }];
  }

  /** What the parameter names: one value, or a list of them ($@, ${a[@]}, ${!prefix*}). */
  async #subject(p: ParamPart): Promise<Subject> {
    const name = p.name;
    if (p.prefix) {
      const names = this.#bash.names().filter((n) => n.startsWith(name));
      return { list: true, name, values: names, star: p.prefix === '*' };
    }
    if (p.indirect && (p.index === '@' || p.index === '*')) {
      const v = this.#bash.variable(name);
      let keys: string[] = [];
      if (v?.array) keys = v.array.keys().map(String);
      else if (v && !v.unset) keys = ['0'];
      return { list: true, name, values: keys, star: p.index === '*' };
    }
    if (p.indirect) {
      const ref = (await this.#subject({ ...p, indirect: false, op: undefined, length: false })) as Subject;
      const target = ref.list ? ref.values.join(' ') : ref.value;
      if (target === undefined) throw discard(`${name}: invalid indirect expansion`);
      return this.#subject(this.#parseRef(target));
    }
    if (name === '@' || name === '*') {
      return { list: true, name, values: this.#host.positional(), star: name === '*' };
    }
    if (p.index === '@' || p.index === '*') {
      const v = this.#bash.variable(name);
      let values: string[] = [];
      if (v?.array) values = v.array.values();
      else if (v && !v.unset) values = [v.value];
      return { list: true, name, values, star: p.index === '*', var: v };
    }
    if (p.index !== undefined) return this.#element(name, p.index);
    return { list: false, name, value: this.#host.param(name) };
  }

  /** ${!x}'s target: a name, a name[subscript], a positional or special parameter. */
  #parseRef(text: string): ParamPart {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(text);
    if (m) {
      const sub = m[2]!;
      const index: ParamPart['index'] =
        sub === '@' || sub === '*' ? sub : { parts: [{ type: 'sq', text: sub }], text: sub };
      return { type: 'param', name: m[1]!, index };
    }
    if (NAME.test(text) || /^[0-9]+$/.test(text) || SPECIAL.has(text)) return { type: 'param', name: text };
    throw discard(`${text}: invalid variable name`);
  }

  /** ${name[subscript]}: an associative array's key as a string, else an arithmetic index. */
  async #element(name: string, index: Word): Promise<Subject> {
    const v = this.#bash.variable(name);
    const label = `${name}[${index.text}]`;
    if (v?.array?.kind === 'assoc') {
      const key = await this.#ex.string(index);
      return { list: false, name: label, value: v.array.get(key) };
    }
    let i = Number(this.#host.arith(await this.#ex.string(index)));
    if (!v || v.unset) return { list: false, name: label, value: undefined };
    if (!v.array) return { list: false, name: label, value: i === 0 ? v.value : undefined };
    if (i < 0) {
      i += v.array.next();
      if (i < 0) {
        this.#bash.warn(`${name}: bad array subscript`);
        return { list: false, name: label, value: undefined };
      }
    }
    return { list: false, name: label, value: v.array.get(i) };
  }

  #length(s: Subject): number {
    if (s.list) return s.values.length;
    return [...this.#checked(s)].length;
  }

  /** A single value, failing as set -u says when it is unset. */
  #checked(s: { name: string; value: string | undefined }): string {
    if (s.value === undefined && this.#host.nounset && !SPECIAL.has(s.name)) {
      throw fatal(`${s.name}: unbound variable`);
    }
    return s.value ?? '';
  }

  /** The values after the operator, or pieces of their own (a default word, nothing). */
  async #operate(p: ParamPart, s: Subject, inDq: boolean): Promise<string[] | { pieces: Piece[] }> {
    const op = p.op;
    if (op === undefined) return s.list ? s.values : [this.#checked(s)];
    if (op === '-' || op === '+' || op === '=' || op === '?') {
      const unset = s.list
        ? s.values.length === 0 || (p.colon === true && s.values.join(this.#ex.ifs().slice(0, 1)) === '')
        : s.value === undefined || (p.colon === true && s.value === '');
      if (op === '-') return unset ? { pieces: await this.#ex.pieces(p.arg!.parts, inDq, true) } : this.#all(s);
      if (op === '+') return unset ? { pieces: [] } : { pieces: await this.#ex.pieces(p.arg!.parts, inDq, true) };
      if (!unset) return this.#all(s);
      if (op === '?') {
        const msg = p.arg && p.arg.parts.length > 0 ? await this.#ex.string(p.arg) : '';
        const what = msg !== '' ? msg : p.colon ? 'parameter null or not set' : 'parameter not set';
        throw fatal(`${s.name}: ${what}`);
      }
      const v = joinPieces(await this.#ex.pieces(p.arg!.parts, true, true));
      this.#assign(p, s, v);
      return [v];
    }
    const values = s.list ? s.values : [this.#checked(s)];
    switch (op) {
      case '#':
      case '##':
      case '%':
      case '%%': {
        const pattern = await this.#ex.pattern(p.arg!);
        return values.map((v) => this.#affix(v, pattern, op));
      }
      case '/':
      case '//':
      case '/#':
      case '/%': {
        const pattern = await this.#ex.pattern(p.arg!);
        // bash 5.2 expands a tilde that starts the replacement, even inside double quotes.
        const replacement = p.arg2 ? await this.#ex.pieces(p.arg2.parts, false, true) : [];
        return values.map((v) => this.#substitute(v, pattern, replacement, op));
      }
      case '^':
      case '^^':
      case ',':
      case ',,':
      case '~':
      case '~~': {
        const pattern = p.arg && p.arg.parts.length > 0 ? await this.#ex.pattern(p.arg) : '?';
        return values.map((v) => this.#case(v, pattern, op));
      }
      case ':':
        return this.#substring(p, s);
      case '@':
        return this.#transform(p.arg!.text, s, values);
    }
    return values;
  }

  #all(s: Subject): string[] {
    return s.list ? s.values : [s.value ?? ''];
  }

  /** ${x=word} and ${a[i]=word}: only a variable or an element can be assigned. */
  #assign(p: ParamPart, s: Subject, value: string): void {
    if (p.index !== undefined && p.index !== '@' && p.index !== '*' && !p.indirect) {
      const key = s.name.slice(p.name.length + 1, -1);
      this.#bash.assignElement(p.name, key, value);
      return;
    }
    if (s.list || !NAME.test(s.name)) throw discard(`$${s.name}: cannot assign in this way`);
    this.#host.assign(s.name, value);
  }

  #match(pattern: string, s: string): boolean {
    return this.#bash.glob.extglob ? matchExtglob(pattern, s) : matchPattern(pattern, s);
  }

  #affix(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
    const n = value.length;
    if (op === '#') {
      for (let i = 0; i <= n; i++) if (this.#match(pattern, value.slice(0, i))) return value.slice(i);
    } else if (op === '##') {
      for (let i = n; i >= 0; i--) if (this.#match(pattern, value.slice(0, i))) return value.slice(i);
    } else if (op === '%') {
      for (let i = n; i >= 0; i--) if (this.#match(pattern, value.slice(i))) return value.slice(0, i);
    } else {
      for (let i = 0; i <= n; i++) if (this.#match(pattern, value.slice(i))) return value.slice(0, i);
    }
    return value;
  }

  /** Where `pattern` first matches in `value` from `from`, longest at that place; null if nowhere. */
  #find(value: string, pattern: string, from: number, anchor: '' | '#' | '%'): [number, number] | null {
    const n = value.length;
    if (!hasGlob(pattern) && !(this.#bash.glob.extglob && /[?*+@!]\(/.test(pattern))) {
      const lit = unescapePattern(pattern);
      if (lit === '') return null;
      if (anchor === '#') return value.startsWith(lit) ? [0, lit.length] : null;
      if (anchor === '%') return value.endsWith(lit) && n - lit.length >= from ? [n - lit.length, n] : null;
      const at = value.indexOf(lit, from);
      return at < 0 ? null : [at, at + lit.length];
    }
    if (anchor === '#') {
      for (let j = n; j >= 0; j--) if (this.#match(pattern, value.slice(0, j))) return [0, j];
      return null;
    }
    if (anchor === '%') {
      for (let i = from; i <= n; i++) if (this.#match(pattern, value.slice(i))) return [i, n];
      return null;
    }
    for (let i = from; i <= n; i++) {
      for (let j = n; j >= i; j--) if (this.#match(pattern, value.slice(i, j))) return [i, j];
    }
    return null;
  }

  #substitute(value: string, pattern: string, replacement: Piece[], op: '/' | '//' | '/#' | '/%'): string {
    if (pattern === '') return value;
    const anchor = op === '/#' ? '#' : op === '/%' ? '%' : '';
    let out = '';
    let from = 0;
    for (;;) {
      const m = this.#find(value, pattern, from, anchor);
      if (!m) break;
      const [i, j] = m;
      out += value.slice(from, i) + this.#replacement(replacement, value.slice(i, j));
      if (j === i) {
        // An empty match: keep the next character and look on after it.
        if (i >= value.length) {
          from = i;
          break;
        }
        out += value[i];
        from = i + 1;
      } else from = j;
      if (op !== '//') break;
    }
    return out + value.slice(from);
  }

  /** The replacement text: an unquoted `&` is what matched, `\&` a plain "&". */
  #replacement(pieces: Piece[], matched: string): string {
    let out = '';
    for (const p of pieces) {
      if ('brk' in p) {
        out += ' ';
        continue;
      }
      if (p.quoted) {
        out += p.text;
        continue;
      }
      for (let i = 0; i < p.text.length; i++) {
        const c = p.text[i]!;
        if (c === '\\' && (p.text[i + 1] === '&' || p.text[i + 1] === '\\')) out += p.text[++i];
        else if (c === '&' && this.#bash.glob.patsubReplacement) out += matched;
        else out += c;
      }
    }
    return out;
  }

  /** ^ and ^^ upper-case, , and ,, lower-case, ~ and ~~ (undocumented) swap case: the first character, or all. */
  #case(value: string, pattern: string, op: '^' | '^^' | ',' | ',,' | '~' | '~~'): string {
    const chars = [...value];
    const limit = op.length === 1 ? Math.min(1, chars.length) : chars.length;
    for (let i = 0; i < limit; i++) {
      const c = chars[i]!;
      if (!this.#match(pattern, c)) continue;
      const upper = op[0] === '^' || (op[0] === '~' && c === c.toLowerCase());
      chars[i] = upper ? c.toUpperCase() : c.toLowerCase();
    }
    return chars.join('');
  }

  /** ${x:offset:length}; for "$@" and ${a[@]} the elements from `offset` on, not the characters. */
  async #substring(p: ParamPart, s: Subject): Promise<string[]> {
    const offset = Number(this.#host.arith(await this.#ex.string(p.arg!)));
    const lengthText = p.arg2 === undefined || p.arg2 === null ? undefined : await this.#ex.string(p.arg2);
    const length = lengthText === undefined ? undefined : Number(this.#host.arith(lengthText));
    if (s.list) return this.#slice(s, offset, length);
    const chars = [...this.#checked(s)];
    let start = offset < 0 ? chars.length + offset : offset;
    if (start < 0 || start > chars.length) return [''];
    let end = chars.length;
    if (length !== undefined) {
      end = length < 0 ? chars.length + length : start + length;
      if (end < start) {
        if (length < 0) throw discard(`${lengthText!.trim()}: substring expression < 0`);
        end = start;
      }
    }
    start = Math.max(0, start);
    return [chars.slice(start, Math.min(end, chars.length)).join('')];
  }

  #slice(s: Subject & { list: true }, offset: number, length: number | undefined): string[] {
    if (length !== undefined && length < 0) throw discard(`${length}: substring expression < 0`);
    if (s.name === '@' || s.name === '*') {
      const all = [this.#host.param('0') ?? '', ...s.values];
      const start = offset < 0 ? all.length + offset : offset;
      if (start < 0) return [];
      return all.slice(start, length === undefined ? undefined : start + length);
    }
    const v = s.var;
    if (!v?.array) {
      const start = offset < 0 ? s.values.length + offset : offset;
      if (start < 0) return [];
      return s.values.slice(start, length === undefined ? undefined : start + length);
    }
    if (v.array.kind === 'assoc') {
      const start = offset < 0 ? s.values.length + offset : offset;
      if (start < 0) return [];
      return s.values.slice(start, length === undefined ? undefined : start + length);
    }
    // Indexed: the elements whose index is at least `offset` (counted from the end when negative).
    const arr = v.array;
    const start = offset < 0 ? arr.next() + offset : offset;
    if (start < 0) return [];
    const keys = arr.keys().filter((k) => k >= start);
    return (length === undefined ? keys : keys.slice(0, length)).map((k) => arr.get(k)!);
  }

  /** ${x@Q}, @E, @P, @A, @K, @k, @a, @U, @u, @L. */
  #transform(letter: string, s: Subject, values: string[]): string[] {
    const b = this.#bash;
    switch (letter) {
      case 'Q':
        return s.list || s.value !== undefined ? values.map((v) => b.quote(v)) : [];
      case 'E':
        return values.map((v) => b.escapes(v));
      case 'P':
        return values;
      case 'U':
        return values.map((v) => v.toUpperCase());
      case 'L':
        return values.map((v) => v.toLowerCase());
      case 'u':
        return values.map((v) => (v === '' ? v : v[0]!.toUpperCase() + v.slice(1)));
      case 'a': {
        const v = b.variable(s.list ? s.name : s.name.replace(/\[.*$/, ''));
        const flags = v ? b.attributes(v) : '';
        return s.list ? values.map(() => flags) : [flags];
      }
      case 'K':
      case 'k':
        return this.#pairs(s, values, letter === 'k');
      case 'A':
        return this.#assignment(s, values);
    }
    return values;
  }

  #pairs(s: Subject, values: string[], separate: boolean): string[] {
    const b = this.#bash;
    const v = s.list ? s.var : undefined;
    if (!v?.array) return s.list ? values.map((x) => b.quote(x)) : values.map((x) => b.quote(x));
    const keys = v.array.keys().map(String);
    const pairs = keys.map((k, i) => [v.array!.kind === 'assoc' ? quoteKey(k, b) : k, `"${dq(values[i] ?? '')}"`]);
    if (separate) return pairs.flat();
    return [pairs.map(([k, x]) => `${k} ${x}`).join(' ')];
  }

  #assignment(s: Subject, values: string[]): string[] {
    const b = this.#bash;
    const name = s.list ? s.name : s.name;
    const v = b.variable(name);
    if (s.list && v?.array) {
      const keys = v.array.keys().map(String);
      const body = keys.map((k, i) => `[${k}]="${dq(values[i] ?? '')}"`).join(' ');
      const flags = b.attributes(v);
      return [`declare -${flags} ${name}=(${body}${v.array.kind === 'assoc' ? ' ' : ''})`];
    }
    if (!s.list && s.value === undefined) return [];
    const flags = v ? b.attributes(v) : '';
    const value = b.quote(values[0] ?? '');
    return [flags ? `declare -${flags} ${name}=${value}` : `${name}=${value}`];
  }
}

/** Inside double quotes as declare -p writes values: \ " $ ` escaped. */
export function dq(s: string): string {
  return s.replace(/[\\"$`]/g, '\\$&');
}

function quoteKey(k: string, b: BashHost): string {
  return /^[A-Za-z0-9_.-]+$/.test(k) ? k : b.quote(k);
}
