// Paths as the tools take them apart and put them together: textually, as dirname(1),
// basename(1) and a shell's `cd -L` do, with core's one lexical clean-up (../../path.ts).
import { clean } from '../../path.ts';

/** The logical form of a path taken from the root: no "//", "." or ".." ("a/../b" -> "/b"). */
export function logical(path: string): string {
  return clean(`/${path}`);
}

/** The last name of a path ("/a/b/" -> "b", "/" -> "/"). */
export function lastName(path: string): string {
  const t = path.replace(/\/+$/, '');
  return t === '' ? '/' : t.slice(t.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** basename(1): the last name, less `suffix` when it is not all of it. */
export function basenameOf(path: string, suffix?: string): string {
  if (path === '') return '';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  return base;
}

/** dirname(1): what is before the last name ("a/b/" -> "a", "a" -> ".", "/a" -> "/"). */
export function dirnameOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '.';
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  const dir = trimmed.slice(0, i).replace(/\/+$/, '');
  return dir === '' ? '/' : dir;
}
