// The CLI's Store: a directory on disk (BuildKit keeps its cache the same way), so a second
// `wharf build` of an unchanged project serves its RUN steps from the build cache and finds the
// built-in images it made. Blobs are files named by digest, written atomically before the refs
// file that names them, so a ref never names a missing blob, whatever stops the process.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WharfError } from '../core/errors.ts';
import { digestHex, sha256Sync } from '../core/oci/index.ts';
import type { Digest } from '../core/oci/types.ts';
import type { ImageRecord, Store } from '../core/store.ts';
import { referencedDigests } from '../core/store-gc.ts';
import { writeFileAtomic } from './context-dir.ts';

/** Where the CLI keeps its store: $WHARF_CACHE_DIR, else $XDG_CACHE_HOME/wharf, else ~/.cache/wharf. */
export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WHARF_CACHE_DIR) return env.WHARF_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wharf');
}

export class DirStore implements Store {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    for (const d of ['blobs/sha256', 'cache']) mkdirSync(join(dir, d), { recursive: true });
  }

  #blob(digest: Digest): string {
    return join(this.#dir, 'blobs', 'sha256', digestHex(digest));
  }

  async has(digest: Digest): Promise<boolean> {
    return existsSync(this.#blob(digest));
  }

  async get(digest: Digest): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(readFileSync(this.#blob(digest)));
    } catch {
      return undefined;
    }
  }

  async size(digest: Digest): Promise<number | undefined> {
    try {
      return statSync(this.#blob(digest)).size;
    } catch {
      return undefined;
    }
  }

  async list(): Promise<Digest[]> {
    return readdirSync(join(this.#dir, 'blobs', 'sha256')).flatMap((hex) =>
      /^[0-9a-f]{64}$/.test(hex) ? [`sha256:${hex}` as Digest] : [],
    );
  }

  async commit(record: ImageRecord, blobs: ReadonlyMap<Digest, Uint8Array>): Promise<void> {
    for (const needed of [record.manifest, record.config]) {
      if (!blobs.has(needed) && !(await this.has(needed))) {
        throw new WharfError('NOT_FOUND', `cannot tag ${record.ref}: blob ${needed} is not in the store`);
      }
    }
    for (const [digest, bytes] of blobs) if (!(await this.has(digest))) writeFileAtomic(this.#blob(digest), bytes);
    const refs = this.#refs();
    refs[record.ref] = { ...record };
    this.#writeRefs(refs);
  }

  async getRef(ref: string): Promise<ImageRecord | undefined> {
    return this.#refs()[ref];
  }

  async listRefs(): Promise<ImageRecord[]> {
    return Object.values(this.#refs());
  }

  async deleteRef(ref: string): Promise<void> {
    const refs = this.#refs();
    delete refs[ref];
    this.#writeRefs(refs);
  }

  async getCache(key: string): Promise<unknown> {
    try {
      return JSON.parse(readFileSync(this.#cacheFile(key), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async putCache(key: string, value: unknown): Promise<void> {
    writeFileAtomic(this.#cacheFile(key), new TextEncoder().encode(JSON.stringify(value)));
  }

  async collectGarbage(): Promise<Digest[]> {
    const keep = await referencedDigests(Object.values(this.#refs()), (d) => this.get(d));
    const deleted: Digest[] = [];
    for (const d of await this.list()) {
      if (keep.has(d)) continue;
      rmSync(this.#blob(d), { force: true });
      deleted.push(d);
    }
    return deleted;
  }

  /** Cache keys are any string: the file is named by their digest. */
  #cacheFile(key: string): string {
    return join(this.#dir, 'cache', digestHex(sha256Sync(new TextEncoder().encode(key))));
  }

  #refs(): Record<string, ImageRecord> {
    try {
      const refs = JSON.parse(readFileSync(join(this.#dir, 'refs.json'), 'utf8')) as unknown;
      return typeof refs === 'object' && refs !== null ? (refs as Record<string, ImageRecord>) : {};
    } catch {
      return {};
    }
  }

  #writeRefs(refs: Record<string, ImageRecord>): void {
    writeFileAtomic(join(this.#dir, 'refs.json'), new TextEncoder().encode(JSON.stringify(refs, null, 1)));
  }
}
