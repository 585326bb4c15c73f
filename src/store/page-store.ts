// What the page's engine and session need of a store: the core Store, plus a blob as a Blob (a
// download or a push streams it without a copy), commits of Blobs a Worker made, and the bytes
// all blobs take. IndexedDB (idb-store.ts) keeps the playground's images; an embed keeps its own
// in memory (MemoryPageStore), apart from the reader's playground and gone with the page.

import type { Digest } from '../core/oci/types.ts';
import type { ImageRecord, Store } from '../core/store.ts';
import { MemoryStore } from '../core/store-memory.ts';

export interface PageStore extends Store {
  getBlob(digest: Digest): Promise<Blob | undefined>;
  commitBlobs(record: ImageRecord, blobs: ReadonlyMap<Digest, Blob>): Promise<void>;
  /** Bytes of every blob stored (images, their layers, and layers the build cache keeps). */
  blobBytes(): Promise<number>;
}

export class MemoryPageStore extends MemoryStore implements PageStore {
  async getBlob(digest: Digest): Promise<Blob | undefined> {
    const bytes = await this.get(digest);
    return bytes && new Blob([bytes as Uint8Array<ArrayBuffer>]);
  }

  async commitBlobs(record: ImageRecord, blobs: ReadonlyMap<Digest, Blob>): Promise<void> {
    const bytes = await Promise.all(
      [...blobs].map(async ([d, b]) => [d, new Uint8Array(await b.arrayBuffer())] as const),
    );
    await this.commit(record, new Map(bytes));
  }

  async blobBytes(): Promise<number> {
    let total = 0;
    for (const d of await this.list()) total += (await this.size(d)) ?? 0;
    return total;
  }
}
