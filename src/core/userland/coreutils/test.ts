// test and [ (XCU test): POSIX's rules by argument count, then -a/-o/!/( ) by precedence for
// longer expressions. The file tests are lib/file-test.ts's, which bash's conditionals share.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type BinaryOperators,
  climb,
  type Ctx,
  fileTest,
  parseInteger,
  program,
  Tokens,
  UserlandError,
} from '../lib/index.ts';

class TestError extends UserlandError {}

const UNARY = new Set([
  '-b',
  '-c',
  '-d',
  '-e',
  '-f',
  '-g',
  '-G',
  '-h',
  '-k',
  '-L',
  '-n',
  '-O',
  '-p',
  '-r',
  '-s',
  '-S',
  '-t',
  '-u',
  '-w',
  '-x',
  '-z',
]);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

function int(s: string): bigint {
  const v = /^\s*[-+]?[0-9]+\s*$/.test(s) ? parseInteger(s.trim().replace(/^([-+]?)0+(?=\d)/, '$1')) : null;
  if (v === null) throw new TestError(`${s}: integer expression expected`);
  return v;
}

function unary(c: Ctx, op: string, arg: string): boolean {
  if (op === '-n') return arg !== '';
  if (op === '-z') return arg === '';
  if (op === '-t') return false;
  return fileTest(op, arg, (path, follow) => c.fs.lookup(path, follow));
}

function binary(c: Ctx, a: string, op: string, b: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq':
      return int(a) === int(b);
    case '-ne':
      return int(a) !== int(b);
    case '-lt':
      return int(a) < int(b);
    case '-le':
      return int(a) <= int(b);
    case '-gt':
      return int(a) > int(b);
    case '-ge':
      return int(a) >= int(b);
  }
  const x = c.fs.lookup(a);
  const y = c.fs.lookup(b);
  if (op === '-ef') return x !== undefined && x === y;
  if (op === '-nt') return x !== undefined && (y === undefined || x.mtim > y.mtim);
  return y !== undefined && (x === undefined || x.mtim < y.mtim); // -ot
}

/** The value of a test expression over `args`. */
export function evaluate(c: Ctx, args: string[]): boolean {
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== '';
    case 2:
      if (args[0] === '!') return args[1] === '';
      if (UNARY.has(args[0]!)) return unary(c, args[0]!, args[1]!);
      throw new TestError(`${args[0]}: unary operator expected`);
    case 3:
      if (BINARY.has(args[1]!)) return binary(c, args[0]!, args[1]!, args[2]!);
      if (args[1] === '-a') return args[0] !== '' && args[2] !== '';
      if (args[1] === '-o') return args[0] !== '' || args[2] !== '';
      if (args[0] === '!') return !evaluate(c, args.slice(1));
      if (args[0] === '(' && args[2] === ')') return args[1] !== '';
      break;
    case 4:
      if (args[0] === '!') return !evaluate(c, args.slice(1));
      if (args[0] === '(' && args[3] === ')') return evaluate(c, args.slice(1, 3));
      break;
  }
  return new ExprParser(c, args).parse();
}

/** -o and -a, by precedence; `!`, ( ) and the primaries are the operands. */
const CONNECTIVES = new Map([
  ['-o', 1],
  ['-a', 2],
]);

class ExprParser implements BinaryOperators<boolean, undefined> {
  readonly #c: Ctx;
  readonly #args: Tokens<string>;
  constructor(c: Ctx, args: string[]) {
    this.#c = c;
    this.#args = new Tokens(args);
  }
  parse(): boolean {
    const v = climb(this, undefined);
    if (!this.#args.done) throw new TestError(`${this.#args.peek()}: unexpected operator`);
    return v;
  }
  peek(): { op: string; precedence: number } | undefined {
    const op = this.#args.peek() ?? '';
    const precedence = CONNECTIVES.get(op);
    return precedence === undefined ? undefined : { op, precedence };
  }
  take(): void {
    this.#args.next();
  }
  operand(): boolean {
    return this.#not();
  }
  apply(op: string, left: boolean, right: boolean): boolean {
    return op === '-o' ? left || right : left && right;
  }
  #not(): boolean {
    if (this.#args.take('!')) return !this.#not();
    return this.#primary();
  }
  #primary(): boolean {
    const a = this.#args;
    const t = a.next();
    if (t === undefined) throw new TestError('argument expected');
    if (t === '(') {
      const v = climb(this, undefined);
      if (!a.take(')')) throw new TestError(`missing ')'`);
      return v;
    }
    const op = a.peek();
    if (op !== undefined && BINARY.has(op) && a.peek(1) !== undefined) {
      a.next();
      return binary(this.#c, t, op, a.next()!);
    }
    if (UNARY.has(t) && op !== undefined) {
      a.next();
      return unary(this.#c, t, op);
    }
    return t !== '';
  }
}

/** test, or [ when `bracket` (its last argument must be "]"). Exit 0 true, 1 false, 2 error. */
function testProgram(bracket: boolean): BuiltinProgram {
  return program((c) => {
    let args = c.args;
    if (bracket) {
      if (args[args.length - 1] !== ']') {
        c.warn(`missing ']'`);
        return 2;
      }
      args = args.slice(0, -1);
    }
    try {
      return evaluate(c, args) ? 0 : 1;
    } catch (e) {
      if (!(e instanceof TestError)) throw e;
      c.warn(e.message);
      return 2;
    }
  });
}

export const testPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['test', testProgram(false)],
  ['[', testProgram(true)],
];
