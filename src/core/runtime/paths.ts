// Path resolution beneath a directory fd, as preview1 hosts do it (wasmtime's cap-std,
// openat2's RESOLVE_BENEATH): no absolute paths, ".." never above the starting directory,
// symlinks followed within it (at most 40), trailing slashes demand a directory.
import type { VolumeDir, VolumeNode } from '../rootfs/index.ts';
import { E } from './defs.ts';

export interface Resolved {
  /** The directory holding the last name. */
  dir: VolumeDir;
  /** The last name; "." or ".." when the path ends in one (the node is then that directory). */
  name: string;
  /** What the name refers to, if anything. */
  node: VolumeNode | undefined;
  /** The path ended in "/" (the node must be a directory). */
  trailingSlash: boolean;
}

const MAX_SYMLINKS = 40;

/**
 * Resolves `path` beneath `start`. `followLast` follows a symlink in the last position (a
 * trailing slash always does). `root` is the volume root: absolute symlink targets restart
 * there, but only when `start` is that root, since anything else would escape the fd.
 */
export function resolve(start: VolumeDir, path: string, followLast: boolean, root: VolumeDir): Resolved | number {
  if (path === '') return E.NOENT;
  if (path.startsWith('/')) return E.NOTCAPABLE;
  if (path.includes('\0')) return E.INVAL;
  let trailingSlash = path.endsWith('/') || path.endsWith('/.');
  let parts = split(path);
  let stack: VolumeDir[] = [start];
  let links = 0;
  if (parts.length === 0) return { dir: start.parent, name: '.', node: start, trailingSlash };

  while (parts.length > 0) {
    const name = parts.shift()!;
    const top = stack[stack.length - 1]!;
    const last = parts.length === 0;
    if (name === '..') {
      if (stack.length === 1) return E.NOTCAPABLE;
      stack.pop();
      if (last) {
        const d = stack[stack.length - 1]!;
        return { dir: d.parent, name: '..', node: d, trailingSlash };
      }
      continue;
    }
    const node = top.entries.get(name);
    if (last) {
      if (node?.kind === 'symlink' && (followLast || trailingSlash)) {
        const next = followSymlink(node.target, stack, start, root, ++links);
        if (typeof next === 'number') return next;
        stack = next.stack;
        parts = next.parts;
        trailingSlash = trailingSlash || node.target.endsWith('/');
        if (parts.length === 0) {
          const d = stack[stack.length - 1]!;
          return { dir: d.parent, name: '.', node: d, trailingSlash };
        }
        continue;
      }
      if (trailingSlash && node && node.kind !== 'dir') return E.NOTDIR;
      return { dir: top, name, node, trailingSlash };
    }
    if (!node) return E.NOENT;
    if (node.kind === 'file') return E.NOTDIR;
    if (node.kind === 'symlink') {
      const next = followSymlink(node.target, stack, start, root, ++links);
      if (typeof next === 'number') return next;
      stack = next.stack;
      parts = [...next.parts, ...parts];
      continue;
    }
    stack.push(node);
  }
  // Unreachable: the loop returns on the last part.
  return E.NOENT;
}

function followSymlink(
  target: string,
  stack: VolumeDir[],
  start: VolumeDir,
  root: VolumeDir,
  links: number,
): { stack: VolumeDir[]; parts: string[] } | number {
  if (links > MAX_SYMLINKS) return E.LOOP;
  if (target === '') return E.NOENT;
  if (target.startsWith('/')) {
    if (start !== root) return E.NOTCAPABLE;
    return { stack: [root], parts: split(target) };
  }
  return { stack: stack.slice(), parts: split(target) };
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** Whether `node` is `dir` or one of its ancestors (a directory cannot move into itself). */
export function isAncestor(node: VolumeNode, dir: VolumeDir): boolean {
  let d = dir;
  for (;;) {
    if (d === node) return true;
    if (d.parent === d) return false;
    d = d.parent;
  }
}
