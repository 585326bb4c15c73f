// The parsed program compiled to closures over the Runtime. Everything runs synchronously
// except the few nodes that wait on another process (system, close, cmd | getline, and calls
// reaching them): those compile to async closures, which evaluate their children first and then
// run the node's synchronous form over the values ("slots"), so each node is written once.
import type { Expr, Item, Program, Stmt } from './ast.ts';
import { AsyncInfo, inferArrays, type Arrays } from './analyze.ts';
import { lower, match, Random, substitute, substr, upper } from './builtins.ts';
import { sprintf } from './format.ts';
import { AwkSyntaxError } from './lexer.ts';
import { FS, NR, OFMT, ORS, OFS, RLENGTH, RSTART, Runtime, SPECIAL_VARS, SUBSEP, type AwkArray } from './runtime.ts';
import { AwkError, compare, numToStr, StrNum, toBool, toNum, toStr, type Value } from './value.ts';

export type Fn = () => Value;
type AFn = () => Value | Promise<Value>;
export type SFn = () => number;
type ASFn = () => number | Promise<number>;

/** How a statement ended. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const NEXT = 3;
export const EXIT = 4;
export const RETURN = 5;
export const NEXTFILE = 6;

/** next, nextfile or exit inside a function, unwinding to the rule that called it. */
export class Jump {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

interface LV {
  /** Evaluates the subscript or field number; get and set then use it. */
  prep(): void;
  get(): Value;
  set(v: Value): void;
}

interface Func {
  nparams: number;
  arrays: boolean[];
  async: boolean;
  body: SFn | ASFn;
}

export interface Rule {
  async: boolean;
  run: ASFn;
}

export interface Compiled {
  begin: Rule[];
  main: Rule[];
  end: Rule[];
}

const CONSTANT = new Set(['num', 'str', 're']);

export class Compiler {
  readonly #rt: Runtime;
  readonly #p: Program;
  readonly #arrays: Arrays;
  readonly #async: AsyncInfo;
  readonly #globals = new Map<string, number>();
  readonly #globalArrays = new Map<string, AwkArray>();
  readonly #funcs = new Map<string, Func>();
  readonly #over = new Map<Expr, Fn>();
  readonly #random = new Random();
  /** Parameters of the function being compiled: name -> frame index. */
  #params = new Map<string, number>();
  #fname = '';
  /** The line of what is being compiled, for errors found now. */
  #line = 0;
  #now = 0;
  retval: Value = undefined;
  exitCode = 0;

  constructor(rt: Runtime, p: Program) {
    this.#rt = rt;
    this.#p = p;
    this.#arrays = inferArrays(p);
    this.#async = new AsyncInfo(p);
    SPECIAL_VARS.forEach((name, i) => this.#globals.set(name, i));
    this.#globalArrays.set('ARGV', rt.ARGV);
    this.#globalArrays.set('ENVIRON', rt.ENVIRON);
    rt.assign = (name, v) => {
      const lv = this.#lv({ k: 'var', name });
      lv.prep();
      lv.set(v);
    };
  }

  /** Compiles every rule and function; `now` seeds srand() (seconds). */
  compile(now: number): Compiled {
    this.#random.srand(0);
    this.#now = now;
    for (const [name, def] of this.#p.funcs) {
      this.#funcs.set(name, {
        nparams: def.params.length,
        arrays: this.#arrays.params.get(name)!,
        async: this.#async.func(name),
        body: () => 0,
      });
    }
    for (const [name, def] of this.#p.funcs) {
      this.#params = new Map(def.params.map((p, i) => [p, i]));
      this.#fname = name;
      const f = this.#funcs.get(name)!;
      f.body = f.async ? this.#aBlock(def.body) : this.#block(def.body);
    }
    this.#params = new Map();
    this.#fname = '';
    const out: Compiled = { begin: [], main: [], end: [] };
    for (const item of this.#p.items) {
      const k = item.pattern.k;
      (k === 'BEGIN' ? out.begin : k === 'END' ? out.end : out.main).push(this.#rule(item));
    }
    return out;
  }

