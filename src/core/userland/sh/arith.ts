// Arithmetic expansion (XCU 2.6.4): C's integer expressions over signed 64-bit values, with
// variables read and assigned by name. BigInt keeps the 64-bit wrap-around exact.
import { parseInteger, UserlandError } from '../lib/index.ts';

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
  const toks = tokenize(src);
  let i = 0;
  const peek = (): Tok => toks[i]!;
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
      i++;
      v = assign(live);
    }
    return v;
  };

  const assign = (live: boolean): bigint => {
    const t = peek();
    const n = toks[i + 1];
    if (t.t === 'name' && n?.t === 'op' && ASSIGN.has(n.v)) {
      i += 2;
      const rhs = assign(live);
      if (!live) return 0n;
      const v = n.v === '=' ? rhs : binary(n.v.slice(0, -1), read(t.v), rhs);
      vars.set(t.v, v.toString());
      return v;
    }
    return ternary(live);
  };

  const ternary = (live: boolean): bigint => {
    const c = binaryFrom(1, live);
    if (!isOp('?')) return c;
    i++;
    const a = comma(live && c !== 0n);
    if (!isOp(':')) fail("expecting ':'");
    i++;
    const b = assign(live && c === 0n);
    return c !== 0n ? a : b;
  };

  const binaryFrom = (min: number, live: boolean): bigint => {
    let left = unary(live);
    for (;;) {
      const t = peek();
      if (t.t !== 'op') break;
      const p = PRECEDENCE.get(t.v);
      if (p === undefined || p < min) break;
      i++;
      if (t.v === '&&') {
        const right = binaryFrom(p + 1, live && left !== 0n);
        left = left !== 0n && right !== 0n ? 1n : 0n;
      } else if (t.v === '||') {
        const right = binaryFrom(p + 1, live && left === 0n);
        left = left !== 0n || right !== 0n ? 1n : 0n;
      } else {
        const right = binaryFrom(p + 1, live);
        left = live ? binary(t.v, left, right) : 0n;
      }
    }
    return left;
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
          i++;
          return unary(live);
        case '-':
          i++;
          return wrap(-unary(live));
        case '!':
          i++;
          return unary(live) === 0n ? 1n : 0n;
        case '~':
          i++;
          return ~unary(live);
        case '++':
        case '--': {
          i++;
          const n = peek();
          if (n.t !== 'name') return fail('expecting name');
          i++;
          if (!live) return 0n;
          const v = wrap(read(n.v) + (t.v === '++' ? 1n : -1n));
          vars.set(n.v, v.toString());
          return v;
        }
        case '(': {
          i++;
          const v = comma(live);
          if (!isOp(')')) fail("expecting ')'");
          i++;
          return v;
        }
      }
    }
    return postfix(live);
  };

  const postfix = (live: boolean): bigint => {
    const t = peek();
    if (t.t === 'num') {
      i++;
      return t.v;
    }
    if (t.t === 'name') {
      i++;
      const n = peek();
      if (n.t === 'op' && (n.v === '++' || n.v === '--')) {
        i++;
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
