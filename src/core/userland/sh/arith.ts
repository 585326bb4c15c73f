// Arithmetic expansion (XCU 2.6.4): C's integer expressions over signed 64-bit values, with
// variables read and assigned by name. BigInt keeps the 64-bit wrap-around exact.
import { type BinaryOperators, climb, parseInteger, Tokens, UserlandError } from '../lib/index.ts';

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class ArithError extends UserlandError {
  constructor(message: string) {
    super(message, 2);
  }
}

const OPS = [
  '<<=',
  '>>=',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '++',
  '--',
  '*=',
  '/=',
  '%=',
  '+=',
  '-=',
  '&=',
  '^=',
  '|=',
  '(',
  ')',
  '+',
  '-',
  '!',
  '~',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '^',
  '|',
  '?',
  ':',
  '=',
  ',',
];

type Tok = { t: 'num'; v: bigint } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'end' };

const BINARY: Array<[string[], number]> = [
  [['||'], 1],
  [['&&'], 2],
  [['|'], 3],
  [['^'], 4],
  [['&'], 5],
  [['==', '!='], 6],
  [['<', '<=', '>', '>='], 7],
  [['<<', '>>'], 8],
  [['+', '-'], 9],
  [['*', '/', '%'], 10],
];
const PRECEDENCE = new Map<string, number>(BINARY.flatMap(([ops, p]) => ops.map((o) => [o, p] as [string, number])));
const ASSIGN = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)/.exec(src.slice(i))!;
      const v = parseInteger(m[0]);
      if (v === null) throw new ArithError(`Illegal number: ${m[0]}`);
      out.push({ t: 'num', v });
      i += m[0].length;
      if (/[A-Za-z_]/.test(src[i] ?? '')) throw new ArithError(`Illegal number: ${m[0]}${src[i]}`);
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError(`syntax error: "${src.slice(i)}"`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

/** Evaluates `src` (already expanded); throws ArithError with sh's wording. */
export function evalArith(src: string, vars: ArithVars): bigint {
  if (src.trim() === '') return 0n;
  const toks = new Tokens(tokenize(src));
  const peek = (): Tok => toks.peek()!;
  const isOp = (v: string): boolean => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const fail = (what: string): never => {
    throw new ArithError(`arithmetic expression: ${what}: "${src}"`);
  };
  const read = (name: string): bigint => {
    const s = vars.get(name);
    if (s === undefined || s === '') return 0n;
    const v = parseInteger(s);
    if (v === null) throw new ArithError(`Illegal number: ${s}`);
    return v;
  };

  // `live` false: parse without side effects (the branch && || ?: do not take).
  const comma = (live: boolean): bigint => {
    let v = assign(live);
    while (isOp(',')) {
      toks.next();
      v = assign(live);
    }
    return v;
  };

  const assign = (live: boolean): bigint => {
    const t = peek();
    const n = toks.peek(1);
    if (t.t === 'name' && n?.t === 'op' && ASSIGN.has(n.v)) {
      toks.next();
      toks.next();
      const rhs = assign(live);
      if (!live) return 0n;
      const v = n.v === '=' ? rhs : binary(n.v.slice(0, -1), read(t.v), rhs);
      vars.set(t.v, v.toString());
      return v;
    }
    return ternary(live);
  };

  const ternary = (live: boolean): bigint => {
    const c = climb(binaryOperators, live, 1);
    if (!isOp('?')) return c;
    toks.next();
    const a = comma(live && c !== 0n);
    if (!isOp(':')) fail("expecting ':'");
    toks.next();
    const b = assign(live && c === 0n);
    return c !== 0n ? a : b;
  };

  const binaryOperators: BinaryOperators<bigint, boolean> = {
    peek: () => {
      const t = peek();
      const precedence = t.t === 'op' ? PRECEDENCE.get(t.v) : undefined;
      return precedence === undefined ? undefined : { op: (t as { v: string }).v, precedence };
    },
    take: () => void toks.next(),
    operand: (live) => unary(live),
    // && and || read their right side without effects when the left decides.
    right: (op, left, live) => (op === '&&' ? live && left !== 0n : op === '||' ? live && left === 0n : live),
    apply: (op, a, b, live) => {
      if (op === '&&') return a !== 0n && b !== 0n ? 1n : 0n;
      if (op === '||') return a !== 0n || b !== 0n ? 1n : 0n;
      return live ? binary(op, a, b) : 0n;
    },
  };

  const binary = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) throw new ArithError('arithmetic expression: division by zero');
        return wrap(op === '/' ? a / b : a % b);
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return wrap(a >> (b & 63n));
      case '<':
        return a < b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
    }
    return fail(`unknown operator ${op}`);
  };

  const unary = (live: boolean): bigint => {
    const t = peek();
    if (t.t === 'op') {
      switch (t.v) {
        case '+':
          toks.next();
          return unary(live);
        case '-':
          toks.next();
          return wrap(-unary(live));
        case '!':
          toks.next();
          return unary(live) === 0n ? 1n : 0n;
        case '~':
          toks.next();
          return ~unary(live);
        case '++':
        case '--': {
          toks.next();
          const n = peek();
          if (n.t !== 'name') return fail('expecting name');
          toks.next();
          if (!live) return 0n;
          const v = wrap(read(n.v) + (t.v === '++' ? 1n : -1n));
          vars.set(n.v, v.toString());
          return v;
        }
        case '(': {
          toks.next();
          const v = comma(live);
          if (!isOp(')')) fail("expecting ')'");
          toks.next();
          return v;
        }
      }
    }
    return postfix(live);
  };

  const postfix = (live: boolean): bigint => {
    const t = peek();
    if (t.t === 'num') {
      toks.next();
      return t.v;
    }
    if (t.t === 'name') {
      toks.next();
      const n = peek();
      if (n.t === 'op' && (n.v === '++' || n.v === '--')) {
        toks.next();
        if (!live) return 0n;
        const v = read(t.v);
        vars.set(t.v, wrap(v + (n.v === '++' ? 1n : -1n)).toString());
        return v;
      }
      return live ? read(t.v) : 0n;
    }
    return fail('expecting primary');
  };

  const v = comma(true);
  if (peek().t !== 'end') fail('expecting end of expression');
  return v;
}
