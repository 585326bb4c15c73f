// Word expansions (XCU 2.6) in their order: tilde, parameter, command substitution and
// arithmetic; then field splitting on IFS of what came from unquoted expansions, pathname
// expansion, and quote removal. Quoting is tracked piece by piece, so "$@" keeps its fields
// and a quoted "*" never globs. bash adds brace expansion before all of them, process
// substitution, arrays and its ${…} operators (params.ts), and its shopt globbing options.
import type { ParamPart, Script, Word, WordPart } from './ast.ts';
import type { Var } from './state.ts';
import { escapePattern, isGlob, removeAffix, type GlobOptions } from '../lib/index.ts';
import { BashParams } from './params.ts';
import { ShellError } from './state.ts';

export interface ExpandHost {
  /** A parameter's value (variable, positional or special); undefined when unset. */
  param(name: string): string | undefined;
  /** ${name=word} and arithmetic assignment; throws ShellError when it cannot. */
  assign(name: string, value: string): void;
  positional(): string[];
  readonly nounset: boolean;
  readonly noglob: boolean;
  /** Runs `body` in a subshell; its output without trailing newlines. */
  commandSubst(body: Script): Promise<string>;
  /** Pathname expansion: the sorted matches, or none. */
  glob(pattern: string): string[];
  /** Evaluates an arithmetic expression (throws ShellError). */
  arith(expr: string): bigint;
  /** bash's dialect, when it is bash. */
  readonly bash: BashHost | null;
}

/** What bash's expansions need of the shell beyond POSIX's. */
export interface BashHost {
  /** A variable, name references followed; undefined when there is none. */
  variable(name: string): Var | undefined;
  /** Every variable's name, sorted (${!prefix*}). */
  names(): string[];
  /** Sets one element of an array (or, for a scalar, makes it one). */
  assignElement(name: string, key: string, value: string): void;
  /** <(list) and >(list): the path the command reads or writes. */
  procsub(dir: '<' | '>', body: Script): Promise<string>;
  /** Brace expansion of a word. */
  braces(word: Word): Word[];
  readonly glob: GlobOptions & {
    nullglob: boolean;
    failglob: boolean;
    braceexpand: boolean;
    nocasematch: boolean;
    /** `&` in ${x/p/r}'s replacement stands for the match. */
    patsubReplacement: boolean;
  };
  /** Quotes a value for ${x@Q} and declare -p: 'a b', $'\n'. */
  quote(s: string): string;
  /** The attribute letters of a variable, as ${x@a} and declare -p show them. */
  attributes(v: Var): string;
  /** bash's $'…' escapes, for ${x@E}. */
  escapes(s: string): string;
  /** A message that does not stop the shell (`bash: line 1: a: bad array subscript`). */
  warn(message: string): void;
}

/** Text from one part, or a field break from "$@" / $@ (hard: also between empty fields). */
export type Piece = { text: string; quoted: boolean; split: boolean } | { brk: 'hard' | 'soft' };
type Chunk = { text: string; quoted: boolean };

const SPECIAL = new Set(['?', '#', '$', '-', '0', '!', '@', '*']);

export class Expander {
  readonly #host: ExpandHost;
  readonly #params: BashParams | null;

  constructor(host: ExpandHost) {
    this.#host = host;
    this.#params = host.bash ? new BashParams(host, this) : null;
  }

