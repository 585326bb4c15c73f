// The IndexedDB schema and its upgrades: one function per version, run in order from the
// version found on disk, so a database written by any older release opens in this one.

import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Digest } from '../core/oci/types.ts';
import { summarize, type ImageRecord, type ProjectSummary } from '../core/store.ts';
import { checkProject, upgradeProject } from '../core/project.ts';
import type { ProjectRecord } from './project-records.ts';

export interface WharfDB extends DBSchema {
  /** Blob values, not ArrayBuffers: Chromium writes Blobs ~3.5x faster (~740 vs ~210 MB/s). */
  blobs: { key: Digest; value: Blob };
  refs: { key: string; value: ImageRecord };
  /** Build cache values as JSON text, so any value the builder stores round-trips exactly. */
  cache: { key: string; value: string };
  /** Binary files' bytes as Blobs since version 4's release (project-records.ts); inline before. */
  projects: { key: string; value: ProjectRecord; indexes: { updatedAt: number } };
  /**
   * Each project's revision, one more at every save, written in the transaction that writes the
   * project: a save checks it without reading the project (which may hold a 75 MB module).
   */
  revisions: { key: string; value: number };
  /**
   * Each project's summary (name, file count, last edit), written in the transaction that
   * writes the project: a list of projects reads these, never the files.
   */
  summaries: { key: string; value: ProjectSummary };
}

/** Its requests run in the versionchange transaction; the database opens once they are done. */
type Upgrade = (
  db: IDBPDatabase<WharfDB>,
  tx: IDBPTransaction<WharfDB, StoreNames<WharfDB>[], 'versionchange'>,
) => void;

/** upgrades[n] takes a database from version n to n + 1. Append; never edit a shipped entry. */
export const upgrades: readonly Upgrade[] = [
  function toVersion1(db) {
    db.createObjectStore('blobs');
    db.createObjectStore('refs', { keyPath: 'ref' });
    db.createObjectStore('cache');
    db.createObjectStore('projects', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
  },
  function toVersion2(_db, tx) {
    // Projects gain file modes (project version 2): each stored file gets the mode it was built with.
    const projects = tx.objectStore('projects');
    void (async () => {
      for (let cursor = await projects.openCursor(); cursor; cursor = await cursor.continue()) {
        const upgraded = upgradeProject(cursor.value);
        if (upgraded !== cursor.value) await cursor.update(upgraded as ProjectRecord);
      }
    })();
  },
  function toVersion3(db, tx) {
    // Saves check a revision (several tabs edit one project): every project starts at 1.
    db.createObjectStore('revisions');
    const revisions = tx.objectStore('revisions');
    void (async () => {
      for (let cursor = await tx.objectStore('projects').openKeyCursor(); cursor; cursor = await cursor.continue()) {
        await revisions.put(1, cursor.key);
      }
    })();
  },
  function toVersion4(db, tx) {
    // Lists read summaries, not whole projects: every project gets its summary once, here.
    db.createObjectStore('summaries');
    const summaries = tx.objectStore('summaries');
    void (async () => {
      for (let cursor = await tx.objectStore('projects').openCursor(); cursor; cursor = await cursor.continue()) {
        let summary;
        try {
          // Upgraded as read: an older database's toVersion2 may not have rewritten it yet.
          const project = upgradeProject(cursor.value);
          summary = summarize(checkProject(project, `stored project ${String(cursor.key)}`));
        } catch {
          // A record this release cannot read stays in place, unlisted, as before.
          continue;
        }
        await summaries.put(summary, cursor.key);
      }
    })();
  },
];

export const SCHEMA_VERSION = upgrades.length;
