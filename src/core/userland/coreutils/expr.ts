// expr, as GNU coreutils has it: POSIX's operators (| & < <= = != >= > + - * / % :) and GNU's
// keywords (match, substr, index, length, + TOKEN), integers of any size, the C locale (text is
// bytes). Exit status: 0 if the result is neither null nor 0, 1 if it is, 2 for a bad
// expression, 3 for any other error. Configure scripts and old Makefiles still count with it.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, compile, program, RegexError, UsageError, UserlandError } from '../lib/index.ts';

/** A bad expression: "expr: MESSAGE", exit 2. */
class ExprError extends UserlandError {}

type Value = bigint | string;

/** GNU's looks_like_integer: an optional minus sign and one or more digits, nothing else. */
const isInteger = (s: string): boolean => /^-?[0-9]+$/.test(s);

const text = (v: Value): string => (typeof v === 'bigint' ? v.toString() : v);

/** Null: the empty string, or zero in any spelling ("0", "-0", "000"). */
function isNull(v: Value): boolean {
  if (typeof v === 'bigint') return v === 0n;
  return v === '' || /^-?0+$/.test(v);
}

function integer(v: Value): bigint | undefined {
  if (typeof v === 'bigint') return v;
  return isInteger(v) ? BigInt(v) : undefined;
}

const quote = (s: string): string => `'${s}'`;

/** Each comparison operator: whether it holds for an order (negative, zero, positive). */
const COMPARISONS = new Map<string, (order: number) => boolean>([
  ['<', (o) => o < 0],
  ['<=', (o) => o <= 0],
  ['=', (o) => o === 0],
  ['==', (o) => o === 0],
  ['!=', (o) => o !== 0],
  ['>=', (o) => o >= 0],
  ['>', (o) => o > 0],
]);

class Evaluator {
  readonly #args: string[];
  #i = 0;

  constructor(args: string[]) {
    this.#args = args;
  }

  /** The whole expression; every argument must be used. */
  run(): Value {
    const v = this.#or();
    if (this.#i < this.#args.length)
      throw new ExprError(`syntax error: unexpected argument ${quote(this.#args[this.#i]!)}`);
    return v;
  }

  #next(token: string): boolean {
    if (this.#args[this.#i] !== token) return false;
    this.#i++;
    return true;
  }

  #or(): Value {
    let l = this.#and();
    while (this.#next('|')) {
      const r = this.#and();
      if (isNull(l)) l = isNull(r) ? 0n : r;
    }
    return l;
  }

