// Pattern matching notation (XCU 2.13): *, ?, [...] with ranges, negation and character
// classes, for case, ${x#pattern}, pathname expansion and find -name. A backslash quotes the
// next character; expansion escapes quoted text this way before matching.

import { CHAR_CLASSES } from './char-classes.ts';

// GNU's [:word:] too, as bash's patterns take it.
const CLASSES: Record<string, string> = { ...CHAR_CLASSES, word: 'A-Za-z0-9_' };

/** Regex source for a bracket expression's members (after "[" and any "!"/"^"), or null if unclosed. */
export function bracketClass(p: string, start: number): { source: string; end: number } | null {
  let i = start;
  let out = '';
  let first = true;
  while (i < p.length) {
    const c = p[i]!;
    if (c === ']' && !first) return { source: out, end: i };
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[p.slice(i + 2, close)];
        if (cls !== undefined) {
          out += cls;
          i = close + 2;
          continue;
        }
      }
    }
    if (c === '\\' && i + 1 < p.length) {
      out += escapeClassChar(p[i + 1]!);
      i += 2;
      continue;
    }
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      out += `${escapeClassChar(c)}-${escapeClassChar(p[i + 2]!)}`;
      i += 3;
      continue;
    }
    out += escapeClassChar(c);
    i++;
  }
  return null;
}

function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** Regex source (unanchored) for what `pattern` matches. */
export function patternSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (i + 1 < pattern.length) out += escapeRegex(pattern[++i]!);
      else out += '\\\\';
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const neg = pattern[i + 1] === '!' || pattern[i + 1] === '^';
      const r = bracketClass(pattern, i + 1 + (neg ? 1 : 0));
      if (!r) out += '\\[';
      else {
        out += `[${neg ? '^' : ''}${r.source}]`;
        i = r.end;
      }
    } else out += escapeRegex(c);
  }
  return out;
}

const cache = new Map<string, RegExp>();

function compiled(pattern: string, flags: string): RegExp {
  const key = `${flags}\0${pattern}`;
  let re = cache.get(key);
  if (!re) {
    if (cache.size > 500) cache.clear();
    re = new RegExp(`^(?:${patternSource(pattern)})$`, flags);
    cache.set(key, re);
  }
  return re;
}

/** Whether `s` matches `pattern` as a whole. */
export function matchPattern(pattern: string, s: string, ignoreCase = false): boolean {
  return compiled(pattern, ignoreCase ? 'i' : '').test(s);
}

/** Whether the pattern has an unquoted *, ? or [ (otherwise it only matches itself). */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** The text a pattern without wildcards stands for (its quoting backslashes removed). */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, '$1');
}

/** Quotes text so a pattern matches it literally. */
export function escapePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** ${x#p} ${x##p} ${x%p} ${x%%p}: removes the shortest or longest matching prefix or suffix. */
export function removeAffix(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const n = value.length;
  if (op === '#') {
    for (let i = 0; i <= n; i++) if (matchPattern(pattern, value.slice(0, i))) return value.slice(i);
  } else if (op === '##') {
    for (let i = n; i >= 0; i--) if (matchPattern(pattern, value.slice(0, i))) return value.slice(i);
  } else if (op === '%') {
    for (let i = n; i >= 0; i--) if (matchPattern(pattern, value.slice(i))) return value.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++) if (matchPattern(pattern, value.slice(i))) return value.slice(0, i);
  }
  return value;
}
