// Token recognition (XCU 2.3) and the quoting inside words (2.2): operators, words with their
// quoted and expandable parts, IO numbers, comments, and here-document bodies, read at the
// newline that follows their operator (2.7.4). `$(…)` and backquotes are parsed recursively
// through the callbacks the parser hands in.
import type { ParamOp, ParamPart, Redir, Script, Word, WordPart } from './ast.ts';
import { UserlandError } from '../lib/index.ts';

/** A syntax error, reported as sh does: `sh: LINE: Syntax error: MESSAGE`. */
export class ShellSyntaxError extends UserlandError {
  declare readonly line: number;
  constructor(message: string, line: number) {
    super(message, 2, line);
  }
}

export type Token =
  | { kind: 'word'; word: Word; line: number }
  | { kind: 'io'; fd: number; line: number }
  | { kind: 'op'; op: string; line: number }
  | { kind: 'newline'; line: number }
  | { kind: 'eof'; line: number };

export interface SubParsers {
  /** Parses `$(` … `)` from `pos` (just after "$("); returns the script and where it ends. */
  untilParen(src: string, pos: number, line: number): { script: Script; end: number; line: number };
  /** Parses a whole string (the text of a backquoted command). */
  whole(src: string, line: number): Script;
}

const OPERATORS = ['<<-', '&&', '||', ';;', '<<', '>>', '<&', '>&', '<>', '>|', '&', '|', ';', '<', '>', '(', ')'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

interface PendingHere {
  redir: Redir;
  delimiter: string;
  stripTabs: boolean;
}

type Mode = 'word' | 'brace' | 'here';

export class Lexer {
  readonly src: string;
  pos: number;
  line: number;
  readonly #sub: SubParsers;
  readonly #pending: PendingHere[] = [];

  constructor(src: string, sub: SubParsers, pos = 0, line = 1) {
    this.src = src;
    this.#sub = sub;
    this.pos = pos;
    this.line = line;
  }

  /** Registers a here-document whose body starts after the next newline. */
  addHereDoc(redir: Redir, delimiter: string, stripTabs: boolean): void {
    this.#pending.push({ redir, delimiter, stripTabs });
  }

  next(): Token {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && src[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const line = this.line;
    if (this.pos >= src.length) {
      if (this.#pending.length > 0) this.#readHereDocs();
      return { kind: 'eof', line };
    }
    if (src[this.pos] === '\n') {
      this.pos++;
      this.line++;
      this.#readHereDocs();
      return { kind: 'newline', line };
    }
    for (const op of OPERATORS) {
      if (src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { kind: 'op', op, line };
      }
    }
    const word = this.readWord('word', false);
    if (/^[0-9]+$/.test(word.text) && (src[this.pos] === '<' || src[this.pos] === '>')) {
      return { kind: 'io', fd: Number(word.text), line };
    }
    return { kind: 'word', word, line };
  }

  /**
   * Reads a word from `pos`. 'word' ends at an unquoted metacharacter; 'brace' (the word in
   * ${name-word}) at an unquoted "}"; 'here' (a here-document body, an arithmetic expression)
   * runs to the end, with quotes taken literally as in a here-document.
   */
  readWord(mode: Mode, inDq: boolean): Word {
    const src = this.src;
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push(mode === 'here' ? { type: 'sq', text: lit } : { type: 'lit', text: lit });
      lit = '';
    };
    const push = (p: WordPart): void => {
      flush();
      parts.push(p);
    };
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (mode === 'word' && META.has(c)) break;
      if (mode === 'brace' && c === '}') break;
      if (c === '\\') {
        const n = src[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
        } else if (n === undefined) {
          lit += '\\';
          this.pos++;
        } else if (mode === 'here' && !'$`\\'.includes(n)) {
          lit += '\\';
          this.pos++;
        } else {
          push({ type: 'sq', text: n });
          this.pos += 2;
        }
      } else if (c === "'" && mode !== 'here' && !inDq) {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('Unterminated quoted string', this.line);
        const text = src.slice(this.pos + 1, end);
        this.line += count(text, '\n');
        push({ type: 'sq', text });
        this.pos = end + 1;
      } else if (c === '"' && mode !== 'here') {
        push(this.#readDq());
      } else if (c === '$') {
        const p = this.#readDollar();
        if (p) push(p);
        else {
          lit += '$';
          this.pos++;
        }
      } else if (c === '`') {
        push(this.#readBackquote(inDq));
      } else {
        if (c === '\n') this.line++;
        lit += c;
        this.pos++;
      }
    }
    flush();
    return { parts, text: src.slice(start, this.pos) };
  }

  #readDq(): WordPart {
    const src = this.src;
    const line = this.line;
    this.pos++;
    const parts: WordPart[] = [];
    let lit = '';
    const push = (p: WordPart): void => {
      if (lit !== '') parts.push({ type: 'sq', text: lit });
      lit = '';
      parts.push(p);
    };
    for (;;) {
      const c = src[this.pos];
      if (c === undefined) throw new ShellSyntaxError('Unterminated quoted string', line);
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = src[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
        } else if (n !== undefined && '$`"\\'.includes(n)) {
          lit += n;
          this.pos += 2;
        } else {
          lit += '\\';
          this.pos++;
        }
      } else if (c === '$') {
        const p = this.#readDollar(true);
        if (p) push(p);
        else {
          lit += '$';
          this.pos++;
        }
      } else if (c === '`') {
        push(this.#readBackquote(true));
      } else {
        if (c === '\n') this.line++;
        lit += c;
        this.pos++;
      }
    }
    if (lit !== '') parts.push({ type: 'sq', text: lit });
    return { type: 'dq', parts };
  }

  /** At a "$": the expansion it starts, or null when it is a literal "$". */
  #readDollar(inDq = false): WordPart | null {
    const src = this.src;
    const n = src[this.pos + 1];
    if (n === '{') return this.#readBraced(inDq);
    if (n === '(') {
      if (src[this.pos + 2] === '(') {
        const end = arithEnd(src, this.pos + 3);
        if (end >= 0) {
          const text = src.slice(this.pos + 3, end);
          const line = this.line;
          this.line += count(text, '\n');
          this.pos = end + 2;
          const sub = new Lexer(text, this.#sub, 0, line);
          return { type: 'arith', expr: sub.readWord('here', false) };
        }
      }
      const r = this.#sub.untilParen(src, this.pos + 2, this.line);
      this.pos = r.end;
      this.line = r.line;
      return { type: 'cmdsub', body: r.script };
    }
    if (n === undefined) return null;
    if (NAME_START.test(n)) {
      let end = this.pos + 1;
      while (end < src.length && NAME_CHAR.test(src[end]!)) end++;
      const name = src.slice(this.pos + 1, end);
      this.pos = end;
      return { type: 'param', name };
    }
    if (/[0-9]/.test(n) || SPECIAL_PARAMS.has(n)) {
      this.pos += 2;
      return { type: 'param', name: n };
    }
    return null;
  }

  #readBraced(inDq: boolean): ParamPart {
    const src = this.src;
    const line = this.line;
    const open = this.pos;
    let p = this.pos + 2;
    let length = false;
    if (src[p] === '#' && src[p + 1] !== '}' && !/^[-=?+:%#]/.test(src[p + 1] ?? '')) {
      length = true;
      p++;
    } else if (src[p] === '#' && src[p + 1] === '#' && src[p + 2] === '}') {
      // ${##}: the length of $#
      length = true;
      p++;
    }
    let name = '';
    if (NAME_START.test(src[p] ?? '')) {
      const s = p;
      while (p < src.length && NAME_CHAR.test(src[p]!)) p++;
      name = src.slice(s, p);
    } else if (/[0-9]/.test(src[p] ?? '')) {
      const s = p;
      while (p < src.length && /[0-9]/.test(src[p]!)) p++;
      name = src.slice(s, p);
    } else if (SPECIAL_PARAMS.has(src[p] ?? '')) {
      name = src[p]!;
      p++;
    }
    const bad = (): ParamPart => {
      const end = braceEnd(src, open + 2);
      if (end < 0) throw new ShellSyntaxError("Missing '}'", line);
      this.pos = end + 1;
      return { type: 'param', name, bad: src.slice(open, end + 1) };
    };
    if (name === '') return bad();
    if (src[p] === '}') {
      this.pos = p + 1;
      return length ? { type: 'param', name, length } : { type: 'param', name };
    }
    if (length) return bad();
    let op: ParamOp | undefined;
    let colon = false;
    if (src[p] === ':' && '-=?+'.includes(src[p + 1] ?? '\0')) {
      colon = true;
      op = src[p + 1] as ParamOp;
      p += 2;
    } else if ('-=?+'.includes(src[p] ?? '\0')) {
      op = src[p] as ParamOp;
      p++;
    } else if (src.startsWith('%%', p) || src.startsWith('##', p)) {
      op = src.slice(p, p + 2) as ParamOp;
      p += 2;
    } else if (src[p] === '%' || src[p] === '#') {
      op = src[p] as ParamOp;
      p++;
    }
    if (!op) return bad();
    this.pos = p;
    const arg = this.readWord('brace', inDq);
    if (src[this.pos] !== '}') throw new ShellSyntaxError("Missing '}'", line);
    this.pos++;
    return colon ? { type: 'param', name, op, colon, arg } : { type: 'param', name, op, arg };
  }

  #readBackquote(inDq: boolean): WordPart {
    const src = this.src;
    const line = this.line;
    this.pos++;
    let text = '';
    for (;;) {
      const c = src[this.pos];
      if (c === undefined) throw new ShellSyntaxError('EOF in backquote substitution', line);
      if (c === '`') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = src[this.pos + 1];
        if (n !== undefined && ('$`\\'.includes(n) || (inDq && n === '"'))) {
          text += n;
          this.pos += 2;
          continue;
        }
      }
      if (c === '\n') this.line++;
      text += c;
      this.pos++;
    }
    return { type: 'cmdsub', body: this.#sub.whole(text, line) };
  }

  #readHereDocs(): void {
    const src = this.src;
    for (const h of this.#pending.splice(0)) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= src.length) break;
        let end = src.indexOf('\n', this.pos);
        if (end < 0) end = src.length;
        let text = src.slice(this.pos, end);
        this.pos = Math.min(src.length, end + 1);
        this.line++;
        if (h.stripTabs) text = text.replace(/^\t+/, '');
        if (text === h.delimiter) break;
        lines.push(text);
      }
      h.redir.here = { body: lines.map((l) => l + '\n').join(''), quoted: h.redir.here?.quoted ?? false };
    }
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** Where the "))" closing an arithmetic expansion starts, or -1 when it is `$( (…) )`. */
function arithEnd(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return src[i + 1] === ')' ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** The "}" that closes a ${…} opened before `from`, skipping quotes; -1 if none. */
function braceEnd(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const e = src.indexOf("'", i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === '}') return i;
  }
  return -1;
}

/** Quote removal on source text: the here-document delimiter as written in `<<'EOF'`. */
export function unquoteText(s: string): string {
  let out = '';
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q === "'") {
      if (c === "'") q = null;
      else out += c;
    } else if (c === '\\' && i + 1 < s.length) {
      out += s[++i];
    } else if (c === "'" || c === '"') {
      if (q === c) q = null;
      else if (q === null) q = c;
      else out += c;
    } else out += c;
  }
  return out;
}
