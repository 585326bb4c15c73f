// COPY/ADD onto a stage's volume with BuildKit's rules (dockerfile2llb and tonistiigi/fsutil's
// copy): a directory source copies its contents, a destination ending in "/" (or an existing
// directory, or several sources) is a directory, wildcards (Go's filepath.Match; with --parents
// patternmatcher's "**") may match nothing, a symlink named or matched as a source is followed
// while links inside a copied tree stay links, parents are created, --exclude filters,
// --chmod/--chown override metadata.
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
import { applyChmod, type Chmod } from './chmod.ts';
import { containsWildcards, filepathMatch } from './filepath-match.ts';
import { Pattern, PatternMatcher, hasWildcard } from './pattern-matcher.ts';
import { basename, clean, dirname, join, toKey } from '../path.ts';

export interface CopySource {
  /** The source as written (expanded), relative to the source root. */
  path: string;
}

export interface CopyOptions {
  /** Expanded destination as written. */
  dest: string;
  workdir: string;
  chmod?: Chmod;
  chown?: { uid: number; gid: number };
  exclude: readonly string[];
  parents: boolean;
  /** Name of the source for messages: "build context" or `stage "build"`. */
  sourceName: string;
  /** The instruction name for messages (COPY or ADD). */
  instruction: string;
  /** Source nodes the host could not read, with why (see contextTree): copying one fails. */
  unreadable?: ReadonlyMap<TreeNode, string>;
  /** Collects the source nodes copied (the build context's, to tell which files a build used). */
  used?: Set<TreeNode>;
}

export interface CopyPlanItem {
  /** Path in the source tree (relative), symlinks resolved (with --parents, all but the last). */
  from: string;
  /** Path in the destination (relative to its root). */
  to: string;
  /** true when the item is a directory whose contents go to `to`. */
  contents: boolean;
}

/** A source resolved: where it is (links followed), the name it was matched by, its --parents path. */
interface Match {
  key: string;
  name: string;
  rel: string;
}

/**
 * Resolve sources to copy items. Throws BUILD_SOURCE for a literal source that does not exist.
 */
export function planCopy(src: DirNode, dst: Volume, sources: readonly CopySource[], opts: CopyOptions): CopyPlanItem[] {
  const destAbs = resolveDest(opts.dest, opts.workdir);
  const destKey = toKey(destAbs);
  const matched: Match[] = [];
  for (const s of sources) {
    const { key, pivot } = sourceKey(s.path);
    if (opts.parents && hasWildcard(key)) {
      // --parents is an include pattern to BuildKit (patternmatcher): "**" spans directories.
      const pattern = new Pattern(key);
      for (const [k] of walkTree(src)) {
        if (pattern.matches(k)) matched.push({ key: k, name: basename('/' + k), rel: relTo(k, pivot) });
      }
      continue;
    }
    if (!opts.parents && containsWildcards(key)) {
      for (const m of resolveWildcards(src, key)) {
        const resolved = realPath(src, m);
        if (resolved === undefined) {
          throw new WharfError(
            'BUILD_SOURCE',
            `${opts.instruction} source "${m}" (matched by "${s.path}") is a symlink whose target is not in the ${opts.sourceName}`,
          );
        }
        matched.push({ key: resolved, name: basename('/' + m), rel: m });
      }
      continue;
    }
    if (opts.parents) {
      // An include pattern to BuildKit: the path is walked to, not followed, so a link stays a link.
      if (!lookup(src, key, false)) {
        unreadableOnTheWay(src, key, opts);
        throw new WharfError(
          'BUILD_SOURCE',
          `${opts.instruction} source "${s.path}" not found in the ${opts.sourceName}`,
        );
      }
      matched.push({ key, name: basename('/' + key), rel: relTo(key, pivot) });
      continue;
    }
    const resolved = realPath(src, key);
    if (resolved === undefined) {
      unreadableOnTheWay(src, key, opts);
      throw new WharfError(
        'BUILD_SOURCE',
        `${opts.instruction} source "${s.path}" not found in the ${opts.sourceName}`,
      );
    }
    matched.push({ key: resolved, name: basename('/' + key), rel: relTo(key, pivot) });
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
    const node = lookup(src, m.key, !opts.parents);
    if (!node) continue;
    const isDir = node.kind === 'dir';
    if (opts.parents) {
      items.push({ from: m.key, to: toKey(join(destAbs, m.rel)), contents: isDir });
    } else if (isDir) {
      items.push({ from: m.key, to: destKey, contents: true });
    } else {
      // A followed symlink lands under its own name, not its target's (fsutil prepareTargetDir).
      items.push({ from: m.key, to: destIsDir ? toKey(join(destAbs, m.name)) : destKey, contents: false });
    }
  }
  return items;
}

