// Token recognition (XCU 2.3) and the quoting inside words (2.2): operators, words with their
// quoted and expandable parts, IO numbers, comments, and here-document bodies, read at the
// newline that follows their operator (2.7.4). `$(…)` and backquotes are parsed recursively
// through the callbacks the parser hands in. In bash's dialect also $'…', ${…}'s bash forms,
// <(…) and >(…), name=(…) array literals, extglob's @(…) in words, and bash's operators.
import type { ParamOp, ParamPart, Redir, Script, Word, WordPart } from './ast.ts';
import { ANSI_C_ESCAPES, readEscape, UserlandError } from '../lib/index.ts';

/**
 * A syntax error, reported as sh does: `sh: LINE: Syntax error: MESSAGE`, or as bash does
 * (`bash: -c: line LINE: MESSAGE` and, with `near`, the line it was read from).
 */
export class ShellSyntaxError extends UserlandError {
  declare readonly line: number;
  /** bash: the token it stopped at (`syntax error near unexpected token `X'`), to show with its line. */
  readonly near: string | undefined;
  /**
   * bash: an error inside name=( … ) (bash parses it apart, as parse_compound_assignment):
   * only the line is discarded, with status 1, and the script goes on with the next one.
   */
  discardsLine = false;
  /** bash: raised inside $( … ), which a `bash -c` string ends on with status 127. */
  inCommandSubst = false;
  /** bash: a message printed before this one (at its own line). */
  before: { line: number; message: string } | undefined;
  constructor(message: string, line: number, near?: string, status = 2) {
    super(message, status, line);
    this.near = near;
  }
}

export type Token =
  | { kind: 'word'; word: Word; line: number; start: number }
  | { kind: 'io'; fd: number; line: number; start: number }
  | { kind: 'op'; op: string; line: number; start: number }
  | { kind: 'newline'; line: number; start: number }
  | { kind: 'eof'; line: number; start: number };

/** What the grammar depends on: the dialect, and bash's extglob as it is when a line is read. */
export interface LexOptions {
  bash: boolean;
  extglob(): boolean;
  /** bash: an alias's value, when aliases are expanded (shopt expand_aliases). */
  alias?(name: string): string | undefined;
}

export const DASH: LexOptions = { bash: false, extglob: () => false };

export interface SubParsers {
  /** Parses `$(` … `)` from `pos` (just after "$("); returns the script and where it ends. */
  untilParen(src: string, pos: number, line: number, o: LexOptions): { script: Script; end: number; line: number };
  /** Parses a whole string (the text of a backquoted command). */
  whole(src: string, line: number, o: LexOptions): Script;
}

const OPERATORS = ['<<-', '&&', '||', ';;', '<<', '>>', '<&', '>&', '<>', '>|', '&', '|', ';', '<', '>', '(', ')'];
const BASH_OPERATORS = [
  '<<<',
  '<<-',
  '&>>',
  ';;&',
  '&&',
  '||',
  ';;',
  ';&',
  '<<',
  '>>',
  '<&',
  '>&',
  '<>',
  '>|',
  '|&',
  '&>',
  '&',
  '|',
  ';',
  '<',
  '>',
  '(',
  ')',
];
/** bash: an assignment word so far, before the "(" of an array literal. */
const ARRAY_ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/;
const EXTGLOB = new Set(['@', '*', '+', '?', '!']);
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

interface PendingHere {
  redir: Redir;
  delimiter: string;
  stripTabs: boolean;
  /** The line of the `<<`. */
  line: number;
}

type Mode = 'word' | 'brace' | 'here';

/** The "]" that closes a subscript begun before `from` (nested brackets and quotes skipped), or -1. */
export function subscriptEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") {
      i = text.indexOf(c, i + 1);
      if (i < 0) return -1;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[') depth++;
    else if (c === ']' && depth-- === 0) return i;
  }
  return -1;
}

export class Lexer {
  /** The script; bash's alias expansion splices an alias's value into it. */
  src: string;
  /** How much longer the aliases spliced in have made `src` than the text it was given. */
  grown = 0;
  pos: number;
  line: number;
  readonly o: LexOptions;
  readonly #sub: SubParsers;
  readonly #pending: PendingHere[] = [];
  readonly #operators: string[];
  /** bash: inside name=( … ), where `[key with blanks]=value` is one word. */
  #inArray = false;
  /** bash: inside [[ … ]], where extglob's @( … ) is read whatever shopt says. */
  inCond = false;

