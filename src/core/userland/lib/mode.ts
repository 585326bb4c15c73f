// File modes as chmod(1) reads them: octal, or symbolic clauses like u+x,go-w,a=rX,g=u.

const CLASS = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;
const SHIFT = { u: 6, g: 3, o: 0 } as const;

/**
 * The new mode, from `base` (the current mode) and `spec`; null when `spec` is not a mode.
 * With no "who" letter the umask's bits are left alone, as POSIX chmod says.
 */
export function parseMode(spec: string, base: number, isDir: boolean, umask: number): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = base & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*|[-+=][ugo])+)$/.exec(clause);
    if (!m) return null;
    const who = m[1]!;
    const noWho = who === '';
    let mask = 0;
    if (noWho || who.includes('a')) mask = 0o7777;
    for (const w of who) if (w in CLASS) mask |= CLASS[w as keyof typeof CLASS];
    for (const op of m[2]!.matchAll(/([-+=])([rwxXst]*|[ugo])/g)) {
      const perms = op[2]!;
      let bits = 0;
      if (/^[ugo]$/.test(perms)) {
        const from = (mode >> SHIFT[perms as keyof typeof SHIFT]) & 7;
        bits = (from << 6) | (from << 3) | from;
      } else {
        for (const p of perms) {
          if (p === 'r') bits |= 0o444;
          else if (p === 'w') bits |= 0o222;
          else if (p === 'x') bits |= 0o111;
          else if (p === 'X') bits |= isDir || (mode & 0o111) !== 0 ? 0o111 : 0;
          else if (p === 's') bits |= 0o6000;
          else if (p === 't') bits |= 0o1000;
        }
      }
      bits &= mask;
      if (noWho) bits &= ~umask;
      if (op[1] === '+') mode |= bits;
      else if (op[1] === '-') mode &= ~bits;
      else mode = (mode & ~(mask & (noWho ? ~umask : 0o7777))) | bits;
    }
  }
  return mode;
}
