// awk's built-in functions (POSIX awk, "Arithmetic Functions", "String Functions"): their
// calls compiled over the Compiler's expressions, and the string work itself over byte strings.
// system() and close() wait on processes, so the Compiler compiles them itself.
import type { Expr } from './ast.ts';
import type { Compiler, Fn } from './compile.ts';
import { FS, RLENGTH, RSTART } from './runtime.ts';
import { sprintf, StrNum, toNum } from './value.ts';

/** substr(s, m[, n]): positions are rounded, and clipped to the string as POSIX says. */
export function substr(s: string, m: number, n?: number): string {
  let start = Math.round(m);
  let len = n === undefined ? Infinity : Math.round(n);
  if (Number.isNaN(start) || Number.isNaN(len)) return '';
  if (start < 1) {
    len += start - 1;
    start = 1;
  }
  if (len <= 0 || start > s.length) return '';
  return len === Infinity ? s.slice(start - 1) : s.slice(start - 1, start - 1 + len);
}

/** The replacement of sub and gsub: "&" is the match, "\&" a literal "&", "\\" one "\". */
function expand(repl: string, matched: string): string {
  if (!repl.includes('&') && !repl.includes('\\')) return repl;
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c === '\\' && (repl[i + 1] === '&' || repl[i + 1] === '\\')) out += repl[++i];
    else if (c === '&') out += matched;
    else out += c;
  }
  return out;
}

/**
 * sub (global false) and gsub: the new text and how many replacements. An empty match right
 * after a previous match is skipped, as every awk does (gsub(/x*\/, "-", "abc") is "-a-b-c-").
 */
export function substitute(re: RegExp, repl: string, s: string, global: boolean): [string, number] {
  let out = '';
  let pos = 0;
  let count = 0;
  let lastEnd = -1;
  re.lastIndex = 0;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    if (start === end && start === lastEnd) {
      if (start >= s.length) break;
      out += s.slice(pos, start + 1);
      pos = start + 1;
      continue;
    }
    out += s.slice(pos, start) + expand(repl, m[0]);
    count++;
    lastEnd = end;
    if (start === end) {
      if (start < s.length) out += s[start];
      pos = start + 1;
    } else pos = end;
    if (!global) break;
  }
  if (count === 0) return [s, 0];
  if (pos < s.length) out += s.slice(pos);
  return [out, count];
}

/** match(): [RSTART, RLENGTH]. */
export function match(re: RegExp, s: string): [number, number] {
  re.lastIndex = 0;
  const m = re.exec(s);
  return m ? [m.index + 1, m[0].length] : [0, -1];
}

/** tolower and toupper change ASCII letters only: text is bytes, in the C locale. */
export function lower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (x) => x.toLowerCase()) : s;
}

export function upper(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (x) => x.toUpperCase()) : s;
}

/** rand(): a small seeded generator (mulberry32), the same sequence for the same seed. */
export class Random {
  #state = 0;
  seed = 0;
  constructor() {
    this.srand(0);
  }
  srand(seed: number): number {
    const previous = this.seed;
    this.seed = seed;
    this.#state = Math.trunc(seed) >>> 0;
    return previous;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** A call of a built-in function. */
export function builtinCall(cx: Compiler, e: Extract<Expr, { k: 'builtin' }>): Fn {
  const rt = cx.rt;
  const S = cx.S;
  const a = e.args;
  const arity = (min: number, max: number): void => {
    if (a.length < min || a.length > max) throw cx.error(`wrong number of arguments in call to ${e.name}`);
  };
  const num = (i: number): (() => number) => {
    const f = cx.x(a[i]!);
    return () => toNum(f());
  };
  const str = (i: number): (() => string) => {
    const f = cx.x(a[i]!);
    return () => S(f());
  };
  switch (e.name) {
    case 'length': {
      arity(0, 1);
      if (a.length === 0) return () => rt.record.length;
      if (a[0]!.k === 'var' && cx.isArray(a[0]!.name)) {
        const arr = cx.arr(a[0]!.name);
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
      if (a[1]!.k !== 'var') throw cx.error('type error in arg(2) in call to split');
      const arr = cx.arr(a[1]!.name);
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
      const re = cx.regex(a[0]!);
      const repl = str(1);
      const lv = cx.lv(a[2] ?? { k: 'field', e: { k: 'num', v: 0 } });
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
      const re = cx.regex(a[1]!);
      return () => {
        const [start, len] = match(re(), s());
        rt.vars[RSTART] = start;
        rt.vars[RLENGTH] = len;
        return start;
      };
    }
    case 'sprintf': {
      if (a.length === 0) throw cx.error('wrong number of arguments in call to sprintf');
      const fs = a.map((x) => cx.x(x));
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
      return () => cx.random.next();
    case 'srand': {
      arity(0, 1);
      const s = a.length ? num(0) : () => cx.now;
      return () => cx.random.srand(s());
    }
    case 'fflush':
      arity(0, 1);
      return () => {
        rt.flushAll();
        return 0;
      };
    case 'system':
    case 'close':
      throw cx.error(`${e.name}() cannot run in this place (use a variable)`);
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
