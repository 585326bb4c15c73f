// bash's arithmetic (expr.c's grammar and its errors): C's operators plus **, numbers in any
// base (16#ff, 2#101, 0x1f, 010), variables whose values are themselves expressions, array
// elements (a[i+1]), all over signed 64-bit integers. Errors read as bash prints them:
// `1 / 0: division by 0 (error token is "0")`, the token being what was left to read.
// https://www.gnu.org/software/bash/manual/html_node/Shell-Arithmetic.html
import { UserlandError } from '../lib/index.ts';

/** Where an expression's names are read and written; `subscript` for a[…] (its text). */
export interface ArithVars {
  value(name: string, subscript: string | null): string | undefined;
  assign(name: string, subscript: string | null, value: string): void;
  /** set -u: an unset variable is an error (`x: unbound variable`). */
  readonly nounset: boolean;
}

/** An arithmetic error with bash's message; `unbound` when set -u stopped it (the shell then exits). */
export class BashArithError extends UserlandError {
  readonly unbound: boolean;
  constructor(message: string, unbound = false) {
    super(message, 1);
    this.unbound = unbound;
  }
}

const MAX_DEPTH = 1024;
const END = '';
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const isStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';
/** Single-character operator tokens (_is_arithop). */
const ARITHOP = new Set(['=', '>', '<', '+', '-', '*', '/', '%', '!', '(', ')', '&', '|', '^', '~', '?', ':', ',']);
/** Tokens of more than one character (_is_multiop). */
const MULTIOP = new Set([
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<<',
  '>>',
  'op=',
  '?:',
  '**',
  '++x',
  '--x',
  'x++',
  'x--',
]);

interface Lvalue {
  name: string | null;
  sub: string | null;
}

interface Saved {
  cur: string;
  last: string;
  tp: number;
  lasttp: number;
  tokval: bigint;
  tokstr: string | null;
  noeval: number;
  lval: Lvalue;
}

/** One expression being read: expr.c's lexer state and recursive descent. */
class Evaluator {
  readonly #e: string;
  readonly #vars: ArithVars;
  readonly #depth: number;
  readonly #command: string | null;
  #tp = 0;
  #lasttp = 0;
  #cur = END;
  #last = END;
  #assignOp = '';
  #tokstr: string | null = null;
  #tokval = 0n;
  #noeval = 0;
  #lval: Lvalue = { name: null, sub: null };

  constructor(expr: string, vars: ArithVars, depth: number, command: string | null) {
    this.#e = expr;
    this.#vars = vars;
    this.#depth = depth;
    this.#command = command;
  }

  run(): bigint {
    if (this.#depth > MAX_DEPTH) this.#error('expression recursion level exceeded');
    this.#next();
    const v = this.#comma();
    if (this.#cur !== END) this.#error('syntax error in expression');
    return v;
  }

  /**
   * evalerror: `EXPRESSION: MESSAGE (error token is "…")`. While a number is read, bash has
   * cut the expression off after it (`#numberEnd`), so both end there.
   */
  #error(msg: string): never {
    const name = this.#command ? `${this.#command}: ` : '';
    const end = this.#numberEnd ?? this.#e.length;
    const expr = this.#e.slice(0, end).replace(/^[ \t]+/, '');
    throw new BashArithError(`${name}${expr}: ${msg} (error token is "${this.#e.slice(this.#lasttp, end)}")`);
  }

  /** Where the number being read ends, while it is read. */
  #numberEnd: number | null = null;

  #save(): Saved {
    return {
      cur: this.#cur,
      last: this.#last,
      tp: this.#tp,
      lasttp: this.#lasttp,
      tokval: this.#tokval,
      tokstr: this.#tokstr,
      noeval: this.#noeval,
      lval: this.#lval,
    };
  }

