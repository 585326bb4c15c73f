// What a run changed under one directory of its volume, against the tree it started from: the
// one diff behind a mount's write-back (`wharf run -v`) and a build step's layer
// (layer-changes.ts), parents before children. Directories the run never looked into are
// skipped whole, and a node the run only read is still the very node of the tree
// (copy-on-write), so unchanged data costs nothing to rule out.
import type { DirNode, NodeMeta, TreeNode } from './tree.ts';
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
  new Differ(volume, out).dir(now, oldDir, '');
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

class Differ {
  readonly #volume: Volume;
  readonly #out: VolumeChange[];

  constructor(volume: Volume, out: VolumeChange[]) {
    this.#volume = volume;
    this.#out = out;
  }

  dir(now: VolumeDir, old: DirNode | undefined, prefix: string): void {
    if (old && now.unopened === old) return;
    const entries = now.entries;
    for (const [name, was] of old?.entries ?? []) {
      const after = entries.get(name);
      if (!after || after.kind !== was.kind) this.#out.push({ op: 'remove', path: prefix + name });
    }
    for (const [name, node] of entries) {
      const was = old?.entries.get(name);
      this.#node(node, was?.kind === node.kind ? was : undefined, prefix + name);
    }
  }

  #node(node: VolumeNode, was: TreeNode | undefined, path: string): void {
    // The very node the tree had here, unwritten, with its metadata: unchanged.
    const same = was !== undefined && this.#volume.origin(node) === was && sameMeta(node, was);
    switch (node.kind) {
      case 'dir':
        if (!was || !sameOwnerMode(node, was)) this.#out.push({ op: 'mkdir', path, mode: node.mode });
        this.dir(node, was?.kind === 'dir' ? was : undefined, `${path}/`);
        return;
      case 'symlink':
        if (same && was.kind === 'symlink' && was.target === node.target) return;
        if (was) this.#out.push({ op: 'remove', path });
        this.#out.push({ op: 'symlink', path, target: node.target });
        return;
      case 'file':
        if (same && was.kind === 'file' && node.content.shared === was.data) return;
        this.#out.push({ op: 'write', path, mode: node.mode, data: node.content.bytes() });
        return;
    }
  }
}

function sameOwnerMode(node: VolumeNode, was: NodeMeta): boolean {
  return node.mode === was.mode && node.uid === was.uid && node.gid === was.gid;
}

function sameMeta(node: VolumeNode, was: NodeMeta): boolean {
  return sameOwnerMode(node, was) && node.mtim === BigInt(was.mtime) * 1_000_000_000n;
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
