// Word expansions (XCU 2.6) in their order: tilde, parameter, command substitution and
// arithmetic; then field splitting on IFS of what came from unquoted expansions, pathname
// expansion, and quote removal. Quoting is tracked piece by piece, so "$@" keeps its fields
// and a quoted "*" never globs.
import type { ParamPart, Script, Word, WordPart } from './ast.ts';
import { ArithError, evalArith } from './arith.ts';
import { escapePattern, hasGlob, removeAffix } from '../lib/index.ts';
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
}

/** Text from one part, or a field break from "$@" / $@ (hard: also between empty fields). */
type Piece = { text: string; quoted: boolean; split: boolean } | { brk: 'hard' | 'soft' };
type Chunk = { text: string; quoted: boolean };

const SPECIAL = new Set(['?', '#', '$', '-', '0', '!', '@', '*']);

export class Expander {
  readonly #host: ExpandHost;

  constructor(host: ExpandHost) {
    this.#host = host;
  }

  /** A command word: the fields it becomes (none, one or many). */
  async fields(word: Word): Promise<string[]> {
    const pieces = await this.#pieces(word.parts, false, true);
    const out: string[] = [];
    for (const field of split(pieces, this.#ifs())) {
      const text = field.map((c) => c.text).join('');
      if (!this.#host.noglob && field.some((c) => !c.quoted && hasGlob(c.text))) {
        const pattern = field.map((c) => (c.quoted ? escapePattern(c.text) : c.text)).join('');
        const matches = this.#host.glob(pattern);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
      }
      out.push(text);
    }
    return out;
  }

  /** One string, no splitting or globbing: assignments, redirection targets, case words. */
  async string(word: Word): Promise<string> {
    const pieces = await this.#pieces(word.parts, false, true);
    return joinPieces(pieces);
  }

  /** A pattern (case, ${x#…}): quoted characters are escaped so they match themselves. */
  async pattern(word: Word): Promise<string> {
    const pieces = await this.#pieces(word.parts, false, true);
    return pieces.map((p) => ('brk' in p ? ' ' : p.quoted ? escapePattern(p.text) : p.text)).join('');
  }

  #ifs(): string {
    return this.#host.param('IFS') ?? ' \t\n';
  }

  async #pieces(parts: WordPart[], inDq: boolean, wordStart: boolean): Promise<Piece[]> {
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
    const home = m[1] === '' ? this.#host.param('HOME') : m[1] === 'root' ? '/root' : undefined;
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
        const inner = await this.#pieces(p.parts, true, false);
        // "" is an empty field of its own; "$@" with no parameters is no field at all.
        const onlyAt = p.parts.some((q) => q.type === 'param' && q.name === '@' && !q.op && !q.length);
        return onlyAt ? inner : [{ text: '', quoted: true, split: false }, ...inner];
      }
      case 'param':
        return this.#param(p, inDq);
      case 'cmdsub': {
        const text = await this.#host.commandSubst(p.body);
        return [{ text, quoted: inDq, split: !inDq }];
      }
      case 'arith': {
        const expr = joinPieces(await this.#pieces(p.expr.parts, true, false));
        let v: bigint;
        try {
          v = evalArith(expr, {
            get: (n) => this.#value(n),
            set: (n, value) => this.#host.assign(n, value),
          });
        } catch (e) {
          if (e instanceof ArithError) throw new ShellError(e.message);
          throw e;
        }
        return [{ text: v.toString(), quoted: inDq, split: !inDq }];
      }
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
        return unset ? this.#pieces(p.arg!.parts, inDq, true) : piece(value!);
      case '+':
        return unset ? [] : this.#pieces(p.arg!.parts, inDq, true);
      case '=': {
        if (!unset) return piece(value!);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) throw new ShellError(`${p.name}: bad variable name`);
        const v = joinPieces(await this.#pieces(p.arg!.parts, true, true));
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
        return piece(removeAffix(value ?? '', pattern, p.op));
      }
    }
  }

  #all(name: '@' | '*', inDq: boolean): Piece[] {
    const params = this.#host.positional();
    if (inDq && name === '*') {
      const ifs = this.#ifs();
      return [{ text: params.join(ifs.slice(0, 1)), quoted: true, split: false }];
    }
    const out: Piece[] = [];
    params.forEach((v, i) => {
      if (i > 0) out.push({ brk: inDq ? 'hard' : 'soft' });
      out.push({ text: v, quoted: inDq, split: !inDq });
    });
    return out;
  }
}

function joinPieces(pieces: Piece[]): string {
  return pieces.map((p) => ('brk' in p ? ' ' : p.text)).join('');
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