  #restore(s: Saved): void {
    this.#cur = s.cur;
    this.#last = s.last;
    this.#tp = s.tp;
    this.#lasttp = s.lasttp;
    this.#tokval = s.tokval;
    this.#tokstr = s.tokstr;
    this.#noeval = s.noeval;
    this.#lval = s.lval;
  }

  /** readtok(): the next token into #cur. */
  #next(): void {
    const e = this.#e;
    let cp = this.#tp;
    while (isSpace(e[cp])) cp++;
    if (cp >= e.length) {
      this.#last = this.#cur;
      this.#cur = END;
      this.#tp = cp;
      return;
    }
    const c = e[cp]!;
    this.#lasttp = this.#tp = cp;
    cp++;
    if (isStart(c)) {
      while (isNameChar(e[cp])) cp++;
      let sub: string | null = null;
      if (e[cp] === '[') {
        const close = subscriptEnd(e, cp + 1);
        if (close < 0) this.#error('bad array subscript');
        sub = e.slice(cp + 1, close);
        cp = close + 1;
      }
      const tok = e.slice(this.#tp, cp);
      const name = sub === null ? tok : tok.slice(0, tok.indexOf('['));
      const saved = this.#save();
      this.#tokstr = null;
      this.#tp = cp;
      this.#noeval = 1;
      this.#cur = 'STR';
      this.#next();
      const peek = this.#cur;
      this.#restore(saved);
      this.#tokstr = tok;
      if (this.#last === '++x' || this.#last === '--x' || peek !== '=') {
        this.#tokval = this.#variable(name, sub, tok);
      } else this.#tokval = 0n;
      this.#last = this.#cur;
      this.#cur = 'STR';
      this.#tp = cp;
      return;
    }
    if (c >= '0' && c <= '9') {
      while (cp < e.length && /[A-Za-z0-9#@_]/.test(e[cp]!)) cp++;
      this.#numberEnd = cp;
      this.#tokval = this.#number(e.slice(this.#tp, cp));
      this.#numberEnd = null;
      this.#last = this.#cur;
      this.#cur = 'NUM';
      this.#tp = cp;
      return;
    }
    const c1 = e[cp];
    cp++;
    let tok: string;
    if (c === '=' && c1 === '=') tok = '==';
    else if (c === '!' && c1 === '=') tok = '!=';
    else if (c === '>' && c1 === '=') tok = '>=';
    else if (c === '<' && c1 === '=') tok = '<=';
    else if ((c === '<' || c === '>') && c1 === c) {
      if (e[cp] === '=') {
        this.#assignOp = c + c;
        tok = 'op=';
        cp++;
      } else tok = c + c;
    } else if (c === '&' && c1 === '&') tok = '&&';
    else if (c === '|' && c1 === '|') tok = '||';
    else if (c === '*' && c1 === '*') tok = '**';
    else if ((c === '-' || c === '+') && c1 === c && this.#cur === 'STR') tok = c === '-' ? 'x--' : 'x++';
    else if (
      (c === '-' || c === '+') &&
      c1 === c &&
      this.#cur === 'NUM' &&
      (this.#last === '++x' || this.#last === '--x')
    ) {
      this.#error(`${c}${c}: assignment requires lvalue`);
    } else if ((c === '-' || c === '+') && c1 === c) {
      let xp = cp;
      while (isSpace(e[xp])) xp++;
      if (isStart(e[xp])) tok = c === '-' ? '--x' : '++x';
      else {
        cp--;
        tok = c;
      }
    } else if (c1 === '=' && '*/%+-&^|'.includes(c)) {
      this.#assignOp = c;
      tok = 'op=';
    } else if (!ARITHOP.has(c)) {
      cp--;
      if (this.#cur === END || ARITHOP.has(this.#cur) || MULTIOP.has(this.#cur))
        this.#error('syntax error: operand expected');
      this.#error('syntax error: invalid arithmetic operator');
    } else {
      cp--;
      tok = c;
    }
    this.#last = this.#cur;
    this.#cur = tok;
    this.#tp = cp;
  }

  /** expr_streval: a variable's value, evaluated as an expression of its own. */
  #variable(name: string, sub: string | null, tok: string): bigint {
    if (this.#noeval) return 0n;
    const value = this.#vars.value(name, sub);
    if (value === undefined && this.#vars.nounset) throw new BashArithError(`${tok}: unbound variable`, true);
    this.#lval = { name, sub };
    if (value === undefined || value === '') return 0n;
    return evaluate(value, this.#vars, this.#depth + 1, this.#command);
  }

  /** strlong: 0x1f, 010, 2#101, 64#_ … */
  #number(text: string): bigint {
    let s = 0;
    let base = 10n;
    let found = false;
    if (text[0] === '0') {
      s++;
      if (s >= text.length) return 0n;
      if (text[s] === 'x' || text[s] === 'X') {
        base = 16n;
        s++;
      } else base = 8n;
      found = true;
    }
    let val = 0n;
    for (; s < text.length; s++) {
      const c = text[s]!;
      if (c === '#') {
        if (found) this.#error('invalid number');
        if (val < 2n || val > 64n) this.#error('invalid arithmetic base');
        base = val;
        val = 0n;
        found = true;
        if (!/[A-Za-z0-9_@]/.test(text[s + 1] ?? '')) this.#error('invalid integer constant');
        continue;
      }
      let d: number;
      if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
      else if (c >= 'a' && c <= 'z') d = c.charCodeAt(0) - 97 + 10;
      else if (c >= 'A' && c <= 'Z') d = c.charCodeAt(0) - 65 + (base <= 36n ? 10 : 36);
      else if (c === '@') d = 62;
      else if (c === '_') d = 63;
      else break;
      if (BigInt(d) >= base) this.#error('value too great for base');
      val = wrap(val * base + BigInt(d));
    }
    return val;
  }

  #bind(lv: Lvalue, tokstr: string | null, value: bigint): void {
    const name = lv.name ?? tokstr;
    if (name === null) return;
    this.#vars.assign(name, lv.name === null ? null : lv.sub, value.toString());
  }

  #comma(): bigint {
    let v = this.#assign();
    while (this.#cur === ',') {
      this.#next();
      v = this.#assign();
    }
    return v;
  }

  #assign(): bigint {
    let value = this.#cond();
    if (this.#cur !== '=' && this.#cur !== 'op=') return value;
    const special = this.#cur === 'op=';
    if (this.#last !== 'STR') this.#error('attempted assignment to non-variable');
    const op = this.#assignOp;
    const left = value;
    if (this.#tokstr === null) this.#error('syntax error in variable assignment');
    const tokstr = this.#tokstr;
    const lv: Lvalue = tokstr.includes('[')
      ? { name: tokstr.slice(0, tokstr.indexOf('[')), sub: tokstr.slice(tokstr.indexOf('[') + 1, -1) }
      : { name: tokstr, sub: null };
    this.#next();
    value = this.#assign();
    if (special) {
      if ((op === '/' || op === '%') && value === 0n) {
        if (this.#noeval === 0) this.#error('division by 0');
        value = 1n;
      }
      value = operate(op, left, value);
    }
    if (this.#noeval === 0) this.#bind(lv, tokstr, value);
    this.#tokstr = null;
    return value;
  }

  /** The current token (a method, so checks after #next() are not narrowed away). */
  #tok(): string {
    return this.#cur;
  }

  #cond(): bigint {
    const c = this.#lor();
    if (this.#tok() !== '?') return c;
    if (c === 0n) this.#noeval++;
    this.#next();
    if (this.#tok() === END || this.#tok() === ':') this.#error('expression expected');
    const a = this.#comma();
    if (c === 0n) this.#noeval--;
    if (this.#tok() !== ':') this.#error("`:' expected for conditional expression");
    if (c !== 0n) this.#noeval++;
    this.#next();
    if (this.#tok() === END) this.#error('expression expected');
    const b = this.#cond();
    if (c !== 0n) this.#noeval--;
    this.#last = '?:';
    return c !== 0n ? a : b;
  }

  #lor(): bigint {
    let a = this.#land();
    while (this.#cur === '||') {
      const skip = a !== 0n;
      if (skip) this.#noeval++;
      this.#next();
      const b = this.#land();
      if (skip) this.#noeval--;
      a = a !== 0n || b !== 0n ? 1n : 0n;
      this.#last = '||';
    }
    return a;
  }

  #land(): bigint {
    let a = this.#binary(0);
    while (this.#cur === '&&') {
      const skip = a === 0n;
      if (skip) this.#noeval++;
      this.#next();
      const b = this.#binary(0);
      if (skip) this.#noeval--;
      a = a !== 0n && b !== 0n ? 1n : 0n;
      this.#last = '&&';
    }
    return a;
  }

  /** The left-associative levels from | down to * / %, by precedence. */
  #binary(level: number): bigint {
    if (level === LEVELS.length) return this.#power();
    let a = this.#binary(level + 1);
    while (LEVELS[level]!.includes(this.#cur)) {
      const op = this.#cur;
      const stp = this.#tp;
      this.#next();
      const b = this.#binary(level + 1);
      if ((op === '/' || op === '%') && b === 0n) {
        if (this.#noeval === 0) {
          let at = stp;
          while (isSpace(this.#e[at])) at++;
          this.#lasttp = at;
          this.#error('division by 0');
        }
        a = operate(op, a, 1n);
      } else a = operate(op, a, b);
      this.#last = 'NUM';
    }
    return a;
  }

  #power(): bigint {
    const a = this.#unary();
    if (this.#cur !== '**') return a;
    this.#next();
    const b = this.#power();
    this.#last = 'NUM';
    if (b === 0n) return 1n;
    if (b < 0n) this.#error('exponent less than 0');
    let result = 1n;
    let base = a;
    let exp = b;
    while (exp > 0n) {
      if (exp & 1n) result = wrap(result * base);
      exp >>= 1n;
      base = wrap(base * base);
    }
    return result;
  }

  #unary(): bigint {
    const c = this.#cur;
    if (c === '!' || c === '~' || c === '-' || c === '+') {
      this.#next();
      const v = this.#unary();
      this.#last = 'NUM';
      if (c === '!') return v === 0n ? 1n : 0n;
      if (c === '~') return ~v;
      return c === '-' ? wrap(-v) : v;
    }
    return this.#primary();
  }

  #primary(): bigint {
    const c = this.#cur;
    if (c === '++x' || c === '--x') {
      this.#last = c;
      this.#next();
      if (this.#cur !== 'STR') this.#error('identifier expected after pre-increment or pre-decrement');
      const v = wrap(this.#tokval + (c === '++x' ? 1n : -1n));
      if (this.#noeval === 0) this.#bind(this.#lval, this.#tokstr, v);
      this.#cur = 'NUM';
      this.#next();
      return v;
    }
    if (c === '(') {
      this.#next();
      const v = this.#comma();
      if (this.#cur !== ')') this.#error("missing `)'");
      this.#next();
      return v;
    }
    if (c === 'NUM' || c === 'STR') {
      const v = this.#tokval;
      if (c === 'STR') {
        const saved = this.#save();
        this.#tokstr = null;
        this.#noeval = 1;
        this.#next();
        const post = this.#cur;
        if (post === 'x++' || post === 'x--') {
          this.#tokstr = saved.tokstr;
          this.#noeval = saved.noeval;
          this.#lval = saved.lval;
          this.#last = 'STR';
          if (this.#noeval === 0) this.#bind(this.#lval, this.#tokstr, wrap(v + (post === 'x++' ? 1n : -1n)));
          this.#cur = 'NUM';
        } else this.#restore(saved);
      }
      this.#next();
      return v;
    }
    return this.#error('syntax error: operand expected');
  }
}

/** | ^ & (== !=) (< > <= >=) (<< >>) (+ -) (* / %): the binary levels, loosest first. */
const LEVELS: string[][] = [
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

function operate(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '*':
      return wrap(a * b);
    case '/':
      return a === -(2n ** 63n) && b === -1n ? a : wrap(a / b);
    case '%':
      return a === -(2n ** 63n) && b === -1n ? 0n : a % b;
    case '+':
      return wrap(a + b);
    case '-':
      return wrap(a - b);
    case '<<':
      return wrap(a << (b & 63n));
    case '>>':
      return a >> (b & 63n);
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '==':
      return a === b ? 1n : 0n;
    case '!=':
      return a !== b ? 1n : 0n;
    case '<':
      return a < b ? 1n : 0n;
    case '>':
      return a > b ? 1n : 0n;
    case '<=':
      return a <= b ? 1n : 0n;
    default:
      return a >= b ? 1n : 0n;
  }
}

/** The "]" that closes a subscript opened before `from` (nested brackets counted), or -1. */
function subscriptEnd(e: string, from: number): number {
  let depth = 0;
  for (let i = from; i < e.length; i++) {
    if (e[i] === '[') depth++;
    else if (e[i] === ']' && depth-- === 0) return i;
  }
  return -1;
}

function evaluate(expr: string, vars: ArithVars, depth: number, command: string | null): bigint {
  if (expr.trim() === '') return 0n;
  return new Evaluator(expr, vars, depth, command).run();
}

/** Evaluates `expr`; `command` (`((`, `let`) starts error messages when given. Throws BashArithError. */
export function bashArith(expr: string, vars: ArithVars, command: string | null = null): bigint {
  return evaluate(expr, vars, 0, command);
}
