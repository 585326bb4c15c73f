// IndexedDB implementations of the core storage interfaces (src/core/store.ts), via idb 8.
// https://w3c.github.io/IndexedDB/ — one database "wharf"; schema upgrades in schema.ts.

export { openIdbStore, IdbStore, DEFAULT_DB_NAME } from './idb-store.ts';
export { SCHEMA_VERSION } from './schema.ts';
export { storeError } from './errors.ts';
