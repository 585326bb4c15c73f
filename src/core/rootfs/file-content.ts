// File bytes with copy-on-write over shared image data: reads are views into the image's
// buffer until the first write, which copies once into our own storage. Our storage is a list
// of 1 MB chunks (the first one grows by doubling from 4 KB, so small files stay small): a
// file written in small pieces never has its bytes copied again as it grows, which is what
// makes 4 KB writes as cheap as a disk's.

const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const MIN_FIRST = 4096;

export class FileContent {
  /** The image's bytes, shared with other runs; never written. Null once copied. */
  #base: Uint8Array | null;
  /** Our own bytes once written; a missing chunk reads as zeros. */
  #chunks: Array<Uint8Array | undefined> | null = null;
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
    return this.#chunks !== null;
  }

  /** The shared image bytes while not yet copied. */
  get shared(): Uint8Array | null {
    return this.#base;
  }

  /** All bytes: a view while shared, a fresh copy once written. */
  bytes(): Uint8Array {
    if (!this.#chunks) return this.#base!;
    const out = new Uint8Array(this.#size);
    this.readInto(0, out);
    return out;
  }

  /** Up to `length` bytes from `position`: a view when they lie in one piece, else a copy. */
  read(position: number, length: number): Uint8Array {
    const end = Math.min(this.#size, position + length);
    if (position >= end) return new Uint8Array(0);
    if (!this.#chunks) return this.#base!.subarray(position, end);
    const i = position >>> CHUNK_BITS;
    if ((end - 1) >>> CHUNK_BITS === i) {
      const c = this.#chunks[i];
      const off = position - i * CHUNK;
      if (c && off + (end - position) <= c.byteLength) return c.subarray(off, off + (end - position));
    }
    const out = new Uint8Array(end - position);
    this.readInto(position, out);
    return out;
  }

  /** Copies bytes from `position` into `target`; returns how many (fewer only at the end). */
  readInto(position: number, target: Uint8Array): number {
    const n = Math.max(0, Math.min(target.byteLength, this.#size - position));
    if (n === 0) return 0;
    if (!this.#chunks) {
      target.set(this.#base!.subarray(position, position + n));
      return n;
    }
    let done = 0;
    while (done < n) {
      const at = position + done;
      const i = at >>> CHUNK_BITS;
      const off = at - i * CHUNK;
      const take = Math.min(n - done, CHUNK - off);
      const c = this.#chunks[i];
      const avail = c ? Math.max(0, Math.min(take, c.byteLength - off)) : 0;
      if (avail > 0) target.set(c!.subarray(off, off + avail), done);
      if (avail < take) target.fill(0, done + avail, done + take);
      done += take;
    }
    return n;
  }

  /** Writes `data` at `position` (a gap reads as zeros). Returns the bytes written. */
  write(position: number, data: Uint8Array): number {
    const chunks = this.#own();
    const end = position + data.byteLength;
    let done = 0;
    while (done < data.byteLength) {
      const at = position + done;
      const i = at >>> CHUNK_BITS;
      const off = at - i * CHUNK;
      const take = Math.min(data.byteLength - done, CHUNK - off);
      const c = this.#chunk(chunks, i, off + take);
      c.set(data.subarray(done, done + take), off);
      done += take;
    }
    if (end > this.#size) this.#size = end;
    return data.byteLength;
  }

  /** Sets the size: truncates, or extends with zeros. */
  resize(size: number): void {
    if (size === this.#size) return;
    if (!this.#chunks) {
      if (size < this.#size) {
        // Shrinking shared bytes needs no copy: a shorter view is enough.
        this.#base = this.#base!.subarray(0, size);
        this.#size = size;
        return;
      }
      this.#own();
    }
    const chunks = this.#chunks!;
    if (size < this.#size) {
      // Zero what is cut off in the last kept chunk, so growing again reads zeros.
      const i = size >>> CHUNK_BITS;
      chunks[i]?.fill(0, size - i * CHUNK);
      chunks.length = Math.min(chunks.length, i + 1);
    }
    this.#size = size;
  }

  /** Our own chunks, copying the shared bytes on first use. */
  #own(): Array<Uint8Array | undefined> {
    if (this.#chunks) return this.#chunks;
    const base = this.#base!;
    const chunks: Array<Uint8Array | undefined> = [];
    for (let at = 0; at < base.byteLength; at += CHUNK) {
      const piece = base.subarray(at, Math.min(base.byteLength, at + CHUNK));
      const c = new Uint8Array(at === 0 ? firstCapacity(piece.byteLength) : CHUNK);
      c.set(piece);
      chunks.push(c);
    }
    this.#chunks = chunks;
    this.#base = null;
    return chunks;
  }

  /** Chunk `i` with room for `needed` bytes (only the first chunk is ever smaller than 1 MB). */
  #chunk(chunks: Array<Uint8Array | undefined>, i: number, needed: number): Uint8Array {
    const c = chunks[i];
    if (c && c.byteLength >= needed) return c;
    const grown = new Uint8Array(i === 0 ? firstCapacity(Math.max(needed, (c?.byteLength ?? 0) * 2)) : CHUNK);
    if (c) grown.set(c);
    chunks[i] = grown;
    return grown;
  }
}

function firstCapacity(n: number): number {
  let cap = MIN_FIRST;
  while (cap < n) cap *= 2;
  return Math.min(cap, CHUNK);
}
