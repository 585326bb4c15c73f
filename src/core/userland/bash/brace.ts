// Brace expansion (bash's braces.c): `pre{a,b}post` and sequences {1..5} {a..e} {01..10}
// {1..10..3}, done on a word's text before any other expansion, so `$a{x,y}` is `$ax $ay` as
// in bash. Quoted text, ${…}, $(…) and `…` are left alone; a brace with neither a comma nor a
// valid sequence stays as written. The results are read again as words.
// https://www.gnu.org/software/bash/manual/html_node/Brace-Expansion.html
import type { Word } from '../sh/ast.ts';
import type { LexOptions } from '../sh/lexer.ts';
import { Parser } from '../sh/parser.ts';
import { ShellError } from '../sh/state.ts';

/** Where the construct starting at `i` (a quote, ${, $(, `, \) ends, or i + 1 for a plain character. */
function skip(s: string, i: number): number {
  const c = s[i];
  if (c === '\\') return i + 2;
  if (c === "'") {
    const e = s.indexOf("'", i + 1);
    return e < 0 ? s.length : e + 1;
  }
  if (c === '"') {
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === '"') return j + 1;
    }
    return s.length;
  }
  if (c === '`') {
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === '`') return j + 1;
    }
    return s.length;
  }
  if (c === '$' && (s[i + 1] === '{' || s[i + 1] === '(')) {
    const open = s[i + 1]!;
    const close = open === '{' ? '}' : ')';
    let depth = 0;
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\' || s[j] === "'" || s[j] === '"' || s[j] === '`') {
        j = skip(s, j) - 1;
        continue;
      }
      if (s[j] === open) depth++;
      else if (s[j] === close && --depth === 0) return j + 1;
    }
    return s.length;
  }
  return i + 1;
}

/** The "}" matching the "{" at `open`, and the top-level commas between them; null if none. */
function match(s: string, open: number): { close: number; commas: number[] } | null {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < s.length;) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (--depth === 0) return { close: i, commas };
    } else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '\\' || c === "'" || c === '"' || c === '`' || c === '$') {
      const next = skip(s, i);
      if (next > i + 1) {
        i = next;
        continue;
      }
    }
    i++;
  }
  return null;
}

const NUM = /^[-+]?[0-9]+$/;
/** More elements than an int counts: bash leaves the braces as written. */
const INT_MAX = 2147483647n;
/**
 * More than a tab can hold as words: bash's message for a failed allocation, here before the
 * JavaScript engine runs out (bash itself would try, and take gigabytes).
 */
const MAX_ELEMENTS = 1n << 24n;
const SEQUENCE = /^([-+]?[0-9]+|[A-Za-z])\.\.([-+]?[0-9]+|[A-Za-z])(?:\.\.([-+]?[0-9]+))?$/;

/** {x..y[..incr]} as bash lists it, or null when it is not a sequence. */
function sequence(text: string): string[] | null {
  const m = SEQUENCE.exec(text);
  if (!m) return null;
  const [, a, b, step] = m as unknown as [string, string, string, string | undefined];
  if (NUM.test(a) !== NUM.test(b)) return null;
  if (!NUM.test(a)) {
    const incr = Math.abs(step === undefined ? 1 : Number(step)) || 1;
    const from = a.charCodeAt(0);
    const to = b.charCodeAt(0);
    const out: string[] = [];
    // The results are read again as words: a character the lexer would take for syntax is
    // escaped; a backslash, which bash's quote removal then drops, becomes an empty word.
    const push = (code: number): void => {
      const c = String.fromCharCode(code);
      out.push(c === '\\' ? "''" : /[A-Za-z0-9]/.test(c) ? c : `\\${c}`);
    };
    if (from <= to) for (let c = from; c <= to; c += incr) push(c);
    else for (let c = from; c >= to; c -= incr) push(c);
    return out;
  }
  // bash reads the ends and the step as intmax_t: one out of its range is no sequence.
  const from = BigInt(a);
  const to = BigInt(b);
  let by = step === undefined ? 1n : BigInt(step);
  if ([from, to, by].some((n) => n !== BigInt.asIntN(64, n))) return null;
  if (by < 0n) by = -by;
  if (by === 0n) by = 1n;
  const count = (from <= to ? to - from : from - to) / by + 1n;
  if (count > INT_MAX) return null;
  if (count > MAX_ELEMENTS)
    throw new ShellError(`brace expansion: failed to allocate memory for ${count} elements`, 1, true);
  // A leading zero on either end pads every number to the wider end's width.
  const padded = /^[-+]?0[0-9]/.test(a) || /^[-+]?0[0-9]/.test(b);
  const width = padded ? Math.max(a.length, b.length) : 0;
  const out: string[] = [];
  const push = (n: bigint): void => {
    const digits = (n < 0n ? -n : n).toString().padStart(width - (n < 0n ? 1 : 0), '0');
    out.push(n < 0n ? `-${digits}` : digits);
  };
  if (from <= to) for (let n = from; n <= to; n += by) push(n);
  else for (let n = from; n >= to; n -= by) push(n);
  return out;
}

/** The brace expansions of a word's text (the text itself when it has none). */
export function expandText(s: string): string[] {
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c !== '{') {
      i = c === '\\' || c === "'" || c === '"' || c === '`' || c === '$' ? skip(s, i) : i + 1;
      continue;
    }
    const m = match(s, i);
    if (!m) return [s];
    const amble = s.slice(i + 1, m.close);
    let parts: string[] | null = null;
    if (m.commas.length > 0) {
      parts = [];
      let from = i + 1;
      for (const at of m.commas) {
        parts.push(s.slice(from, at));
        from = at + 1;
      }
      parts.push(s.slice(from, m.close));
      parts = parts.flatMap(expandText);
    } else parts = sequence(amble);
    if (parts === null) {
      i++;
      continue;
    }
    const pre = s.slice(0, i);
    const posts = expandText(s.slice(m.close + 1));
    return parts.flatMap((p) => posts.map((post) => pre + p + post));
  }
  return [s];
}

const cache = new WeakMap<Word, Word[]>();

/** A word's brace expansions as words, read again by the lexer; [word] when it has none. */
export function braceExpand(word: Word, o: LexOptions): Word[] {
  const known = cache.get(word);
  if (known) return known;
  let out = [word];
  if (word.parts.some((p) => p.type === 'lit' && p.text.includes('{'))) {
    const texts = expandText(word.text);
    if (texts.length !== 1 || texts[0] !== word.text) {
      out = texts.map((t) => new Parser(t, 0, 1, o).lexer.readWord('word', false));
    }
  }
  cache.set(word, out);
  return out;
}
