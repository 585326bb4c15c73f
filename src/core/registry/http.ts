// Small helpers over a registry response shared by the client and its users.
import type { RegistryResponse } from './types.ts';

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Drop a response's body we will not read (frees the connection). */
export async function discard(res: RegistryResponse): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // Already consumed or closed: nothing to free.
  }
}
