// awk's statements and rules compiled to closures that return how they ended (NORMAL, BREAK,
// NEXT...), synchronous unless they wait on a process; expressions come from the Compiler.
import type { Item, Stmt } from './ast.ts';
import { stmtKids } from './analyze.ts';
import type { Compiler } from './compile.ts';
import { ORS, OFS } from './runtime.ts';
import { sprintf, toBool, toNum, type Value } from './value.ts';

export type SFn = () => number;
export type ASFn = () => number | Promise<number>;

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

export interface Rule {
  async: boolean;
  run: ASFn;
}

export function block(cx: Compiler, body: Stmt[]): SFn {
  const fs = body.map((s) => stmt(cx, s));
  if (fs.length === 1) return fs[0]!;
  return () => {
    for (let i = 0; i < fs.length; i++) {
      const r = fs[i]!();
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  };
}

function stmt(cx: Compiler, s: Stmt): SFn {
  if (s.line !== undefined) cx.line = s.line;
  switch (s.k) {
    case 'expr': {
      const f = cx.x(s.e);
      return () => {
        f();
        return NORMAL;
      };
    }
    case 'print':
    case 'printf':
      return print(cx, s);
    case 'if': {
      const c = cx.x(s.c);
      const t = stmt(cx, s.t);
      const f = s.f ? stmt(cx, s.f) : () => NORMAL;
      return () => (toBool(c()) ? t() : f());
    }
    case 'while':
    case 'do': {
      const c = cx.x(s.c);
      const body = stmt(cx, s.body);
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
      const init = s.init ? cx.x(s.init) : null;
      const c = s.c ? cx.x(s.c) : () => 1;
      const step = s.step ? cx.x(s.step) : null;
      const body = stmt(cx, s.body);
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
      const arr = cx.arr(s.arr);
      const lv = cx.lv(s.v);
      const body = stmt(cx, s.body);
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
      return block(cx, s.body);
    case 'next':
      return () => NEXT;
    case 'nextfile':
      return () => NEXTFILE;
    case 'break':
      return () => BREAK;
    case 'continue':
      return () => CONTINUE;
    case 'exit': {
      const f = s.e ? cx.x(s.e) : null;
      return () => {
        if (f) cx.exitCode = Math.trunc(toNum(f())) & 0xff;
        return EXIT;
      };
    }
    case 'return': {
      const f = s.e ? cx.x(s.e) : null;
      return () => {
        cx.retval = f ? f() : undefined;
        return RETURN;
      };
    }
    case 'delete': {
      const arr = cx.arr(s.name);
      if (!s.subs)
        return () => {
          arr().clear();
          return NORMAL;
        };
      const key = cx.keyFn(s.subs);
      return () => {
        arr().delete(key());
        return NORMAL;
      };
    }
  }
}

function print(cx: Compiler, s: Extract<Stmt, { k: 'print' | 'printf' }>): SFn {
  const rt = cx.rt;
  const args = s.args.map((a) => cx.x(a));
  const target = s.redir ? cx.x(s.redir.e) : null;
  const op = s.redir?.op;
  const S = cx.S;
  const O = cx.O;
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

export function aBlock(cx: Compiler, body: Stmt[]): ASFn {
  const fs = body.map((s) => aStmt(cx, s));
  return async () => {
    for (const f of fs) {
      const r = await f();
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  };
}

function aStmt(cx: Compiler, s: Stmt): ASFn {
  if (!cx.async.has(s)) return stmt(cx, s);
  if (s.line !== undefined) cx.line = s.line;
  switch (s.k) {
    case 'block':
      return aBlock(cx, s.body);
    case 'if': {
      const c = cx.ax(s.c);
      const t = aStmt(cx, s.t);
      const f = s.f ? aStmt(cx, s.f) : () => NORMAL;
      return async () => (toBool(await c()) ? t() : f());
    }
    case 'while':
    case 'do':
    case 'for': {
      const init = s.k === 'for' && s.init ? cx.ax(s.init) : null;
      const c = s.k === 'for' ? (s.c ? cx.ax(s.c) : () => 1) : cx.ax(s.c);
      const step = s.k === 'for' && s.step ? cx.ax(s.step) : null;
      const body = aStmt(cx, s.body);
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
      const arr = cx.arr(s.arr);
      const lv = cx.lv(s.v);
      const body = aStmt(cx, s.body);
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
  return cx.slots(stmtKids(s), () => stmt(cx, s));
}

/** A pattern-action pair: runs the action when the pattern (or range) selects the record. */
export function rule(cx: Compiler, item: Item): Rule {
  cx.line = item.line;
  const rt = cx.rt;
  const p = item.pattern;
  const isAsync =
    (item.body ?? []).some((s) => cx.async.has(s)) ||
    (p.k === 'expr' && cx.async.has(p.e)) ||
    (p.k === 'range' && (cx.async.has(p.a) || cx.async.has(p.b)));
  const body: ASFn = item.body
    ? isAsync
      ? aBlock(cx, item.body)
      : block(cx, item.body)
    : () => {
        rt.write(rt.record + rt.str(ORS));
        return NORMAL;
      };
  if (p.k === 'expr') {
    const c = cx.ax(p.e);
    return {
      async: isAsync,
      run: isAsync ? async () => (toBool(await c()) ? body() : NORMAL) : () => (toBool(c() as Value) ? body() : NORMAL),
    };
  }
  if (p.k === 'range') {
    const a = cx.ax(p.a);
    const b = cx.ax(p.b);
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
