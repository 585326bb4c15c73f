// Outgoing requests for a handler thread that blocks: a mailbox between that thread and one
// that can run `fetch` (the CLI's main thread, the page). The handler side posts each request
// over a MessagePort (sending never needs the event loop) and, when the guest blocks, waits on
// a shared doorbell; the fetching side writes the head, body chunks and end into a shared ring
// as they arrive (reply-ring.ts) and rings the doorbell, so a body streams in while the guest
// reads it. See fetcher.ts for why the fetching happens elsewhere.
import type { HeaderPair } from './data.ts';
import type { FetchFailure } from './error-code.ts';
import type { FetchBody, FetchRequest, FetchResult, Fetcher, PendingFetch } from './fetcher.ts';
import { ReplyRingReader, ReplyRingWriter, createReplyRing } from './reply-ring.ts';

export type MailboxRequest = { type: 'fetch'; id: number; request: FetchRequest } | { type: 'abort'; id: number };

export type MailboxReply =
  | { type: 'head'; id: number; status: number; headers: HeaderPair[] }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number; trailers?: HeaderPair[] }
  | { type: 'fail'; id: number; failure: FetchFailure };

/** The handler thread's end of the mailbox. */
export interface SyncPort {
  post(message: MailboxRequest): void;
  /** The next message that has arrived, or undefined; never blocks. */
  receive(): unknown;
}

class Incoming implements PendingFetch, FetchBody {
  head: { status: number; headers: HeaderPair[] } | undefined;
  failure: FetchFailure | undefined;
  readonly chunks: Uint8Array[] = [];
  ended: { ok: true; trailers?: HeaderPair[] } | { ok: false; failure: FetchFailure } | undefined;
  readonly #box: MailboxFetcher;
  readonly #id: number;

  constructor(box: MailboxFetcher, id: number) {
    this.#box = box;
    this.#id = id;
  }

  poll(): FetchResult | undefined {
    this.#box.drain();
    if (this.failure) return { ok: false, failure: this.failure };
    if (this.head) return { ok: true, status: this.head.status, headers: this.head.headers, body: this };
    return undefined;
  }

  wait(ms: number): void {
    this.#box.wait(ms);
  }

  abort(): void {
    if (!this.ended && !this.failure) this.#box.abort(this.#id);
  }

  tryRead(max: number): Uint8Array | null {
    this.#box.drain();
    const first = this.chunks[0];
    if (!first) return this.ended ? null : new Uint8Array(0);
    if (first.byteLength <= max) return this.chunks.shift()!;
    this.chunks[0] = first.subarray(max);
    return first.subarray(0, max);
  }

  ready(): boolean {
    this.#box.drain();
    return this.chunks.length > 0 || this.ended !== undefined;
  }

  end(): ReturnType<FetchBody['end']> {
    this.#box.drain();
    return this.chunks.length > 0 ? undefined : this.ended;
  }
}

export class MailboxFetcher implements Fetcher {
  readonly #port: SyncPort;
  readonly #bell: Int32Array;
  readonly #open = new Map<number, Incoming>();
  #next = 1;
  /** Messages taken so far: a wait that took some returns at once (the caller polls again). */
  #seen = 0;

  /** `doorbell`: 4 shared bytes the fetching side rings after each write of replies. */
  constructor(port: SyncPort, doorbell: SharedArrayBuffer) {
    this.#port = port;
    this.#bell = new Int32Array(doorbell);
  }

  start(request: FetchRequest): PendingFetch {
    const id = this.#next++;
    const f = new Incoming(this, id);
    this.#open.set(id, f);
    this.#port.post({ type: 'fetch', id, request });
    return f;
  }

  abort(id: number): void {
    this.#open.delete(id);
    this.#port.post({ type: 'abort', id });
  }