/** Apply a plan onto the destination volume (its changes become the step's layer). */
export function applyCopy(src: DirNode, dst: Volume, items: readonly CopyPlanItem[], opts: CopyOptions): void {
  const exclude = new PatternMatcher(opts.exclude);
  const owner = opts.chown ?? { uid: 0, gid: 0 };
  const parentMeta = { mode: 0o755, uid: owner.uid, gid: owner.gid };
  // The directory a directory's contents go to is made as its parents are (with an octal
  // --chmod's mode, as BuildKit's MkdirAll takes it), never with the source directory's mode.
  const destDirMeta = { ...parentMeta, mode: opts.chmod?.kind === 'octal' ? opts.chmod.mode : 0o755 };
  const setMeta = (to: VolumeNode, from: TreeNode): void => {
    // fsutil never chmods a symlink.
    if (from.kind !== 'symlink')
      to.mode = opts.chmod ? applyChmod(opts.chmod, from.mode, from.kind === 'dir') : from.mode;
    to.uid = opts.chown ? owner.uid : from.uid;
    to.gid = opts.chown ? owner.gid : from.gid;
  };
  const put = (key: string, node: TreeNode, from: string): void => {
    const why = opts.unreadable?.get(node);
    if (why !== undefined) throw unreadableError(from, why, opts);
    opts.used?.add(node);
    const parent = volumeMkdirAll(dst, dirname('/' + key), parentMeta);
    const name = basename('/' + key);
    const existing = parent.entries.get(name);
    if (node.kind === 'dir' && existing?.kind === 'dir') {
      // A directory merged into an existing one gives it its own metadata (fsutil copyDirectoryOnly).
      setMeta(existing, node);
      return;
    }
    const made = fresh(dst, parent, node);
    setMeta(made, node);
    volumeSet(parent, name, made);
  };
  for (const item of items) {
    const root = lookup(src, item.from, !opts.parents);
    if (!root) continue;
    if (!item.contents) {
      if (!exclude.empty && exclude.matchesOrParentMatches(item.from)) continue;
      put(item.to, root, item.from);
      continue;
    }
    if (root.kind !== 'dir') continue;
    const why = opts.unreadable?.get(root);
    if (why !== undefined) throw unreadableError(item.from, why, opts);
    if (item.to !== '' && volumeLookup(dst, item.to)?.kind !== 'dir') {
      const parent = volumeMkdirAll(dst, dirname('/' + item.to), parentMeta);
      const made = dst.newDir(parent, destDirMeta.mode);
      made.uid = destDirMeta.uid;
      made.gid = destDirMeta.gid;
      volumeSet(parent, basename('/' + item.to), made);
    }
    for (const [rel, node] of walkTree(root)) {
      if (!exclude.empty && exclude.matchesOrParentMatches(rel)) continue;
      put(item.to === '' ? rel : `${item.to}/${rel}`, node, item.from === '' ? rel : `${item.from}/${rel}`);
    }
  }
}

/**
 * fsutil's ResolveWildcards: the part of the source before its first wildcard is resolved
 * (symlinks followed), then the tree below it is walked without following links, in name order,
 * and each path relative to it is matched against the rest with filepath.Match; a matching
 * directory is not entered. Returns the matches as paths from the source root.
 */
function resolveWildcards(src: DirNode, key: string): string[] {
  const parts = key.split('/');
  const first = parts.findIndex(containsWildcards);
  const fixed = parts.slice(0, first).join('/');
  const pattern = parts.slice(first).join('/');
  const baseKey = fixed === '' ? '' : realPath(src, fixed);
  const base = baseKey === undefined ? undefined : lookup(src, baseKey);
  if (base?.kind !== 'dir') return [];
  const out: string[] = [];
  const walk = (dir: DirNode, prefix: string): void => {
    for (const name of [...dir.entries.keys()].sort()) {
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      const node = dir.entries.get(name)!;
      if (filepathMatch(pattern, rel)) out.push(baseKey === '' ? rel : `${baseKey}/${rel}`);
      else if (node.kind === 'dir') walk(node, rel);
    }
  };
  walk(base, '');
  return out;
}

/** A literal source missing because a directory on its way could not be read says so. */
function unreadableOnTheWay(src: DirNode, key: string, opts: CopyOptions): void {
  if (!opts.unreadable || opts.unreadable.size === 0) return;
  const parts = key.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    const node = lookup(src, prefix, false);
    const why = node && opts.unreadable.get(node);
    if (why !== undefined) throw unreadableError(prefix, why, opts);
  }
}

function unreadableError(path: string, why: string, opts: CopyOptions): WharfError {
  return new WharfError(
    'BUILD_SOURCE',
    `${opts.instruction} cannot read "${path}" from the ${opts.sourceName}: ${why}`,
  );
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
