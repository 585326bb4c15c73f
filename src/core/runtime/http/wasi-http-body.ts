// wasi:http bodies: an incoming body (a request's, a fetched response's) read through an
// input-stream then finished for its trailers; an outgoing body (a response's, an outgoing
// request's) written through an output-stream, held whole, and finished with optional trailers,
// its length checked against Content-Length as wasmtime-wasi-http checks it.
import {
  InputStream,
  IoError,
  OutputStream,
  Pollable,
  WasiResultError,
  readyPollable,
  type Blocking,
  type ByteSource,
} from '../component/index.ts';
import type { ErrorCode } from './error-code.ts';
import { Fields } from './wasi-http-fields.ts';

/**
 * The key the glue calls when the guest drops a handle to a host object: Symbol.dispose where the
 * engine has it, Symbol.for('dispose') where not (the glue's own fallback).
 */
export const DISPOSE: unique symbol = ((Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose')) as never;

/** An io error that carries the wasi:http error-code behind it (types.http-error-code). */
export class HttpIoError extends IoError {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode) {
    super(message);
    this.code = code;
  }
}

/** A ByteSource over bytes that are all there. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let pos = 0;
  const take = (max: number): Uint8Array | null => {
    if (pos >= bytes.byteLength) return null;
    const out = bytes.slice(pos, Math.min(bytes.byteLength, pos + max));
    pos += out.byteLength;
    return out;
  };
  return { tryRead: take, read: take, readiness: { ready: () => true } };
}

/** future-trailers.get's `result<option<trailers>, error-code>` once the body has ended. */
type TrailersResult = { tag: 'ok'; val: Fields | undefined } | { tag: 'err'; val: ErrorCode };

/** What an incoming body ends with: trailers (or none), or the error that cut it short. */
export interface BodyEnd {
  /** Undefined while the body is still arriving. */
  result(): { ok: true; trailers?: Fields } | { ok: false; code: ErrorCode } | undefined;
  /** Blocks until result() may have changed, or ms pass. */
  wait?(ms: number): void;
}

export class FutureTrailers {
  readonly #end: BodyEnd;
  readonly #blocking: Blocking;
  #taken = false;

  constructor(end: BodyEnd, blocking: Blocking) {
    this.#end = end;
    this.#blocking = blocking;
  }

  subscribe(): Pollable {
    const end = this.#end;
    if (end.result() !== undefined || !end.wait) return readyPollable(this.#blocking);
    return new Pollable({ ready: () => end.result() !== undefined, wait: (ms) => end.wait!(ms) }, this.#blocking);
  }

  get(): { tag: 'ok'; val: TrailersResult } | { tag: 'err'; val: undefined } | undefined {
    const r = this.#end.result();
    if (r === undefined) return undefined;
    if (this.#taken) return { tag: 'err', val: undefined };
    this.#taken = true;
    return { tag: 'ok', val: r.ok ? { tag: 'ok', val: r.trailers?.clone().freeze() } : { tag: 'err', val: r.code } };
  }
}

export class IncomingBody {
  readonly #source: ByteSource;
  readonly #end: BodyEnd;
  readonly #blocking: Blocking;
  #streamed = false;

  constructor(source: ByteSource, end: BodyEnd, blocking: Blocking) {
    this.#source = source;
    this.#end = end;
    this.#blocking = blocking;
  }

  stream(): InputStream {
    if (this.#streamed) throw new WasiResultError(undefined);
    this.#streamed = true;
    return new InputStream(this.#source, this.#blocking);
  }

  static finish(body: IncomingBody): FutureTrailers {
    return new FutureTrailers(body.#end, body.#blocking);
  }
}

/** What an outgoing body is for: its size errors name the one or the other. */
export type BodyContext = 'request' | 'response';

export type OutgoingBodyState =
  { state: 'open' } | { state: 'finished'; body: Uint8Array; trailers?: Fields } | { state: 'failed'; reason: string };

/** An output-stream over an outgoing body: the body's child, which must be dropped before finish. */
class BodyOutputStream extends OutputStream {
  readonly #onDrop: () => void;
  constructor(sink: ConstructorParameters<typeof OutputStream>[0], blocking: Blocking, onDrop: () => void) {
    super(sink, blocking);
    this.#onDrop = onDrop;
  }
  [DISPOSE](): void {
    this.#onDrop();
  }
}

export class OutgoingBody {
  readonly #context: BodyContext;
  readonly #expected: number | undefined;
  readonly #limit: number;
  readonly #blocking: Blocking;
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  #stream: 'none' | 'alive' | 'dropped' = 'none';
  #state: OutgoingBodyState = { state: 'open' };
  #listeners: Array<(s: OutgoingBodyState) => void> = [];

  constructor(context: BodyContext, contentLength: number | undefined, limit: number, blocking: Blocking) {
    this.#context = context;
    this.#expected = contentLength;
    this.#limit = limit;
    this.#blocking = blocking;
  }

  get state(): OutgoingBodyState {
    return this.#state;
  }

  /** Calls `f` once the body is finished or failed (at once if it already is). */
  onEnd(f: (s: OutgoingBodyState) => void): void {
    if (this.#state.state === 'open') this.#listeners.push(f);
    else f(this.#state);
  }

  write(): OutputStream {
    if (this.#stream !== 'none') throw new WasiResultError(undefined);
    this.#stream = 'alive';
    const sink = {
      write: (bytes: Uint8Array): void => this.#write(bytes),
      flush: (): void => undefined,
    };
    return new BodyOutputStream(sink, this.#blocking, () => {
      this.#stream = 'dropped';
    });
  }

  static finish(body: OutgoingBody, trailers: Fields | undefined): void {
    // wasmtime traps here too: the stream is a child resource of the body.
    if (body.#stream === 'alive') throw new Error('outgoing-body.finish: its output-stream is still alive');
    if (body.#state.state !== 'open') return;
    if (body.#expected !== undefined && body.#size !== body.#expected) {
      const code = body.#sizeError(body.#size);
      body.#end({
        state: 'failed',
        reason: `${body.#context} body is ${body.#size} bytes, content-length says ${body.#expected}`,
      });
      throw new WasiResultError(code);
    }
    body.#end({ state: 'finished', body: join(body.#chunks, body.#size), trailers: trailers?.freeze() });
  }

  /** The guest dropped the body without finishing it: it is corrupt, as wasi:http says. */
  [DISPOSE](): void {
    if (this.#state.state === 'open') {
      this.#end({ state: 'failed', reason: `the ${this.#context} body was dropped without outgoing-body.finish` });
    }
  }

  /** Ends an open body because its owner gave up on it (a handler that returned). */
  abandon(reason: string): void {
    if (this.#state.state === 'open') this.#end({ state: 'failed', reason });
  }

  #write(bytes: Uint8Array): void {
    if (this.#state.state !== 'open') throw new WasiResultError({ tag: 'closed' });
    const size = this.#size + bytes.byteLength;
    if (this.#expected !== undefined && size > this.#expected) {
      throw streamFailed(`more than the ${this.#expected} bytes content-length says`, this.#sizeError(size));
    }
    if (size > this.#limit) {
      throw streamFailed(`a ${this.#context} body larger than ${this.#limit} bytes`, this.#sizeError(size));
    }
    this.#chunks.push(bytes.slice());
    this.#size = size;
  }

  #sizeError(size: number): ErrorCode {
    return this.#context === 'request'
      ? { tag: 'HTTP-request-body-size', val: BigInt(size) }
      : { tag: 'HTTP-response-body-size', val: BigInt(size) };
  }

  #end(s: OutgoingBodyState): void {
    this.#state = s;
    for (const f of this.#listeners.splice(0)) f(s);
  }
}

function streamFailed(message: string, code: ErrorCode): WasiResultError {
  return new WasiResultError({ tag: 'last-operation-failed', val: new HttpIoError(message, code) });
}

export function join(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body length Content-Length promises, when it is there (Fields checked its syntax). */
export function contentLength(headers: Fields): number | undefined {
  const v = headers.first('content-length');
  return v === undefined ? undefined : Number(v);
}
