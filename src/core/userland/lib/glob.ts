// Pathname expansion (XCU 2.13.3) against the volume: each "/"-separated name of the pattern
// is matched on its own, a leading "." only explicitly, results sorted in byte order. "." and
// ".." are never produced by a wildcard (as bash 5.2 does), so `rm -rf .*` stays safe.
import { compareNames, type Fs } from './fs.ts';
import { hasGlob, matchPattern, unescapePattern } from './pattern.ts';

/** The paths `pattern` matches, sorted; empty when none (the caller keeps the word then). */
export function expandPathname(fs: Fs, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const names = pattern.split('/').filter((n) => n !== '');
  const trailingSlash = pattern.endsWith('/') && names.length > 0;
  let paths = [absolute ? '/' : ''];
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    const next: string[] = [];
    if (!hasGlob(name)) {
      const literal = unescapePattern(name);
      for (const p of paths) next.push(join(p, literal));
    } else {
      const dotOk = name.startsWith('.') || name.startsWith('\\.');
      for (const p of paths) {
        const dir = fs.lookup(p === '' ? '.' : p);
        if (dir?.kind !== 'dir') continue;
        for (const entry of fs.names(dir)) {
          if (entry.startsWith('.') && !dotOk) continue;
          if (matchPattern(name, entry)) next.push(join(p, entry));
        }
      }
    }
    paths = next;
    if (paths.length === 0) return [];
  }
  const out = paths.filter((p) => {
    const node = fs.lookup(p, trailingSlash);
    return trailingSlash ? node?.kind === 'dir' : node !== undefined;
  });
  return (trailingSlash ? out.map((p) => `${p}/`) : out).sort(compareNames);
}

function join(dir: string, name: string): string {
  if (dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