  /** Takes every message that has arrived. */
  drain(): void {
    for (let m = this.#port.receive(); m !== undefined; m = this.#port.receive()) this.#take(m as MailboxReply);
  }

  /** Blocks until a message may have arrived, or `ms` pass. */
  wait(ms: number): void {
    const rung = Atomics.load(this.#bell, 0);
    const before = this.#seen;
    this.drain();
    if (this.#seen !== before) return;
    Atomics.wait(this.#bell, 0, rung, ms === Infinity ? undefined : ms);
    this.drain();
  }

  #take(m: MailboxReply): void {
    this.#seen++;
    const f = this.#open.get(m.id);
    if (!f) return;
    switch (m.type) {
      case 'head':
        f.head = { status: m.status, headers: m.headers };
        break;
      case 'chunk':
        f.chunks.push(m.bytes);
        break;
      case 'end':
        f.ended = { ok: true, trailers: m.trailers };
        this.#open.delete(m.id);
        break;
      case 'fail':
        if (f.head) f.ended = { ok: false, failure: m.failure };
        else f.failure = m.failure;
        this.#open.delete(m.id);
        break;
    }
  }
}

/** The `fetch` the fetching side calls: the Fetch API's, narrowed to what this uses. */
export type FetchFunction = (
  url: string,
  init: {
    method: string;
    headers: HeaderPair[];
    body?: Uint8Array;
    redirect: 'manual';
    signal: AbortSignal;
  },
) => Promise<{
  status: number;
  headers: { forEach(f: (value: string, name: string) => void): void };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}>;

/** How a host fetches: its fetch, how its errors read, the body limit. */
export interface FetchHost {
  fetch: FetchFunction;
  /** What a rejected fetch of `request` says, as a failure (Node: by the cause's code). */
  classify(e: unknown, request: FetchRequest): FetchFailure;
  /** The most bytes of one response body. */
  maxBodyBytes: number;
}

export interface ServeFetchesOptions extends FetchHost {
  /** Sends a reply to the handler thread. */
  post(reply: MailboxReply): void;
}

/** The fetching side: call `receive` with each message from the handler thread. */
export function serveFetches(o: ServeFetchesOptions): { receive(message: unknown): void; close(): void } {
  const running = new Map<number, AbortController>();
  const send = (reply: MailboxReply): void => o.post(reply);

  const run = async (id: number, r: FetchRequest, abort: AbortController): Promise<void> => {
    let timedOut: FetchFailure['kind'] | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number | undefined, kind: FetchFailure['kind']): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (ms === undefined) return;
      timer = setTimeout(() => {
        timedOut = kind;
        abort.abort();
      }, ms);
    };
    const headTimeout = r.firstByteTimeoutMs ?? r.connectTimeoutMs;
    arm(headTimeout, r.firstByteTimeoutMs !== undefined ? 'first-byte-timeout' : 'connect-timeout');
    const failure = (e: unknown): FetchFailure =>
      timedOut
        ? { kind: timedOut, detail: `no answer within the request's ${timedOut.replace(/-/g, ' ')}` }
        : o.classify(e, r);
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await o.fetch(r.url, {
        method: r.method,
        headers: r.headers,
        body: r.body,
        redirect: 'manual',
        signal: abort.signal,
      });
    } catch (e) {
      arm(undefined, 'connect-timeout');
      if (running.delete(id)) send({ type: 'fail', id, failure: failure(e) });
      return;
    }
    const headers: HeaderPair[] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    send({ type: 'head', id, status: response.status, headers: decodedHeaders(headers) });
    const reader = response.body?.getReader();
    let size = 0;
    try {
      for (;;) {
        arm(r.betweenBytesTimeoutMs, 'between-bytes-timeout');
        const { done, value } = reader ? await reader.read() : { done: true, value: undefined };
        if (done) break;
        if (!value || value.byteLength === 0) continue;
        size += value.byteLength;
        if (size > o.maxBodyBytes) {
          await reader?.cancel().catch(() => undefined);
          throw Object.assign(new Error('too large'), { tooLarge: true });
        }
        send({ type: 'chunk', id, bytes: value });
      }
      arm(undefined, 'connect-timeout');
      if (running.delete(id)) send({ type: 'end', id });
    } catch (e) {
      arm(undefined, 'connect-timeout');
      const f: FetchFailure = (e as { tooLarge?: boolean }).tooLarge
        ? { kind: 'too-large', detail: `a response body larger than ${o.maxBodyBytes} bytes`, size }
        : failure(e);
      if (running.delete(id)) send({ type: 'fail', id, failure: f });
    }
  };

  return {
    receive(message) {
      const m = message as MailboxRequest;
      if (m.type === 'fetch') {
        const abort = new AbortController();
        running.set(m.id, abort);
        void run(m.id, m.request, abort);
      } else if (m.type === 'abort') {
        running.get(m.id)?.abort();
        running.delete(m.id);
      }
    },
    close() {
      for (const a of running.values()) a.abort();
      running.clear();
    },
  };
}

/** A handler thread's end of its mailbox, as its serve request carries it. */
export interface MailboxEnd {
  /** Where it posts requests: a MessagePort (Node's or the browser's), transferred. */
  port: unknown;
  /** The reply ring (reply-ring.ts) and the doorbell rung after each write to it. */
  replies: SharedArrayBuffer;
  doorbell: SharedArrayBuffer;
}

/** A message channel as the host has one (node:worker_threads', the browser's). */
export interface MailboxChannel {
  /** The end the handler thread gets, transferred with its serve request. */
  handlerEnd: unknown;
  /** Delivers each message the handler thread posts. */
  listen(f: (message: unknown) => void): void;
  close(): void;
}

/**
 * The fetching side of a new mailbox over `channel`: the end to send the handler thread (and
 * what its serve request must transfer), and `close` for when that thread is gone.
 */
export function openFetchMailbox(
  channel: MailboxChannel,
  host: FetchHost,
): { end: MailboxEnd; transfer: unknown[]; close(): void } {
  const end: MailboxEnd = { port: channel.handlerEnd, replies: createReplyRing(), doorbell: new SharedArrayBuffer(4) };
  const writer = new ReplyRingWriter(end.replies, end.doorbell);
  const fetching = serveFetches({ ...host, post: (reply) => writer.post(reply) });
  channel.listen((m) => fetching.receive(m));
  return {
    end,
    transfer: [channel.handlerEnd],
    close() {
      fetching.close();
      writer.close();
      channel.close();
    },
  };
}

/** In the handler thread: a Fetcher over the mailbox end its serve request brought. */
export function mailboxFetcher(end: MailboxEnd): Fetcher {
  const port = end.port as { postMessage(message: unknown): void };
  const replies = new ReplyRingReader(end.replies);
  return new MailboxFetcher({ post: (m) => port.postMessage(m), receive: () => replies.receive() }, end.doorbell);
}

export function isMailboxEnd(x: unknown): x is MailboxEnd {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    typeof m.port === 'object' &&
    m.port !== null &&
    m.replies instanceof SharedArrayBuffer &&
    m.doorbell instanceof SharedArrayBuffer
  );
}

/** fetch decodes gzip/br/deflate bodies and keeps the headers that describe the encoded one. */
function decodedHeaders(headers: HeaderPair[]): HeaderPair[] {
  const encoding = headers
    .find(([n]) => n === 'content-encoding')?.[1]
    .trim()
    .toLowerCase();
  if (!encoding || encoding === 'identity') return headers;
  return headers.filter(([n]) => n !== 'content-encoding' && n !== 'content-length');
}
