// What an Import or a drop means: an image tarball (import the image), a .zip/.tar of a build
// context (a new project, with the modes, symlinks and directories the archive records), or
// loose files (added to the open project, .wasm as bytes).

import { unzipSync } from 'fflate';
import { assumedMode, isBinaryPath, isSafeRelativePath, type ProjectFile } from '../../core/project.ts';
import { WharfError } from '../../core/errors.ts';
import type { Engine } from '../engine/index.ts';
import { zipModes } from './zip-modes.ts';

export type Imported =
  | { kind: 'image'; name: string; bytes: Uint8Array }
  | { kind: 'context'; name: string; files: ProjectFile[] }
  | { kind: 'files'; files: ProjectFile[] };

export interface PickedFile {
  /** Path relative to the picked folder (webkitRelativePath) or the bare name. */
  path: string;
  file: Blob;
}

/** One entry of a context archive, as a tar or zip records it. */
export interface ArchiveEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Permission bits; undefined where the archive does not say (a zip made on Windows). */
  mode: number | undefined;
  /** A symlink's target, or the path a hardlink names. */
  linkname?: string;
  data: Uint8Array;
}

export async function classifyImport(picked: readonly PickedFile[], engine: Engine): Promise<Imported> {
  const only = picked.length === 1 ? picked[0] : undefined;
  if (only && /\.(tar|zip|tgz|tar\.gz)$/i.test(only.path)) {
    const bytes = new Uint8Array(await only.file.arrayBuffer());
    const name = only.path.replace(/^.*\//, '').replace(/\.(tar|zip|tgz|tar\.gz)$/i, '');
    if (/\.zip$/i.test(only.path)) return { kind: 'context', name, files: contextFromArchive(zipEntries(bytes)) };
    if (await engine.isImageTarball(bytes)) return { kind: 'image', name, bytes };
    return { kind: 'context', name, files: contextFromArchive(await engine.readTar(bytes)) };
  }
  // A browser tells nothing of a picked file's mode: each gets assumedMode.
  const files = await Promise.all(
    picked.map(async (p) => toProjectFile(p.path, new Uint8Array(await p.file.arrayBuffer()), undefined)),
  );
  // A picked folder arrives as "folder/a", "folder/b": the folder is the context root.
  const top = new Set(files.map((f) => f.path.split('/')[0]));
  const folder =
    files.length > 0 && top.size === 1 && files.every((f) => f.path.includes('/')) ? [...top][0]! : undefined;
  if (folder) {
    return {
      kind: 'context',
      name: folder,
      files: files.map((f) => ({ ...f, path: f.path.slice(folder.length + 1) })),
    };
  }
  return { kind: 'files', files };
}

/** A zip's entries with the types and modes its central directory records. */
export function zipEntries(bytes: Uint8Array): ArchiveEntry[] {
  const modes = zipModes(bytes);
  return Object.entries(unzipSync(bytes)).map(([name, data]): ArchiveEntry => {
    const meta = modes.get(name);
    const type = name.endsWith('/') ? 'directory' : meta?.type === 'dir' ? 'directory' : (meta?.type ?? 'file');
    const path = name.replace(/\/+$/, '');
    // Info-ZIP stores a symlink as an entry whose data is its target.
    if (type === 'symlink') return { path, type, mode: meta?.mode, linkname: new TextDecoder().decode(data), data };
    return { path, type, mode: meta?.mode, data };
  });
}

/** Project entries from a context archive: modes kept, hardlinks as copies, the one common top folder stripped. */
export function contextFromArchive(entries: readonly ArchiveEntry[]): ProjectFile[] {
  const byPath = new Map<string, ArchiveEntry>();
  const out: ProjectFile[] = [];
  for (const e of entries) {
    const path = e.path.replace(/^(\.\/)+/, '');
    if (path === '' || path === '.') continue;
    if (e.type === 'directory') out.push(checked({ kind: 'dir', path, mode: e.mode ?? 0o755 }));
    else if (e.type === 'symlink' && e.linkname) out.push(checked({ kind: 'symlink', path, target: e.linkname }));
    else if (e.type === 'file') out.push(toProjectFile(path, e.data, e.mode));
    else if (e.type === 'hardlink') {
      const linked = byPath.get(e.linkname?.replace(/^(\.\/)+/, '') ?? '');
      if (linked) out.push(toProjectFile(path, linked.data, linked.mode));
    }
    byPath.set(path, e);
  }
  // A zip or tar of a folder holds "folder/..." everywhere: strip the one common top folder.
  const top = new Set(out.map((f) => f.path.split('/')[0]));
  const only = [...top][0];
  const inside = out.filter((f) => !(f.path === only && f.kind === 'dir'));
  if (top.size === 1 && inside.every((f) => f.path.includes('/')) && !out.some((f) => f.path === 'Dockerfile')) {
    const prefix = `${only}/`;
    return inside.map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function checked<T extends ProjectFile>(f: T): T {
  if (!isSafeRelativePath(f.path))
    throw new WharfError('PATH_UNSAFE', `import: "${f.path}" is not a relative path inside the context`);
  return f;
}

function toProjectFile(path: string, bytes: Uint8Array, mode: number | undefined): ProjectFile {
  const m = mode ?? assumedMode(path);
  if (isBinaryPath(path)) return checked({ path, data: bytes, mode: m });
  try {
    return checked({ path, data: utf8.decode(bytes), mode: m });
  } catch {
    return checked({ path, data: bytes, mode: m });
  }
}
