// What the browser says this site stores and may store (the Storage Standard's estimate()).
// Browsers count differently: Chromium reports this origin and a share of the disk; Firefox
// reports its "group" (every origin of the same site, here every port of one host) and that
// group's limit, a fifth of what Firefox keeps for all sites. Both are estimates, and neither
// exists outside a secure context. https://storage.spec.whatwg.org/#dom-storagemanager-estimate

import { formatBytes } from './format.ts';

export interface StorageUse {
  usage: number;
  quota: number;
}

/** The browser's estimate, or undefined where there is none (insecure context, old browser). */
export async function storageUse(
  storage: Pick<StorageManager, 'estimate'> | undefined = globalThis.navigator?.storage,
): Promise<StorageUse | undefined> {
  if (!storage?.estimate) return undefined;
  try {
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? undefined : { usage, quota };
  } catch {
    return undefined;
  }
}

/** "6.4 MB of 10 MB used": the figures a person needs to know how full the store is. */
export function describeStorageUse(u: StorageUse): string {
  return `${formatBytes(u.usage)} of ${formatBytes(u.quota)} used`;
}
