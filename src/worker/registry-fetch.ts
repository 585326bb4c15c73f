// The browser's fetch as the registry client's. Request bodies go up as Blobs: Chromium uploads
// a Blob several times faster than the same bytes as an ArrayBuffer view (a 42 MB blob to a
// loopback registry: 0.6 s against 5 s, measured). Core hands bodies over as views, or as the
// Blobs IndexedDB holds (a push of a stored image), which go up as they are.
import type { RegistryFetch } from '../core/registry/index.ts';

export const browserFetch: RegistryFetch = (url, init) =>
  fetch(url, {
    ...init,
    body:
      init.body === undefined || init.body instanceof Blob
        ? init.body
        : new Blob([init.body as Uint8Array<ArrayBuffer>]),
  } as RequestInit) as unknown as ReturnType<RegistryFetch>;
