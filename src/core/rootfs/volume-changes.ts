// What a run changed under one directory of its volume, against the tree it started from: the
// list a host applies to write a mount back (`wharf run -v`), parents before children.
// Directories the run never looked into are skipped whole, and a file it only read is still
// the very bytes of the tree (copy-on-write), so unchanged data costs nothing to rule out.
import type { DirNode, TreeNode } from './tree.ts';
import { lookup } from './tree.ts';
import type { Volume, VolumeDir, VolumeNode } from './volume.ts';

export type VolumeChange =
  | { op: 'remove'; path: string }
  | { op: 'mkdir'; path: string; mode: number }
  | { op: 'write'; path: string; mode: number; data: Uint8Array }
  | { op: 'symlink'; path: string; target: string };

/**
 * Changes under `path` (absolute in the volume) since `before` (the tree the volume opened);
 * change paths are relative to `path`. When `path` is no longer a directory, everything that
 * was under it is removed.
 */
export function volumeChanges(volume: Volume, before: DirNode, path: string): VolumeChange[] {
  const old = lookup(before, path, false);
  const oldDir = old?.kind === 'dir' ? old : undefined;
  const now = volumeDir(volume, path);
  const out: VolumeChange[] = [];
  if (!now) {
    for (const name of oldDir?.entries.keys() ?? []) out.push({ op: 'remove', path: name });
    return out;
  }
  diffDir(now, oldDir, '', out);
  return out;
}

function volumeDir(volume: Volume, path: string): VolumeDir | undefined {
  let node: VolumeNode = volume.root;
  for (const name of path.split('/').filter((p) => p !== '' && p !== '.')) {
    if (node.kind !== 'dir') return undefined;
    const next = node.entries.get(name);
    if (!next) return undefined;
    node = next;
  }
  return node.kind === 'dir' ? node : undefined;
}

function diffDir(now: VolumeDir, old: DirNode | undefined, prefix: string, out: VolumeChange[]): void {
  if (old && !now.opened) return;
  const entries = now.entries;
  for (const name of old?.entries.keys() ?? []) {
    const after = entries.get(name);
    if (!after || after.kind !== old!.entries.get(name)!.kind) out.push({ op: 'remove', path: prefix + name });
  }
  for (const [name, node] of entries) {
    const path = prefix + name;
    const was = old?.entries.get(name);
    diffNode(node, was?.kind === node.kind ? was : undefined, path, out);
  }
}

function diffNode(node: VolumeNode, was: TreeNode | undefined, path: string, out: VolumeChange[]): void {
  switch (node.kind) {
    case 'dir':
      if (!was) out.push({ op: 'mkdir', path, mode: node.mode });
      diffDir(node, was?.kind === 'dir' ? was : undefined, `${path}/`, out);
      return;
    case 'symlink':
      if (was?.kind !== 'symlink' || was.target !== node.target) {
        if (was) out.push({ op: 'remove', path });
        out.push({ op: 'symlink', path, target: node.target });
      }
      return;
    case 'file': {
      // Still sharing the tree's own bytes for this very path: unchanged.
      if (was?.kind === 'file' && node.content.shared === was.data) return;
      out.push({ op: 'write', path, mode: node.mode, data: node.content.bytes() });
      return;
    }
  }
}

/** A host directory (path, handle: whatever the host writes back to) mounted at `guest`. */
export interface Mount<H = string> {
  host: H;
  guest: string;
}

export interface WriteBack<H = string> extends Mount<H> {
  /** Paths under this mount (relative) that a deeper mount owns: its changes go there instead. */
  exclude: string[];
}

/**
 * The mounts to write back: those no later mount hides (the module never saw those), each
 * told which of its paths belong to a deeper mount.
 */
export function planWriteBack<H>(mounts: readonly Mount<H>[]): WriteBack<H>[] {
  const norm = mounts.map((m) =>
    m.guest
      .split('/')
      .filter((p) => p && p !== '.')
      .join('/'),
  );
  const under = (p: string, dir: string): boolean => dir === '' || p === dir || p.startsWith(`${dir}/`);
  const shown = norm.map((p, i) => !norm.some((q, j) => j > i && under(p, q)));
  return mounts.flatMap((m, i) => {
    if (!shown[i]) return [];
    const mine = norm[i]!;
    const exclude = norm
      .filter((p, j) => j !== i && shown[j] && p !== mine && under(p, mine))
      .map((p) => (mine === '' ? p : p.slice(mine.length + 1)));
    return [{ ...m, exclude }];
  });
}

/** `changes` without those under an excluded path. */
export function ownChanges(changes: readonly VolumeChange[], exclude: readonly string[]): VolumeChange[] {
  return changes.filter((c) => !exclude.some((x) => c.path === x || c.path.startsWith(`${x}/`)));
}
