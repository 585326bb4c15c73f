// File names in patch headers (util.c fetchname and parse_name, pch.c best_name): a name ends
// at a blank unless a tab follows later on the line (names with spaces), or is written in C's
// double quotes; -p N takes off N leading directories (every one when -p is not given), and a
// name without that many is ignored; /dev/null means the file does not exist. Of the names a
// header gives, patch takes the existing one with the fewest directories, then the shortest.
import type { Fs } from '../lib/index.ts';
import { headerTime } from './timestamp.ts';

export interface FetchedName {
  name: string;
  /** What follows the name on its line, without the newline (the timestamp as written). */
  timestr: string;
  /** The header's time in nanoseconds: 0 for the epoch (a file that does not exist), null when none. */
  stamp: bigint | null;
}

/** A C string literal at the start of `s`, and the rest of `s` after it; null when malformed. */
function parseCString(s: string): { value: string; rest: string } | null {
  let out = '';
  let i = 1;
  for (;;) {
    const c = s[i++];
    if (c === undefined || c === '\n') return null;
    if (c === '"') return { value: out, rest: s.slice(i) };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[i++];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (e === undefined) return null;
    if (e in simple) out += simple[e];
    else if (e === '\\' || e === '"') out += e;
    else if (e >= '0' && e <= '3') {
      const digits = e + (s[i] ?? '') + (s[i + 1] ?? '');
      if (!/^[0-3][0-7][0-7]$/.test(digits)) return null;
      out += String.fromCharCode(parseInt(digits, 8));
      i += 2;
    } else return null;
  }
}

/** `name` without `strip` leading directories (all when negative); null when it has too few. */
export function stripLeading(name: string, strip: number): string | null {
  let s = strip;
  let n = 0;
  for (let p = 0; p < name.length; p++) {
    if (name[p] !== '/') continue;
    while (name[p + 1] === '/') p++;
    if (strip < 0 || --s >= 0) n = p + 1;
  }
  if ((strip < 0 || s <= 0) && n < name.length) return name.slice(n);
  return null;
}

const SPACE = /[ \t\n\v\f\r]/;

const HOUR = 3_600_000_000_000n;

/**
 * The name at the start of `at` (after a header's "--- "), with the text after it; null when
 * there is none to take (/dev/null gives `stamp` 0 and no name). `withTime`: the line may end
 * in a timestamp; `exactTimes` (-T, -Z): keep it as is rather than read any time within a day
 * of the epoch as the epoch.
 */
export function fetchName(
  at: string,
  strip: number,
  withTime: boolean,
  exactTimes = false,
): (Omit<FetchedName, 'name'> & { name: string | null }) | null {
  let s = at.replace(/^[ \t\n\v\f\r]+/, '');
  let name: string;
  let rest: string;
  if (s.startsWith('"')) {
    const q = parseCString(s);
    if (!q) return null;
    name = q.value;
    rest = q.rest;
  } else {
    let t = 0;
    for (; t < s.length; t++) {
      if (!SPACE.test(s[t]!)) continue;
      // Allow file names with internal spaces, but only if a tab separates the name from the date.
      let u = t;
      while (s[u] !== '\t' && SPACE.test(s[u + 1] ?? '')) u++;
      if (s[u] !== '\t' && s.indexOf(withTime ? '\t' : '\n', u + 1) >= 0) continue;
      break;
    }
    name = s.slice(0, t);
    rest = s.slice(t);
  }
  s = rest;
  if (name === '/dev/null') return { name: null, timestr: '', stamp: withTime ? 0n : null };
  const stripped = stripLeading(name, strip);
  if (stripped === null) return null;
  const timestr = s.replace(/\n$/, '').replace(/\r$/, '');
  let stamp: bigint | null = null;
  if (!s.startsWith('\n') && s !== '') {
    if (!withTime) return null;
    stamp = headerTime(s);
    // The listed time is local time, which POSIX allows between -25:00 and +26:00 of UTC.
    if (!exactTimes && stamp !== null && stamp > -25n * HOUR && stamp < 26n * HOUR) stamp = 0n;
  }
  return { name: stripped, timestr, stamp };
}

/** A name of "diff --git"'s line: bare up to a blank, or C-quoted; with the rest of the line. */
export function parseName(s: string, strip: number): { name: string | null; rest: string } | null {
  s = s.replace(/^[ \t\n\v\f\r]+/, '');
  let name: string;
  let rest: string;
  if (s.startsWith('"')) {
    const q = parseCString(s);
    if (!q) return null;
    name = q.value;
    rest = q.rest;
  } else {
    const m = /^[^ \t\n\v\f\r]*/.exec(s)![0];
    name = m;
    rest = s.slice(m.length);
  }
  return { name: stripLeading(name, strip), rest };
}

/** Relative and without "..": a name that cannot reach outside the working directory. */
export function filenameIsSafe(name: string): boolean {
  if (name.startsWith('/')) return false;
  return !name.split('/').some((part) => part === '..');
}

/** How many directories lead to `name`; with `existing`, only those that exist, from the first. */
export function prefixComponents(fs: Fs, name: string, existing: boolean): number {
  let count = 0;
  for (let f = 1; f < name.length; f++) {
    if (name[f] !== '/' || name[f - 1] === '/') continue;
    if (existing && fs.lookup(name.slice(0, f))?.kind !== 'dir') break;
    count++;
  }
  return count;
}

/** The length of the last name of a path (gnulib base_len). */
function baseLength(name: string): number {
  const trimmed = name.replace(/\/+$/, '');
  if (trimmed === '') return name === '' ? 0 : 1;
  return trimmed.length - trimmed.lastIndexOf('/') - 1;
}

/**
 * The index of the best of `names` (old, new, index) to patch: of those not `ignored`, the ones
 * with the fewest directories, of those the shortest last name, then the shortest; -1 when none.
 */
export function bestName(
  names: ReadonlyArray<string | null>,
  ignored: ReadonlyArray<number | boolean>,
  isValid: (name: string) => boolean,
  fs: Fs,
): number {
  let componentsMin = Infinity;
  let baseMin = Infinity;
  let lenMin = Infinity;
  const components: number[] = [];
  const base: number[] = [];
  const len: number[] = [];
  for (let i = 0; i < 3; i++) {
    const n = names[i];
    if (n == null || ignored[i]) continue;
    components[i] = prefixComponents(fs, n, false);
    if (componentsMin < components[i]!) continue;
    componentsMin = components[i]!;
    base[i] = baseLength(n);
    if (baseMin < base[i]!) continue;
    baseMin = base[i]!;
    len[i] = n.length;
    if (lenMin < len[i]!) continue;
    lenMin = len[i]!;
  }
  for (let i = 0; i < 3; i++) {
    const n = names[i];
    if (
      n != null &&
      !ignored[i] &&
      isValid(n) &&
      components[i] === componentsMin &&
      base[i] === baseMin &&
      len[i] === lenMin
    )
      return i;
  }
  return -1;
}
