// Absolute-path edits of a volume, for a build step that writes files itself (COPY, ADD,
// WORKDIR) rather than through a WASI program: symlinks resolve inside the root, as in a chroot,
// and ".." never climbs above it.
import { pathParts, type NodeMeta } from './tree.ts';
import type { Volume, VolumeDir, VolumeNode } from './volume.ts';

const MAX_LINKS = 40;

/** The node at `path`, symlinks followed (the last one only when `followLast`). */
export function volumeLookup(volume: Volume, path: string, followLast = true): VolumeNode | undefined {
  let links = 0;
  const walk = (stack: VolumeDir[], parts: string[]): VolumeNode | undefined => {
    let node: VolumeNode = stack[stack.length - 1]!;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      if (node.kind !== 'dir') return undefined;
      if (name === '..') {
        if (stack.length > 1) stack.pop();
        node = stack[stack.length - 1]!;
        continue;
      }
      const next: VolumeNode | undefined = node.entries.get(name);
      if (!next) return undefined;
      const last = i === parts.length - 1;
      if (next.kind === 'symlink' && (!last || followLast)) {
        if (++links > MAX_LINKS) return undefined;
        const base = next.target.startsWith('/') ? [stack[0]!] : stack.slice();
        const resolved = walk(base, pathParts(next.target));
        if (!resolved || last) return resolved;
        if (resolved.kind !== 'dir') return undefined;
        stack.push(resolved);
        node = resolved;
        continue;
      }
      if (next.kind === 'dir') stack.push(next);
      node = next;
    }
    return node;
  };
  return walk([volume.root], pathParts(path));
}

/**
 * The directory at `path`, made with its missing parents (with `meta`). A symlink to a
 * directory along the way is followed; anything else in the way is replaced by a directory.
 */
export function volumeMkdirAll(volume: Volume, path: string, meta: Omit<NodeMeta, 'mtime'>): VolumeDir {
  let dir = volume.root;
  const parts = pathParts(path);
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    let next = dir.entries.get(name);
    if (next?.kind === 'symlink') {
      const resolved = volumeLookup(volume, parts.slice(0, i + 1).join('/'));
      if (resolved?.kind === 'dir') next = resolved;
    }
    if (next?.kind !== 'dir') {
      if (next) next.nlink = Math.max(0, next.nlink - 1);
      const made = volume.newDir(dir, meta.mode);
      made.uid = meta.uid;
      made.gid = meta.gid;
      dir.entries.set(name, made);
      next = made;
    }
    dir = next;
  }
  return dir;
}

/** Puts `node` at `path` in `parent` (already made), replacing what was there. */
export function volumeSet(parent: VolumeDir, name: string, node: VolumeNode): void {
  const old = parent.entries.get(name);
  if (old === node) return;
  if (old) old.nlink = Math.max(0, old.nlink - 1);
  parent.entries.set(name, node);
}
