// bash's extended patterns (shopt -s extglob, and always in [[ == ]]): ?(list) *(list) +(list)
// @(list) !(list), each list of patterns separated by "|", nested freely. `!(…)` matches what
// none of the list matches, which a regular expression cannot say in general, so these
// patterns are matched by backtracking over their parts (bash's own way, sm_loop.c), memoised.
// https://www.gnu.org/software/bash/manual/html_node/Pattern-Matching.html
import { bracketClass, matchPattern } from './pattern.ts';

type Node =
  | { t: 'char'; c: string }
  | { t: 'any' }
  | { t: 'star' }
  | { t: 'class'; re: RegExp }
  | { t: 'group'; op: string; alts: Node[][] };

const OPS = '?*+@!';

/** Whether `pattern` has an extglob group (an unquoted `?(`, `*(`, `+(`, `@(` or `!(`). */
export function hasExtglob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (OPS.includes(c) && pattern[i + 1] === '(') return true;
  }
  return false;
}

/** Parses from `i` up to `stop` ("|" or ")" of an enclosing group, or the end). */
function parse(p: string, i: number, ignoreCase: boolean, inGroup: boolean): { alts: Node[][]; end: number } {
  const alts: Node[][] = [[]];
  let cur = alts[0]!;
  while (i < p.length) {
    const c = p[i]!;
    if (inGroup && c === ')') return { alts, end: i + 1 };
    if (inGroup && c === '|') {
      cur = [];
      alts.push(cur);
      i++;
      continue;
    }
    if (OPS.includes(c) && p[i + 1] === '(') {
      const inner = parse(p, i + 2, ignoreCase, true);
      cur.push({ t: 'group', op: c, alts: inner.alts });
      i = inner.end;
      continue;
    }
    if (c === '\\') {
      cur.push({ t: 'char', c: p[i + 1] ?? '\\' });
      i += 2;
    } else if (c === '*') {
      cur.push({ t: 'star' });
      i++;
    } else if (c === '?') {
      cur.push({ t: 'any' });
      i++;
    } else if (c === '[') {
      const neg = p[i + 1] === '!' || p[i + 1] === '^';
      const r = bracketClass(p, i + 1 + (neg ? 1 : 0));
      if (!r) {
        cur.push({ t: 'char', c });
        i++;
      } else {
        cur.push({ t: 'class', re: new RegExp(`^[${neg ? '^' : ''}${r.source}]$`, ignoreCase ? 'i' : '') });
        i = r.end + 1;
      }
    } else {
      cur.push({ t: 'char', c });
      i++;
    }
  }
  return { alts, end: i };
}

class Matcher {
  readonly #s: string;
  readonly #fold: boolean;
  readonly #memo = new Map<Node[], Map<number, boolean>>();

  constructor(s: string, fold: boolean) {
    this.#s = fold ? s.toLowerCase() : s;
    this.#fold = fold;
  }

  /** Whether nodes[ni…] match s[si, end) as a whole. */
  seq(nodes: Node[], ni: number, si: number, end: number): boolean {
    let byNode = this.#memo.get(nodes);
    if (!byNode) this.#memo.set(nodes, (byNode = new Map()));
    const key = (ni * (this.#s.length + 1) + si) * (this.#s.length + 1) + end;
    const known = byNode.get(key);
    if (known !== undefined) return known;
    const r = this.#seq(nodes, ni, si, end);
    byNode.set(key, r);
    return r;
  }

  #seq(nodes: Node[], ni: number, si: number, end: number): boolean {
    const s = this.#s;
    if (ni === nodes.length) return si === end;
    const n = nodes[ni]!;
    switch (n.t) {
      case 'char':
        return si < end && s[si] === (this.#fold ? n.c.toLowerCase() : n.c) && this.seq(nodes, ni + 1, si + 1, end);
      case 'any':
        return si < end && this.seq(nodes, ni + 1, si + 1, end);
      case 'class':
        return si < end && n.re.test(s[si]!) && this.seq(nodes, ni + 1, si + 1, end);
      case 'star':
        for (let k = si; k <= end; k++) if (this.seq(nodes, ni + 1, k, end)) return true;
        return false;
      case 'group':
        for (let k = si; k <= end; k++) if (this.#group(n, si, k) && this.seq(nodes, ni + 1, k, end)) return true;
        return false;
    }
  }

  #any(alts: Node[][], from: number, to: number): boolean {
    return alts.some((a) => this.seq(a, 0, from, to));
  }

  /** One or more of the alternatives, one after another, make up s[from, to). */
  #repeat(alts: Node[][], from: number, to: number): boolean {
    if (this.#any(alts, from, to)) return true;
    for (let k = from + 1; k < to; k++) if (this.#any(alts, from, k) && this.#repeat(alts, k, to)) return true;
    return false;
  }

  #group(g: { op: string; alts: Node[][] }, from: number, to: number): boolean {
    switch (g.op) {
      case '@':
        return this.#any(g.alts, from, to);
      case '?':
        return from === to || this.#any(g.alts, from, to);
      case '*':
        return from === to || this.#repeat(g.alts, from, to);
      case '+':
        return this.#repeat(g.alts, from, to);
      default:
        return !this.#any(g.alts, from, to);
    }
  }
}

/** Whether `s` matches `pattern` as a whole, extglob groups and all. */
export function matchExtglob(pattern: string, s: string, ignoreCase = false): boolean {
  if (!hasExtglob(pattern)) return matchPattern(pattern, s, ignoreCase);
  const { alts } = parse(pattern, 0, ignoreCase, false);
  return new Matcher(s, ignoreCase).seq(alts[0]!, 0, 0, s.length);
}
