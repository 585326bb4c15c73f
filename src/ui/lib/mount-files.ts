// Files or a folder the user picks, as a tree to mount into a run (the browser's `-v`): a folder
// pick mounts the folder's contents, as `-v ./dir:/guest` does; a files pick puts each file at
// the top. A folder granted read-write (lib/fs-handle.ts) is mounted by its handle instead.
// Mounts live for the session: they are not saved with the project or shared.
import { WharfError } from '../../core/errors.ts';
import { isSafeRelativePath } from '../../core/project.ts';
import { dirNode, fileNode, type DirNode } from '../../core/rootfs/index.ts';

export interface PickedMountFile {
  /** Path inside the pick: "sub/a.txt" for a folder pick (its own name stripped), "a.txt" else. */
  path: string;
  data: Uint8Array;
  /** ms since the epoch (File.lastModified). */
  lastModified: number;
}

/** A mount of the session's runs: picked files (read once), or a folder the browser lets us
 * read and write (read at each run, written back when it exits). */
export type RunMount = {
  id: number;
  /** Absolute guest directory. */
  guest: string;
  /** What was picked, for the list: "data/", "a.txt, b.txt". */
  label: string;
  /** "3 files, 1.20kB" or "read-write folder". */
  detail: string;
} & ({ tree: DirNode } | { handle: FileSystemDirectoryHandle });

/** A guest mount point: absolute, no "..", no trailing slash ("/" stays "/"). */
export function normalizeGuestPath(text: string): string {
  const parts = text
    .trim()
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (!text.trim().startsWith('/') || parts.includes('..')) {
    throw new WharfError(
      'PATH_UNSAFE',
      `mount point "${text.trim()}": give an absolute path without "..", such as /data`,
    );
  }
  return `/${parts.join('/')}`;
}

/** The tree of a pick; every path is checked to stay inside it. */
export function treeFromPicked(files: readonly PickedMountFile[]): DirNode {
  // Built in place (the tree is new and ours), so a folder of many files costs one pass.
  const tree = dirNode({ mode: 0o755 });
  for (const f of files) {
    if (!isSafeRelativePath(f.path))
      throw new WharfError('PATH_UNSAFE', `cannot mount "${f.path}": not a plain relative path`);
    const names = f.path.split('/');
    let dir = tree;
    for (const name of names.slice(0, -1)) {
      let next = dir.entries.get(name);
      if (next?.kind !== 'dir') dir.entries.set(name, (next = dirNode({ mode: 0o755 })));
      dir = next;
    }
    dir.entries.set(
      names[names.length - 1]!,
      fileNode(f.data, { mode: 0o644, mtime: Math.floor(f.lastModified / 1000) }),
    );
  }
  return tree;
}

/** A folder pick's paths ("top/sub/a.txt") without the folder's own name. */
export function stripPickedFolder(relativePath: string): string {
  const slash = relativePath.indexOf('/');
  return slash < 0 ? relativePath : relativePath.slice(slash + 1);
}
