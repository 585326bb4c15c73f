// Pathname expansion (XCU 2.13.3) against the volume: each "/"-separated name of the pattern
// is matched on its own, a leading "." only explicitly, results sorted in byte order. "." and
// ".." are never produced by a wildcard (as bash 5.2 does), so `rm -rf .*` stays safe. bash's
// shopt options change it: extglob (extglob.ts), dotglob, globstar (`**` for any depth of
// directories), nocaseglob.
import { hasExtglob, matchExtglob } from './extglob.ts';
import { compareNames, type Fs } from './fs.ts';
import { hasGlob, matchPattern, unescapePattern } from './pattern.ts';

/** bash's shopt options that change pathname expansion. */
export interface GlobOptions {
  extglob?: boolean;
  dotglob?: boolean;
  globstar?: boolean;
  nocaseglob?: boolean;
}

/** Whether a word would be a pattern in pathname expansion. */
export function isGlob(pattern: string, o: GlobOptions = {}): boolean {
  return hasGlob(pattern) || (o.extglob === true && hasExtglob(pattern));
}

/** The paths `pattern` matches, sorted; empty when none (the caller keeps the word then). */
export function expandPathname(fs: Fs, pattern: string, o: GlobOptions = {}): string[] {
  const absolute = pattern.startsWith('/');
  const names = pattern.split('/').filter((n) => n !== '');
  const trailingSlash = pattern.endsWith('/') && names.length > 0;
  const match = o.extglob
    ? (p: string, s: string) => matchExtglob(p, s, o.nocaseglob)
    : (p: string, s: string) => matchPattern(p, s, o.nocaseglob);
  let paths = [absolute ? '/' : ''];
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    const next: string[] = [];
    if (o.globstar && name === '**') {
      const last = k === names.length - 1;
      for (const p of paths) {
        const [self, ...under] = descend(fs, p, o.dotglob === true, !last || trailingSlash);
        // `dir/**` lists dir/ itself; `**/x` also finds x where the walk starts.
        if (!last) next.push(self!);
        else if (self !== '' && !trailingSlash) next.push(`${self!.replace(/\/$/, '')}/`);
        next.push(...under);
      }
    } else if (!isGlob(name, o)) {
      const literal = unescapePattern(name);
      for (const p of paths) next.push(join(p, literal));
    } else {
      const dotOk = name.startsWith('.') || name.startsWith('\\.') || o.dotglob === true;
      for (const p of paths) {
        const dir = fs.lookup(p === '' ? '.' : p);
        if (dir?.kind !== 'dir') continue;
        for (const entry of fs.names(dir)) {
          if (entry.startsWith('.') && !dotOk) continue;
          if (match(name, entry)) next.push(join(p, entry));
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

/**
 * globstar's `**`: `dir` itself and everything under it, depth first (directories only where
 * another name follows), hidden names only with dotglob. Symbolic links to directories are
 * listed but not followed, as bash 5.2 does.
 */
function descend(fs: Fs, dir: string, dotglob: boolean, dirsOnly: boolean): string[] {
  const out: string[] = [dir];
  const walk = (p: string): void => {
    const node = fs.lookup(p === '' ? '.' : p, false);
    if (node?.kind !== 'dir') return;
    for (const entry of fs.names(node)) {
      if (entry.startsWith('.') && !dotglob) continue;
      const child = join(p, entry);
      const kind = fs.lookup(child, false)?.kind;
      if (kind === 'dir') {
        out.push(child);
        walk(child);
      } else if (!dirsOnly) out.push(child);
    }
  };
  walk(dir);
  return out;
}

function join(dir: string, name: string): string {
  if (dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
