// awk's string functions over byte strings (POSIX awk, "String Functions"): the parts that
// do not depend on how arguments are evaluated.

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
