// awk's lexical conventions (POSIX awk, "Lexical Conventions"): the program text, as bytes,
// into tokens. Whether "/" starts a regex or divides is decided by the token before it, as the
// grammar's note on ERE tokens allows (a "/" after an operand divides).
import { AWK_ESCAPES, unescape, UserlandError } from '../lib/index.ts';

export interface Token {
  /** The kind: NEWLINE EOF NUMBER STRING ERE NAME FUNC_NAME BUILTIN, a keyword or the punctuation. */
  t: string;
  /** The text (a name, a string's value, a regex's source) or a number's value. */
  v: string;
  n: number;
  line: number;
}

export class AwkSyntaxError extends UserlandError {
  declare readonly line: number;
  constructor(message: string, line: number) {
    super(message, 2, line);
  }
}

const KEYWORDS = new Set([
  'BEGIN',
  'END',
  'function',
  'func',
  'if',
  'else',
  'while',
  'for',
  'do',
  'break',
  'continue',
  'next',
  'nextfile',
  'exit',
  'return',
  'delete',
  'getline',
  'in',
  'print',
  'printf',
]);

export const BUILTINS = new Set([
  'length',
  'substr',
  'index',
  'split',
  'sub',
  'gsub',
  'match',
  'sprintf',
  'sin',
  'cos',
  'atan2',
  'exp',
  'log',
  'sqrt',
  'int',
  'rand',
  'srand',
  'tolower',
  'toupper',
  'system',
  'close',
  'fflush',
]);

/** Longest first, so "**=" wins over "**" and "*". */
const PUNCT = [
  '**=',
  '&&',
  '||',
  '==',
  '<=',
  '>=',
  '!=',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '^=',
  '**',
  '>>',
  '!~',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '!',
  '>',
  '<',
  '|',
  '?',
  ':',
  '~',
  '$',
  '=',
];

/** After these a "/" divides; anywhere else it opens a regex. */
const OPERAND_END = new Set(['NAME', 'NUMBER', 'STRING', 'ERE', 'BUILTIN', ')', ']', '++', '--']);

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let line = 1;
  let i = 0;
  const push = (t: string, v: string, n = 0): void => {
    toks.push({ t, v, n, line });
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      push('NEWLINE', '\n');
      line++;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new AwkSyntaxError('runaway string constant "' + src.slice(i + 1, j), line);
        j += src[j] === '\\' ? 2 : 1;
      }
      if (j >= src.length) throw new AwkSyntaxError(`runaway string constant ${src.slice(i, i + 10)} ...`, line);
      push('STRING', unescape(src.slice(i + 1, j).replace(/\\\n/g, ''), AWK_ESCAPES).text);
      i = j + 1;
      continue;
    }
    if (c === '/' && !OPERAND_END.has(toks[toks.length - 1]?.t ?? '')) {
      let j = i + 1;
      let src2 = '';
      let inBracket = false;
      for (;;) {
        const d = src[j];
        if (d === undefined || d === '\n')
          throw new AwkSyntaxError(`runaway regular expression ${src.slice(i, i + 10)} ...`, line);
        if (d === '/' && !inBracket) break;
        if (d === '\\' && src[j + 1] === '/') {
          src2 += '/';
          j += 2;
          continue;
        }
        if (d === '\\') {
          src2 += d + (src[j + 1] ?? '');
          j += 2;
          continue;
        }
        if (d === '[' && !inBracket) {
          inBracket = true;
          src2 += d;
          j++;
          // A "]" first in a bracket expression is one of its characters.
          if (src[j] === '^') src2 += src[j++];
          if (src[j] === ']') src2 += src[j++];
          continue;
        }
        if (d === ']') inBracket = false;
        src2 += d;
        j++;
      }
      push('ERE', src2);
      i = j + 1;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      if (m) {
        push('NUMBER', m[0], Number(m[0]));
        i += m[0].length;
        continue;
      }
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < src.length && NAME_CHAR.test(src[j]!)) j++;
      const name = src.slice(i, j);
      i = j;
      if (KEYWORDS.has(name)) push(name === 'func' ? 'function' : name, name);
      else if (BUILTINS.has(name)) push('BUILTIN', name);
      else push(src[i] === '(' ? 'FUNC_NAME' : 'NAME', name);
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) throw new AwkSyntaxError(`syntax error at or near ${c}`, line);
    push(p === '**' ? '^' : p === '**=' ? '^=' : p, p);
    i += p.length;
  }
  push('EOF', '');
  return toks;
}