  #and(): Value {
    let l = this.#compare();
    while (this.#next('&')) {
      const r = this.#compare();
      if (isNull(l) || isNull(r)) l = 0n;
    }
    return l;
  }

  #compare(): Value {
    let l = this.#sum();
    for (;;) {
      const holds = COMPARISONS.get(this.#args[this.#i] ?? '');
      if (!holds) return l;
      this.#i++;
      const r = this.#sum();
      const [a, b] = [text(l), text(r)];
      // Both integers compare as numbers, anything else as strings (bytes, the C locale).
      l = holds(isInteger(a) && isInteger(b) ? cmp(BigInt(a), BigInt(b)) : cmp(a, b)) ? 1n : 0n;
    }
  }

  #sum(): Value {
    let l = this.#product();
    for (;;) {
      const op = this.#args[this.#i];
      if (op !== '+' && op !== '-') return l;
      this.#i++;
      const [a, b] = this.#integers(l, this.#product());
      l = op === '+' ? a + b : a - b;
    }
  }

  #product(): Value {
    let l = this.#match();
    for (;;) {
      const op = this.#args[this.#i];
      if (op !== '*' && op !== '/' && op !== '%') return l;
      this.#i++;
      const [a, b] = this.#integers(l, this.#match());
      if (op === '*') l = a * b;
      else if (b === 0n) throw new ExprError('division by zero');
      else l = op === '/' ? a / b : a % b;
    }
  }

  #integers(l: Value, r: Value): [bigint, bigint] {
    const a = integer(l);
    const b = integer(r);
    if (a === undefined || b === undefined) throw new ExprError('non-integer argument');
    return [a, b];
  }

  #match(): Value {
    let l = this.#keyword();
    while (this.#next(':')) l = colon(l, this.#keyword());
    return l;
  }

  #keyword(): Value {
    if (this.#next('+')) return this.#token('+');
    if (this.#next('length')) return BigInt(text(this.#keyword()).length);
    if (this.#next('match')) {
      const s = this.#keyword();
      return colon(s, this.#keyword());
    }
    if (this.#next('index')) {
      const s = text(this.#keyword());
      const chars = text(this.#keyword());
      for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return BigInt(i + 1);
      return 0n;
    }
    if (this.#next('substr')) {
      const s = text(this.#keyword());
      const pos = integer(this.#keyword());
      const len = integer(this.#keyword());
      if (pos === undefined || len === undefined || pos < 1n || len < 1n || pos > BigInt(s.length)) return '';
      const start = Number(pos) - 1;
      return s.slice(start, start + Number(len));
    }
    return this.#primary();
  }

  #primary(): Value {
    if (this.#i >= this.#args.length) {
      const last = this.#args[this.#i - 1];
      throw new ExprError(
        last === undefined ? 'syntax error: missing argument' : `syntax error: missing argument after ${quote(last)}`,
      );
    }
    if (this.#next('(')) {
      const v = this.#or();
      const close = this.#args[this.#i];
      if (close === undefined)
        throw new ExprError(`syntax error: expecting ')' after ${quote(this.#args[this.#i - 1]!)}`);
      if (close !== ')') throw new ExprError(`syntax error: expecting ')' instead of ${quote(close)}`);
      this.#i++;
      return v;
    }
    if (this.#args[this.#i] === ')') throw new ExprError(`syntax error: unexpected ')'`);
    return this.#args[this.#i++]!;
  }

  /** The argument after `+` (or any other quoting keyword), taken as a string whatever it spells. */
  #token(after: string): string {
    if (this.#i >= this.#args.length) throw new ExprError(`syntax error: missing argument after ${quote(after)}`);
    return this.#args[this.#i++]!;
  }
}

function cmp<T extends bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * STRING : REGEX, a basic regular expression anchored at the start: with a \( \) group, what the
 * group matched (or ""); without, how many characters matched (0 for none).
 */
function colon(l: Value, r: Value): Value {
  const bre = text(r);
  let re: RegExp;
  try {
    re = compile(bre, { extended: false });
  } catch (e) {
    throw new ExprError(e instanceof RegexError ? e.message : String(e));
  }
  const m = new RegExp(`^(?:${re.source})`, re.flags).exec(text(l));
  if (hasGroup(bre)) return m?.[1] ?? '';
  return m ? BigInt(m[0].length) : 0n;
}

/** Whether a basic regular expression has a \( group (its result is then text, not a count). */
function hasGroup(bre: string): boolean {
  return /(^|[^\\])(\\\\)*\\\(/.test(bre);
}

const expr = program((c) => {
  let args = c.args.map(argToBin);
  if (args[0] === '--') args = args.slice(1);
  else if (args.length === 1 && args[0] === '--help') {
    c.out.text('Usage: expr EXPRESSION\n  or:  expr OPTION\nPrint the value of EXPRESSION to standard output.\n');
    return 0;
  } else if (args.length === 1 && args[0] === '--version') {
    c.out.text('expr (GNU coreutils) 9.1\n');
    return 0;
  }
  if (args.length === 0) throw new UsageError('missing operand', 2);
  let v: Value;
  try {
    v = new Evaluator(args).run();
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    c.warn(e.message);
    return 2;
  }
  c.out.bin(`${text(v)}\n`);
  return isNull(v) ? 1 : 0;
});

export const exprPrograms: [string, BuiltinProgram][] = [['expr', expr]];