  #error(message: string): AwkSyntaxError {
    return new AwkSyntaxError(message, this.#line);
  }

  // Names.

  #isArray(name: string): boolean {
    const i = this.#params.get(name);
    if (i !== undefined) return this.#arrays.params.get(this.#fname)?.[i] ?? false;
    return this.#arrays.globals.has(name);
  }

  #arr(name: string): () => AwkArray {
    const i = this.#params.get(name);
    if (i !== undefined) {
      const rt = this.#rt;
      return () => {
        const v = rt.frame[i];
        if (v instanceof Map) return v;
        if (v !== undefined) throw new AwkError(`can't use scalar ${name} as array`);
        const m: AwkArray = new Map();
        rt.frame[i] = m;
        return m;
      };
    }
    let m = this.#globalArrays.get(name);
    if (!m) {
      if (this.#globals.has(name) && !this.#arrays.globals.has(name))
        throw this.#error(`can't use scalar ${name} as array`);
      m = new Map();
      this.#globalArrays.set(name, m);
    }
    const arr = m;
    return () => arr;
  }

  #slot(name: string): number {
    let s = this.#globals.get(name);
    if (s === undefined) {
      s = this.#rt.vars.length;
      this.#rt.vars.push(undefined);
      this.#globals.set(name, s);
    }
    return s;
  }

  // Conversions, bound to the runtime's CONVFMT and OFMT.

  readonly #S = (v: Value): string => (typeof v === 'string' ? v : toStr(v, this.#rt.convfmt));
  readonly #O = (v: Value): string => (typeof v === 'number' ? numToStr(v, this.#rt.str(OFMT)) : this.#S(v));
  readonly #key = (v: Value): string =>
    typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : this.#S(v);

  #keyFn(subs: Expr[]): () => string {
    const fs = subs.map((s) => this.x(s));
    const key = this.#key;
    if (fs.length === 1) {
      const f = fs[0]!;
      return () => key(f());
    }
    const rt = this.#rt;
    return () => fs.map((f) => key(f())).join(rt.str(SUBSEP));
  }

  /** A regex literal, compiled now: its errors are the program's, with its line. */
  #literal(src: string): RegExp {
    try {
      return this.#rt.regex(src);
    } catch (e) {
      if (e instanceof AwkError) throw this.#error(e.message);
      throw e;
    }
  }

  #regex(e: Expr): () => RegExp {
    if (e.k === 're') {
      const re = this.#literal(e.src);
      return () => re;
    }
    const f = this.x(e);
    const rt = this.#rt;
    const S = this.#S;
    return () => rt.regex(S(f()));
  }

  #lv(e: Expr): LV {
    const rt = this.#rt;
    if (e.k === 'var') {
      const i = this.#params.get(e.name);
      if (i !== undefined) return { prep() {}, get: () => rt.frame[i] as Value, set: (v) => void (rt.frame[i] = v) };
      if (this.#isArray(e.name)) throw this.#error(`illegal reference to array ${e.name}`);
      if (e.name === 'NF') return { prep() {}, get: () => rt.nf, set: (v) => void (rt.nf = Math.trunc(toNum(v))) };
      const s = this.#slot(e.name);
      const vars = rt.vars;
      if (s === FS) return { prep() {}, get: () => vars[s], set: (v) => void (rt.nf, (vars[s] = v)) };
      return { prep() {}, get: () => vars[s], set: (v) => void (vars[s] = v) };
    }
    if (e.k === 'idx') {
      const arr = this.#arr(e.name);
      const keyFn = this.#keyFn(e.subs);
      let k = '';
      return { prep: () => void (k = keyFn()), get: () => arr().get(k), set: (v) => void arr().set(k, v) };
    }
    if (e.k === 'field') {
      const f = this.x(e.e);
      let i = 0;
      return {
        prep: () => void (i = Math.trunc(toNum(f()))),
        get: () => rt.field(i),
        set: (v) => rt.setField(i, v),
      };
    }
    throw this.#error('assignment to a non-variable');
  }

  // Expressions, synchronous.

  x(e: Expr): Fn {
    const o = this.#over.get(e);
    if (o) return o;
    const rt = this.#rt;
    const S = this.#S;
    switch (e.k) {
      case 'num':
      case 'str': {
        const v = e.v;
        return () => v;
      }
      case 're': {
        const re = this.#literal(e.src);
        return () => {
          re.lastIndex = 0;
          return re.test(rt.record) ? 1 : 0;
        };
      }
      case 'var': {
        const i = this.#params.get(e.name);
        if (i !== undefined) {
          if (this.#isArray(e.name)) throw this.#error(`illegal reference to array ${e.name}`);
          return () => rt.frame[i] as Value;
        }
        if (this.#isArray(e.name)) throw this.#error(`illegal reference to array ${e.name}`);
        if (e.name === 'NF') return () => rt.nf;
        const s = this.#slot(e.name);
        const vars = rt.vars;
        return () => vars[s];
      }
      case 'idx': {
        const arr = this.#arr(e.name);
        const keyFn = this.#keyFn(e.subs);
        return () => {
          const m = arr();
          const k = keyFn();
          const v = m.get(k);
          // A reference creates the element, as in every awk.
          if (v === undefined && !m.has(k)) m.set(k, undefined);
          return v;
        };
      }
      case 'field': {
        if (e.e.k === 'num') {
          const n = Math.trunc(e.e.v);
          return () => rt.field(n);
        }
        const f = this.x(e.e);
        return () => rt.field(Math.trunc(toNum(f())));
      }
      case 'group':
        return this.x(e.e);
      case 'assign':
        return this.#assign(e);
      case 'cond': {
        const c = this.x(e.c);
        const a = this.x(e.a);
        const b = this.x(e.b);
        return () => (toBool(c()) ? a() : b());
      }
      case 'and': {
        const a = this.x(e.a);
        const b = this.x(e.b);
        return () => (toBool(a()) && toBool(b()) ? 1 : 0);
      }
      case 'or': {
        const a = this.x(e.a);
        const b = this.x(e.b);
        return () => (toBool(a()) || toBool(b()) ? 1 : 0);
      }
      case 'in': {
        const arr = this.#arr(e.name);
        const keyFn = this.#keyFn(e.subs);
        return () => (arr().has(keyFn()) ? 1 : 0);
      }
      case 'match': {
        const a = this.x(e.a);
        const re = this.#regex(e.re);
        const neg = e.neg;
        return () => {
          const s = S(a());
          const r = re();
          r.lastIndex = 0;
          return r.test(s) !== neg ? 1 : 0;
        };
      }
      case 'cmp':
        return this.#cmp(e.op, this.x(e.a), this.x(e.b));
      case 'cat': {
        const parts: Fn[] = [];
        const flat = (n: Expr): void => {
          if (n.k === 'cat' && !this.#over.has(n)) {
            flat(n.a);
            flat(n.b);
          } else parts.push(this.x(n));
        };
        flat(e);
        return () => {
          let s = '';
          for (let i = 0; i < parts.length; i++) s += S(parts[i]!());
          return s;
        };
      }
      case 'bin':
        return this.#arith(e.op, this.x(e.a), this.x(e.b));
      case 'unary': {
        const f = this.x(e.e);
        if (e.op === '!') return () => (toBool(f()) ? 0 : 1);
        if (e.op === '-') return () => -toNum(f());
        return () => toNum(f());
      }
      case 'incr': {
        const lv = this.#lv(e.lv);
        const d = e.op === '++' ? 1 : -1;
        if (e.pre)
          return () => {
            lv.prep();
            const v = toNum(lv.get()) + d;
            lv.set(v);
            return v;
          };
        return () => {
          lv.prep();
          const v = toNum(lv.get());
          lv.set(v + d);
          return v;
        };
      }
      case 'call':
        return this.#call(e) as Fn;
      case 'builtin':
        return this.#builtin(e);
      case 'getline':
        return this.#getline(e);
    }
  }

  #assign(e: Extract<Expr, { k: 'assign' }>): Fn {
    const lv = this.#lv(e.lv);
    const rhs = this.x(e.e);
    if (e.op === '=')
      return () => {
        const v = rhs();
        lv.prep();
        lv.set(v);
        return v;
      };
    const op = this.#arith(e.op.slice(0, -1), () => lv.get(), rhs);
    return () => {
      lv.prep();
      const v = op();
      lv.set(v);
      return v;
    };
  }

  #arith(op: string, a: Fn, b: Fn): () => number {
    switch (op) {
      case '+':
        return () => toNum(a()) + toNum(b());
      case '-':
        return () => toNum(a()) - toNum(b());
      case '*':
        return () => toNum(a()) * toNum(b());
      case '/':
        return () => {
          const x = toNum(a());
          const y = toNum(b());
          if (y === 0) throw new AwkError('division by zero');
          return x / y;
        };
      case '%':
        return () => {
          const x = toNum(a());
          const y = toNum(b());
          if (y === 0) throw new AwkError('division by zero in %');
          return x % y;
        };
      default:
        return () => Math.pow(toNum(a()), toNum(b()));
    }
  }

  #cmp(op: string, a: Fn, b: Fn): Fn {
    const rt = this.#rt;
    const c = (): number => {
      const x = a();
      const y = b();
      return typeof x === 'number' && typeof y === 'number' ? (x < y ? -1 : x > y ? 1 : 0) : compare(x, y, rt.convfmt);
    };
    switch (op) {
      case '<':
        return () => (c() < 0 ? 1 : 0);
      case '<=':
        return () => (c() <= 0 ? 1 : 0);
      case '>':
        return () => (c() > 0 ? 1 : 0);
      case '>=':
        return () => (c() >= 0 ? 1 : 0);
      case '==':
        return () => (c() === 0 ? 1 : 0);
      default:
        return () => (c() !== 0 ? 1 : 0);
    }
  }

  /** A user function call: scalars by value, arrays by reference, missing arguments are locals. */
  #call(e: Extract<Expr, { k: 'call' }>): AFn {
    const f = this.#funcs.get(e.name);
    if (!f) throw new AwkSyntaxError(`function ${e.name} never defined`, e.line);
    if (e.args.length > f.nparams) throw new AwkSyntaxError(`too many arguments in call to ${e.name}`, e.line);
    const args: AFn[] = e.args.map((a, i) => {
      if (!f.arrays[i]) return this.ax(a);
      const name = a.k === 'var' ? a.name : a.k === 'group' && a.e.k === 'var' ? a.e.name : null;
      if (name === null) throw new AwkSyntaxError(`type error in arg(${i + 1}) in call to ${e.name}`, e.line);
      return this.#arr(name) as unknown as AFn;
    });
    const rt = this.#rt;
    const finish = (code: number): Value => {
      if (code === NEXT || code === EXIT || code === NEXTFILE) throw new Jump(code);
      const r = this.retval;
      this.retval = undefined;
      return r;
    };
    const anyAsync = f.async || e.args.some((a) => this.#async.has(a));
    if (!anyAsync) {
      const sargs = args as Fn[];
      return () => {
        const frame: Array<Value | AwkArray> = new Array(f.nparams);
        for (let i = 0; i < sargs.length; i++) frame[i] = sargs[i]!();
        const saved = rt.frame;
        rt.frame = frame;
        try {
          return finish((f.body as SFn)());
        } finally {
          rt.frame = saved;
        }
      };
    }
    return async () => {
      const frame: Array<Value | AwkArray> = new Array(f.nparams);
      for (let i = 0; i < args.length; i++) frame[i] = await args[i]!();
      const saved = rt.frame;
      rt.frame = frame;
      try {
        return finish(await f.body());
      } finally {
        rt.frame = saved;
      }
    };
  }

  #getline(e: Extract<Expr, { k: 'getline' }>): Fn {
    const rt = this.#rt;
    const lv = e.lv ? this.#lv(e.lv) : null;
    const store = (r: string): void => {
      if (lv) {
        lv.prep();
        lv.set(new StrNum(r));
      } else rt.setRecord(r);
    };
    if (e.src === 'main')
      return () => {
        const r = rt.nextMain();
        if (r === null) return 0;
        store(r);
        return 1;
      };
    if (e.src === 'cmd') throw new Error('cmd | getline compiled synchronously');
    const file = this.x(e.e!);
    const S = this.#S;
    return () => {
      const r = rt.fileRecord(S(file()));
      if (r === undefined) return -1;
      if (r === null) return 0;
      store(r);
      return 1;
    };
  }

  #builtin(e: Extract<Expr, { k: 'builtin' }>): Fn {
    const rt = this.#rt;
    const S = this.#S;
    const a = e.args;
    const arity = (min: number, max: number): void => {
      if (a.length < min || a.length > max) throw this.#error(`wrong number of arguments in call to ${e.name}`);
    };
    const num = (i: number): (() => number) => {
      const f = this.x(a[i]!);
      return () => toNum(f());
    };
    const str = (i: number): (() => string) => {
      const f = this.x(a[i]!);
      return () => S(f());
    };
    switch (e.name) {
      case 'length': {
        arity(0, 1);
        if (a.length === 0) return () => rt.record.length;
        if (a[0]!.k === 'var' && this.#isArray(a[0]!.name)) {
          const arr = this.#arr(a[0]!.name);
          return () => arr().size;
        }
        const s = str(0);
        return () => s().length;
      }
      case 'substr': {
        arity(2, 3);
        const s = str(0);
        const m = num(1);
        const n = a.length > 2 ? num(2) : null;
        return () => substr(s(), m(), n ? n() : undefined);
      }
      case 'index': {
        arity(2, 2);
        const s = str(0);
        const t = str(1);
        return () => s().indexOf(t()) + 1;
      }
      case 'split': {
        arity(2, 3);
        const s = str(0);
        if (a[1]!.k !== 'var') throw this.#error('type error in arg(2) in call to split');
        const arr = this.#arr(a[1]!.name);
        const sep = a[2];
        const fs: () => string =
          sep === undefined ? () => rt.str(FS) : sep.k === 're' ? () => (sep.src === ' ' ? '[ ]' : sep.src) : str(2);
        return () => {
          const parts = rt.splitWith(s(), fs(), false);
          const m = arr();
          m.clear();
          for (let i = 0; i < parts.length; i++) m.set(String(i + 1), new StrNum(parts[i]!));
          return parts.length;
        };
      }
      case 'sub':
      case 'gsub': {
        arity(2, 3);
        const re = this.#regex(a[0]!);
        const repl = str(1);
        const lv = this.#lv(a[2] ?? { k: 'field', e: { k: 'num', v: 0 } });
        const global = e.name === 'gsub';
        return () => {
          const r = re();
          const rep = repl();
          lv.prep();
          const [out, n] = substitute(r, rep, S(lv.get()), global);
          if (n > 0) lv.set(out);
          return n;
        };
      }
      case 'match': {
        arity(2, 2);
        const s = str(0);
        const re = this.#regex(a[1]!);
        return () => {
          const [start, len] = match(re(), s());
          rt.vars[RSTART] = start;
          rt.vars[RLENGTH] = len;
          return start;
        };
      }
      case 'sprintf': {
        if (a.length === 0) throw this.#error('wrong number of arguments in call to sprintf');
        const fs = a.map((x) => this.x(x));
        return () =>
          sprintf(
            S(fs[0]!()),
            fs.slice(1).map((f) => f()),
            rt.convfmt,
          );
      }
      case 'tolower':
      case 'toupper': {
        arity(1, 1);
        const s = str(0);
        return e.name === 'tolower' ? () => lower(s()) : () => upper(s());
      }
      case 'atan2': {
        arity(2, 2);
        const y = num(0);
        const x = num(1);
        return () => Math.atan2(y(), x());
      }
      case 'rand':
        arity(0, 0);
        return () => this.#random.next();
      case 'srand': {
        arity(0, 1);
        const s = a.length ? num(0) : () => this.#now;
        return () => this.#random.srand(s());
      }
      case 'fflush':
        arity(0, 1);
        return () => {
          rt.flushAll();
          return 0;
        };
      case 'system':
      case 'close':
        throw new Error(`${e.name} compiled synchronously`);
    }
    arity(1, 1);
    const n = num(0);
    const math: Record<string, (v: number) => number> = {
      sin: Math.sin,
      cos: Math.cos,
      exp: Math.exp,
      log: Math.log,
      sqrt: Math.sqrt,
      int: Math.trunc,
    };
    const m = math[e.name]!;
    return () => m(n());
  }

  // Expressions that wait on a process.

  ax(e: Expr): AFn {
    if (!this.#async.has(e)) return this.x(e);
    switch (e.k) {
      case 'and':
      case 'or': {
        const a = this.ax(e.a);
        const b = this.ax(e.b);
        return e.k === 'and'
          ? async () => (toBool(await a()) && toBool(await b()) ? 1 : 0)
          : async () => (toBool(await a()) || toBool(await b()) ? 1 : 0);
      }
      case 'cond': {
        const c = this.ax(e.c);
        const a = this.ax(e.a);
        const b = this.ax(e.b);
        return async () => (toBool(await c()) ? a() : b());
      }
      case 'call':
        return this.#call(e);
      case 'builtin':
        if (e.name === 'system' || e.name === 'close') {
          if (e.args.length !== 1) throw this.#error(`wrong number of arguments in call to ${e.name}`);
          const f = this.ax(e.args[0]!);
          const rt = this.#rt;
          const S = this.#S;
          return e.name === 'system' ? async () => rt.system(S(await f())) : async () => rt.close(S(await f()));
        }
        break;
      case 'getline':
        if (e.src === 'cmd') return this.#cmdGetline(e);
        break;
    }
    return this.#slots(valueKids(e), () => this.x(e));
  }

  #cmdGetline(e: Extract<Expr, { k: 'getline' }>): AFn {
    const rt = this.#rt;
    const S = this.#S;
    const cmd = this.ax(e.e!);
    const lv = e.lv ? this.#lv(e.lv) : null;
    return async () => {
      const r = await rt.commandRecord(S(await cmd()));
      if (r === null) return 0;
      rt.vars[NR] = toNum(rt.vars[NR]) + 1;
      if (lv) {
        lv.prep();
        lv.set(new StrNum(r));
      } else rt.setRecord(r);
      return 1;
    };
  }

  /** `kids` evaluated (awaited) in order, then `build`'s synchronous closure over their values. */
  #slots<T>(kids: Expr[], build: () => () => T): () => Promise<T> {
    const fs = kids.map((k) => this.ax(k));
    let vals: Value[] = [];
    kids.forEach((k, i) => this.#over.set(k, () => vals[i]));
    const run = build();
    for (const k of kids) this.#over.delete(k);
    return async () => {
      const v: Value[] = new Array(fs.length);
      for (let i = 0; i < fs.length; i++) v[i] = await fs[i]!();
      vals = v;
      return run();
    };
  }

  // Statements.

  #block(body: Stmt[]): SFn {
    const fs = body.map((s) => this.#stmt(s));
    if (fs.length === 1) return fs[0]!;
    return () => {
      for (let i = 0; i < fs.length; i++) {
        const r = fs[i]!();
        if (r !== NORMAL) return r;
      }
      return NORMAL;
    };
  }

  #stmt(s: Stmt): SFn {
    if (s.line !== undefined) this.#line = s.line;
    switch (s.k) {
      case 'expr': {
        const f = this.x(s.e);
        return () => {
          f();
          return NORMAL;
        };
      }
      case 'print':
      case 'printf':
        return this.#print(s);
      case 'if': {
        const c = this.x(s.c);
        const t = this.#stmt(s.t);
        const f = s.f ? this.#stmt(s.f) : () => NORMAL;
        return () => (toBool(c()) ? t() : f());
      }
      case 'while':
      case 'do': {
        const c = this.x(s.c);
        const body = this.#stmt(s.body);
        const first = s.k === 'do';
        return () => {
          for (let go = first; go || toBool(c()); go = false) {
            const r = body();
            if (r === BREAK) break;
            if (r !== NORMAL && r !== CONTINUE) return r;
          }
          return NORMAL;
        };
      }
      case 'for': {
        const init = s.init ? this.x(s.init) : null;
        const c = s.c ? this.x(s.c) : () => 1;
        const step = s.step ? this.x(s.step) : null;
        const body = this.#stmt(s.body);
        return () => {
          for (init?.(); toBool(c()); step?.()) {
            const r = body();
            if (r === BREAK) break;
            if (r !== NORMAL && r !== CONTINUE) return r;
          }
          return NORMAL;
        };
      }
      case 'forin': {
        const arr = this.#arr(s.arr);
        const lv = this.#lv(s.v);
        const body = this.#stmt(s.body);
        return () => {
          // Keys in the order they were added; the loop walks a copy of them.
          for (const k of [...arr().keys()]) {
            lv.prep();
            lv.set(k);
            const r = body();
            if (r === BREAK) break;
            if (r !== NORMAL && r !== CONTINUE) return r;
          }
          return NORMAL;
        };
      }
      case 'block':
        return this.#block(s.body);
      case 'next':
        return () => NEXT;
      case 'nextfile':
        return () => NEXTFILE;
      case 'break':
        return () => BREAK;
      case 'continue':
        return () => CONTINUE;
      case 'exit': {
        const f = s.e ? this.x(s.e) : null;
        return () => {
          if (f) this.exitCode = Math.trunc(toNum(f())) & 0xff;
          return EXIT;
        };
      }
      case 'return': {
        const f = s.e ? this.x(s.e) : null;
        return () => {
          this.retval = f ? f() : undefined;
          return RETURN;
        };
      }
      case 'delete': {
        const arr = this.#arr(s.name);
        if (!s.subs)
          return () => {
            arr().clear();
            return NORMAL;
          };
        const key = this.#keyFn(s.subs);
        return () => {
          arr().delete(key());
          return NORMAL;
        };
      }
    }
  }

  #print(s: Extract<Stmt, { k: 'print' | 'printf' }>): SFn {
    const rt = this.#rt;
    const args = s.args.map((a) => this.x(a));
    const target = s.redir ? this.x(s.redir.e) : null;
    const op = s.redir?.op;
    const S = this.#S;
    const O = this.#O;
    const out = (text: string): number => {
      if (target) rt.write(text, op, S(target()));
      else rt.write(text);
      return NORMAL;
    };
    if (s.k === 'printf')
      return () =>
        out(
          sprintf(
            S(args[0]!()),
            args.slice(1).map((f) => f()),
            rt.convfmt,
          ),
        );
    if (args.length === 0) return () => out(rt.record + rt.str(ORS));
    return () => {
      let line = O(args[0]!());
      if (args.length > 1) {
        const ofs = rt.str(OFS);
        for (let i = 1; i < args.length; i++) line += ofs + O(args[i]!());
      }
      return out(line + rt.str(ORS));
    };
  }

  #aBlock(body: Stmt[]): ASFn {
    const fs = body.map((s) => this.#aStmt(s));
    return async () => {
      for (const f of fs) {
        const r = await f();
        if (r !== NORMAL) return r;
      }
      return NORMAL;
    };
  }

  #aStmt(s: Stmt): ASFn {
    if (!this.#async.has(s)) return this.#stmt(s);
    if (s.line !== undefined) this.#line = s.line;
    switch (s.k) {
      case 'block':
        return this.#aBlock(s.body);
      case 'if': {
        const c = this.ax(s.c);
        const t = this.#aStmt(s.t);
        const f = s.f ? this.#aStmt(s.f) : () => NORMAL;
        return async () => (toBool(await c()) ? t() : f());
      }
      case 'while':
      case 'do':
      case 'for': {
        const init = s.k === 'for' && s.init ? this.ax(s.init) : null;
        const c = s.k === 'for' ? (s.c ? this.ax(s.c) : () => 1) : this.ax(s.c);
        const step = s.k === 'for' && s.step ? this.ax(s.step) : null;
        const body = this.#aStmt(s.body);
        const first = s.k === 'do';
        return async () => {
          if (init) await init();
          for (let go = first; go || toBool(await c()); go = false) {
            const r = await body();
            if (r === BREAK) break;
            if (r !== NORMAL && r !== CONTINUE) return r;
            if (step) await step();
          }
          return NORMAL;
        };
      }
      case 'forin': {
        const arr = this.#arr(s.arr);
        const lv = this.#lv(s.v);
        const body = this.#aStmt(s.body);
        return async () => {
          for (const k of [...arr().keys()]) {
            lv.prep();
            lv.set(k);
            const r = await body();
            if (r === BREAK) break;
            if (r !== NORMAL && r !== CONTINUE) return r;
          }
          return NORMAL;
        };
      }
    }
    return this.#slots(stmtKids(s), () => this.#stmt(s));
  }

  #rule(item: Item): Rule {
    this.#line = item.line;
    const rt = this.#rt;
    const p = item.pattern;
    const isAsync =
      (item.body ?? []).some((s) => this.#async.has(s)) ||
      (p.k === 'expr' && this.#async.has(p.e)) ||
      (p.k === 'range' && (this.#async.has(p.a) || this.#async.has(p.b)));
    const body: ASFn = item.body
      ? isAsync
        ? this.#aBlock(item.body)
        : this.#block(item.body)
      : () => {
          rt.write(rt.record + rt.str(ORS));
          return NORMAL;
        };
    if (p.k === 'expr') {
      const c = this.ax(p.e);
      return {
        async: isAsync,
        run: isAsync
          ? async () => (toBool(await c()) ? body() : NORMAL)
          : () => (toBool(c() as Value) ? body() : NORMAL),
      };
    }
    if (p.k === 'range') {
      const a = this.ax(p.a);
      const b = this.ax(p.b);
      let on = false;
      if (!isAsync)
        return {
          async: false,
          run: () => {
            if (!on) {
              if (!toBool(a() as Value)) return NORMAL;
              on = true;
            }
            if (toBool(b() as Value)) on = false;
            return body();
          },
        };
      return {
        async: true,
        run: async () => {
          if (!on) {
            if (!toBool(await a())) return NORMAL;
            on = true;
          }
          if (toBool(await b())) on = false;
          return body();
        },
      };
    }
    return { async: isAsync, run: body };
  }
}

function lvKids(e: Expr): Expr[] {
  return e.k === 'idx' ? e.subs : e.k === 'field' ? [e.e] : [];
}

/** The children whose values the synchronous form reads (constants and array names left out). */
function valueKids(e: Expr): Expr[] {
  let ks: Expr[];
  switch (e.k) {
    case 'idx':
    case 'in':
      ks = e.subs;
      break;
    case 'field':
    case 'group':
    case 'unary':
      ks = [e.e];
      break;
    case 'assign':
      ks = [...lvKids(e.lv), e.e];
      break;
    case 'match':
      ks = [e.a, e.re];
      break;
    case 'cmp':
    case 'cat':
    case 'bin':
      ks = [e.a, e.b];
      break;
    case 'incr':
      ks = lvKids(e.lv);
      break;
    case 'builtin':
      ks =
        e.name === 'split'
          ? [e.args[0]!, ...e.args.slice(2)]
          : e.name === 'sub' || e.name === 'gsub'
            ? [...e.args.slice(0, 2), ...(e.args[2] ? lvKids(e.args[2]) : [])]
            : e.args;
      break;
    case 'getline':
      ks = [...(e.e ? [e.e] : []), ...(e.lv ? lvKids(e.lv) : [])];
      break;
    default:
      ks = [];
  }
  return ks.filter((k) => !CONSTANT.has(k.k));
}

function stmtKids(s: Stmt): Expr[] {
  const ks =
    s.k === 'expr'
      ? [s.e]
      : s.k === 'print' || s.k === 'printf'
        ? [...s.args, ...(s.redir ? [s.redir.e] : [])]
        : s.k === 'exit' || s.k === 'return'
          ? s.e
            ? [s.e]
            : []
          : s.k === 'delete'
            ? (s.subs ?? [])
            : [];
  return ks.filter((k) => !CONSTANT.has(k.k));
}
