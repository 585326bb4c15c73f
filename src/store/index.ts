// The page's implementations of the core storage interfaces (src/core/store.ts): IndexedDB via
// idb 8 (https://w3c.github.io/IndexedDB/; one database "wharf", schema upgrades in schema.ts)
// for the playground, and memory for an embed, which keeps nothing of the reader's.

export { openIdbStore, IdbStore, DEFAULT_DB_NAME } from './idb-store.ts';
export { MemoryPageStore, type PageStore } from './page-store.ts';
export { SCHEMA_VERSION } from './schema.ts';
export { storeError } from './errors.ts';
