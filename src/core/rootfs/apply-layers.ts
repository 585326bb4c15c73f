// Layers -> one tree, as the OCI image spec's "Applying Changesets" describes: in order, each
// layer's whiteouts delete from the layers below, then its entries are added.
// https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md#whiteouts
import { WharfError } from '../errors.ts';
import type { TarEntry } from '../oci/types.ts';
import { dirNode, fileNode, lookup, pathParts, symlinkNode, type DirNode, type TreeNode } from './tree.ts';
import { OPAQUE, WHITEOUT } from './whiteouts.ts';

/** Folds layers (each an array of tar entries, lowest first) into one new tree. */
export function applyLayers(layers: readonly (readonly TarEntry[])[]): DirNode {
  const root = dirNode();
  layers.forEach((entries, i) => applyLayer(root, entries, i));
  return root;
}

/** Applies one layer onto `root` in place (the tree being built, never an image's tree). */
export function applyLayer(root: DirNode, entries: readonly TarEntry[], index = 0): void {
  const where = (e: TarEntry): string => `layer ${index}: "${e.path}"`;
  // Whiteouts first: they hide what lower layers hold, never what this layer adds.
  for (const e of entries) {
    const parts = checkedParts(e, where);
    const name = parts[parts.length - 1]!;
    if (!name.startsWith(WHITEOUT)) continue;
    const parent = lookupDir(root, parts.slice(0, -1));
    if (!parent) continue; // whiteout of something that was never there
    if (name === OPAQUE) parent.entries.clear();
    else parent.entries.delete(name.slice(WHITEOUT.length));
  }
  for (const e of entries) {
    const parts = checkedParts(e, where);
    const name = parts[parts.length - 1]!;
    if (name.startsWith(WHITEOUT)) continue;
    const parent = ensureDir(root, parts.slice(0, -1));
    const meta = { mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, mtime: e.mtime };
    const existing = parent.entries.get(name);
    switch (e.type) {
      case 'directory':
        if (existing?.kind === 'dir') Object.assign(existing, meta);
        else parent.entries.set(name, dirNode(meta));
        break;
      case 'file':
        parent.entries.set(name, fileNode(e.data, meta));
        break;
      case 'symlink':
        parent.entries.set(name, symlinkNode(e.linkname ?? '', meta));
        break;
      case 'hardlink': {
        const target = e.linkname === undefined ? undefined : lookup(root, e.linkname, false);
        if (!target || target.kind === 'dir') {
          throw new WharfError(
            'TAR_FORMAT',
            `${where(e)}: hardlink target "${e.linkname ?? ''}" is not a file in this image`,
          );
        }
        parent.entries.set(name, target); // the same node: content and metadata shared
        break;
      }
      case 'other':
        break; // devices and fifos have no meaning in a WASI root
    }
  }
}

function checkedParts(e: TarEntry, where: (e: TarEntry) => string): string[] {
  const parts = pathParts(e.path);
  if (parts.length === 0 || parts.includes('..')) {
    throw new WharfError('PATH_UNSAFE', `${where(e)}: path escapes the root`);
  }
  return parts;
}

function lookupDir(root: DirNode, parts: string[]): DirNode | undefined {
  const n = parts.length === 0 ? root : lookup(root, parts.join('/'));
  return n?.kind === 'dir' ? n : undefined;
}

/** The directory at `parts`, creating missing ones; symlinked directories are followed inside the root. */
function ensureDir(root: DirNode, parts: string[]): DirNode {
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    let next: TreeNode | undefined = dir.entries.get(name);
    if (next?.kind === 'symlink') next = lookup(root, parts.slice(0, i + 1).join('/'));
    if (next?.kind !== 'dir') {
      next = dirNode();
      dir.entries.set(name, next);
    }
    dir = next;
  }
  return dir;
}
