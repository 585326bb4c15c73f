// bash's arrays: indexed ones are sparse and run in index order; associative ones run in the
// order of bash's own hash table (hashlib.c: FNV-1 over the key's bytes, 1024 buckets that grow
// fourfold at two entries a bucket, a new key at the head of its bucket), so `${!h[@]}` and
// `declare -p h` list keys as Debian's bash does.
import { utf8 } from '../lib/index.ts';

/** An indexed array: index -> value, iterated in ascending index order. */
export class IndexedArray {
  readonly kind = 'indexed';
  #items = new Map<number, string>();
  #sorted: number[] | null = [];

  get size(): number {
    return this.#items.size;
  }

  get(i: number): string | undefined {
    return this.#items.get(i);
  }

  set(i: number, value: string): void {
    if (!this.#items.has(i)) {
      // Appending past the end (a+=(x), a[${#a[@]}]=x) keeps the order known, so a loop of
      // appends stays linear.
      const sorted = this.#sorted;
      if (sorted && (sorted.length === 0 || i > sorted[sorted.length - 1]!)) sorted.push(i);
      else this.#sorted = null;
    }
    this.#items.set(i, value);
  }

  delete(i: number): void {
    if (this.#items.delete(i)) this.#sorted = null;
  }

  #order(): number[] {
    this.#sorted ??= [...this.#items.keys()].sort((a, b) => a - b);
    return this.#sorted;
  }

  /** The indexes in ascending order (a copy: setting elements while going through them is safe). */
  keys(): number[] {
    return this.#order().slice();
  }

  values(): string[] {
    return this.#order().map((k) => this.#items.get(k)!);
  }

  /** The index after the highest one (where `a+=(x)` puts x). */
  next(): number {
    const k = this.#order();
    return k.length === 0 ? 0 : k[k.length - 1]! + 1;
  }

  copy(): IndexedArray {
    const c = new IndexedArray();
    for (const k of this.keys()) c.set(k, this.#items.get(k)!);
    return c;
  }
}

interface Entry {
  key: string;
  hash: number;
  value: string;
}

/** FNV-1 as bash's hash_string computes it: over `char`, which is signed on x86. */
function hashString(s: string): number {
  let h = 2166136261;
  for (const b of utf8(s)) {
    h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) >>> 0;
    h = (h ^ (b >= 128 ? b - 256 : b)) >>> 0;
  }
  return h;
}

/** An associative array, iterated in bash's hash-table order. */
export class AssocArray {
  readonly kind = 'assoc';
  #buckets: Entry[][] = Array.from({ length: 1024 }, () => []);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  #find(key: string): Entry | undefined {
    const h = hashString(key);
    return this.#buckets[h & (this.#buckets.length - 1)]!.find((e) => e.hash === h && e.key === key);
  }

  get(key: string): string | undefined {
    return this.#find(key)?.value;
  }

  set(key: string, value: string): void {
    const found = this.#find(key);
    if (found) {
      found.value = value;
      return;
    }
    if (this.#size >= this.#buckets.length * 2) this.#grow();
    const hash = hashString(key);
    this.#buckets[hash & (this.#buckets.length - 1)]!.unshift({ key, hash, value });
    this.#size++;
  }

  delete(key: string): void {
    const h = hashString(key);
    const bucket = this.#buckets[h & (this.#buckets.length - 1)]!;
    const at = bucket.findIndex((e) => e.hash === h && e.key === key);
    if (at >= 0) {
      bucket.splice(at, 1);
      this.#size--;
    }
  }

  /** hash_rehash: each old bucket in order, each entry moved to the head of its new bucket. */
  #grow(): void {
    const old = this.#buckets;
    this.#buckets = Array.from({ length: old.length * 4 }, () => []);
    for (const bucket of old) {
      for (const e of bucket) this.#buckets[e.hash & (this.#buckets.length - 1)]!.unshift(e);
    }
  }

  #entries(): Entry[] {
    return this.#buckets.flat();
  }

  keys(): string[] {
    return this.#entries().map((e) => e.key);
  }

  values(): string[] {
    return this.#entries().map((e) => e.value);
  }

  copy(): AssocArray {
    const c = new AssocArray();
    // Inserted in reverse of iteration so each bucket keeps its order.
    for (const e of this.#entries().reverse()) c.set(e.key, e.value);
    return c;
  }
}

export type BashArray = IndexedArray | AssocArray;
