// The image file tree: what the layers of an image add up to. Immutable once built: runs see
// it through a copy-on-write volume (volume.ts) and never change it.
import { WharfError } from '../errors.ts';

export interface NodeMeta {
  /** Permission bits (0o7777 mask). */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch, as tar stores it. */
  mtime: number;
}

export interface FileNode extends NodeMeta {
  kind: 'file';
  /** Shared, never written: hardlinks are the same FileNode object. */
  data: Uint8Array;
}

export interface DirNode extends NodeMeta {
  kind: 'dir';
  entries: Map<string, TreeNode>;
}

export interface SymlinkNode extends NodeMeta {
  kind: 'symlink';
  target: string;
}

export type TreeNode = FileNode | DirNode | SymlinkNode;

const DEFAULT_META: NodeMeta = { mode: 0o755, uid: 0, gid: 0, mtime: 0 };

export function dirNode(meta: Partial<NodeMeta> = {}, entries?: Iterable<[string, TreeNode]>): DirNode {
  return { kind: 'dir', ...DEFAULT_META, ...meta, entries: new Map(entries ?? []) };
}

export function fileNode(data: Uint8Array | string, meta: Partial<NodeMeta> = {}): FileNode {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return { kind: 'file', ...DEFAULT_META, mode: 0o644, ...meta, data: bytes };
}

export function symlinkNode(target: string, meta: Partial<NodeMeta> = {}): SymlinkNode {
  return { kind: 'symlink', ...DEFAULT_META, mode: 0o777, ...meta, target };
}

/** Splits a path into its names; "." parts and empty parts vanish, ".." is kept. */
export function pathParts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

const MAX_LINKS = 40;

/**
 * Looks a path up from the root, following symlinks (absolute targets resolve against this
 * root, as in a chroot; ".." never climbs above it). `followLast` decides whether a symlink
 * in the last position is followed. Returns undefined when anything along the way is missing.
 */
export function lookup(root: DirNode, path: string, followLast = true): TreeNode | undefined {
  let links = 0;
  const walk = (dirStack: DirNode[], parts: string[]): TreeNode | undefined => {
    let node: TreeNode = dirStack[dirStack.length - 1]!;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      if (node.kind !== 'dir') return undefined;
      if (name === '..') {
        if (dirStack.length > 1) dirStack.pop();
        node = dirStack[dirStack.length - 1]!;
        continue;
      }
      const next: TreeNode | undefined = node.entries.get(name);
      if (!next) return undefined;
      const last = i === parts.length - 1;
      if (next.kind === 'symlink' && (!last || followLast)) {
        if (++links > MAX_LINKS) return undefined;
        const base = next.target.startsWith('/') ? [dirStack[0]!] : dirStack.slice();
        const resolved = walk(base, pathParts(next.target));
        if (!resolved) return undefined;
        if (last) return resolved;
        if (resolved.kind !== 'dir') return undefined;
        // Continue from the resolved directory; its own ".." is approximated by the stack we had.
        dirStack.push(resolved);
        node = resolved;
        continue;
      }
      if (next.kind === 'dir') dirStack.push(next);
      node = next;
    }
    return node;
  };
  return walk([root], pathParts(path));
}

/**
 * A new tree with `subtree` placed at `path` (parents created as needed). Only the directories
 * along the path are copied; everything else is shared with `root`, which stays unchanged.
 */
export function graft(root: DirNode, path: string, subtree: TreeNode): DirNode {
  const parts = pathParts(path);
  if (parts.includes('..')) throw new WharfError('PATH_UNSAFE', `mount point "${path}" contains ".."`);
  if (parts.length === 0) {
    if (subtree.kind !== 'dir') throw new WharfError('USAGE', `only a directory can be mounted at "/"`);
    return subtree;
  }
  const copy = (dir: DirNode, i: number): DirNode => {
    const out: DirNode = { ...dir, entries: new Map(dir.entries) };
    const name = parts[i]!;
    if (i === parts.length - 1) {
      out.entries.set(name, subtree);
    } else {
      const child = dir.entries.get(name);
      out.entries.set(name, copy(child?.kind === 'dir' ? child : dirNode(), i + 1));
    }
    return out;
  };
  return copy(root, 0);
}

/**
 * The real path of `path` in `root`: every symlink along it resolved inside the root (the last
 * one too). Undefined when anything along the way is missing.
 */
export function realPath(root: DirNode, path: string): string | undefined {
  let links = 0;
  const walk = (stack: [string, DirNode][], parts: string[]): string[] | undefined => {
    let node: TreeNode = stack[stack.length - 1]![1];
    const names = stack.slice(1).map(([n]) => n);
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      if (node.kind !== 'dir') return undefined;
      if (name === '..') {
        if (stack.length > 1) {
          stack.pop();
          names.pop();
        }
        node = stack[stack.length - 1]![1];
        continue;
      }
      const next: TreeNode | undefined = node.entries.get(name);
      if (!next) return undefined;
      if (next.kind === 'symlink') {
        if (++links > MAX_LINKS) return undefined;
        const base = next.target.startsWith('/') ? [stack[0]!] : stack.slice();
        const resolved = walk(base, [...pathParts(next.target), ...parts.slice(i + 1)]);
        return resolved;
      }
      names.push(name);
      if (next.kind === 'dir') stack.push([name, next]);
      node = next;
    }
    return names;
  };
  const names = walk([['', root]], pathParts(path));
  return names?.join('/');
}

/** Every path below `dir` (relative, no leading "/"), parents before children, symlinks not followed. */
export function* walkTree(dir: DirNode, prefix = ''): Generator<[string, TreeNode]> {
  for (const [name, node] of dir.entries) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    yield [path, node];
    if (node.kind === 'dir') yield* walkTree(node, path);
  }
}

/** Counts nodes and file bytes (hardlinked files once). */
export function treeStats(root: DirNode): { files: number; dirs: number; symlinks: number; bytes: number } {
  const seen = new Set<TreeNode>();
  const s = { files: 0, dirs: 0, symlinks: 0, bytes: 0 };
  const visit = (n: TreeNode): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (n.kind === 'file') {
      s.files++;
      s.bytes += n.data.byteLength;
    } else if (n.kind === 'symlink') s.symlinks++;
    else {
      s.dirs++;
      for (const c of n.entries.values()) visit(c);
    }
  };
  visit(root);
  return s;
}
