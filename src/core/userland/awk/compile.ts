// The parsed program compiled to closures over the Runtime: names, lvalues and expressions here,
// statements in statements.ts, built-in calls in builtins.ts. Everything runs synchronously
// except the few nodes that wait on another process (system, close, cmd | getline, and calls
// reaching them): those compile to async closures, which evaluate their children first and then
// run the node's synchronous form over the values ("slots"), so each node is written once.
import type { Expr, Program } from './ast.ts';
import { AsyncInfo, inferArrays, valueKids, type Arrays } from './analyze.ts';
import { builtinCall, Random } from './builtins.ts';
import { AwkSyntaxError } from './lexer.ts';
import { FS, NR, OFMT, Runtime, SPECIAL_VARS, SUBSEP, type AwkArray } from './runtime.ts';
import { aBlock, block, EXIT, Jump, NEXT, NEXTFILE, rule, type ASFn, type Rule, type SFn } from './statements.ts';
import { arith, AwkError, comparison, numToStr, StrNum, toBool, toNum, toStr, type Value } from './value.ts';

export type Fn = () => Value;
export type AFn = () => Value | Promise<Value>;

export interface LV {
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

export interface Compiled {
  begin: Rule[];
  main: Rule[];
  end: Rule[];
}

export class Compiler {
  readonly rt: Runtime;
  readonly #p: Program;
  readonly #arrays: Arrays;
  readonly async: AsyncInfo;
  readonly #globals = new Map<string, number>();
  readonly #globalArrays = new Map<string, AwkArray>();
  readonly #funcs = new Map<string, Func>();
  readonly #over = new Map<Expr, Fn>();
  readonly random = new Random();
  /** Parameters of the function being compiled: name -> frame index. */
  #params = new Map<string, number>();
  #fname = '';
  /** The line of what is being compiled, for errors found now. */
  line = 0;
  now = 0;
  retval: Value = undefined;
  exitCode = 0;

  constructor(rt: Runtime, p: Program) {
    this.rt = rt;
    this.#p = p;
    this.#arrays = inferArrays(p);
    this.async = new AsyncInfo(p);
    SPECIAL_VARS.forEach((name, i) => this.#globals.set(name, i));
    this.#globalArrays.set('ARGV', rt.ARGV);
    this.#globalArrays.set('ENVIRON', rt.ENVIRON);
    rt.assign = (name, v) => {
      const lv = this.lv({ k: 'var', name });
      lv.prep();
      lv.set(v);
    };
  }

  /** Compiles every rule and function; `now` seeds srand() (seconds). */
  compile(now: number): Compiled {
    this.now = now;
    for (const [name, def] of this.#p.funcs) {
      this.#funcs.set(name, {
        nparams: def.params.length,
        arrays: this.#arrays.params.get(name)!,
        async: this.async.func(name),
        body: () => 0,
      });
    }
    for (const [name, def] of this.#p.funcs) {
      this.#params = new Map(def.params.map((p, i) => [p, i]));
      this.#fname = name;
      const f = this.#funcs.get(name)!;
      f.body = f.async ? aBlock(this, def.body) : block(this, def.body);
    }
    this.#params = new Map();
    this.#fname = '';
    const out: Compiled = { begin: [], main: [], end: [] };
    for (const item of this.#p.items) {
      const k = item.pattern.k;
      (k === 'BEGIN' ? out.begin : k === 'END' ? out.end : out.main).push(rule(this, item));
    }
    return out;
  }

  error(message: string): AwkSyntaxError {
    return new AwkSyntaxError(message, this.line);
  }

