// Remembers layers built in this session by the identity of their inputs, so an unchanged
// rebuild neither re-tars nor re-hashes a 75 MB module. Project file values are immutable
// (an edit makes a new string or Uint8Array), so object identity is a sound change detector,
// the way BuildKit trusts file stat data before re-checksumming context files.

import type { Image } from '../oci/index.ts';
import type { Digest, TarEntry } from '../oci/types.ts';
import type { DirNode } from '../rootfs/index.ts';

export interface BuiltLayer {
  /** Uncompressed tar bytes. */
  tar: Uint8Array;
  /** sha256 of `tar`: the layer's digest in the store and its diff_id. */
  digest: Digest;
}

const ids = new WeakMap<Uint8Array, number>();
let nextId = 1;

function identity(data: Uint8Array): number {
  let id = ids.get(data);
  if (id === undefined) {
    id = nextId++;
    ids.set(data, id);
  }
  return id;
}

/** A string that is equal for two entry lists exactly when they would produce the same tar. */
export function entriesKey(entries: readonly TarEntry[]): string {
  return JSON.stringify(
    entries.map((e) => [
      e.path,
      e.type,
      e.mode,
      e.uid,
      e.gid,
      e.mtime,
      e.linkname ?? '',
      e.data.byteLength,
      e.data.byteLength ? identity(e.data) : 0,
    ]),
  );
}

export class LayerMemo {
  readonly #entries = new Map<string, BuiltLayer>();
  /** Base images' unpacked trees by manifest digest (a toolchain's is 100 MB of layers to walk). */
  readonly #trees = new Map<string, Promise<DirNode>>();
  /** Stage states already reached in this session, by cache key, per store. */
  readonly #seen = new WeakMap<object, Set<string>>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = 512 << 20) {
    this.#maxBytes = maxBytes;
  }

  /**
   * Notes that a build reached the state `key` (a metadata step: nothing to store or skip) and
   * says whether one had reached it before, which is what CACHED means for such a step.
   */
  reached(store: object, key: string): boolean {
    let keys = this.#seen.get(store);
    if (!keys || keys.size > 10_000) this.#seen.set(store, (keys = new Set()));
    if (keys.has(key)) return true;
    keys.add(key);
    return false;
  }

  /** The tree of `image`, unpacked once per session (a few kept). */
  async tree(image: Image, unpack: (image: Image) => Promise<DirNode>): Promise<DirNode> {
    let t = this.#trees.get(image.manifestDigest);
    if (!t) {
      t = unpack(image);
      this.#trees.set(image.manifestDigest, t);
      // An image that fails to unpack (a layer that is not what its diff_id says) is not kept.
      t.catch(() => this.#trees.delete(image.manifestDigest));
      while (this.#trees.size > 4) this.#trees.delete(this.#trees.keys().next().value!);
    }
    return t;
  }

  /** RUN results this session saw, by cache key, per store: a hit needs no store round trip. */
  readonly #runs = new WeakMap<object, Map<string, Digest | null>>();

  runResult(store: object, key: string): Digest | null | undefined {
    return this.#runs.get(store)?.get(key);
  }

  rememberRun(store: object, key: string, layer: Digest | null): void {
    let runs = this.#runs.get(store);
    if (!runs || runs.size > 10_000) this.#runs.set(store, (runs = new Map()));
    runs.set(key, layer);
  }

  /** Blobs this session saw committed to each store (a RUN layer kept for the build cache). */
  readonly #stored = new WeakMap<object, Set<string>>();

  stored(store: object, digest: Digest): boolean {
    return this.#stored.get(store)?.has(digest) ?? false;
  }

  noteStored(store: object, digest: Digest): void {
    let set = this.#stored.get(store);
    if (!set || set.size > 10_000) this.#stored.set(store, (set = new Set()));
    set.add(digest);
  }

  /** A remembered layer's tar by its digest (a cached RUN reads its layer here first). */
  blob(digest: Digest): Uint8Array | undefined {
    for (const l of this.#entries.values()) if (l.digest === digest) return l.tar;
    return undefined;
  }

  get(key: string): BuiltLayer | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      // Refresh its place in the LRU order.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, layer: BuiltLayer): void {
    if (layer.tar.byteLength > this.#maxBytes) return;
    this.#entries.set(key, layer);
    this.#bytes += layer.tar.byteLength;
    for (const [k, v] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= v.tar.byteLength;
    }
  }
}
