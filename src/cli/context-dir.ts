// Read a build context directory from disk into project entries, as BuildKit's context transfer
// (tonistiigi/fsutil) sends one: lstat, never stat, so symlinks stay links with their targets
// as written (dangling ones too), directories come with their modes (empty ones included), and
// files with theirs. A path that cannot be read is recorded with why instead of failing the
// load: only a COPY that needs it fails, at its line. Also writes outputs atomically.

import * as fs from 'node:fs';
import { dirname, join, relative, basename } from 'node:path';
import { WharfError } from '../core/errors.ts';
import type { ProjectFile } from '../core/project.ts';

export interface LoadedContext {
  files: ProjectFile[];
  /** Context paths that could not be read, with the system's reason. */
  unreadable: Map<string, string>;
}

/** The file system calls the loader makes (a parameter so tests can make reads fail). */
export interface ContextFs {
  lstatSync(path: string): fs.Stats;
  readdirSync(path: string): string[];
  readFileSync(path: string): Uint8Array;
  readlinkSync(path: string): string;
}

const nodeFs: ContextFs = {
  lstatSync: (p) => fs.lstatSync(p),
  readdirSync: (p) => fs.readdirSync(p),
  readFileSync: (p) => new Uint8Array(fs.readFileSync(p)),
  readlinkSync: (p) => fs.readlinkSync(p),
};

export function readContextDir(dir: string, io: ContextFs = nodeFs): LoadedContext {
  let st;
  try {
    // The context itself may be given through a symlink: that one is followed.
    st = fs.statSync(dir);
  } catch (e) {
    throw new WharfError('NOT_FOUND', `build context "${dir}" not found`, { cause: e });
  }
  if (!st.isDirectory()) throw new WharfError('USAGE', `build context "${dir}" is not a directory`);
  const files: ProjectFile[] = [];
  const unreadable = new Map<string, string>();
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = io.readdirSync(d).sort();
    } catch (e) {
      unreadable.set(rel(dir, d), reason(e));
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      const path = rel(dir, p);
      try {
        const s = io.lstatSync(p);
        const mode = s.mode & 0o7777;
        if (s.isSymbolicLink()) files.push({ kind: 'symlink', path, target: io.readlinkSync(p) });
        else if (s.isDirectory()) {
          files.push({ kind: 'dir', path, mode });
          walk(p);
        } else if (s.isFile()) files.push({ path, data: io.readFileSync(p), mode });
        // Sockets, FIFOs and devices have no place in a Wasm image's tree: they are left out.
      } catch (e) {
        unreadable.set(path, reason(e));
      }
    }
  };
  walk(dir);
  return { files, unreadable };
}

function rel(root: string, p: string): string {
  return relative(root, p).split('\\').join('/');
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Write via a temporary file in the same directory and rename: readers never see half a file.
 * `data` may come in parts (an image tarball's views, `exportImageParts`), written in order
 * without joining them first.
 */
export function writeFileAtomic(path: string, data: Uint8Array | readonly Uint8Array[]): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (data instanceof Uint8Array) fs.writeFileSync(tmp, data);
    else writeParts(tmp, data);
    fs.renameSync(tmp, path);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** IOV_MAX on Linux: the most views one writev takes. */
const IOV_MAX = 1024;

function writeParts(path: string, parts: readonly Uint8Array[]): void {
  const fd = fs.openSync(path, 'w');
  try {
    let pending = parts.filter((p) => p.byteLength > 0);
    while (pending.length) {
      const batch = pending.slice(0, IOV_MAX);
      let written = fs.writevSync(fd, batch);
      // A short write leaves the rest of a view, and the views after it, for the next call.
      let i = 0;
      while (i < batch.length && written >= batch[i]!.byteLength) written -= batch[i++]!.byteLength;
      pending = i < batch.length ? [batch[i]!.subarray(written), ...pending.slice(i + 1)] : pending.slice(i);
    }
  } finally {
    fs.closeSync(fd);
  }
}
