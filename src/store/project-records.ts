// Projects as IndexedDB keeps them: a binary file's bytes as a Blob. A put clones its record on
// the page's thread, and bytes clone as bytes: a save of a project holding a 48 MB module took
// the page ~120 ms at each autosave, while a Blob clones as a handle. Records written before
// (bytes inline) read the same.
import type { ContextFile, Project, ProjectFile } from '../core/project.ts';

/** A file entry as stored: a binary file's data may be a Blob. */
export type StoredFile = ProjectFile | (Omit<ContextFile, 'data'> & { data: Blob });

export type ProjectRecord = Omit<Project, 'files'> & { files: StoredFile[] };

/**
 * The Blob each stored or read file's bytes went with. Project values are immutable (an edit
 * makes new file objects and new bytes), so bytes seen before are the same bytes: a save of an
 * unchanged module stores the Blob it was read as, without copying it on the page's thread.
 */
const blobs = new WeakMap<Uint8Array, Blob>();

function blobOf(bytes: Uint8Array): Blob {
  let blob = blobs.get(bytes);
  if (!blob || blob.size !== bytes.byteLength) {
    blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    blobs.set(bytes, blob);
  }
  return blob;
}

export function toRecord(project: Project): ProjectRecord {
  if (!project.files.some((f) => 'data' in f && f.data instanceof Uint8Array)) return project;
  return {
    ...project,
    files: project.files.map((f) => ('data' in f && f.data instanceof Uint8Array ? { ...f, data: blobOf(f.data) } : f)),
  };
}

/** A stored record with every Blob read back into bytes; anything else is returned as it is (for the guard). */
export async function fromRecord(value: unknown): Promise<unknown> {
  const files = (value as { files?: unknown } | null)?.files;
  if (!Array.isArray(files) || !files.some(isBlobEntry)) return value;
  return {
    ...(value as object),
    files: await Promise.all(
      files.map(async (f: unknown) => {
        if (!isBlobEntry(f)) return f;
        const bytes = new Uint8Array(await f.data.arrayBuffer());
        blobs.set(bytes, f.data);
        return { ...f, data: bytes };
      }),
    ),
  };
}

function isBlobEntry(f: unknown): f is { data: Blob } {
  return typeof f === 'object' && f !== null && (f as { data?: unknown }).data instanceof Blob;
}
