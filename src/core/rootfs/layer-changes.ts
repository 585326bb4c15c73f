// A build step's changes -> the tar entries of its layer, as the OCI image spec's changesets
// describe them: what was added or modified, with every parent directory, and a `.wh.NAME`
// whiteout for what was removed. https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md
import type { TarEntry } from '../oci/types.ts';
import { lookup, pathParts, type DirNode } from './tree.ts';
import { WHITEOUT } from './whiteouts.ts';
import type { VolumeChange } from './volume-changes.ts';

/**
 * The layer for `changes` (paths relative to the root, as volumeChanges gives them for "/"),
 * read from `after`, the tree the step left. Sorted by path, every time stamp `mtime`, so the
 * same step gives the same bytes.
 */
export function changesLayer(after: DirNode, changes: readonly VolumeChange[], mtime: number): TarEntry[] {
  const paths = new Set<string>();
  const whiteouts = new Set<string>();
  for (const c of changes) {
    const parts = pathParts(c.path);
    if (parts.length === 0) continue;
    for (let i = 1; i < parts.length; i++) paths.add(parts.slice(0, i).join('/'));
    const path = parts.join('/');
    // A path removed and then made again (a file that became a directory) is written whole.
    if (c.op === 'remove') whiteouts.add(path);
    else paths.add(path);
  }
  const out: TarEntry[] = [];
  for (const path of whiteouts) {
    if (paths.has(path) && lookup(after, path, false)) continue;
    const i = path.lastIndexOf('/');
    out.push({
      path: `${path.slice(0, i + 1)}${WHITEOUT}${path.slice(i + 1)}`,
      type: 'file',
      mode: 0,
      uid: 0,
      gid: 0,
      mtime,
      data: new Uint8Array(0),
    });
  }
  for (const path of paths) {
    const n = lookup(after, path, false);
    if (!n) continue;
    const entry: TarEntry = {
      path,
      type: n.kind === 'dir' ? 'directory' : n.kind,
      mode: n.mode,
      uid: n.uid,
      gid: n.gid,
      mtime,
      data: n.kind === 'file' ? n.data : new Uint8Array(0),
    };
    if (n.kind === 'symlink') entry.linkname = n.target;
    out.push(entry);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
