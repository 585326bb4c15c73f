// File modes as GNU chmod(1) reads them: octal, or symbolic clauses like u+x,go-w,a=rX,g=u
// (the grammar is core's, ../../mode.ts, shared with COPY --chmod).
import { parseSymbolicMode } from '../../mode.ts';

const CLASS = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;
const SHIFT = { u: 6, g: 3, o: 0 } as const;

/**
 * The new mode, from `base` (the current mode) and `spec`; null when `spec` is not a mode.
 * With no "who" letter the umask's bits are left alone, as POSIX chmod says.
 */
export function parseMode(spec: string, base: number, isDir: boolean, umask: number): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  const clauses = parseSymbolicMode(spec);
  if (!clauses) return null;
  let mode = base & 0o7777;
  for (const { who, actions } of clauses) {
    const noWho = who === '';
    let mask = 0;
    if (noWho || who.includes('a')) mask = 0o7777;
    for (const w of who) if (w in CLASS) mask |= CLASS[w as keyof typeof CLASS];
    for (const { op, letters } of actions) {
      // GNU takes permission letters, or one class to copy, not both.
      const copy = /^[ugo]$/.test(letters);
      if (!copy && /[ugo]/.test(letters)) return null;
      let bits = 0;
      if (copy) {
        const from = (mode >> SHIFT[letters as keyof typeof SHIFT]) & 7;
        bits = (from << 6) | (from << 3) | from;
      } else {
        for (const p of letters) {
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
      if (op === '+') mode |= bits;
      else if (op === '-') mode &= ~bits;
      else mode = (mode & ~(mask & (noWho ? ~umask : 0o7777))) | bits;
    }
  }
  return mode;
}
