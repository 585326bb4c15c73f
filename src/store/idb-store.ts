// Store and ProjectStore over IndexedDB. Blobs live in one object store keyed by digest; an image
// ref is written in the same readwrite transaction as its blobs, so an aborted commit (quota,
// crash, a reload) leaves neither the ref nor any of its blobs. A project is written with its
// revision, checked in the same transaction, so a tab never saves over another tab's save, and
// with its summary, which lists read instead of the project and its files.

import { openDB, type IDBPDatabase } from 'idb';
import { isWharfError, WharfError } from '../core/errors.ts';
import type { Digest } from '../core/oci/types.ts';
import { checkProject, type Project } from '../core/project.ts';
import {
  checkSummary,
  summarize,
  type ImageRecord,
  type ProjectSave,
  type ProjectStore,
  type ProjectSummary,
  type StoredProject,
} from '../core/store.ts';
import { referencedDigests } from '../core/store-gc.ts';
import { guard } from './errors.ts';
import { fromRecord, toRecord } from './project-records.ts';
import { SCHEMA_VERSION, upgrades, type WharfDB } from './schema.ts';
import type { PageStore } from './page-store.ts';

export const DEFAULT_DB_NAME = 'wharf';

export async function openIdbStore(name = DEFAULT_DB_NAME): Promise<IdbStore> {
  let store: IdbStore | undefined;
  const db = await guard(`opening the "${name}" database`, () =>
    openDB<WharfDB>(name, SCHEMA_VERSION, {
      upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? SCHEMA_VERSION); v++) upgrades[v]!(db, tx);
      },
      // A newer release opened in another tab needs the database upgraded: let it, and say so
      // at this tab's next use instead of failing with IndexedDB's words.
      blocking() {
        store?.closeForUpgrade();
      },
    }),
  );
  store = new IdbStore(db);
  return store;
}

/**
 * `work` in `tx`, resolved once the transaction has committed; on any failure the transaction
 * is aborted, so nothing it wrote stays.
 */
async function atomically<T>(tx: { readonly done: Promise<void>; abort(): void }, work: () => Promise<T>): Promise<T> {
  const done = tx.done;
  try {
    const result = await work();
    await done;
    return result;
  } catch (e) {
    done.catch(() => {});
    try {
      tx.abort();
    } catch {
      // already finished or aborted by the browser (quota): nothing was written either way
    }
    throw e;
  }
}

function toBlob(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>]);
}