  constructor(src: string, sub: SubParsers, pos = 0, line = 1, o: LexOptions = DASH) {
    this.src = src;
    this.#sub = sub;
    this.pos = pos;
    this.line = line;
    this.o = o;
    this.#operators = o.bash ? BASH_OPERATORS : OPERATORS;
  }

  /** Registers a here-document whose body starts after the next newline. */
  addHereDoc(redir: Redir, delimiter: string, stripTabs: boolean): void {
    this.#pending.push({ redir, delimiter, stripTabs, line: this.line });
  }

  /** bash: warnings about what was read (a here-document the end of the script closed), by line. */
  readonly warnings: Array<{ line: number; message: string }> = [];

  /** Skips blanks, escaped newlines and a comment. */
  skipBlanks(): void {
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
  }

  next(): Token {
    const src = this.src;
    this.skipBlanks();
    const line = this.line;
    const start = this.pos;
    if (this.pos >= src.length) {
      if (this.#pending.length > 0) this.#readHereDocs();
      return { kind: 'eof', line, start };
    }
    if (src[this.pos] === '\n') {
      this.pos++;
      this.line++;
      this.#readHereDocs();
      return { kind: 'newline', line, start };
    }
    const procsub = this.o.bash && (src[this.pos] === '<' || src[this.pos] === '>') && src[this.pos + 1] === '(';
    if (!procsub) {
      for (const op of this.#operators) {
        if (src.startsWith(op, this.pos)) {
          this.pos += op.length;
          return { kind: 'op', op, line, start };
        }
      }
    }
    const word = this.readWord('word', false);
    if (/^[0-9]+$/.test(word.text) && (src[this.pos] === '<' || src[this.pos] === '>')) {
      return { kind: 'io', fd: Number(word.text), line, start };
    }
    return { kind: 'word', word, line, start };
  }

  /**
   * Reads a word from `pos`. 'word' ends at an unquoted metacharacter; 'brace' (the word in
   * ${name-word}) at an unquoted "}"; 'here' (a here-document body, an arithmetic expression)
   * runs to the end, with quotes taken literally as in a here-document.
   */
  readWord(mode: Mode, inDq: boolean, stops = '}'): Word {
    const src = this.src;
    const start = this.pos;
    const parts: WordPart[] = [];
    const bash = this.o.bash;
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push(mode === 'here' ? { type: 'sq', text: lit } : { type: 'lit', text: lit });
      lit = '';
    };
    const push = (p: WordPart): void => {
      flush();
      parts.push(p);
    };
    const subscriptEnd = mode === 'word' && this.#inArray && src[start] === '[' ? this.#subscriptEnd(start) : -1;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (this.pos < subscriptEnd && (c === ' ' || c === '\t')) {
        lit += c;
        this.pos++;
        continue;
      }
      if (mode === 'word' && META.has(c)) {
        if (!bash) break;
        if ((c === '<' || c === '>') && src[this.pos + 1] === '(' && this.pos === start) {
          push(this.#procsub(c));
          continue;
        }
        if (c === '(' && parts.length === 0 && ARRAY_ASSIGN.test(lit)) {
          push(this.#arrayLiteral());
          continue;
        }
        break;
      }
      if (mode === 'word' && bash && EXTGLOB.has(c) && src[this.pos + 1] === '(' && (this.inCond || this.o.extglob())) {
        lit += c;
        this.pos++;
        lit += this.#balanced();
        continue;
      }
      if (mode === 'brace' && stops.includes(c)) break;
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
        if (end < 0) throw this.#eof("'", 'Unterminated quoted string', this.line);
        const text = src.slice(this.pos + 1, end);
        this.line += count(text, '\n');
        push({ type: 'sq', text });
        this.pos = end + 1;
      } else if (c === '"' && mode !== 'here') {
        push(this.#readDq());
      } else if (c === '$') {
        const p = this.#readDollar(inDq, mode === 'here');
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

  /** bash: the text of a parenthesised extglob group from the "(" at `pos`, quotes kept. */
  #balanced(): string {
    const src = this.src;
    const from = this.pos;
    let depth = 0;
    for (let i = from; i < src.length; i++) {
      const c = src[i]!;
      if (c === '\\') i++;
      else if (c === "'" || c === '"') {
        const e = src.indexOf(c, i + 1);
        if (e < 0) break;
        i = e;
      } else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos = i + 1;
        const text = src.slice(from, this.pos);
        this.line += count(text, '\n');
        return text;
      }
    }
    throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", this.line);
  }

  /** $( … ) from the "$" at `pos`. */
  #commandSubstitution(): WordPart {
    let r: ReturnType<SubParsers['untilParen']>;
    try {
      r = this.#sub.untilParen(this.src, this.pos + 2, this.line, this.o);
    } catch (e) {
      if (e instanceof ShellSyntaxError) e.inCommandSubst = true;
      throw e;
    }
    this.pos = r.end;
    this.line = r.line;
    return { type: 'cmdsub', body: r.script };
  }

