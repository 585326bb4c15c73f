// Go's path/filepath.Match on slash-separated paths: how BuildKit matches a COPY/ADD source
// wildcard (tonistiigi/fsutil copy.ResolveWildcards). "*" and "?" never cross "/", so "**" is
// just "*"; "[...]" classes take ranges, "^" negation and "\" escapes. A port of Go's
// algorithm rather than a regexp, so malformed patterns fail exactly where Go's do.
// https://pkg.go.dev/path/filepath#Match

/** Go's filepath.Match(pattern, name); a malformed pattern matches nothing (BuildKit drops the error). */
export function filepathMatch(pattern: string, name: string): boolean {
  return match([...pattern], [...name]) === true;
}

type Chars = string[];
const BAD = 'bad';

function match(pattern: Chars, name: Chars): boolean | typeof BAD {
  let p = pattern;
  let n = name;
  outer: while (p.length > 0) {
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    // A trailing "*" matches the rest of the name unless it holds a "/".
    if (star && chunk.length === 0) return !n.includes('/');
    const here = matchChunk(chunk, n);
    if (here === BAD) return BAD;
    if (here !== undefined && (here.length === 0 || p.length > 0)) {
      n = here;
      continue;
    }
    if (star) {
      // Let the star take one more character, never a "/".
      for (let i = 0; i < n.length && n[i] !== '/'; i++) {
        const t = matchChunk(chunk, n.slice(i + 1));
        if (t === BAD) return BAD;
        if (t !== undefined) {
          if (p.length === 0 && t.length > 0) continue;
          n = t;
          continue outer;
        }
      }
    }
    return false;
  }
  return n.length === 0;
}

function scanChunk(pattern: Chars): { star: boolean; chunk: Chars; rest: Chars } {
  let p = pattern;
  let star = false;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 < p.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

/** The rest of `s` after `chunk` matched its start, undefined on no match, BAD for a malformed chunk. */
function matchChunk(chunk: Chars, str: Chars): Chars | undefined | typeof BAD {
  let c = chunk;
  let s = str;
  let failed = false;
  while (c.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const head = c[0]!;
    if (head === '[') {
      let r = '';
      if (!failed) {
        r = s[0]!;
        s = s.slice(1);
      }
      c = c.slice(1);
      let negated = false;
      if (c[0] === '^') {
        negated = true;
        c = c.slice(1);
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (c[0] === ']' && ranges > 0) {
          c = c.slice(1);
          break;
        }
        const lo = escaped(c);
        if (lo === BAD) return BAD;
        let hi = lo.r;
        c = lo.rest;
        if (c[0] === '-') {
          const h = escaped(c.slice(1));
          if (h === BAD) return BAD;
          hi = h.r;
          c = h.rest;
        }
        if (!failed && cp(lo.r) <= cp(r) && cp(r) <= cp(hi)) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (head === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        s = s.slice(1);
      }
      c = c.slice(1);
    } else {
      let lit = head;
      if (head === '\\') {
        c = c.slice(1);
        if (c.length === 0) return BAD;
        lit = c[0]!;
      }
      if (!failed) {
        if (lit !== s[0]) failed = true;
        s = s.slice(1);
      }
      c = c.slice(1);
    }
  }
  return failed ? undefined : s;
}

/** One class character (a "\" escapes it); BAD where Go's getEsc reports ErrBadPattern. */
function escaped(chunk: Chars): { r: string; rest: Chars } | typeof BAD {
  let c = chunk;
  if (c.length === 0 || c[0] === '-' || c[0] === ']') return BAD;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c.length === 0) return BAD;
  }
  const rest = c.slice(1);
  return rest.length === 0 ? BAD : { r: c[0]!, rest };
}

function cp(ch: string): number {
  return ch.codePointAt(0) ?? -1;
}

/** fsutil's containsWildcards: "*", "?" or "[" not escaped by "\". */
export function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}
