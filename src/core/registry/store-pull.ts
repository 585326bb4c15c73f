// A pull into the Store, as an import goes there: the verified image and its ref in one commit
// (nothing is written when any byte fails its check or the pull is stopped); blobs the store
// holds already are not downloaded again. Also the builder's `pull` hook over the same path.
import { normalizeRef, parseRef, imageBlobs, type Image } from '../oci/index.ts';
import type { BlobStore, ImageStore } from '../store.ts';
import { imageRecord } from '../store-image.ts';
import { RegistryClient, type ClientOptions } from './client.ts';
import { pullImage } from './pull.ts';
import type { CredentialsLookup, TransferProgress } from './types.ts';

export interface RegistryAccess extends Omit<ClientOptions, 'credentials'> {
  /** Credentials by registry host; none for anonymous access. */
  credentials?: CredentialsLookup;
}

export interface StorePullOptions extends RegistryAccess {
  signal?: AbortSignal;
  onProgress?: TransferProgress;
  /** The store record's clock (ms); core takes none of its own. */
  now?: number;
}

export interface StorePullResult {
  /** The ref the image is stored under ("localhost:5000/hello:latest"). */
  ref: string;
  image: Image;
}

export function clientFor(host: string, access: RegistryAccess): RegistryClient {
  const credentials = access.credentials?.(host);
  return new RegistryClient(host, {
    fetch: access.fetch,
    ...(access.insecure !== undefined ? { insecure: access.insecure } : {}),
    ...(access.hasher ? { hasher: access.hasher } : {}),
    ...(access.digest ? { digest: access.digest } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

export async function pullToStore(
  store: BlobStore & ImageStore,
  reference: string,
  options: StorePullOptions,
): Promise<StorePullResult> {
  const ref = normalizeRef(reference);
  const parsed = parseRef(ref);
  const image = await pullImage(clientFor(parsed.domain, options), parsed, {
    have: (d) => store.get(d),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  options.signal?.throwIfAborted();
  await store.commit(imageRecord(image, ref, options.now ?? 0), imageBlobs(image));
  return { ref, image };
}

/**
 * Names the builder resolves itself (its built-in images), never sent to a registry: a bare
 * `wasi-sdk` or `python-wasi`, and the WASI SDK's own image, which builds as `wasi-sdk`.
 */
const BUILT_IN = ['docker.io/library/wasi-sdk', 'docker.io/library/python-wasi', 'ghcr.io/webassembly/wasi-sdk'];

export function isBuiltInName(reference: string): boolean {
  try {
    const r = parseRef(reference);
    return BUILT_IN.includes(`${r.domain}/${r.path}`);
  } catch {
    return false;
  }
}

/**
 * The builder's `pull` hook: puts a `FROM` or `COPY --from` image in the store from its registry
 * and returns the ref it is stored under; undefined for names that are not registry images.
 */
export function registryPuller(
  store: BlobStore & ImageStore,
  options: Omit<StorePullOptions, 'signal'>,
): (reference: string, signal?: AbortSignal) => Promise<string | undefined> {
  return async (reference, signal) => {
    if (isBuiltInName(reference)) return undefined;
    try {
      parseRef(reference);
    } catch {
      return undefined;
    }
    const { ref } = await pullToStore(store, reference, { ...options, ...(signal ? { signal } : {}) });
    return ref;
  };
}