  /**
   * What waits on a command is compiled through ax(), which every place that evaluates an
   * expression uses but a few odd corners (the subscript of cmd | getline's variable).
   */
  #cannotWait(): AwkSyntaxError {
    return this.error('a command cannot run in this place (use a variable)');
  }

  // Names.

  isArray(name: string): boolean {
    const i = this.#params.get(name);
    if (i !== undefined) return this.#arrays.params.get(this.#fname)?.[i] ?? false;
    return this.#arrays.globals.has(name);
  }

  arr(name: string): () => AwkArray {
    const i = this.#params.get(name);
    if (i !== undefined) {
      const rt = this.rt;
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
        throw this.error(`can't use scalar ${name} as array`);
      m = new Map();
      this.#globalArrays.set(name, m);
    }
    const arr = m;
    return () => arr;
  }

  #slot(name: string): number {
    let s = this.#globals.get(name);
    if (s === undefined) {
      s = this.rt.vars.length;
      this.rt.vars.push(undefined);
      this.#globals.set(name, s);
    }
    return s;
  }

  // Conversions, bound to the runtime's CONVFMT and OFMT.

  readonly S = (v: Value): string => (typeof v === 'string' ? v : toStr(v, this.rt.convfmt));
  readonly O = (v: Value): string => (typeof v === 'number' ? numToStr(v, this.rt.str(OFMT)) : this.S(v));
  readonly #key = (v: Value): string =>
    typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : this.S(v);

  keyFn(subs: Expr[]): () => string {
    const fs = subs.map((s) => this.x(s));
    const key = this.#key;
    if (fs.length === 1) {
      const f = fs[0]!;
      return () => key(f());
    }
    const rt = this.rt;
    return () => fs.map((f) => key(f())).join(rt.str(SUBSEP));
  }

  /** A regex literal, compiled now: its errors are the program's, with its line. */
  #literal(src: string): RegExp {
    try {
      return this.rt.regex(src);
    } catch (e) {
      if (e instanceof AwkError) throw this.error(e.message);
      throw e;
    }
  }

  regex(e: Expr): () => RegExp {
    if (e.k === 're') {
      const re = this.#literal(e.src);
      return () => re;
    }
    const f = this.x(e);
    const rt = this.rt;
    const S = this.S;
    return () => rt.regex(S(f()));
  }

  lv(e: Expr): LV {
    const rt = this.rt;
    if (e.k === 'var') {
      const i = this.#params.get(e.name);
      if (i !== undefined) return { prep() {}, get: () => rt.frame[i] as Value, set: (v) => void (rt.frame[i] = v) };
      if (this.isArray(e.name)) throw this.error(`illegal reference to array ${e.name}`);
      if (e.name === 'NF') return { prep() {}, get: () => rt.nf, set: (v) => void (rt.nf = Math.trunc(toNum(v))) };
      const s = this.#slot(e.name);
      const vars = rt.vars;
      if (s === FS) return { prep() {}, get: () => vars[s], set: (v) => void (rt.nf, (vars[s] = v)) };
      return { prep() {}, get: () => vars[s], set: (v) => void (vars[s] = v) };
    }
    if (e.k === 'idx') {
      const arr = this.arr(e.name);
      const keyFn = this.keyFn(e.subs);
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
    throw this.error('assignment to a non-variable');
  }

  // Expressions, synchronous.

  x(e: Expr): Fn {
    const o = this.#over.get(e);
    if (o) return o;
    const rt = this.rt;
    const S = this.S;
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
          if (this.isArray(e.name)) throw this.error(`illegal reference to array ${e.name}`);
          return () => rt.frame[i] as Value;
        }
        if (this.isArray(e.name)) throw this.error(`illegal reference to array ${e.name}`);
        if (e.name === 'NF') return () => rt.nf;
        const s = this.#slot(e.name);
        const vars = rt.vars;
        return () => vars[s];
      }
      case 'idx': {
        const arr = this.arr(e.name);
        const keyFn = this.keyFn(e.subs);
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
        const arr = this.arr(e.name);
        const keyFn = this.keyFn(e.subs);
        return () => (arr().has(keyFn()) ? 1 : 0);
      }
      case 'match': {
        const a = this.x(e.a);
        const re = this.regex(e.re);
        const neg = e.neg;
        return () => {
          const s = S(a());
          const r = re();
          r.lastIndex = 0;
          return r.test(s) !== neg ? 1 : 0;
        };
      }
      case 'cmp':
        return comparison(e.op, this.x(e.a), this.x(e.b), () => this.rt.convfmt);
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
        return arith(e.op, this.x(e.a), this.x(e.b));
      case 'unary': {
        const f = this.x(e.e);
        if (e.op === '!') return () => (toBool(f()) ? 0 : 1);
        if (e.op === '-') return () => -toNum(f());
        return () => toNum(f());
      }
      case 'incr': {
        const lv = this.lv(e.lv);
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
        if (this.async.has(e)) throw this.#cannotWait();
        return this.#call(e) as Fn;
      case 'builtin':
        return builtinCall(this, e);
      case 'getline':
        return this.#getline(e);
    }
  }

  #assign(e: Extract<Expr, { k: 'assign' }>): Fn {
    const lv = this.lv(e.lv);
    const rhs = this.x(e.e);
    if (e.op === '=')
      return () => {
        const v = rhs();
        lv.prep();
        lv.set(v);
        return v;
      };
    const op = arith(e.op.slice(0, -1), () => lv.get(), rhs);
    return () => {
      lv.prep();
      const v = op();
      lv.set(v);
      return v;
    };
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
      return this.arr(name) as unknown as AFn;
    });
    const rt = this.rt;
    const finish = (code: number): Value => {
      if (code === NEXT || code === EXIT || code === NEXTFILE) throw new Jump(code);
      const r = this.retval;
      this.retval = undefined;
      return r;
    };
    const anyAsync = f.async || e.args.some((a) => this.async.has(a));
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
    const rt = this.rt;
    const lv = e.lv ? this.lv(e.lv) : null;
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
    if (e.src === 'cmd') throw this.#cannotWait();
    const file = this.x(e.e!);
    const S = this.S;
    return () => {
      const r = rt.fileRecord(S(file()));
      if (r === undefined) return -1;
      if (r === null) return 0;
      store(r);
      return 1;
    };
  }

  // Expressions that wait on a process.

  ax(e: Expr): AFn {
    if (!this.async.has(e)) return this.x(e);
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
          if (e.args.length !== 1) throw this.error(`wrong number of arguments in call to ${e.name}`);
          const f = this.ax(e.args[0]!);
          const rt = this.rt;
          const S = this.S;
          return e.name === 'system' ? async () => rt.system(S(await f())) : async () => rt.close(S(await f()));
        }
        break;
      case 'getline':
        if (e.src === 'cmd') return this.#cmdGetline(e);
        break;
    }
    return this.slots(valueKids(e), () => this.x(e));
  }

  #cmdGetline(e: Extract<Expr, { k: 'getline' }>): AFn {
    const rt = this.rt;
    const S = this.S;
    const cmd = this.ax(e.e!);
    const lv = e.lv ? this.lv(e.lv) : null;
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
  slots<T>(kids: Expr[], build: () => () => T): () => Promise<T> {
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
}
