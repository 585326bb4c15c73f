// `run -v HOST:GUEST` writes back: when the module exits, what it changed under GUEST is applied
// to HOST (new and rewritten files, new directories and symlinks, removals). A module that is
// killed (timeout) writes nothing back. Every path is checked to stay inside HOST, and removal
// never follows a symlink, so nothing outside the mounted directory can be touched.
import { lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { WharfError } from '../core/errors.ts';
import type { VolumeChange } from '../core/rootfs/index.ts';

/** Applies `changes` (paths relative to the mount) to `hostDir`, in order. */
export function applyVolumeChanges(hostDir: string, changes: readonly VolumeChange[]): void {
  const root = resolve(hostDir);
  for (const c of changes) {
    const parts = c.path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0') || p.includes(sep))) {
      throw new WharfError('PATH_UNSAFE', `-v ${hostDir}: the run left an unsafe name "${c.path}"`);
    }
    const target = join(root, ...parts);
    try {
      switch (c.op) {
        case 'remove':
          rmSync(target, { recursive: true, force: true });
          break;
        case 'mkdir':
          if (!isDir(target)) {
            rmSync(target, { force: true });
            mkdirSync(target, { mode: c.mode & 0o7777 });
          }
          break;
        case 'write':
          // A symlink or directory left at this name is replaced, never written through.
          if (lstatOrUndefined(target)?.isFile() === false) rmSync(target, { recursive: true, force: true });
          writeFileSync(target, c.data, { mode: c.mode & 0o7777 });
          break;
        case 'symlink':
          rmSync(target, { recursive: true, force: true });
          symlinkSync(c.target, target);
          break;
      }
    } catch (e) {
      throw new WharfError('STORE', `-v ${hostDir}: writing back ${c.path}: ${(e as Error).message}`, { cause: e });
    }
  }
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function isDir(path: string): boolean {
  return lstatOrUndefined(path)?.isDirectory() === true;
}
