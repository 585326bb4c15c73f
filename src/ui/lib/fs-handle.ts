// A folder the user granted read-write through the File System Access API (Chromium's
// showDirectoryPicker), as a read-write mount: read into a tree when a run starts, and what the
// run changed there (core's volumeChanges) written back when it exits, as `docker run -v` does.
import { WharfError } from '../../core/errors.ts';
import { isSafeRelativePath } from '../../core/project.ts';
import { dirNode, fileNode, type DirNode, type VolumeChange } from '../../core/rootfs/index.ts';

/** The folder's current contents (files and directories; the API has no symlinks). */
export async function readHandleTree(dir: FileSystemDirectoryHandle): Promise<DirNode> {
  const tree = dirNode({ mode: 0o755 });
  for await (const [name, entry] of dir.entries()) {
    if (entry.kind === 'directory') {
      tree.entries.set(name, await readHandleTree(entry as FileSystemDirectoryHandle));
    } else {
      const file = await (entry as FileSystemFileHandle).getFile();
      tree.entries.set(
        name,
        fileNode(new Uint8Array(await file.arrayBuffer()), {
          mode: 0o644,
          mtime: Math.floor(file.lastModified / 1000),
        }),
      );
    }
  }
  return tree;
}

/**
 * Applies a run's changes to the folder, in order. Returns the changes it could not make here
 * (symlinks: the API has none), for the caller to report.
 */
export async function applyChangesToHandle(
  root: FileSystemDirectoryHandle,
  changes: readonly VolumeChange[],
): Promise<VolumeChange[]> {
  const skipped: VolumeChange[] = [];
  for (const c of changes) {
    if (!isSafeRelativePath(c.path))
      throw new WharfError('PATH_UNSAFE', `writing back "${c.path}": not a plain relative path`);
    const names = c.path.split('/');
    const name = names.pop()!;
    let parent = root;
    for (const n of names) parent = await parent.getDirectoryHandle(n, { create: true });
    switch (c.op) {
      case 'remove':
        await parent.removeEntry(name, { recursive: true }).catch((e: unknown) => {
          if ((e as { name?: string }).name !== 'NotFoundError') throw e;
        });
        break;
      case 'mkdir':
        await replaceIfKind(parent, name, 'file');
        await parent.getDirectoryHandle(name, { create: true });
        break;
      case 'write': {
        await replaceIfKind(parent, name, 'directory');
        const writable = await (await parent.getFileHandle(name, { create: true })).createWritable();
        await writable.write(c.data as Uint8Array<ArrayBuffer>);
        await writable.close();
        break;
      }
      case 'symlink':
        skipped.push(c);
        break;
    }
  }
  return skipped;
}

/** Removes `name` when it exists as the other kind (a file where a directory goes, or back). */
async function replaceIfKind(
  parent: FileSystemDirectoryHandle,
  name: string,
  kind: FileSystemHandleKind,
): Promise<void> {
  try {
    if (kind === 'file') await parent.getFileHandle(name);
    else await parent.getDirectoryHandle(name);
  } catch {
    return;
  }
  await parent.removeEntry(name, { recursive: true });
}
