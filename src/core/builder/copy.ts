// COPY/ADD onto a stage snapshot with Docker's rules: a directory source copies its contents,
// a destination ending in "/" (or an existing directory, or several sources) is a directory,
// wildcards (Go filepath.Match plus "**") may match nothing, parents are created, --parents
// keeps source paths, --exclude filters, --chmod/--chown override metadata.
// https://docs.docker.com/reference/dockerfile/#copy

import { WharfError } from '../errors.ts';
import { Pattern, PatternMatcher, hasWildcard } from './pattern-matcher.ts';
import { basename, clean, join, toKey } from './path.ts';
import type { FsNode, Snapshot } from './snapshot.ts';

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
  /** Key in the source snapshot. */
  from: string;
  /** Key in the destination snapshot. */
  to: string;
  /** true when the item is a directory whose contents go to `to`. */
  contents: boolean;
}

/**
 * Resolve sources to copy items. Throws BUILD_SOURCE for a literal source that does not exist.
 * Returns the items and whether the destination is a directory.
 */
export function planCopy(
  src: Snapshot,
  dst: Snapshot,
  sources: readonly CopySource[],
  opts: CopyOptions,
): CopyPlanItem[] {
  const destAbs = resolveDest(opts.dest, opts.workdir);
  const destKey = toKey(destAbs);
  const matched: { key: string; rel: string }[] = [];
  for (const s of sources) {
    const { key, pivot } = sourceKey(s.path);
    if (hasWildcard(key)) {
      const pattern = new Pattern(key);
      for (const k of src.keys()) if (k !== '' && pattern.matches(k)) matched.push({ key: k, rel: relTo(k, pivot) });
      continue;
    }
    const resolved = src.resolve(key);
    if (resolved === undefined || !src.lstat(resolved)) {
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
    dst.isDir(destKey);
  const items: CopyPlanItem[] = [];
  for (const m of matched) {
    const node = src.stat(m.key);
    if (!node) continue;
    const isDir = node.type === 'directory';
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

/** Apply a plan: returns the destination keys written (for the layer). */
export function applyCopy(src: Snapshot, dst: Snapshot, items: readonly CopyPlanItem[], opts: CopyOptions): string[] {
  const exclude = new PatternMatcher(opts.exclude);
  const changed: string[] = [];
  const owner = opts.chown ?? { uid: 0, gid: 0 };
  const meta = (n: FsNode): FsNode => ({
    ...n,
    mode: opts.chmod ?? n.mode,
    uid: opts.chown ? owner.uid : n.uid,
    gid: opts.chown ? owner.gid : n.gid,
  });
  const put = (key: string, node: FsNode): void => {
    changed.push(...dst.ensureParents(key, 0o755, owner.uid, owner.gid));
    const existing = dst.lstat(key);
    if (node.type === 'directory' && existing?.type === 'directory') {
      // Merging into an existing directory keeps it unless metadata is explicitly set.
      if (opts.chmod === undefined && opts.chown === undefined) return;
    }
    dst.set(key, node);
    changed.push(key);
  };
  for (const item of items) {
    const root = src.stat(item.from);
    if (!root) continue;
    if (!item.contents) {
      if (!exclude.empty && exclude.matchesOrParentMatches(item.from)) continue;
      put(item.to, meta(root));
      continue;
    }
    if (item.to !== '') {
      const existing = dst.stat(item.to);
      if (existing?.type !== 'directory') put(item.to, meta({ ...root, type: 'directory' }));
    }
    const base = src.resolve(item.from) ?? item.from;
    for (const k of src.descendants(base)) {
      const rel = base === '' ? k : k.slice(base.length + 1);
      if (!exclude.empty && exclude.matchesOrParentMatches(rel)) continue;
      put(item.to === '' ? rel : `${item.to}/${rel}`, meta(src.lstat(k)!));
    }
  }
  return changed;
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
