// IndexedDB failures as WharfErrors: a full disk becomes STORE_QUOTA with advice, anything else
// STORE naming the operation, so the UI can say what was not saved.

import { WharfError } from '../core/errors.ts';

export function storeError(operation: string, e: unknown): WharfError {
  if (e instanceof WharfError) return e;
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new WharfError(
      'STORE_QUOTA',
      `${operation}: the browser refused to store more data (storage quota exceeded); ` +
        'delete unused images (Images > Prune) or projects and try again',
      { cause: e },
    );
  }
  const message = e instanceof Error ? e.message : String(e);
  return new WharfError('STORE', `${operation}: IndexedDB error: ${message || String(name)}`, { cause: e });
}

/** Run `fn`, rethrowing any failure as a WharfError for `operation`. */
export async function guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw storeError(operation, e);
  }
}
