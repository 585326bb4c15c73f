// Where a run's standard streams come from and go to. Sinks get byte chunks as the guest
// writes them (batched: see OutputBuffer); stdin is a source that may block (a SharedArrayBuffer
// ring in a Worker, fd 0 in Node) or a fixed byte string.

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
const MAX_DELAY_MS = 16;

/**
 * Collects guest writes into chunks of up to 64 KB, so a program printing a byte at a time
 * costs one message per chunk, not per byte; chunks also go out when 16 ms have passed since
 * the last one (interactive output shows up promptly) and whenever the runtime is about to
 * block or exit (`flush`).
 */
export class OutputBuffer {
  readonly #sink: Sink;
  readonly #now: () => number;
  #buf = new Uint8Array(CHUNK);
  #len = 0;
  #last: number;

  constructor(sink: Sink, now: () => number = () => Date.now()) {
    this.#sink = sink;
    this.#now = now;
    this.#last = now();
  }

  write(data: Uint8Array): void {
    if (data.byteLength >= CHUNK) {
      this.flush();
      this.#sink(data.slice());
      this.#last = this.#now();
      return;
    }
    if (this.#len + data.byteLength > CHUNK) this.flush();
    this.#buf.set(data, this.#len);
    this.#len += data.byteLength;
    if (this.#len === CHUNK || this.#now() - this.#last >= MAX_DELAY_MS) this.flush();
  }

  flush(): void {
    this.#last = this.#now();
    if (this.#len === 0) return;
    const chunk = this.#buf.slice(0, this.#len);
    this.#len = 0;
    this.#sink(chunk);
  }
}
