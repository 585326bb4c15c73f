// What a kept test profile forgets between tests, in either browser: the site's IndexedDB,
// localStorage and sessionStorage; Cache Storage (the toolchains) stays.

/**
 * A script to evaluate in a page of the site's origin (as text: each browser driver sends it
 * as it is). Pages of the site still open hold connections that block a delete: close them first.
 */
export const FORGET_VISIT_SCRIPT = `(async () => {
  localStorage.clear();
  sessionStorage.clear();
  for (const { name } of await indexedDB.databases()) {
    if (name === undefined) continue;
    await new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
  }
})()`;
