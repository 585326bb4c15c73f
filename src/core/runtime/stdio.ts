// Where a run's standard streams come from and go to. Sinks get byte chunks as the guest
// writes them (optionally batched: OutputBuffer); stdin is a source that may block (a
// SharedArrayBuffer ring, byte-ring.ts) or a fixed byte string.

export type Sink = (chunk: Uint8Array) => void;

export interface StdinSource {
  /** Up to `max` bytes, blocking until some arrive; an empty array means end of input. */
  read(max: number): Uint8Array;
  /** Bytes readable now without blocking: > 0 some, 0 none yet, -1 end of input. */
  available(): number;
  /** Blocks until `available() !== 0` or `timeoutMs` passes (Infinity: no limit). */
  wait(timeoutMs: number): void;
}

/** A fixed input: these bytes, then end of input. */
export function bytesStdin(bytes: Uint8Array = new Uint8Array(0)): StdinSource {
  let pos = 0;
  return {
    read(max) {
      const out = bytes.subarray(pos, Math.min(bytes.byteLength, pos + max));
      pos += out.byteLength;
      return out;
    },
    available: () => (pos < bytes.byteLength ? bytes.byteLength - pos : -1),
    wait: () => undefined,
  };
}

const CHUNK = 64 * 1024;

/**
 * Hands guest writes to a sink. With `batchMs` 0 (the default) every write goes out at once,
 * copied (guest memory changes after the call). With `batchMs` > 0 writes are collected into
 * chunks of up to 64 KB and go out when full, when `batchMs` has passed since the last chunk,
 * or on `flush` (before the runtime blocks and at exit): for sinks where each call costs.
 * Batched bytes wait for the next write or flush, so a module that then spins in a loop holds
 * them back: only use batching where the sink is expensive and runs end.
 */
export class OutputBuffer {
  readonly #sink: Sink;
  readonly #now: () => number;
  readonly #batchMs: number;
  #buf: Uint8Array | null = null;
  #len = 0;
  #last: number;

  constructor(sink: Sink, batchMs = 0, now: () => number = () => Date.now()) {
    this.#sink = sink;
    this.#now = now;
    this.#batchMs = batchMs;
    this.#last = now();
  }

  write(data: Uint8Array): void {
    if (this.#batchMs <= 0 || data.byteLength >= CHUNK) {
      this.flush();
      this.#sink(data.slice());
      return;
    }
    if (this.#len + data.byteLength > CHUNK) this.flush();
    this.#buf ??= new Uint8Array(CHUNK);
    this.#buf.set(data, this.#len);
    this.#len += data.byteLength;
    if (this.#len === CHUNK || this.#now() - this.#last >= this.#batchMs) this.flush();
  }

  flush(): void {
    this.#last = this.#now();
    if (this.#len === 0 || !this.#buf) return;
    const chunk = this.#buf.slice(0, this.#len);
    this.#len = 0;
    this.#sink(chunk);
  }
}