async function toBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export class IdbStore implements PageStore, ProjectStore {
  readonly #connection: IDBPDatabase<WharfDB>;
  #upgraded = false;

  constructor(db: IDBPDatabase<WharfDB>) {
    this.#connection = db;
  }

  get #db(): IDBPDatabase<WharfDB> {
    if (this.#upgraded) {
      throw new WharfError(
        'STORE',
        'a newer version of Wharf opened in another tab and upgraded the storage: reload this tab to go on',
      );
    }
    return this.#connection;
  }

  close(): void {
    this.#connection.close();
  }

  /** Another tab upgrades the database: this connection closes and every later call says why. */
  closeForUpgrade(): void {
    this.#upgraded = true;
    this.#connection.close();
  }

  /** Set when a write on this connection was refused for quota, until Firefox's echo of it (see #write). */
  #refusedForQuota = false;

  /**
   * A write, as guard() runs it, with one Firefox quirk handled: after a transaction aborts with
   * QuotaExceededError, Firefox refuses one later write on the same connection with
   * InvalidStateError ("A mutation operation was attempted on a database that did not allow
   * mutations"): the next one, or one a little later when word of the refusal reaches the
   * connection late; the write after that goes through. That refusal is not the user's to read:
   * the write is made once more.
   */
  async #write<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await guard(operation, fn);
    } catch (e) {
      if (isWharfError(e, 'STORE_QUOTA')) {
        this.#refusedForQuota = true;
      } else if (this.#refusedForQuota && (e as { cause?: { name?: unknown } }).cause?.name === 'InvalidStateError') {
        this.#refusedForQuota = false;
        return this.#write(operation, fn);
      }
      throw e;
    }
  }

  // ---- BlobStore ----

  has(digest: Digest): Promise<boolean> {
    return guard(`checking blob ${digest}`, async () => (await this.#db.getKey('blobs', digest)) !== undefined);
  }

  get(digest: Digest): Promise<Uint8Array | undefined> {
    return guard(`reading blob ${digest}`, async () => {
      const blob = await this.#db.get('blobs', digest);
      return blob && toBytes(blob);
    });
  }

  /** The stored Blob itself, for downloads and streaming without copying into memory. */
  getBlob(digest: Digest): Promise<Blob | undefined> {
    return guard(`reading blob ${digest}`, () => this.#db.get('blobs', digest));
  }

  size(digest: Digest): Promise<number | undefined> {
    return guard(`reading blob ${digest}`, async () => (await this.#db.get('blobs', digest))?.size);
  }

  list(): Promise<Digest[]> {
    return guard('listing blobs', () => this.#db.getAllKeys('blobs'));
  }

  /** Bytes of every blob stored (images, their layers, and layers the build cache keeps). */
  blobBytes(): Promise<number> {
    return guard('measuring blobs', async () => {
      let total = 0;
      // A cursor hands out Blob handles: their sizes are known without reading their bytes.
      for (let c = await this.#db.transaction('blobs').store.openCursor(); c; c = await c.continue()) {
        total += c.value.size;
      }
      return total;
    });
  }

  // ---- ImageStore ----

  commit(record: ImageRecord, blobs: ReadonlyMap<Digest, Uint8Array>): Promise<void> {
    // Blobs are made before the transaction opens: it must never wait on anything but itself.
    return this.commitBlobs(record, new Map([...blobs].map(([d, b]) => [d, toBlob(b)])));
  }

  /** commit() with the blobs already as Blob (made in a Worker, say): stored without a copy. */
  commitBlobs(record: ImageRecord, blobs: ReadonlyMap<Digest, Blob>): Promise<void> {
    return this.#write(`saving image ${String(record.ref)}`, async () => {
      const digests = [...blobs.keys()];
      const tx = this.#db.transaction(['blobs', 'refs'], 'readwrite');
      await atomically(tx, async () => {
        const store = tx.objectStore('blobs');
        const present = await Promise.all(digests.map((d) => store.getKey(d)));
        for (const needed of [record.manifest, record.config]) {
          if (!blobs.has(needed) && (await store.getKey(needed)) === undefined) {
            throw new WharfError('NOT_FOUND', `cannot tag ${record.ref}: blob ${needed} is not in the store`);
          }
        }
        const writes: Promise<unknown>[] = [];
        digests.forEach((d, i) => {
          // Idempotent by digest: an existing blob already holds these bytes.
          if (present[i] === undefined) writes.push(store.put(blobs.get(d)!, d));
        });
        writes.push(tx.objectStore('refs').put({ ...record }));
        await Promise.all(writes);
      });
    });
  }

  getRef(ref: string): Promise<ImageRecord | undefined> {
    return guard(`reading image ${ref}`, () => this.#db.get('refs', ref));
  }

  listRefs(): Promise<ImageRecord[]> {
    return guard('listing images', () => this.#db.getAll('refs'));
  }

  deleteRef(ref: string): Promise<void> {
    return this.#write(`deleting image ${ref}`, () => this.#db.delete('refs', ref));
  }

  // ---- CacheStore ----

  getCache(key: string): Promise<unknown> {
    return guard('reading the build cache', async () => {
      const v = await this.#db.get('cache', key);
      return v === undefined ? undefined : JSON.parse(v);
    });
  }

  putCache(key: string, value: unknown): Promise<void> {
    return this.#write('writing the build cache', async () => {
      await this.#db.put('cache', JSON.stringify(value), key);
    });
  }

  /**
   * Reachability is computed outside a transaction (reading blobs is async work IndexedDB would
   * not wait for), then the deletes run in one transaction that first checks no ref changed
   * meanwhile; if one did, a blob we thought orphaned may be needed again, so start over.
   */
  collectGarbage(): Promise<Digest[]> {
    return this.#write('collecting unused blobs', async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const refs = await this.#db.getAll('refs');
        const keep = await referencedDigests(refs, (d) => this.get(d));
        const tx = this.#db.transaction(['blobs', 'refs'], 'readwrite');
        const now = await tx.objectStore('refs').getAll();
        if (refsSignature(now) !== refsSignature(refs)) {
          await tx.done;
          continue;
        }
        const blobs = tx.objectStore('blobs');
        const deleted = (await blobs.getAllKeys()).filter((d) => !keep.has(d));
        await Promise.all(deleted.map((d) => blobs.delete(d)));
        await tx.done;
        return deleted;
      }
      throw new WharfError('STORE', 'collecting unused blobs: images kept changing; try again');
    });
  }

  // ---- ProjectStore ----

  getProject(id: string): Promise<StoredProject | undefined> {
    return guard(`reading project ${id}`, async () => {
      // One transaction: the project and its revision as one save left them.
      const tx = this.#db.transaction(['projects', 'revisions']);
      const [p, rev] = await Promise.all([tx.objectStore('projects').get(id), tx.objectStore('revisions').get(id)]);
      await tx.done;
      return p && { project: checkProject(await fromRecord(p), `stored project ${id}`), rev: checkRev(rev, id) };
    });
  }

  /** Most recently edited first. */
  listProjects(): Promise<ProjectSummary[]> {
    return guard('listing projects', async () => {
      const out: ProjectSummary[] = [];
      for (const s of await this.#db.getAll('summaries')) {
        try {
          out.push(checkSummary(s));
        } catch {
          // A record this release cannot read is left in place, not deleted, and not shown.
        }
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt);
    });
  }

  saveProject(project: Project, baseRev: number): Promise<ProjectSave> {
    return this.#write(`saving project "${project.name}"`, async () => {
      checkProject(project);
      const record = toRecord(project);
      const tx = this.#db.transaction(['projects', 'revisions', 'summaries'], 'readwrite');
      const r = await atomically(tx, async () => {
        const revisions = tx.objectStore('revisions');
        const projects = tx.objectStore('projects');
        const stored = await revisions.get(project.id);
        if ((stored ?? 0) !== baseRev)
          return { saved: false as const, stored, current: await projects.get(project.id) };
        const rev = baseRev + 1;
        await Promise.all([
          projects.put(record),
          revisions.put(rev, project.id),
          tx.objectStore('summaries').put(summarize(project), project.id),
        ]);
        return { saved: true as const, rev };
      });
      if (r.saved) return r;
      // Read back once the transaction is over: a Blob's bytes come by a read of their own.
      return {
        saved: false,
        current: r.current && {
          project: checkProject(await fromRecord(r.current), `stored project ${project.id}`),
          rev: checkRev(r.stored, project.id),
        },
      };
    });
  }

  deleteProject(id: string): Promise<void> {
    return this.#write(`deleting project ${id}`, async () => {
      const tx = this.#db.transaction(['projects', 'revisions', 'summaries'], 'readwrite');
      await Promise.all([
        tx.objectStore('projects').delete(id),
        tx.objectStore('revisions').delete(id),
        tx.objectStore('summaries').delete(id),
        tx.done,
      ]);
    });
  }
}

/** A stored revision: every project the store wrote has one (version 3 gave the older ones 1). */
function checkRev(rev: unknown, id: string): number {
  if (typeof rev !== 'number' || !Number.isInteger(rev) || rev < 1) {
    throw new WharfError('IMAGE_FORMAT', `stored project ${id}: bad revision ${String(rev)}`);
  }
  return rev;
}

function refsSignature(refs: readonly ImageRecord[]): string {
  return refs
    .map((r) => `${r.ref}\0${r.manifest}\0${r.config}`)
    .sort()
    .join('\n');
}