  /** A command word: the fields it becomes (none, one or many). */
  async fields(word: Word): Promise<string[]> {
    const bash = this.#host.bash;
    if (bash && bash.glob.braceexpand) {
      const words = bash.braces(word);
      if (words.length !== 1 || words[0] !== word) {
        const out: string[] = [];
        for (const w of words) out.push(...(await this.#fields(w)));
        return out;
      }
    }
    return this.#fields(word);
  }

  async #fields(word: Word): Promise<string[]> {
    const pieces = await this.pieces(word.parts, false, true);
    const out: string[] = [];
    const bash = this.#host.bash;
    for (const field of split(pieces, this.#ifs())) {
      const text = field.map((c) => c.text).join('');
      if (!this.#host.noglob && field.some((c) => !c.quoted && isGlob(c.text, bash?.glob))) {
        const pattern = field.map((c) => (c.quoted ? escapePattern(c.text) : c.text)).join('');
        const matches = this.#host.glob(pattern);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
        if (bash?.glob.failglob) throw new ShellError(`no match: ${text}`, 1, true);
        if (bash?.glob.nullglob) continue;
      }
      out.push(text);
    }
    return out;
  }

  /** One string, no splitting or globbing: assignments, redirection targets, case words. */
  async string(word: Word): Promise<string> {
    const pieces = await this.pieces(word.parts, false, true);
    return joinPieces(pieces);
  }

  /** bash: an assignment's value: one string, with tilde expansion after "=" and each unquoted ":". */
  async assignment(word: Word): Promise<string> {
    const parts: WordPart[] = [];
    for (const p of word.parts) {
      if (p.type !== 'lit' || !p.text.includes(':~')) {
        parts.push(p);
        continue;
      }
      const pieces = p.text.split(':');
      pieces.forEach((text, i) => {
        const t = i > 0 ? `:${text}` : text;
        if (i > 0 && text.startsWith('~')) {
          const expanded = this.#tilde(text) as Array<{ text: string; quoted: boolean }>;
          if (expanded.length > 0 && expanded[0]!.quoted) {
            parts.push({ type: 'lit', text: ':' });
            for (const e of expanded)
              parts.push(e.quoted ? { type: 'sq', text: e.text } : { type: 'lit', text: e.text });
            return;
          }
        }
        parts.push({ type: 'lit', text: t });
      });
    }
    return joinPieces(await this.pieces(parts, false, true));
  }

  /** A pattern (case, ${x#…}): quoted characters are escaped so they match themselves. */
  async pattern(word: Word): Promise<string> {
    const pieces = await this.pieces(word.parts, false, true);
    return patternOf(pieces);
  }

  ifs(): string {
    return this.#ifs();
  }

  #ifs(): string {
    return this.#host.param('IFS') ?? ' \t\n';
  }

  /** The pieces `parts` expand to; `inDq`: inside double quotes; `wordStart`: tilde expansion may apply. */
  async pieces(parts: WordPart[], inDq: boolean, wordStart: boolean): Promise<Piece[]> {
    const out: Piece[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === 0 && wordStart && !inDq && p.type === 'lit' && p.text.startsWith('~')) {
        out.push(...this.#tilde(p.text));
        continue;
      }
      out.push(...(await this.#part(p, inDq)));
    }
    return out;
  }

  #tilde(text: string): Piece[] {
    const m = /^~([^/]*)/.exec(text)!;
    let home: string | undefined;
    if (m[1] === '') home = this.#host.param('HOME');
    else if (m[1] === 'root') home = '/root';
    else if (this.#host.bash && m[1] === '+') home = this.#host.param('PWD');
    else if (this.#host.bash && m[1] === '-') home = this.#host.param('OLDPWD');
    if (home === undefined) return [{ text, quoted: false, split: false }];
    const rest = text.slice(m[0].length);
    const out: Piece[] = [{ text: home, quoted: true, split: false }];
    if (rest !== '') out.push({ text: rest, quoted: false, split: false });
    return out;
  }

  async #part(p: WordPart, inDq: boolean): Promise<Piece[]> {
    switch (p.type) {
      case 'lit':
        return [{ text: p.text, quoted: inDq, split: false }];
      case 'sq':
        return [{ text: p.text, quoted: true, split: false }];
      case 'dq': {
        const inner = await this.pieces(p.parts, true, false);
        // "" is an empty field of its own; "$@" with no parameters is no field at all.
        const onlyAt = p.parts.some((q) => q.type === 'param' && isAll(q, this.#host.bash !== null));
        return onlyAt ? inner : [{ text: '', quoted: true, split: false }, ...inner];
      }
      case 'param':
        return this.#params ? this.#params.expand(p, inDq) : this.#param(p, inDq);
      case 'cmdsub': {
        const text = await this.#host.commandSubst(p.body);
        return [{ text, quoted: inDq, split: !inDq }];
      }
      case 'arith': {
        const expr = joinPieces(await this.pieces(p.expr.parts, true, false));
        const v = this.#host.arith(expr);
        return [{ text: v.toString(), quoted: inDq, split: !inDq }];
      }
      case 'procsub': {
        const path = await this.#host.bash!.procsub(p.dir, p.body);
        return [{ text: path, quoted: inDq, split: false }];
      }
      case 'array':
        // name=(…) outside an assignment: the parser only lets it through for declare & co.
        return [{ text: `(${p.elements.map((e) => e.text).join(' ')})`, quoted: true, split: false }];
    }
  }

  /** A parameter's value, failing as set -u wants for an unset one. */
  #value(name: string): string | undefined {
    const v = this.#host.param(name);
    if (v === undefined && this.#host.nounset && !SPECIAL.has(name)) {
      throw new ShellError(`${name}: parameter not set`);
    }
    return v;
  }

  async #param(p: ParamPart, inDq: boolean): Promise<Piece[]> {
    if (p.bad !== undefined) throw new ShellError('Bad substitution');
    const piece = (text: string): Piece[] => [{ text, quoted: inDq, split: !inDq }];
    if (p.length) {
      if (p.name === '@' || p.name === '*') return piece(String(this.#host.positional().length));
      return piece(String([...(this.#value(p.name) ?? '')].length));
    }
    if ((p.name === '@' || p.name === '*') && !p.op) return this.#all(p.name, inDq);
    const value = p.op ? this.#host.param(p.name) : this.#value(p.name);
    const unset = value === undefined || (p.colon === true && value === '');
    switch (p.op) {
      case undefined:
        return piece(value ?? '');
      case '-':
        return unset ? this.pieces(p.arg!.parts, inDq, true) : piece(value!);
      case '+':
        return unset ? [] : this.pieces(p.arg!.parts, inDq, true);
      case '=': {
        if (!unset) return piece(value!);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) throw new ShellError(`${p.name}: bad variable name`);
        const v = joinPieces(await this.pieces(p.arg!.parts, true, true));
        this.#host.assign(p.name, v);
        return piece(v);
      }
      case '?': {
        if (!unset) return piece(value!);
        const msg = p.arg && p.arg.parts.length > 0 ? await this.string(p.arg) : 'parameter not set';
        throw new ShellError(`${p.name}: ${msg}`);
      }
      default: {
        if (value === undefined && this.#host.nounset) throw new ShellError(`${p.name}: parameter not set`);
        const pattern = await this.pattern(p.arg!);
        return piece(removeAffix(value ?? '', pattern, p.op as '#' | '##' | '%' | '%%'));
      }
    }
  }

  #all(name: '@' | '*', inDq: boolean): Piece[] {
    return listPieces(this.#host.positional(), name === '*', inDq, this.#ifs());
  }
}

/** "$@" (and in bash "${a[@]}", "${@/x/y}" and the like): no field at all when there are no elements. */
function isAll(p: ParamPart, bash: boolean): boolean {
  if (!bash) return p.name === '@' && !p.op && !p.length;
  if (p.length || p.prefix) return false;
  const list = (p.name === '@' && p.index === undefined) || p.index === '@';
  return list && (!p.op || !'-=?+'.includes(p.op));
}

/** A list of values as "$@" ("$*" with `star`) or $@ gives them. */
export function listPieces(values: string[], star: boolean, inDq: boolean, ifs: string): Piece[] {
  if (inDq && star) return [{ text: values.join(ifs.slice(0, 1)), quoted: true, split: false }];
  const out: Piece[] = [];
  values.forEach((v, i) => {
    if (i > 0) out.push({ brk: inDq ? 'hard' : 'soft' });
    out.push({ text: v, quoted: inDq, split: !inDq });
  });
  return out;
}

export function joinPieces(pieces: Piece[]): string {
  return pieces.map((p) => ('brk' in p ? ' ' : p.text)).join('');
}

export function patternOf(pieces: Piece[]): string {
  return pieces.map((p) => ('brk' in p ? ' ' : p.quoted ? escapePattern(p.text) : p.text)).join('');
}

/** Field splitting (XCU 2.6.5) of the unquoted expansion results, on the characters of IFS. */
function split(pieces: Piece[], ifs: string): Chunk[][] {
  const white: string[] = [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n');
  const other = [...ifs].filter((c) => !white.includes(c));
  const fields: Chunk[][] = [];
  let cur: Chunk[] = [];
  let has = false;
  let afterWhite = false;
  const emit = (): void => {
    fields.push(cur);
    cur = [];
    has = false;
  };
  for (const p of pieces) {
    if ('brk' in p) {
      if (p.brk === 'hard' || has) emit();
      afterWhite = false;
      continue;
    }
    if (!p.split || ifs === '') {
      cur.push({ text: p.text, quoted: p.quoted });
      if (p.quoted || p.text !== '') {
        has = true;
        afterWhite = false;
      }
      continue;
    }
    let buf = '';
    const flush = (): void => {
      if (buf !== '') {
        cur.push({ text: buf, quoted: false });
        has = true;
        buf = '';
      }
    };
    for (const c of p.text) {
      if (white.includes(c)) {
        flush();
        if (has) {
          emit();
          afterWhite = true;
        }
      } else if (other.includes(c)) {
        flush();
        if (has || !afterWhite) emit();
        afterWhite = false;
      } else {
        buf += c;
        afterWhite = false;
      }
    }
    flush();
  }
  if (has) emit();
  return fields;
}
