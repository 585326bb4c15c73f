// The builder's view of a stage's filesystem: a flat map from path key ("a/b", "" = root) to
// node. Cloned per step (the map, not the file bytes), so every step's state stays valid for
// COPY --from and the cache while later steps change their own copy.

import type { TarEntry } from '../oci/types.ts';
import { ancestors, basename, dirname, toKey } from './path.ts';

export interface FsNode {
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  /** File bytes (shared, never mutated). */
  data?: Uint8Array;
  linkname?: string;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

export class Snapshot {
  readonly #nodes: Map<string, FsNode>;

  constructor(nodes?: Map<string, FsNode>) {
    this.#nodes = nodes ?? new Map([['', { type: 'directory', mode: 0o755, uid: 0, gid: 0 }]]);
  }

  clone(): Snapshot {
    return new Snapshot(new Map(this.#nodes));
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** The node at `key`, without following symlinks. */
  lstat(key: string): FsNode | undefined {
    return this.#nodes.get(key);
  }

  /** Resolve symlinks along the whole path (as the Linux kernel would inside the rootfs). */
  resolve(key: string, depth = 0): string | undefined {
    if (depth > 40) return undefined;
    const parts = key === '' ? [] : key.split('/');
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const next = cur === '' ? parts[i]! : `${cur}/${parts[i]!}`;
      const node = this.#nodes.get(next);
      if (node?.type === 'symlink') {
        const target = node.linkname ?? '';
        const base = target.startsWith('/') ? toKey(target) : toKey(`/${dirname('/' + cur)}/${target}`);
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest ? (base ? `${base}/${rest}` : rest) : base, depth + 1);
      }
      cur = next;
    }
    return cur;
  }

  /** The node at `key`, following symlinks. */
  stat(key: string): FsNode | undefined {
    const r = this.resolve(key);
    return r === undefined ? undefined : this.#nodes.get(r);
  }

  isDir(key: string): boolean {
    return this.stat(key)?.type === 'directory';
  }

  /** Keys strictly below `dirKey`, sorted. */
  descendants(dirKey: string): string[] {
    const prefix = dirKey === '' ? '' : dirKey + '/';
    const out: string[] = [];
    for (const k of this.#nodes.keys()) if (k !== '' && k.startsWith(prefix) && k !== dirKey) out.push(k);
    return out.sort();
  }

  keys(): IterableIterator<string> {
    return this.#nodes.keys();
  }

  /** Set a node; an existing subtree at `key` is replaced when the types differ. */
  set(key: string, node: FsNode): void {
    const old = this.#nodes.get(key);
    if (old && old.type === 'directory' && node.type !== 'directory') this.remove(key);
    this.#nodes.set(key, node);
  }

  remove(key: string): void {
    for (const k of this.descendants(key)) this.#nodes.delete(k);
    if (key !== '') this.#nodes.delete(key);
  }

  /** Apply one layer's tar entries, honouring OCI whiteouts. */
  applyLayer(entries: Iterable<TarEntry>): void {
    const hardlinks: TarEntry[] = [];
    for (const e of entries) {
      const name = basename('/' + e.path);
      const parent = dirname('/' + e.path);
      const parentKey = toKey(parent);
      if (name === OPAQUE) {
        for (const k of this.descendants(parentKey)) this.#nodes.delete(k);
        continue;
      }
      if (name.startsWith(WHITEOUT)) {
        this.remove(toKey(`${parent}/${name.slice(WHITEOUT.length)}`));
        continue;
      }
      const key = toKey(e.path);
      if (e.type === 'hardlink') {
        hardlinks.push(e);
        continue;
      }
      if (e.type === 'other') continue;
      const node: FsNode = { type: e.type, mode: e.mode, uid: e.uid, gid: e.gid };
      if (e.type === 'file') node.data = e.data;
      if (e.type === 'symlink') node.linkname = e.linkname ?? '';
      this.ensureParents(key, 0o755, 0, 0);
      this.set(key, node);
    }
    for (const h of hardlinks) {
      const target = this.#nodes.get(toKey(h.linkname ?? ''));
      if (target) this.set(toKey(h.path), { ...target, mode: h.mode, uid: h.uid, gid: h.gid });
    }
  }

  /** Create missing parent directories of `key`; returns the keys it created. */
  ensureParents(key: string, mode: number, uid: number, gid: number): string[] {
    const created: string[] = [];
    for (const a of ancestors(key)) {
      const n = this.#nodes.get(a);
      if (n?.type === 'directory') continue;
      if (n) this.remove(a);
      this.#nodes.set(a, { type: 'directory', mode, uid, gid });
      created.push(a);
    }
    return created;
  }
}

/** Tar entries for the nodes at `changed` keys plus every ancestor directory, sorted. */
export function layerEntries(snap: Snapshot, changed: Iterable<string>, mtime: number): TarEntry[] {
  const keys = new Set<string>();
  for (const k of changed) {
    if (k === '') continue;
    keys.add(k);
    for (const a of ancestors(k)) keys.add(a);
  }
  const out: TarEntry[] = [];
  for (const key of [...keys].sort()) {
    const n = snap.lstat(key);
    if (!n) continue;
    const entry: TarEntry = {
      path: key,
      type: n.type,
      mode: n.mode,
      uid: n.uid,
      gid: n.gid,
      mtime,
      data: n.type === 'file' ? (n.data ?? new Uint8Array(0)) : new Uint8Array(0),
    };
    if (n.type === 'symlink') entry.linkname = n.linkname ?? '';
    out.push(entry);
  }
  return out;
}
