// expr, as GNU coreutils has it: POSIX's operators (| & < <= = != >= > + - * / % :) and GNU's
// keywords (match, substr, index, length, + TOKEN), integers of any size, the C locale (text is
// bytes). Exit status: 0 if the result is neither null nor 0, 1 if it is, 2 for a bad
// expression, 3 for any other error. Configure scripts and old Makefiles still count with it.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  type BinaryOperators,
  climb,
  compile,
  program,
  RegexError,
  Tokens,
  UsageError,
  UserlandError,
} from '../lib/index.ts';

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

/** The binary operators, loosest first: | & comparisons + - * / % : (GNU expr's eval1 … eval6). */
const PRECEDENCE = new Map<string, number>([
  ['|', 1],
  ['&', 2],
  ...[...COMPARISONS.keys()].map((op): [string, number] => [op, 3]),
  ['+', 4],
  ['-', 4],
  ['*', 5],
  ['/', 5],
  ['%', 5],
  [':', 6],
]);

class Evaluator implements BinaryOperators<Value, undefined> {
  readonly #args: Tokens<string>;

  constructor(args: string[]) {
    this.#args = new Tokens(args);
  }

  /** The whole expression; every argument must be used. */
  run(): Value {
    const v = climb(this, undefined);
    if (!this.#args.done) throw new ExprError(`syntax error: unexpected argument ${quote(this.#args.peek()!)}`);
    return v;
  }

  peek(): { op: string; precedence: number } | undefined {
    const op = this.#args.peek() ?? '';
    const precedence = PRECEDENCE.get(op);
    return precedence === undefined ? undefined : { op, precedence };
  }

  take(): void {
    this.#args.next();
  }

  operand(): Value {
    return this.#keyword();
  }

  apply(op: string, l: Value, r: Value): Value {
    switch (op) {
      case '|':
        return isNull(l) ? (isNull(r) ? 0n : r) : l;
      case '&':
        return isNull(l) || isNull(r) ? 0n : l;
      case ':':
        return colon(l, r);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        const a = integer(l);
        const b = integer(r);
        if (a === undefined || b === undefined) throw new ExprError('non-integer argument');
        if (op === '+') return a + b;
        if (op === '-') return a - b;
        if (op === '*') return a * b;
        if (b === 0n) throw new ExprError('division by zero');
        return op === '/' ? a / b : a % b;
      }
      default: {
        const [a, b] = [text(l), text(r)];
        // Both integers compare as numbers, anything else as strings (bytes, the C locale).
        return COMPARISONS.get(op)!(isInteger(a) && isInteger(b) ? cmp(BigInt(a), BigInt(b)) : cmp(a, b)) ? 1n : 0n;
      }
    }
  }

  #keyword(): Value {
    const args = this.#args;
    if (args.take('+')) return this.#token('+');
    if (args.take('length')) return BigInt(text(this.#keyword()).length);
    if (args.take('match')) {
      const s = this.#keyword();
      return colon(s, this.#keyword());
    }
    if (args.take('index')) {
      const s = text(this.#keyword());
      const chars = text(this.#keyword());
      for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return BigInt(i + 1);
      return 0n;
    }
    if (args.take('substr')) {
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
    const args = this.#args;
    if (args.done) {
      const last = args.previous();
      throw new ExprError(
        last === undefined ? 'syntax error: missing argument' : `syntax error: missing argument after ${quote(last)}`,
      );
    }
    if (args.take('(')) {
      const v = climb(this, undefined);
      const close = args.peek();
      if (close === undefined) throw new ExprError(`syntax error: expecting ')' after ${quote(args.previous()!)}`);
      if (close !== ')') throw new ExprError(`syntax error: expecting ')' instead of ${quote(close)}`);
      args.next();
      return v;
    }
    if (args.peek() === ')') throw new ExprError(`syntax error: unexpected ')'`);
    return args.next()!;
  }

  /** The argument after `+` (or any other quoting keyword), taken as a string whatever it spells. */
  #token(after: string): string {
    if (this.#args.done) throw new ExprError(`syntax error: missing argument after ${quote(after)}`);
    return this.#args.next()!;
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
