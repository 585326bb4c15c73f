// A ring of bytes in a SharedArrayBuffer between two threads, for streams that must keep
// flowing while the runner thread is busy in guest code: stdin (the page writes, the runner
// blocks reading) and output (the runner writes, blocking when full; the page drains it on a
// timer, so a module stuck in a loop still shows what it printed). Needs SharedArrayBuffer:
// in a browser, a cross-origin isolated page.
import type { StdinSource } from './stdio.ts';

// Header (Int32): bytes written, bytes read (both wrap at 2^32), closed flag, change counter.
const WRITTEN = 0;
const READ = 1;
const CLOSED = 2;
const SEQ = 3;
const HEADER_BYTES = 16;

export const DEFAULT_RING_CAPACITY = 256 * 1024;

export function createByteRing(capacity = DEFAULT_RING_CAPACITY): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

export class ByteRing {
  readonly #h: Int32Array;
  readonly #data: Uint8Array;
  readonly #cap: number;
  readonly #notify: boolean;

  /**
   * `notify: false` for a ring nobody waits on with `wait`/`write` (the socket bridge's, whose
   * reader sleeps on a counter of its own): Atomics.notify costs a futex call even when no
   * thread waits.
   */
  constructor(sab: SharedArrayBuffer, { notify = true }: { notify?: boolean } = {}) {
    this.#h = new Int32Array(sab, 0, 4);
    this.#data = new Uint8Array(sab, HEADER_BYTES);
    this.#cap = this.#data.byteLength;
    this.#notify = notify;
  }

  get used(): number {
    return (Atomics.load(this.#h, WRITTEN) - Atomics.load(this.#h, READ)) >>> 0;
  }

  get closed(): boolean {
    return Atomics.load(this.#h, CLOSED) !== 0;
  }

  /** Bytes readable now: > 0 some, 0 none yet, -1 closed and drained. */
  available(): number {
    const n = this.used;
    return n > 0 ? n : this.closed ? -1 : 0;
  }

  /** Copies in what fits without blocking; returns how many bytes were taken. */
  tryWrite(bytes: Uint8Array): number {
    const h = this.#h;
    if (this.closed) return 0;
    const w = Atomics.load(h, WRITTEN) >>> 0;
    const n = Math.min(bytes.byteLength, this.#cap - this.used);
    const at = w % this.#cap;
    const first = Math.min(n, this.#cap - at);
    this.#data.set(bytes.subarray(0, first), at);
    if (n > first) this.#data.set(bytes.subarray(first, n), 0);
    Atomics.store(h, WRITTEN, (w + n) | 0);
    this.#changed();
    return n;
  }

  /** Writes everything, blocking (Atomics.wait) while the ring is full. Worker threads only. */
  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.byteLength) {
      const seq = Atomics.load(this.#h, SEQ);
      const n = this.tryWrite(bytes.subarray(off));
      if (n === 0) {
        if (this.closed) return;
        Atomics.wait(this.#h, SEQ, seq, 1000);
      }
      off += n;
    }
  }

  /** Takes up to `max` bytes without blocking (possibly none). */
  tryRead(max = Infinity): Uint8Array {
    const h = this.#h;
    const n = Math.min(this.used, max);
    const r = Atomics.load(h, READ) >>> 0;
    const out = new Uint8Array(n);
    const at = r % this.#cap;
    const first = Math.min(n, this.#cap - at);
    out.set(this.#data.subarray(at, at + first));
    if (n > first) out.set(this.#data.subarray(0, n - first), first);
    Atomics.store(h, READ, (r + n) | 0);
    this.#changed();
    return out;
  }

  /** Copies up to `into.byteLength` bytes into `into` without blocking; `peek` leaves them unread. */
  readInto(into: Uint8Array, peek = false): number {
    const h = this.#h;
    const n = Math.min(this.used, into.byteLength);
    const r = Atomics.load(h, READ) >>> 0;
    const at = r % this.#cap;
    const first = Math.min(n, this.#cap - at);
    into.set(this.#data.subarray(at, at + first));
    if (n > first) into.set(this.#data.subarray(0, n - first), first);
    if (!peek && n > 0) {
      Atomics.store(h, READ, (r + n) | 0);
      this.#changed();
    }
    return n;
  }

  /** Room for bytes now. */
  get free(): number {
    return this.#cap - this.used;
  }

  /** Blocks until `available() !== 0` or `timeoutMs` passes. Worker threads only. */
  wait(timeoutMs: number): void {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const seq = Atomics.load(this.#h, SEQ);
      if (this.available() !== 0) return;
      const left = end - Date.now();
      if (left <= 0) return;
      Atomics.wait(this.#h, SEQ, seq, Number.isFinite(left) ? left : undefined);
    }
  }

  close(): void {
    Atomics.store(this.#h, CLOSED, 1);
    this.#changed();
  }

  /** Empty and open again, for reuse: only when the other side no longer touches the ring. */
  reset(): void {
    Atomics.store(this.#h, WRITTEN, 0);
    Atomics.store(this.#h, READ, 0);
    Atomics.store(this.#h, CLOSED, 0);
  }

  #changed(): void {
    Atomics.add(this.#h, SEQ, 1);
    if (this.#notify) Atomics.notify(this.#h, SEQ);
  }
}

/** stdin read from a ring: blocks while it is empty and open. */
export function ringStdin(sab: SharedArrayBuffer): StdinSource {
  const ring = new ByteRing(sab);
  return {
    available: () => ring.available(),
    wait: (ms) => ring.wait(ms),
    read(max) {
      ring.wait(Infinity);
      return ring.tryRead(max);
    },
  };
}

/**
 * The writing side of a stdin ring, for the thread that is not blocked in guest code: input
 * waits in a queue while the ring is full, and `flush` (called again on a timer while `pending`)
 * moves what fits. Closing waits until the queue has gone in.
 */
export class StdinPump {
  readonly #ring: ByteRing;
  #queue: Uint8Array[] = [];
  #closeWanted = false;

  constructor(sab: SharedArrayBuffer) {
    this.#ring = new ByteRing(sab);
  }

  /** Bytes still waiting for room in the ring. */
  get pending(): boolean {
    return this.#queue.length > 0;
  }

  get closing(): boolean {
    return this.#closeWanted;
  }

  /** Queues a copy of `bytes` (the caller may reuse its buffer) and moves what fits. */
  write(bytes: Uint8Array): void {
    if (this.#closeWanted) return;
    this.#queue.push(bytes.slice());
    this.flush();
  }

  /** End of input, once the queue has gone in. */
  close(): void {
    this.#closeWanted = true;
    this.flush();
  }

  /** Drops what waits (the run ended). */
  discard(): void {
    this.#queue = [];
  }

  flush(): void {
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const n = this.#ring.tryWrite(head);
      if (n < head.byteLength) {
        this.#queue[0] = head.subarray(n);
        return;
      }
      this.#queue.shift();
    }
    if (this.#closeWanted) this.#ring.close();
  }
}
