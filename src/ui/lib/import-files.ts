// What an Import or a drop means: an image tarball (import the image), a .zip/.tar of a build
// context (a new project), or loose files (added to the open project, .wasm as bytes).

import { unzipSync } from 'fflate';
import { isBinaryPath, isSafeRelativePath, type ProjectFile } from '../../core/project.ts';
import { WharfError } from '../../core/errors.ts';
import type { Engine } from '../engine/index.ts';

export type Imported =
  | { kind: 'image'; name: string; bytes: Uint8Array }
  | { kind: 'context'; name: string; files: ProjectFile[] }
  | { kind: 'files'; files: ProjectFile[] };

export interface PickedFile {
  /** Path relative to the picked folder (webkitRelativePath) or the bare name. */
  path: string;
  file: Blob;
}

export async function classifyImport(picked: readonly PickedFile[], engine: Engine): Promise<Imported> {
  const only = picked.length === 1 ? picked[0] : undefined;
  if (only && /\.(tar|zip|tgz|tar\.gz)$/i.test(only.path)) {
    const bytes = new Uint8Array(await only.file.arrayBuffer());
    const name = only.path.replace(/^.*\//, '').replace(/\.(tar|zip|tgz|tar\.gz)$/i, '');
    if (/\.zip$/i.test(only.path))
      return { kind: 'context', name, files: fromEntries(Object.entries(unzipSync(bytes))) };
    if (await engine.isImageTarball(bytes)) return { kind: 'image', name, bytes };
    const entries = await engine.readTar(bytes);
    return { kind: 'context', name, files: fromEntries(entries.map((e) => [e.path, e.data])) };
  }
  const files = await Promise.all(
    picked.map(async (p) => toProjectFile(p.path, new Uint8Array(await p.file.arrayBuffer()))),
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

function fromEntries(entries: [string, Uint8Array][]): ProjectFile[] {
  const files = entries
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, data]) => toProjectFile(path.replace(/^\.\//, ''), data));
  // A zip of a folder holds "folder/..." everywhere: strip the one common top folder.
  const top = new Set(files.map((f) => f.path.split('/')[0]));
  if (top.size === 1 && files.every((f) => f.path.includes('/')) && !files.some((f) => f.path === 'Dockerfile')) {
    const prefix = `${[...top][0]}/`;
    return files.map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  }
  return files;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toProjectFile(path: string, bytes: Uint8Array): ProjectFile {
  if (!isSafeRelativePath(path))
    throw new WharfError('PATH_UNSAFE', `import: "${path}" is not a relative path inside the context`);
  if (isBinaryPath(path)) return { path, data: bytes };
  try {
    return { path, data: utf8.decode(bytes) };
  } catch {
    return { path, data: bytes };
  }
}
