// Archive path rules shared by the tar reader and writer: entry names are normalized to the
// TarEntry form (relative, no "./", no trailing "/"), and names or links that would land outside
// the root are refused, as Docker's and containerd's layer appliers refuse them.
import { WharfError } from '../errors.ts';

/**
 * "./a//b/./c/" -> "a/b/c". Returns undefined for a name that is absolute or has a ".."
 * component (the caller decides how to report it); "" for the root itself.
 */
export function normalizeEntryPath(name: string): string | undefined {
  if (name.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.join('/');
}

/**
 * Resolves a link target lexically from the entry's directory (`base` for symlinks, the root for
 * hardlinks); undefined if it climbs above the root. Absolute symlink targets resolve inside the
 * container root, as every container runtime resolves them, so they are safe.
 */
export function resolveInside(fromDir: string, target: string): string | undefined {
  const parts = target.startsWith('/') || fromDir === '' ? [] : fromDir.split('/');
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export function parentDir(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Throws PATH_UNSAFE naming the entry when its symlink or hardlink target escapes the root. */
export function checkLinkTarget(path: string, type: 'symlink' | 'hardlink', target: string, where: string): void {
  if (type === 'hardlink') {
    if (target.startsWith('/') || normalizeEntryPath(target) === undefined) {
      throw new WharfError('PATH_UNSAFE', `${where}: hardlink "${path}" -> "${target}" points outside the root`);
    }
    return;
  }
  if (resolveInside(parentDir(path), target) === undefined) {
    throw new WharfError('PATH_UNSAFE', `${where}: symlink "${path}" -> "${target}" points outside the root`);
  }
}
