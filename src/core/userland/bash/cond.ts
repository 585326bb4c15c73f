// bash's conditionals: [[ … ]] (no splitting or globbing, patterns on the right of == and !=
// with extglob always on, =~ with POSIX EREs and BASH_REMATCH, arithmetic for -eq and the
// like) and the test / [ built-ins (POSIX's rules by the number of arguments, then -a -o ! ( )),
// over one set of file, string and variable tests. Messages as bash words them.
// https://www.gnu.org/software/bash/manual/html_node/Bash-Conditional-Expressions.html
import type { CondExpr, Word } from '../sh/ast.ts';
import type { Builtin } from '../sh/builtins.ts';
import type { Shell } from '../sh/eval.ts';
import type { Io } from '../sh/redirect.ts';
import { ShellError } from '../sh/state.ts';
import { compile, fileTest, matchExtglob, RegexError, type Fs } from '../lib/index.ts';
import type { VolumeNode } from '../../rootfs/index.ts';
import { IndexedArray } from '../sh/arrays.ts';
import { traceWord } from './quote.ts';

const UNARY = new Set('abcdefghknoprstuvwxzGLNORS'.split('').map((c) => `-${c}`));
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);
const ARITH = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** A test's error: `[: missing `]'` and the like; exit status 2. */
class TestError extends Error {}

function node(fs: Fs, path: string, follow = true): VolumeNode | undefined {
  if (path === '') return undefined;
  try {
    return fs.lookup(path, follow);
  } catch {
    return undefined;
  }
}

/** The unary tests: files, strings, variables, options. */
function unary(sh: Shell, op: string, arg: string): boolean {
  const fs = sh.fs();
  switch (op) {
    case '-n':
      return arg !== '';
    case '-z':
      return arg === '';
    case '-v':
      return isSet(sh, arg);
    case '-R':
      return sh.state.vars.get(arg)?.attrs?.includes('n') === true;
    case '-o':
      return sh.ext!.optionOn(arg);
    case '-t':
      return false;
    case '-a':
      return fileTest('-e', arg, (path, follow) => node(fs, path, follow));
  }
  return fileTest(op, arg, (path, follow) => node(fs, path, follow));
}

/** -v NAME or -v NAME[subscript]: set, and not just declared. */
function isSet(sh: Shell, arg: string): boolean {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?$/s.exec(arg);
  if (!m) return /^[0-9]+$/.test(arg) ? Number(arg) <= sh.state.positional.length : false;
  const v = sh.ext!.variable(m[1]!);
  if (!v || v.unset) return false;
  const sub = m[2];
  if (sub === undefined) {
    if (!v.array) return true;
    return v.array.kind === 'assoc' ? v.array.get('0') !== undefined : v.array.get(0) !== undefined;
  }
  if (sub === '@' || sub === '*') return v.array ? v.array.size > 0 : true;
  if (v.array?.kind === 'assoc') return v.array.get(sub) !== undefined;
  let i = Number(sh.dialect.arith(sh, sub, null));
  if (!v.array) return i === 0;
  if (i < 0) i += (v.array as IndexedArray).next();
  return v.array.get(i) !== undefined;
}

function integer(s: string): bigint {
  const t = s.trim();
  if (!/^[-+]?[0-9]+$/.test(t)) throw new TestError(`${s}: integer expression expected`);
  return BigInt(t);
}

/** The binary tests; `arith`: [[ ]] reads -eq's operands as arithmetic, test as integers. */
function binary(sh: Shell, op: string, a: string, b: string, arith: boolean): boolean {
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
    case '-nt':
    case '-ot':
    case '-ef': {
      const fs = sh.fs();
      const x = node(fs, a);
      const y = node(fs, b);
      if (op === '-ef') return x !== undefined && x === y;
      if (op === '-nt') return x !== undefined && (y === undefined || x.mtim > y.mtim);
      return y !== undefined && (x === undefined || x.mtim < y.mtim);
    }
  }
  const x = arith ? sh.dialect.arith(sh, a, '[[') : integer(a);
  const y = arith ? sh.dialect.arith(sh, b, '[[') : integer(b);
  switch (op) {
    case '-eq':
      return x === y;
    case '-ne':
      return x !== y;
    case '-lt':
      return x < y;
    case '-le':
      return x <= y;
    case '-gt':
      return x > y;
    default:
      return x >= y;
  }
}

/** ERE source for the right of =~: quoted parts match themselves. */
async function regexSource(sh: Shell, word: Word, io: Io): Promise<string> {
  const pieces = await sh.expander(io).pieces(word.parts, false, false);
  return pieces
    .map((p) => ('brk' in p ? ' ' : p.quoted ? p.text.replace(/[\\.[\]()*+?{}|^$]/g, '\\$&') : p.text))
    .join('');
}

class CondRun {
  readonly #sh: Shell;
  readonly #io: Io;

  constructor(sh: Shell, io: Io) {
    this.#sh = sh;
    this.#io = io;
  }

  async #trace(text: string): Promise<void> {
    await this.#sh.ext!.trace(this.#io, `[[ ${text} ]]`);
  }

  async #string(w: Word): Promise<string> {
    return this.#sh.expander(this.#io).string(w);
  }

  async eval(e: CondExpr, negated = false): Promise<boolean> {
    const sh = this.#sh;
    const not = negated ? '! ' : '';
    switch (e.type) {
      case 'and':
        return (await this.eval(e.left)) && this.eval(e.right);
      case 'or':
        return (await this.eval(e.left)) || this.eval(e.right);
      case 'not':
        return !(await this.eval(
          e.expr,
          e.expr.type === 'unary' || e.expr.type === 'binary' || e.expr.type === 'word',
        ));
      case 'word': {
        const v = await this.#string(e.word);
        await this.#trace(`${not}-n ${traceWord(v)}`);
        return v !== '';
      }
      case 'unary': {
        const v = await this.#string(e.arg);
        await this.#trace(`${not}${e.op} ${traceWord(v)}`);
        return unary(sh, e.op, v);
      }
      case 'binary': {
        const left = await this.#string(e.left);
        if (e.op === '=~') {
          const re = await regexSource(sh, e.right, this.#io);
          await this.#trace(`${not}${traceWord(left)} =~ ${re}`);
          return this.#regex(left, re);
        }
        if (e.op === '==' || e.op === '=' || e.op === '!=') {
          const pattern = await sh.expander(this.#io).pattern(e.right);
          await this.#trace(`${not}${traceWord(left)} ${e.op} ${traceWord(pattern)}`);
          const hit = matchExtglob(pattern, left, sh.state.shopt.has('nocasematch'));
          return e.op === '!=' ? !hit : hit;
        }
        const right = await this.#string(e.right);
        await this.#trace(`${not}${traceWord(left)} ${e.op} ${traceWord(right)}`);
        return binary(sh, e.op, left, right, true);
      }
    }
  }

  #regex(text: string, source: string): boolean {
    let re: RegExp;
    try {
      re = compile(source, { extended: true, ignoreCase: this.#sh.state.shopt.has('nocasematch') });
    } catch (e) {
      if (e instanceof RegexError) throw new TestError('');
      throw e;
    }
    const m = re.exec(text);
    const groups = new IndexedArray();
    if (m) m.forEach((g, i) => groups.set(i, g ?? ''));
    this.#sh.ext!.setArray('BASH_REMATCH', groups);
    return m !== null;
  }
}

/** [[ expression ]]: 0 true, 1 false, 2 for a bad regex. */
export async function runCond(sh: Shell, expr: CondExpr, io: Io): Promise<number> {
  try {
    return (await new CondRun(sh, io).eval(expr)) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) return 2;
    if (e instanceof ShellError && e.status === 1 && e.message.startsWith('[[: ')) {
      sh.diag(io, e.message);
      return 1;
    }
    throw e;
  }
}

/** test and [ (argument count rules of POSIX, then bash's recursive descent). */
class TestArgs {
  readonly #sh: Shell;
  readonly #a: string[];
  #i = 0;

  constructor(sh: Shell, args: string[]) {
    this.#sh = sh;
    this.#a = args;
  }

  run(): boolean {
    const a = this.#a;
    switch (a.length) {
      case 0:
        return false;
      case 1:
        return a[0] !== '';
      case 2:
        return this.#two(0);
      case 3:
        return this.#three(0);
      case 4:
        if (a[0] === '!') return !this.#three(1);
        if (a[0] === '(' && a[3] === ')') return this.#two(1);
    }
    const v = this.#or();
    if (this.#i < a.length) throw new TestError('too many arguments');
    return v;
  }

  #two(at: number): boolean {
    const [op, arg] = [this.#a[at]!, this.#a[at + 1]!];
    if (op === '!') return arg === '';
    if (UNARY.has(op)) return unary(this.#sh, op, arg);
    throw new TestError(`${op}: unary operator expected`);
  }

  #three(at: number): boolean {
    const [x, op, y] = [this.#a[at]!, this.#a[at + 1]!, this.#a[at + 2]!];
    if (BINARY.has(op)) return binary(this.#sh, op, x, y, false);
    if (op === '-a') return x !== '' && y !== '';
    if (op === '-o') return x !== '' || y !== '';
    if (x === '!') return !this.#two(at + 1);
    if (x === '(' && y === ')') return op !== '';
    throw new TestError(`${op}: binary operator expected`);
  }

  #peek(): string | undefined {
    return this.#a[this.#i];
  }

  #or(): boolean {
    let v = this.#and();
    while (this.#peek() === '-o') {
      this.#i++;
      const r = this.#and();
      v = v || r;
    }
    return v;
  }

  #and(): boolean {
    let v = this.#term();
    while (this.#peek() === '-a') {
      this.#i++;
      const r = this.#term();
      v = v && r;
    }
    return v;
  }

  #term(): boolean {
    const a = this.#a;
    const t = a[this.#i];
    if (t === undefined) throw new TestError('argument expected');
    if (t === '!') {
      this.#i++;
      return !this.#term();
    }
    if (t === '(') {
      this.#i++;
      const v = this.#or();
      if (a[this.#i] !== ')') throw new TestError("`)' expected");
      this.#i++;
      return v;
    }
    if (BINARY.has(a[this.#i + 1] ?? '') && this.#i + 2 < a.length) {
      this.#i += 3;
      return binary(this.#sh, a[this.#i - 2]!, t, a[this.#i - 1]!, false);
    }
    if (UNARY.has(t) && this.#i + 1 < a.length) {
      this.#i += 2;
      return unary(this.#sh, t, a[this.#i - 1]!);
    }
    this.#i++;
    return t !== '';
  }
}

/** test and [: 0 true, 1 false, 2 with bash's message on a bad expression. */
export const testBuiltin: Builtin = (sh, argv, io) => {
  const name = argv[0]!;
  let args = argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      sh.diag(io, "[: missing `]'");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return new TestArgs(sh, args).run() ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    sh.diag(io, `${name}: ${e.message}`);
    return 2;
  }
};
