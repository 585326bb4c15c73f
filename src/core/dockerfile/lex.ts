// Word expansion as BuildKit's shell lexer does it (frontend/dockerfile/shell/lex.go):
// $V, ${V}, ${V:-x} ${V-x} ${V:+x} ${V+x} ${V:?m} ${V?m}, ${V#p} ${V##p} ${V%p} ${V%%p},
// ${V/p/r} ${V//p/r}; single and double quotes; the escape token (\ or `); word splitting.
// It is a close port, quirks included, so a Dockerfile expands here exactly as under buildx.

import { PatternError, shellPatternToRegex, trimPrefix, trimSuffix } from './pattern.ts';

/** Looks a variable up in the environment of the instruction; undefined means unset. */
export type Lookup = (name: string) => string | undefined;

export interface LexOptions {
  /** The Dockerfile's escape token (`# escape=`), `\` by default. */
  escape?: '\\' | '`';
  /** Keep quote characters in the result (used to detect quoted heredoc names). */
  rawQuotes?: boolean;
  /** Keep escape tokens in the result. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters (heredoc bodies). */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to "". */
  skipUnsetEnv?: boolean;
}

export interface LexResult {
  /** The expanded word (ProcessWord). */
  result: string;
  /** The expansion split into words (ProcessWords): after expansion, quotes protect spaces. */
  words: string[];
  /** Variables referenced and found. */
  matched: Set<string>;
  /** Variables referenced but unset. */
  unmatched: Set<string>;
}

/** A malformed word or a ${V?msg} on an unset variable; the message is BuildKit's. */
export class LexError extends Error {}

const EOF = '';

// ASCII fast paths first: these run once per character of every word.
export function isSpace(ch: string): boolean {
  if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f') return true;
  return ch.length > 0 && ch.charCodeAt(0) > 127 && (ch === '\u0085' || /^\s$/u.test(ch));
}
function isDigit(ch: string): boolean {
  if (ch >= '0' && ch <= '9' && ch.length === 1) return true;
  return ch.length > 0 && ch.charCodeAt(0) > 127 && /^\p{Nd}$/u.test(ch);
}
function isLetter(ch: string): boolean {
  if (ch.length === 1 && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) return true;
  return ch.length > 0 && ch.charCodeAt(0) > 127 && /^\p{L}$/u.test(ch);
}
function isSpecialParam(ch: string): boolean {
  return '@*#?-$!0'.includes(ch) && ch !== '';
}

class Words {
  word = '';
  words: string[] = [];
  inWord = false;