  /** bash: <(list) or >(list) from the "<" or ">" at `pos`. */
  #procsub(dir: '<' | '>'): WordPart {
    const r = this.#sub.untilParen(this.src, this.pos + 2, this.line, this.o);
    this.pos = r.end;
    this.line = r.line;
    return { type: 'procsub', dir, body: r.script };
  }

  /**
   * bash: where the `[subscript]` at `from` ends, when `=` or `+=` follows it (an element
   * assignment in name=( … )); -1 when it is not one.
   */
  #subscriptEnd(from: number): number {
    const src = this.src;
    const i = subscriptEnd(src, from + 1);
    return i >= 0 && (src[i + 1] === '=' || (src[i + 1] === '+' && src[i + 2] === '=')) ? i : -1;
  }

  /** bash: the ( … ) of name=( … ): words, newlines and comments up to ")". */
  #arrayLiteral(): WordPart {
    this.pos++;
    const elements: Word[] = [];
    const outer = this.#inArray;
    this.#inArray = true;
    try {
      return this.#arrayElements(elements);
    } finally {
      this.#inArray = outer;
    }
  }

  #arrayElements(elements: Word[]): WordPart {
    for (;;) {
      const t = this.next();
      if (t.kind === 'word') elements.push(t.word);
      else if (t.kind === 'newline') continue;
      else if (t.kind === 'op' && t.op === ')') break;
      else if (t.kind === 'eof') {
        throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", t.line, undefined, 1);
      } else {
        const e = new ShellSyntaxError(
          `syntax error near unexpected token \`${tokenText(t)}'`,
          t.line,
          tokenText(t),
          1,
        );
        e.discardsLine = true;
        throw e;
      }
    }
    return { type: 'array', elements };
  }

  /** bash: the word after =~ in [[ … ]]: up to a blank outside parentheses, with "(", ")" and "|" in it. */
  readRegex(): Word {
    this.skipBlanks();
    const src = this.src;
    const start = this.pos;
    const startLine = this.line;
    const parts: WordPart[] = [];
    let lit = '';
    let depth = 0;
    const push = (p: WordPart): void => {
      if (lit !== '') parts.push({ type: 'lit', text: lit });
      lit = '';
      parts.push(p);
    };
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (depth === 0 && (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&')) break;
      if (depth === 0 && c === '|' && src[this.pos + 1] === '|') break;
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
      if (c === '\\' && this.pos + 1 < src.length) {
        push({ type: 'sq', text: src[this.pos + 1]! });
        this.pos += 2;
      } else if (c === "'") {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''", this.line);
        push({ type: 'sq', text: src.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') push(this.#readDq());
      else if (c === '$') {
        const p = this.#readDollar(false, false);
        if (p) push(p);
        else {
          lit += '$';
          this.pos++;
        }
      } else {
        if (c === '\n') this.line++;
        lit += c;
        this.pos++;
      }
    }
    if (depth > 0) {
      // bash reads to the end looking for the ")", says so, then finds no argument there.
      const e = new ShellSyntaxError('unexpected argument to conditional binary operator', this.line, undefined, 2);
      e.before = { line: startLine, message: "unexpected EOF while looking for matching `)'" };
      throw e;
    }
    if (lit !== '') parts.push({ type: 'lit', text: lit });
    return { parts, text: src.slice(start, this.pos) };
  }

  /** bash: the text of (( … )) from `pos` (after "(("), or null when it is not closed so. */
  readArith(): Word | null {
    const end = arithEnd(this.src, this.pos);
    if (end < 0) return null;
    const text = this.src.slice(this.pos, end);
    const line = this.line;
    this.line += count(text, '\n');
    this.pos = end + 2;
    return new Lexer(text, this.#sub, 0, line, this.o).readWord('here', false);
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
      if (c === undefined) throw this.#eof('"', 'Unterminated quoted string', line);
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
        const p = this.#readDollar(true, false);
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

  /** An unterminated construct: dash's message, or bash's `unexpected EOF while looking for matching `X'`. */
  #eof(close: string, dash: string, line: number): ShellSyntaxError {
    return this.o.bash
      ? new ShellSyntaxError(`unexpected EOF while looking for matching \`${close}'`, line)
      : new ShellSyntaxError(dash, line);
  }

  /** At a "$": the expansion it starts, or null when it is a literal "$". */
  #readDollar(inDq: boolean, here: boolean): WordPart | null {
    const src = this.src;
    const n = src[this.pos + 1];
    if (n === '{') return this.#readBraced(inDq);
    if (this.o.bash && !inDq && !here && n === "'") return this.#ansiC();
    if (this.o.bash && !inDq && !here && n === '"') {
      this.pos++;
      return this.#readDq();
    }
    if (n === '(') {
      if (src[this.pos + 2] === '(') {
        const end = arithEnd(src, this.pos + 3);
        if (end >= 0) {
          const text = src.slice(this.pos + 3, end);
          const line = this.line;
          this.line += count(text, '\n');
          this.pos = end + 2;
          const sub = new Lexer(text, this.#sub, 0, line, this.o);
          return { type: 'arith', expr: sub.readWord('here', false) };
        }
        if (end === -2 && this.o.bash) {
          throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", this.line);
        }
        if (this.o.bash) {
          // bash reads `$((` as arithmetic first, then rereads it as $( ( … ) … ): an end of
          // the script there is reported at the line the `$((` is on.
          try {
            return this.#commandSubstitution();
          } catch (e) {
            if (e instanceof ShellSyntaxError && e.message.startsWith('unexpected EOF while looking')) {
              throw new ShellSyntaxError(e.message, this.line);
            }
            throw e;
          }
        }
      }
      return this.#commandSubstitution();
    }
    if (n === '[' && this.o.bash) {
      // $[ … ]: the arithmetic expansion bash still reads from before $(( … )).
      const end = bracketEnd(src, this.pos + 2);
      if (end >= 0) {
        const text = src.slice(this.pos + 2, end);
        const line = this.line;
        this.line += count(text, '\n');
        this.pos = end + 1;
        return { type: 'arith', expr: new Lexer(text, this.#sub, 0, line, this.o).readWord('here', false) };
      }
      throw new ShellSyntaxError("unexpected EOF while looking for matching `]'", this.line);
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
    if (this.o.bash) return this.#readBracedBash(inDq);
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

  /** bash's ${…}: subscripts, ${!…}, and the operators bash adds; anything else is a bad substitution when expanded. */
  #readBracedBash(inDq: boolean): ParamPart {
    const src = this.src;
    const open = this.pos;
    const line = this.line;
    let p = this.pos + 2;
    const bad = (): ParamPart => {
      const end = braceEnd(src, open + 2);
      if (end < 0) throw this.#eof('}', '', line);
      this.line += count(src.slice(open, end), '\n');
      this.pos = end + 1;
      return { type: 'param', name: '', bad: src.slice(open, end + 1) };
    };
    const part: ParamPart = { type: 'param', name: '' };
    if (src[p] === '#' && src[p + 1] !== '}' && !(src[p + 1] === ':' || (src[p + 1] === '#' && src[p + 2] !== '}'))) {
      part.length = true;
      p++;
    } else if (src[p] === '!' && src[p + 1] !== '}') {
      part.indirect = true;
      p++;
    }
    if (NAME_START.test(src[p] ?? '')) {
      const s = p;
      while (p < src.length && NAME_CHAR.test(src[p]!)) p++;
      part.name = src.slice(s, p);
    } else if (/[0-9]/.test(src[p] ?? '')) {
      const s = p;
      while (p < src.length && /[0-9]/.test(src[p]!)) p++;
      part.name = src.slice(s, p);
    } else if (SPECIAL_PARAMS.has(src[p] ?? '')) {
      part.name = src[p]!;
      p++;
    } else return bad();
    if (src[p] === '[' && NAME_START.test(part.name)) {
      const end = bracketEnd(src, p + 1);
      if (end < 0) return bad();
      const sub = src.slice(p + 1, end);
      if (sub === '@' || sub === '*') part.index = sub;
      else part.index = this.subscript(sub);
      p = end + 1;
    }
    if (part.indirect && (src[p] === '*' || src[p] === '@') && src[p + 1] === '}' && part.index === undefined) {
      part.prefix = src[p] as '*' | '@';
      this.pos = p + 2;
      return part;
    }
    if (src[p] === '}') {
      this.pos = p + 1;
      return part;
    }
    if (part.length) return bad();
    const c = src[p];
    const two = src.slice(p, p + 2);
    let stops = '}';
    if (c === ':' && '-=?+'.includes(src[p + 1] ?? '\0')) {
      part.colon = true;
      part.op = src[p + 1] as ParamOp;
      p += 2;
    } else if ('-=?+'.includes(c ?? '\0')) {
      part.op = c as ParamOp;
      p++;
    } else if (two === '%%' || two === '##' || two === '^^' || two === ',,' || two === '~~' || two === '//') {
      part.op = two as ParamOp;
      p += 2;
    } else if (two === '/#' || two === '/%') {
      part.op = two as ParamOp;
      p += 2;
    } else if (c === '%' || c === '#' || c === '^' || c === ',' || c === '~' || c === '/' || c === ':') {
      part.op = c as ParamOp;
      p++;
    } else if (c === '@' && /[QEPAKaUuLk]/.test(src[p + 1] ?? '') && src[p + 2] === '}') {
      part.op = '@';
      part.arg = { parts: [{ type: 'lit', text: src[p + 1]! }], text: src[p + 1]! };
      this.pos = p + 3;
      return part;
    } else return bad();
    if (part.op === ':') stops = ':}';
    else if (part.op!.startsWith('/')) stops = '/}';
    this.pos = p;
    part.arg = this.readWord('brace', inDq, stops);
    if (stops !== '}') {
      part.arg2 = null;
      if (src[this.pos] === stops[0]) {
        this.pos++;
        part.arg2 = this.readWord('brace', inDq);
      }
    }
    if (src[this.pos] !== '}') throw this.#eof('}', '', line);
    this.pos++;
    return part;
  }

  /**
   * bash: $'…' (ANSI-C quoting), from the "$" at `pos`: quoted text with its escapes read. The
   * closing quote is found first (a backslash escapes the character after it), then the text
   * between is read, as bash does: `$'\\c'` is `\\c`.
   */
  #ansiC(): WordPart {
    const src = this.src;
    const line = this.line;
    const from = this.pos + 2;
    let i = from;
    for (; src[i] !== "'"; i++) {
      if (i >= src.length) throw this.#eof("'", '', line);
      if (src[i] === '\\') i++;
    }
    const body = src.slice(from, i);
    this.line += count(body, '\n');
    this.pos = i + 1;
    let out = '';
    for (let k = 0; k < body.length;) {
      if (body[k] !== '\\' || k + 1 >= body.length) {
        out += body[k++];
        continue;
      }
      const e = readEscape(body, k, ANSI_C_ESCAPES);
      // \c@ or \0 (a NUL) ends the string, as in C.
      if (e.text === '\0') break;
      out += e.text;
      k += e.length;
    }
    return { type: 'sq', text: out };
  }

  /** bash: a subscript's text as a word: its expansions, its quotes to be removed. */
  subscript(text: string): Word {
    const lexer = new Lexer(text, this.#sub, 0, this.line, this.o);
    return { parts: lexer.readWord('brace', false, '').parts, text };
  }

  #readBackquote(inDq: boolean): WordPart {
    const src = this.src;
    const line = this.line;
    this.pos++;
    let text = '';
    for (;;) {
      const c = src[this.pos];
      if (c === undefined) throw this.#eof('`', 'EOF in backquote substitution', line);
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
    return { type: 'cmdsub', body: this.#sub.whole(text, line, this.o) };
  }

  #readHereDocs(): void {
    const src = this.src;
    for (const h of this.#pending.splice(0)) {
      const lines: string[] = [];
      let last = h.line;
      for (;;) {
        if (this.pos >= src.length) {
          const message = `here-document at line ${h.line} delimited by end-of-file (wanted \`${h.delimiter}')`;
          if (this.o.bash) this.warnings.push({ line: last, message });
          break;
        }
        let end = src.indexOf('\n', this.pos);
        if (end < 0) end = src.length;
        let text = src.slice(this.pos, end);
        this.pos = Math.min(src.length, end + 1);
        last = this.line++;
        if (h.stripTabs) text = text.replace(/^\t+/, '');
        if (text === h.delimiter) break;
        lines.push(text);
      }
      h.redir.here = { body: lines.map((l) => l + '\n').join(''), quoted: h.redir.here?.quoted ?? false };
    }
  }
}

/** A token as bash names it in `syntax error near unexpected token `X'`. */
export function tokenText(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return '';
    case 'newline':
      return 'newline';
    case 'op':
      return t.op;
    case 'io':
      return String(t.fd);
    case 'word':
      return t.word.text;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/**
 * Where the "))" closing an arithmetic expansion starts, -1 when it is `$( (…) )`, -2 when the
 * script ends before the parentheses close.
 */
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
  return -2;
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

/** The "]" closing a subscript opened before `from`, with nested brackets; -1 if none. */
function bracketEnd(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === "'" || c === '"') {
      const e = src.indexOf(c, i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '}' || c === '\n') return -1;
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
