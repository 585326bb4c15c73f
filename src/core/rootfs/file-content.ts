// File bytes with copy-on-write over shared image data: reads are views into the image's
// buffer until the first write, which copies once into a buffer that grows by doubling (so a
// file written in small chunks costs O(n), not O(n^2)).

const MIN_CAPACITY = 4096;

export class FileContent {
  /** The image's bytes, shared with other runs; never written. Null once copied. */
  #base: Uint8Array | null;
  /** Our own bytes, valid up to `#size`; capacity may be larger. */
  #own: Uint8Array | null = null;
  #size: number;

  constructor(base: Uint8Array) {
    this.#base = base;
    this.#size = base.byteLength;
  }

  get size(): number {
    return this.#size;
  }

  /** True once this file has its own copy (for tests: a run must not copy what it only reads). */
  get copied(): boolean {
    return this.#own !== null;
  }

  /** The shared image bytes while not yet copied. */
  get shared(): Uint8Array | null {
    return this.#base;
  }

  /** The current bytes, as a view (no copy). Invalidated by the next write. */
  bytes(): Uint8Array {
    return this.#own ? this.#own.subarray(0, this.#size) : this.#base!;
  }

  /** Up to `length` bytes from `position`, as a view (no copy). */
  read(position: number, length: number): Uint8Array {
    if (position >= this.#size) return new Uint8Array(0);
    const end = Math.min(this.#size, position + length);
    return this.bytes().subarray(position, end);
  }

  /** Writes `data` at `position`, zero-filling any gap. Returns the bytes written. */
  write(position: number, data: Uint8Array): number {
    const end = position + data.byteLength;
    const own = this.#reserve(end);
    if (position > this.#size) own.fill(0, this.#size, position);
    own.set(data, position);
    if (end > this.#size) this.#size = end;
    return data.byteLength;
  }

  /** Sets the size: truncates, or extends with zeros. */
  resize(size: number): void {
    if (size === this.#size) return;
    if (size < this.#size && !this.#own) {
      // Shrinking shared bytes needs no copy: a shorter view is enough.
      this.#base = this.#base!.subarray(0, size);
      this.#size = size;
      return;
    }
    const own = this.#reserve(size);
    if (size > this.#size) own.fill(0, this.#size, size);
    this.#size = size;
  }

  /** Our own buffer with room for `needed` bytes, copying the shared bytes on first use. */
  #reserve(needed: number): Uint8Array {
    const own = this.#own;
    if (own && needed <= own.byteLength) return own;
    const current = own ? own.byteLength : this.#size;
    const capacity = needed <= current ? current : Math.max(needed, current * 2, MIN_CAPACITY);
    const next = new Uint8Array(capacity);
    next.set(this.bytes());
    this.#own = next;
    this.#base = null;
    return next;
  }
}
