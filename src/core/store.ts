// Storage interfaces. Blobs are content-addressed and written idempotently; an image ref is
// committed in the same atomic step as the blobs it needs, so no ref ever names a missing blob
// and a failed build or import leaves nothing behind. Implementations: store-memory.ts (tests,
// CLI) and src/store (IndexedDB).

import { WharfError } from './errors.ts';
import type { Digest } from './oci/types.ts';
import type { Project } from './project.ts';

export interface BlobStore {
  has(digest: Digest): Promise<boolean>;
  /** The blob's bytes, or undefined when absent. */
  get(digest: Digest): Promise<Uint8Array | undefined>;
  size(digest: Digest): Promise<number | undefined>;
  /** Every digest stored (for garbage collection and tests). */
  list(): Promise<Digest[]>;
}

export interface ImageRecord {
  /** Full reference, e.g. "docker.io/library/hello:latest" or "hello:latest". */
  ref: string;
  /** Digest of the image manifest. */
  manifest: Digest;
  /** Digest of the config blob (denormalized for listing). */
  config: Digest;
  /** Sum of config + layer sizes as stored. */
  size: number;
  /** RFC 3339 time from the config ("created"). */
  created: string;
  /** When this ref was last written in the store (ms since epoch). */
  updatedAt: number;
}

export interface ImageStore {
  /** Atomically: write `blobs` (idempotent by digest) and point `record.ref` at its manifest. */
  commit(record: ImageRecord, blobs: ReadonlyMap<Digest, Uint8Array>): Promise<void>;
  getRef(ref: string): Promise<ImageRecord | undefined>;
  listRefs(): Promise<ImageRecord[]>;
  deleteRef(ref: string): Promise<void>;
}

/** A project as stored, with its revision: 1 when created, one more at each save. */
export interface StoredProject {
  project: Project;
  rev: number;
}

/**
 * What a save did: wrote the project (with its new revision), or found that the stored revision
 * was no longer the one the save started from (another tab saved or deleted the project since)
 * and wrote nothing; `current` is then what is stored now, if anything.
 */
export type ProjectSave = { saved: true; rev: number } | { saved: false; current: StoredProject | undefined };

/**
 * What a list of projects shows: a project without its files, which may be tens of MB (a
 * dropped module): listing them, as every page start does, reads none of them.
 */
export interface ProjectSummary {
  id: string;
  name: string;
  /** How many entries `files` has. */
  fileCount: number;
  updatedAt: number;
}

export function summarize(p: Project): ProjectSummary {
  return { id: p.id, name: p.name, fileCount: p.files.length, updatedAt: p.updatedAt };
}

/** A guard for summaries read from storage: throws on any bad field. */
export function checkSummary(value: unknown, source = 'project summary'): ProjectSummary {
  const s = value as Partial<Record<keyof ProjectSummary, unknown>> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.id !== 'string' ||
    typeof s.name !== 'string' ||
    typeof s.fileCount !== 'number' ||
    typeof s.updatedAt !== 'number'
  ) {
    throw new WharfError('IMAGE_FORMAT', `${source}: not a project summary`);
  }
  return s as ProjectSummary;
}

export interface ProjectStore {
  getProject(id: string): Promise<StoredProject | undefined>;
  /** Every project's summary, most recently edited first. */
  listProjects(): Promise<ProjectSummary[]>;
  /**
   * Write `project` if its stored revision is still `baseRev` (0: only if no project has its
   * id), checked and written in one transaction: a save can never replace what it has not seen.
   */
  saveProject(project: Project, baseRev: number): Promise<ProjectSave>;
  deleteProject(id: string): Promise<void>;
}

/** Build cache: instruction cache key -> result (layer digest and more), values are JSON. */
export interface CacheStore {
  getCache(key: string): Promise<unknown>;
  putCache(key: string, value: unknown): Promise<void>;
}

export interface Store extends BlobStore, ImageStore, CacheStore {
  /** Delete blobs no ref reaches (manifest -> config + layers); returns the digests deleted. */
  collectGarbage(): Promise<Digest[]>;
}