  addChar(ch: string): void {
    if (isSpace(ch) && this.inWord) {
      if (this.word.length !== 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else if (!isSpace(ch)) {
      this.addRawChar(ch);
    }
  }
  addRawChar(ch: string): void {
    this.word += ch;
    this.inWord = true;
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }
  addRawString(s: string): void {
    this.word += s;
    this.inWord = true;
  }
  get(): string[] {
    if (this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class ShellWord {
  private readonly chars: string[];
  private pos = 0;
  private rawEscapes: boolean;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(
    word: string,
    private readonly lookup: Lookup,
    private readonly opts: Required<LexOptions>,
  ) {
    this.chars = Array.from(word);
    this.rawEscapes = opts.rawEscapes;
  }

  private peek(): string {
    return this.chars[this.pos] ?? EOF;
  }
  private next(): string {
    const ch = this.chars[this.pos] ?? EOF;
    if (ch !== EOF) this.pos++;
    return ch;
  }

  private getEnv(name: string): [string, boolean] {
    const v = this.lookup(name);
    if (v === undefined) {
      this.unmatched.add(name);
      return ['', false];
    }
    this.matched.add(name);
    return [v, true];
  }

  /** Reads up to `stop` (consumed) or the end when stop is EOF. */
  processStopOn(stop: string, rawEscapes: boolean): [string, string[]] {
    let result = '';
    const words = new Words();
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek();
        if (stop !== EOF && ch === stop) {
          this.next();
          return [result, words.get()];
        }
        if (ch === '$') {
          const tmp = this.processDollar();
          result += tmp;
          words.addString(tmp);
        } else if (ch === '<') {
          const tmp = this.processPossibleHeredoc();
          result += tmp;
          words.addRawString(tmp);
        } else if (!this.opts.skipProcessQuotes && (ch === "'" || ch === '"')) {
          const tmp = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          result += tmp;
          words.addRawString(tmp);
        } else {
          ch = this.next();
          if (ch === this.opts.escape) {
            if (this.rawEscapes) {
              words.addRawChar(ch);
              result += ch;
            }
            ch = this.next();
            if (ch === EOF) break;
            words.addRawChar(ch);
          } else {
            words.addChar(ch);
          }
          result += ch;
        }
      }
      if (stop !== EOF) {
        throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      }
      return [result, words.get()];
    } finally {
      this.rawEscapes = saved;
    }
  }

  /** `<<` keeps the blanks after it in the same word, so `RUN <<  EOF` names one heredoc. */
  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let out = '<<';
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r') out += this.next();
    return out;
  }

  private processSingleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const p = this.peek();
      if (p === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        const ch = this.next();
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      if (p === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === this.opts.escape) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        // Only ", $ and the escape token itself can be escaped; other escapes stay literal.
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === this.opts.escape) ch = this.next();
      }
      result += ch;
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const [value, found] = this.getEnv(name);
      if (!found && this.opts.skipUnsetEnv) return '$' + name;
      return value;
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let chs = ch;
    let nullIsUnset = false;

    if (ch === '}') {
      const [value, set] = this.getEnv(name);
      if (!set && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value;
    }
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.next();
      chs += ch;
    }
    if (nullIsUnset || '+-?#%'.includes(ch)) {
      if (ch === EOF) throw new LexError("syntax error: missing '}'");
      const raw = ch === '#' || ch === '%';
      let word: string;
      try {
        [word] = this.processStopOn('}', raw);
      } catch (e) {
        if (this.peek() === EOF) throw new LexError("syntax error: missing '}'");
        throw e;
      }
      const [value, set] = this.getEnv(name);
      if (this.opts.skipUnsetEnv && !set) return `\${${name}${chs}${word}}`;
      switch (ch) {
        case '-':
          return !set || (nullIsUnset && value === '') ? word : value;
        case '+':
          return !set || (nullIsUnset && value === '') ? '' : word;
        case '?':
          if (!set) throw new LexError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
          if (nullIsUnset && value === '')
            throw new LexError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
          return value;
        case '%':
        case '#': {
          const greedy = word.startsWith(ch);
          const pattern = greedy ? word.slice(1) : word;
          try {
            return ch === '%' ? trimSuffix(pattern, value, greedy) : trimPrefix(pattern, value, greedy);
          } catch (e) {
            if (e instanceof PatternError)
              throw new LexError(`invalid pattern (${pattern}) in substitution: ${e.message}`);
            throw e;
          }
        }
        default:
          throw new LexError(`unsupported modifier (${chs}) in substitution`);
      }
    }
    if (ch === '/') {
      const all = this.peek() === '/';
      if (all) this.next();
      let pattern: string;
      try {
        [pattern] = this.processStopOn('/', true);
      } catch (e) {
        if (this.peek() === EOF) throw new LexError("syntax error: missing '/' in ${}");
        throw e;
      }
      let replacement: string;
      try {
        [replacement] = this.processStopOn('}', true);
      } catch (e) {
        if (this.peek() === EOF) throw new LexError("syntax error: missing '}'");
        throw e;
      }
      const [value, set] = this.getEnv(name);
      if (this.opts.skipUnsetEnv && !set) return `\${${name}/${pattern}/${replacement}}`;
      let re: RegExp;
      try {
        re = shellPatternToRegex(pattern, true, false);
      } catch (e) {
        if (e instanceof PatternError) throw new LexError(`invalid pattern (${pattern}) in substitution: ${e.message}`);
        throw e;
      }
      if (all) {
        return value.replace(new RegExp(re.source, 'gu'), () => replacement);
      }
      const m = re.exec(value);
      return m ? value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length) : value;
    }
    if (ch === EOF) throw new LexError("syntax error: missing '}'");
    throw new LexError(`unsupported modifier (${chs}) in substitution`);
  }

  private processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name.length === 0 && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += this.next();
        return name;
      }
      if (name.length === 0 && isSpecialParam(ch)) return this.next();
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += this.next();
    }
    return name;
  }
}

/** Expands one word; throws LexError with BuildKit's message (`failed to process "w": ...`). */
export function lex(word: string, lookup: Lookup, options: LexOptions = {}): LexResult {
  const opts: Required<LexOptions> = {
    escape: options.escape ?? '\\',
    rawQuotes: options.rawQuotes ?? false,
    rawEscapes: options.rawEscapes ?? false,
    skipProcessQuotes: options.skipProcessQuotes ?? false,
    skipUnsetEnv: options.skipUnsetEnv ?? false,
  };
  const sw = new ShellWord(word, lookup, opts);
  try {
    const [result, words] = sw.processStopOn(EOF, opts.rawEscapes);
    return { result, words, matched: sw.matched, unmatched: sw.unmatched };
  } catch (e) {
    if (e instanceof LexError) throw new LexError(`failed to process ${JSON.stringify(word)}: ${e.message}`);
    throw e;
  }
}
