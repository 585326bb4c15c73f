// One layer applied onto an existing, immutable tree, giving a new tree that shares everything
// the layer does not touch: how a build step served from the cache gets the tree its layer
// leaves, without running the step again.
import type { TarEntry } from '../oci/types.ts';
import { freezeVolume } from './freeze.ts';
import { pathParts, type DirNode } from './tree.ts';
import { openVolume, type Volume, type VolumeDir } from './volume.ts';
import { volumeLookup, volumeMkdirAll, volumeSet } from './volume-paths.ts';
import { OPAQUE, WHITEOUT } from './whiteouts.ts';

export function applyLayerOnto(tree: DirNode, entries: readonly TarEntry[]): DirNode {
  const vol = openVolume(tree, () => 0n);
  const parentOf = (parts: string[]): VolumeDir | undefined => {
    const n = parts.length === 0 ? vol.root : volumeLookup(vol, parts.join('/'));
    return n?.kind === 'dir' ? n : undefined;
  };
  for (const e of entries) {
    const parts = pathParts(e.path);
    const name = parts[parts.length - 1];
    if (!name?.startsWith(WHITEOUT)) continue;
    const parent = parentOf(parts.slice(0, -1));
    if (!parent) continue;
    if (name === OPAQUE) parent.entries.clear();
    else parent.entries.delete(name.slice(WHITEOUT.length));
  }
  for (const e of entries) {
    const parts = pathParts(e.path);
    const name = parts[parts.length - 1];
    if (!name || name.startsWith(WHITEOUT) || e.type === 'other' || e.type === 'hardlink') continue;
    const parent = volumeMkdirAll(vol, parts.slice(0, -1).join('/'), { mode: 0o755, uid: 0, gid: 0 });
    place(vol, parent, name, e);
  }
  for (const e of entries) {
    if (e.type !== 'hardlink' || e.linkname === undefined) continue;
    const target = volumeLookup(vol, e.linkname, false);
    const parts = pathParts(e.path);
    if (target?.kind !== 'file' || parts.length === 0) continue;
    const parent = volumeMkdirAll(vol, parts.slice(0, -1).join('/'), { mode: 0o755, uid: 0, gid: 0 });
    volumeSet(parent, parts[parts.length - 1]!, target);
    target.nlink++;
  }
  return freezeVolume(vol);
}

function place(vol: Volume, parent: VolumeDir, name: string, e: TarEntry): void {
  const mtim = BigInt(e.mtime) * 1_000_000_000n;
  const existing = parent.entries.get(name);
  let node;
  if (e.type === 'directory' && existing?.kind === 'dir') node = existing;
  else if (e.type === 'directory') node = vol.newDir(parent);
  else if (e.type === 'symlink') node = vol.newSymlink(e.linkname ?? '');
  else node = vol.newFile(e.mode, e.data);
  node.mode = e.mode & 0o7777;
  node.uid = e.uid;
  node.gid = e.gid;
  node.mtim = mtim;
  volumeSet(parent, name, node);
}
