// wasi:io (error, poll, streams) for the component host: streams over byte sources and sinks
// that block the way the preview1 host blocks (Atomics.wait on the stdin ring, a blocking
// sleep for timers), so a guest waiting for input or time waits in every browser and Node
// without JSPI. https://github.com/WebAssembly/wasi-io/blob/v0.2.0/wit/streams.wit

/**
 * The error half of a WASI `result`: the transpiled glue turns a thrown object with an own
 * `payload` into `err(payload)`, and rethrows any other Error as a host failure.
 */
export class WasiResultError<T = unknown> extends Error {
  readonly payload: T;
  constructor(payload: T) {
    super(
      typeof payload === 'string'
        ? payload
        : JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    );
    this.name = 'WasiResultError';
    this.payload = payload;
  }
}

/** What the host's streams and pollables need from the run: time, and how to wait. */
export interface Blocking {
  /** Monotonic nanoseconds. */
  monotonic(): bigint;
  /** Blocks the thread for `ms` milliseconds. */
  sleep(ms: number): void;
  /** Hands buffered output on (before the guest blocks, so prompts show). */
  flush(): void;
}

/** wasi:io/error's `error`: what a failed stream operation says. */
export class IoError {
  readonly #message: string;
  constructor(message: string) {
    this.#message = message;
  }
  toDebugString(): string {
    return this.#message;
  }
}

/** When a pollable becomes ready: now, at a monotonic deadline, or when a source says so. */
export interface Readiness {
  ready(): boolean;
  /** Monotonic nanoseconds at which it is ready (timers). */
  deadline?: bigint;
  /** Blocks until it may have become ready, or `ms` pass (Infinity: no limit). */
  wait?(ms: number): void;
}

const ALWAYS: Readiness = { ready: () => true };

export class Pollable {
  readonly readiness: Readiness;
  readonly #blocking: Blocking;

  constructor(readiness: Readiness, blocking: Blocking) {
    this.readiness = readiness;
    this.#blocking = blocking;
  }

  ready(): boolean {
    return this.readiness.ready();
  }

  block(): void {
    pollList([this], this.#blocking);
  }
}

/** wasi:io/poll's `poll`: the indices of the ready pollables, blocking until there is one. */
export function pollList(list: Pollable[], blocking: Blocking): Uint32Array {
  if (list.length === 0) throw new Error('poll: the list of pollables is empty');
  for (;;) {
    const ready: number[] = [];
    list.forEach((p, i) => {
      if (p.ready()) ready.push(i);
    });
    if (ready.length > 0) return new Uint32Array(ready);
    blocking.flush();
    const now = blocking.monotonic();
    let ms = Infinity;
    for (const p of list) {
      const d = p.readiness.deadline;
      if (d !== undefined) ms = Math.min(ms, Math.max(0, Math.ceil(Number(d - now) / 1e6)));
    }
    const waiter = list.find((p) => p.readiness.wait)?.readiness;
    if (waiter?.wait) waiter.wait(ms);
    else if (ms === Infinity) throw new Error('poll: none of these pollables can ever become ready');
    else blocking.sleep(ms);
  }
}

/** Where an input stream's bytes come from. */
export interface ByteSource {
  /** Bytes available now (maybe none), or null at end of input. Never blocks. */
  tryRead(max: number): Uint8Array | null;
  /** At least one byte, or null at end of input; blocks until then. */
  read(max: number): Uint8Array | null;
  readiness: Readiness;
}

/** Where an output stream's bytes go. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
  flush(): void;
}

/** The most one read hands over, and what check-write allows at once. */
const MAX_CHUNK = 1 << 20;

const closed = (): WasiResultError => new WasiResultError({ tag: 'closed' });

function chunkLength(len: bigint): number {
  return Number(len > BigInt(MAX_CHUNK) ? BigInt(MAX_CHUNK) : len);
}

export class InputStream {
  readonly #source: ByteSource;
  readonly #blocking: Blocking;

  constructor(source: ByteSource, blocking: Blocking) {
    this.#source = source;
    this.#blocking = blocking;
  }

  read(len: bigint): Uint8Array {
    const out = this.#source.tryRead(chunkLength(len));
    if (out === null) throw closed();
    return out;
  }

  blockingRead(len: bigint): Uint8Array {
    if (len === 0n) return new Uint8Array(0);
    if (!this.#source.readiness.ready()) this.#blocking.flush();
    const out = this.#source.read(chunkLength(len));
    if (out === null) throw closed();
    return out;
  }

  skip(len: bigint): bigint {
    return BigInt(this.read(len).byteLength);
  }

  blockingSkip(len: bigint): bigint {
    return BigInt(this.blockingRead(len).byteLength);
  }

  subscribe(): Pollable {
    return new Pollable(this.#source.readiness, this.#blocking);
  }
}

export class OutputStream {
  readonly #sink: ByteSink;
  readonly #blocking: Blocking;

  constructor(sink: ByteSink, blocking: Blocking) {
    this.#sink = sink;
    this.#blocking = blocking;
  }

  checkWrite(): bigint {
    return BigInt(MAX_CHUNK);
  }

  write(contents: Uint8Array): void {
    if (contents.byteLength > 0) this.#sink.write(contents);
  }

  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
    this.#sink.flush();
  }

  flush(): void {
    this.#sink.flush();
  }

  blockingFlush(): void {
    this.#sink.flush();
  }

  writeZeroes(len: bigint): void {
    this.write(new Uint8Array(chunkLength(len)));
  }

  blockingWriteZeroesAndFlush(len: bigint): void {
    this.blockingWriteAndFlush(new Uint8Array(chunkLength(len)));
  }

  splice(src: InputStream, len: bigint): bigint {
    const bytes = src.read(len);
    this.write(bytes);
    return BigInt(bytes.byteLength);
  }

  blockingSplice(src: InputStream, len: bigint): bigint {
    const bytes = src.blockingRead(len);
    this.blockingWriteAndFlush(bytes);
    return BigInt(bytes.byteLength);
  }

  subscribe(): Pollable {
    return new Pollable(ALWAYS, this.#blocking);
  }
}

/** A pollable that is ready at once (output streams, files). */
export function readyPollable(blocking: Blocking): Pollable {
  return new Pollable(ALWAYS, blocking);
}

/** A pollable ready at a monotonic instant (wasi:clocks/monotonic-clock subscriptions). */
export function timerPollable(deadline: bigint, blocking: Blocking): Pollable {
  return new Pollable({ ready: () => blocking.monotonic() >= deadline, deadline }, blocking);
}

export function ioImports(blocking: Blocking): Record<string, Record<string, unknown>> {
  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll: (list: Pollable[]) => pollList(list, blocking) },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}
