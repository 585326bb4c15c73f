// What the compiler needs to know about a program before it compiles it: which names are
// arrays (globals, and each function's parameters: an array is passed by reference), and which
// functions and nodes must wait on another process (system, close, cmd | getline).
import type { Expr, FuncDef, Program, Stmt } from './ast.ts';

type Node = Expr | Stmt;

/** Every child node, in evaluation order. */
export function kids(n: Node): Node[] {
  switch (n.k) {
    case 'idx':
    case 'in':
      return n.subs;
    case 'field':
    case 'group':
    case 'unary':
      return [n.e];
    case 'assign':
      return [n.lv, n.e];
    case 'cond':
      return [n.c, n.a, n.b];
    case 'and':
    case 'or':
    case 'cmp':
    case 'cat':
    case 'bin':
      return [n.a, n.b];
    case 'match':
      return [n.a, n.re];
    case 'incr':
      return [n.lv];
    case 'call':
    case 'builtin':
      return n.args;
    case 'getline':
      return [n.e, n.lv].filter((x): x is Expr => x !== undefined);
    case 'expr':
      return [n.e];
    case 'print':
    case 'printf':
      return n.redir ? [...n.args, n.redir.e] : n.args;
    case 'if':
      return n.f ? [n.c, n.t, n.f] : [n.c, n.t];
    case 'while':
      return [n.c, n.body];
    case 'do':
      return [n.body, n.c];
    case 'for':
      return [n.init, n.c, n.step, n.body].filter((x): x is Node => x !== undefined);
    case 'forin':
      return [n.v, n.body];
    case 'block':
      return n.body;
    case 'exit':
    case 'return':
      return n.e ? [n.e] : [];
    case 'delete':
      return n.subs ?? [];
    default:
      return [];
  }
}

function walk(nodes: Node[], visit: (n: Node) => void): void {
  for (const n of nodes) {
    visit(n);
    walk(kids(n), visit);
  }
}

function programNodes(p: Program): Node[] {
  const out: Node[] = [];
  for (const item of p.items) {
    if (item.pattern.k === 'expr') out.push(item.pattern.e);
    if (item.pattern.k === 'range') out.push(item.pattern.a, item.pattern.b);
    if (item.body) out.push(...item.body);
  }
  return out;
}

export interface Arrays {
  globals: Set<string>;
  /** Per function, which parameters are arrays. */
  params: Map<string, boolean[]>;
}

/** Names used with a subscript, in `in`, for-in, delete, split, or passed where an array is wanted. */
export function inferArrays(p: Program): Arrays {
  const a: Arrays = { globals: new Set(), params: new Map() };
  for (const f of p.funcs.values())
    a.params.set(
      f.name,
      f.params.map(() => false),
    );
  let changed = true;
  const isArray = (f: FuncDef | null, name: string): boolean => {
    const i = f ? f.params.indexOf(name) : -1;
    return i >= 0 ? a.params.get(f!.name)![i]! : a.globals.has(name);
  };
  const mark = (f: FuncDef | null, name: string): void => {
    const i = f ? f.params.indexOf(name) : -1;
    if (i >= 0) {
      const ps = a.params.get(f!.name)!;
      if (!ps[i]) changed = ps[i] = true;
    } else if (!a.globals.has(name)) {
      a.globals.add(name);
      changed = true;
    }
  };
  const scan = (f: FuncDef | null, nodes: Node[]): void =>
    walk(nodes, (n) => {
      if (n.k === 'idx' || n.k === 'in' || n.k === 'delete') mark(f, n.name);
      else if (n.k === 'forin') mark(f, n.arr);
      else if (n.k === 'builtin' && n.name === 'split' && n.args[1]?.k === 'var') mark(f, n.args[1].name);
      else if (n.k === 'call') {
        const ps = a.params.get(n.name);
        // Either side of a call can tell the other that an argument is an array.
        n.args.forEach((arg, i) => {
          if (!ps || arg.k !== 'var') return;
          if (ps[i]) mark(f, arg.name);
          else if (isArray(f, arg.name) && i < ps.length) {
            ps[i] = true;
            changed = true;
          }
        });
      }
    });
  while (changed) {
    changed = false;
    scan(null, programNodes(p));
    for (const f of p.funcs.values()) scan(f, f.body);
  }
  return a;
}

/** Which nodes wait on a process: system(), close(), cmd | getline, and calls that reach one. */
export class AsyncInfo {
  readonly #funcs = new Set<string>();
  readonly #memo = new WeakMap<Node, boolean>();

  constructor(p: Program) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const f of p.funcs.values()) {
        if (!this.#funcs.has(f.name) && f.body.some((s) => this.#scan(s, null))) {
          this.#funcs.add(f.name);
          changed = true;
        }
      }
    }
  }

  func(name: string): boolean {
    return this.#funcs.has(name);
  }

  has(n: Node): boolean {
    return this.#scan(n, this.#memo);
  }

  #scan(n: Node, memo: WeakMap<Node, boolean> | null): boolean {
    const known = memo?.get(n);
    if (known !== undefined) return known;
    const self =
      (n.k === 'getline' && n.src === 'cmd') ||
      (n.k === 'builtin' && (n.name === 'system' || n.name === 'close')) ||
      (n.k === 'call' && this.#funcs.has(n.name));
    const r = self || kids(n).some((k) => this.#scan(k, memo));
    memo?.set(n, r);
    return r;
  }
}

/** Kinds whose value needs no evaluation (and so never waits). */
const CONSTANT = new Set(['num', 'str', 're']);

function lvKids(e: Expr): Expr[] {
  return e.k === 'idx' ? e.subs : e.k === 'field' ? [e.e] : [];
}

/** The children whose values the synchronous form reads (constants and array names left out). */
export function valueKids(e: Expr): Expr[] {
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

export function stmtKids(s: Stmt): Expr[] {
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
