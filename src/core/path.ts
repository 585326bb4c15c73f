// Lexical path clean-up, written once for all of core: Go's path.Clean, Join, Dir and Base,
// which Docker applies to Dockerfile paths, and the clean-up a shell gives PWD and `cd -L`
// ("/a/./b/../c/" -> "/a/c"). Nothing here looks at a file tree: ".." is textual.

/** Go's path.Clean: collapse "//", "." and ".."; "" becomes "."; rooted paths stay rooted. */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

export function join(...parts: string[]): string {
  return clean(parts.filter((p) => p !== '').join('/'));
}

export function dirname(p: string): string {
  const c = clean(p);
  const i = c.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return c.slice(0, i);
}

export function basename(p: string): string {
  const c = clean(p);
  if (c === '/') return '/';
  return c.slice(c.lastIndexOf('/') + 1);
}

/** "/a/b/" -> "a/b": the key of an absolute image path in a snapshot ("" is the root). */
export function toKey(absPath: string): string {
  const c = clean('/' + absPath);
  return c === '/' ? '' : c.slice(1);
}
