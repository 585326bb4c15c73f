// In-memory Store for tests and the CLI. Same contract as the IndexedDB store: commit writes
// blobs and the ref together, so a ref never names a missing blob; a project save checks the
// revision it started from.

import { WharfError } from './errors.ts';
import type { Digest } from './oci/types.ts';
import { checkProject, type Project } from './project.ts';
import {
  summarize,
  type ImageRecord,
  type ProjectSave,
  type ProjectStore,
  type ProjectSummary,
  type Store,
  type StoredProject,
} from './store.ts';
import { referencedDigests } from './store-gc.ts';

export class MemoryStore implements Store, ProjectStore {
  readonly #blobs = new Map<Digest, Uint8Array>();
  readonly #refs = new Map<string, ImageRecord>();
  readonly #cache = new Map<string, string>();
  readonly #projects = new Map<string, StoredProject>();

  async has(digest: Digest): Promise<boolean> {
    return this.#blobs.has(digest);
  }

  async get(digest: Digest): Promise<Uint8Array | undefined> {
    return this.#blobs.get(digest);
  }

  async size(digest: Digest): Promise<number | undefined> {
    return this.#blobs.get(digest)?.byteLength;
  }

  async list(): Promise<Digest[]> {
    return [...this.#blobs.keys()];
  }

  async commit(record: ImageRecord, blobs: ReadonlyMap<Digest, Uint8Array>): Promise<void> {
    // Check before writing anything: the manifest and config must be present after the commit.
    for (const needed of [record.manifest, record.config]) {
      if (!blobs.has(needed) && !this.#blobs.has(needed)) {
        throw new WharfError('NOT_FOUND', `cannot tag ${record.ref}: blob ${needed} is not in the store`);
      }
    }
    for (const [digest, bytes] of blobs) if (!this.#blobs.has(digest)) this.#blobs.set(digest, bytes);
    this.#refs.set(record.ref, { ...record });
  }

  async getRef(ref: string): Promise<ImageRecord | undefined> {
    const r = this.#refs.get(ref);
    return r && { ...r };
  }

  async listRefs(): Promise<ImageRecord[]> {
    return [...this.#refs.values()].map((r) => ({ ...r }));
  }

  async deleteRef(ref: string): Promise<void> {
    this.#refs.delete(ref);
  }

  async getCache(key: string): Promise<unknown> {
    const v = this.#cache.get(key);
    return v === undefined ? undefined : JSON.parse(v);
  }

  async putCache(key: string, value: unknown): Promise<void> {
    this.#cache.set(key, JSON.stringify(value));
  }

  async collectGarbage(): Promise<Digest[]> {
    const keep = await referencedDigests([...this.#refs.values()], (d) => this.get(d));
    const deleted: Digest[] = [];
    for (const digest of this.#blobs.keys()) {
      if (!keep.has(digest)) {
        this.#blobs.delete(digest);
        deleted.push(digest);
      }
    }
    return deleted;
  }

  async getProject(id: string): Promise<StoredProject | undefined> {
    const s = this.#projects.get(id);
    return s && structuredClone(s);
  }

  async listProjects(): Promise<ProjectSummary[]> {
    return [...this.#projects.values()].map((s) => summarize(s.project)).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async saveProject(project: Project, baseRev: number): Promise<ProjectSave> {
    const stored = this.#projects.get(project.id);
    if ((stored?.rev ?? 0) !== baseRev) return { saved: false, current: stored && structuredClone(stored) };
    const rev = baseRev + 1;
    // Stored as a copy, as IndexedDB stores a structured clone: no caller shares it afterwards.
    this.#projects.set(project.id, { project: structuredClone(checkProject(project)), rev });
    return { saved: true, rev };
  }

  async deleteProject(id: string): Promise<void> {
    this.#projects.delete(id);
  }
}
