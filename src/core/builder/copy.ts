// COPY/ADD onto a stage's volume with Docker's rules: a directory source copies its contents,
// a destination ending in "/" (or an existing directory, or several sources) is a directory,
// wildcards (Go filepath.Match plus "**") may match nothing, parents are created, --parents
// keeps source paths, --exclude filters, --chmod/--chown override metadata.
// https://docs.docker.com/reference/dockerfile/#copy

import { WharfError } from '../errors.ts';
import {
  realPath,
  volumeLookup,
  volumeMkdirAll,
  volumeSet,
  walkTree,
  lookup,
  type DirNode,
  type TreeNode,
  type Volume,
  type VolumeDir,
  type VolumeNode,
} from '../rootfs/index.ts';
import { Pattern, PatternMatcher, hasWildcard } from './pattern-matcher.ts';
import { basename, clean, dirname, join, toKey } from './path.ts';

export interface CopySource {
  /** The source as written (expanded), relative to the source root. */
  path: string;
}

export interface CopyOptions {
  /** Expanded destination as written. */
  dest: string;
  workdir: string;
  chmod?: number;
  chown?: { uid: number; gid: number };
  exclude: readonly string[];
  parents: boolean;
  /** Name of the source for messages: "build context" or `stage "build"`. */
  sourceName: string;
  /** The instruction name for messages (COPY or ADD). */
  instruction: string;
}

export interface CopyPlanItem {
  /** Path in the source tree (relative), symlinks resolved. */
  from: string;
  /** Path in the destination (relative to its root). */
  to: string;
  /** true when the item is a directory whose contents go to `to`. */
  contents: boolean;
}

/**
 * Resolve sources to copy items. Throws BUILD_SOURCE for a literal source that does not exist.
 */
export function planCopy(src: DirNode, dst: Volume, sources: readonly CopySource[], opts: CopyOptions): CopyPlanItem[] {
  const destAbs = resolveDest(opts.dest, opts.workdir);
  const destKey = toKey(destAbs);
  const matched: { key: string; rel: string }[] = [];
  for (const s of sources) {
    const { key, pivot } = sourceKey(s.path);
    if (hasWildcard(key)) {
      const pattern = new Pattern(key);
      for (const [k] of walkTree(src)) if (pattern.matches(k)) matched.push({ key: k, rel: relTo(k, pivot) });
      continue;
    }
    const resolved = realPath(src, key);
    if (resolved === undefined) {
      throw new WharfError(
        'BUILD_SOURCE',
        `${opts.instruction} source "${s.path}" not found in the ${opts.sourceName}`,
      );
    }
    matched.push({ key: resolved, rel: relTo(key, pivot) });
  }
  const destIsDir =
    opts.dest.endsWith('/') ||
    opts.dest.endsWith('/.') ||
    opts.dest === '.' ||
    sources.length > 1 ||
    matched.length > 1 ||
    volumeLookup(dst, destKey)?.kind === 'dir';
  const items: CopyPlanItem[] = [];
  for (const m of matched) {
    const node = lookup(src, m.key);
    if (!node) continue;
    const isDir = node.kind === 'dir';
    if (opts.parents) {
      items.push({ from: m.key, to: toKey(join(destAbs, m.rel)), contents: isDir });
    } else if (isDir) {
      items.push({ from: m.key, to: destKey, contents: true });
    } else {
      items.push({
        from: m.key,
        to: destIsDir ? toKey(join(destAbs, basename('/' + m.key))) : destKey,
        contents: false,
      });
    }
  }
  return items;
}

/** Apply a plan onto the destination volume (its changes become the step's layer). */
export function applyCopy(src: DirNode, dst: Volume, items: readonly CopyPlanItem[], opts: CopyOptions): void {
  const exclude = new PatternMatcher(opts.exclude);
  const owner = opts.chown ?? { uid: 0, gid: 0 };
  const parentMeta = { mode: 0o755, uid: owner.uid, gid: owner.gid };
  const setMeta = (to: VolumeNode, from: TreeNode): void => {
    to.mode = opts.chmod ?? from.mode;
    to.uid = opts.chown ? owner.uid : from.uid;
    to.gid = opts.chown ? owner.gid : from.gid;
  };
  const put = (key: string, node: TreeNode): void => {
    const parent = volumeMkdirAll(dst, dirname('/' + key), parentMeta);
    const name = basename('/' + key);
    const existing = parent.entries.get(name);
    if (node.kind === 'dir' && existing?.kind === 'dir') {
      // Merging into an existing directory keeps it unless metadata is explicitly set.
      if (opts.chmod !== undefined || opts.chown !== undefined) setMeta(existing, node);
      return;
    }
    const made = fresh(dst, parent, node);
    setMeta(made, node);
    volumeSet(parent, name, made);
  };
  for (const item of items) {
    const root = lookup(src, item.from);
    if (!root) continue;
    if (!item.contents) {
      if (!exclude.empty && exclude.matchesOrParentMatches(item.from)) continue;
      put(item.to, root);
      continue;
    }
    if (root.kind !== 'dir') continue;
    if (item.to !== '' && volumeLookup(dst, item.to)?.kind !== 'dir') put(item.to, root);
    for (const [rel, node] of walkTree(root)) {
      if (!exclude.empty && exclude.matchesOrParentMatches(rel)) continue;
      put(item.to === '' ? rel : `${item.to}/${rel}`, node);
    }
  }
}

/** A new volume node with `node`'s content: file bytes shared, a directory empty (its
 *  children are copied one by one), never the source node itself (that would be a hardlink). */
function fresh(dst: Volume, parent: VolumeDir, node: TreeNode): VolumeNode {
  if (node.kind === 'file') return dst.newFile(node.mode, node.data);
  if (node.kind === 'symlink') return dst.newSymlink(node.target);
  return dst.newDir(parent, node.mode);
}

function resolveDest(dest: string, workdir: string): string {
  const abs = dest.startsWith('/') ? dest : join(workdir || '/', dest);
  return clean(abs);
}

/** A source key relative to the source root, and the "/./" pivot for --parents. */
function sourceKey(path: string): { key: string; pivot: string } {
  const i = path.indexOf('/./');
  const key = toKey(path);
  if (i < 0) return { key, pivot: '' };
  return { key, pivot: toKey(path.slice(0, i)) };
}

function relTo(key: string, pivot: string): string {
  if (pivot === '') return key;
  return key === pivot ? '' : key.startsWith(pivot + '/') ? key.slice(pivot.length + 1) : key;
}
