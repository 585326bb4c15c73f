// A volume back to an immutable tree: the one conversion from the run model to the image model
// (openVolume is the other way). What the run never opened or never changed is the tree's own
// node, shared, so freezing costs what the run touched, not what the image holds.
import { dirNode, fileNode, symlinkNode, type DirNode, type NodeMeta, type TreeNode } from './tree.ts';
import type { Volume, VolumeNode } from './volume.ts';

export function freezeVolume(volume: Volume): DirNode {
  const frozen = new Map<VolumeNode, TreeNode>();
  const freeze = (node: VolumeNode): TreeNode => {
    const known = frozen.get(node);
    if (known) return known; // a hardlink: the same node under both names
    const origin = volume.origin(node);
    const meta = metaOf(node);
    let out: TreeNode;
    if (node.kind === 'dir') {
      const unopened = node.unopened;
      if (unopened && origin === unopened && sameMeta(meta, unopened)) out = unopened;
      else {
        const d = dirNode(meta);
        for (const [name, child] of node.entries) d.entries.set(name, freeze(child));
        out = origin?.kind === 'dir' && sameDir(d, origin) ? origin : d;
      }
    } else if (node.kind === 'symlink') {
      out =
        origin?.kind === 'symlink' && origin.target === node.target && sameMeta(meta, origin)
          ? origin
          : symlinkNode(node.target, meta);
    } else {
      const shared = node.content.shared;
      out =
        origin?.kind === 'file' && shared === origin.data && sameMeta(meta, origin)
          ? origin
          : fileNode(node.content.bytes(), meta);
    }
    frozen.set(node, out);
    return out;
  };
  return freeze(volume.root) as DirNode;
}

function metaOf(node: VolumeNode): NodeMeta {
  return { mode: node.mode, uid: node.uid, gid: node.gid, mtime: Number(node.mtim / 1_000_000_000n) };
}

function sameMeta(a: NodeMeta, b: NodeMeta): boolean {
  return a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.mtime === b.mtime;
}

/** Same metadata and the very same children: the tree's directory can stand for this one. */
function sameDir(d: DirNode, origin: DirNode): boolean {
  if (!sameMeta(d, origin) || d.entries.size !== origin.entries.size) return false;
  for (const [name, child] of d.entries) if (origin.entries.get(name) !== child) return false;
  return true;
}
