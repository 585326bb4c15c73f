// The replies half of the outgoing-request mailbox (fetch-mailbox.ts): the head, body chunks
// and end of each fetched response, as frames in a byte ring (byte-ring.ts) that the handler
// thread reads synchronously while its guest blocks. A shared ring rather than a MessagePort
// because a blocked thread can take nothing from a port in a browser (Node alone has
// receiveMessageOnPort), and one transport serves the CLI and the page alike.
//
// A frame: u32 length, then u32 JSON length, the reply as JSON (UTF-8; header byte strings
// survive it) and, for a chunk, its bytes. A frame may be larger than the ring: the writer
// moves what fits and the reader reassembles.
import { ByteRing, createByteRing } from '../byte-ring.ts';
import type { MailboxReply } from './fetch-mailbox.ts';

export const REPLY_RING_BYTES = 1 << 20;
/** How soon a writer whose ring was full tries again (the reader is a guest reading a body). */
const RETRY_MS = 2;

export function createReplyRing(capacity = REPLY_RING_BYTES): SharedArrayBuffer {
  return createByteRing(capacity);
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeReply(reply: MailboxReply): Uint8Array {
  const bytes = reply.type === 'chunk' ? reply.bytes : new Uint8Array(0);
  const json = enc.encode(JSON.stringify(reply.type === 'chunk' ? { type: 'chunk', id: reply.id } : reply));
  const frame = new Uint8Array(8 + json.byteLength + bytes.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint32(0, frame.byteLength - 4, true);
  view.setUint32(4, json.byteLength, true);
  frame.set(json, 8);
  frame.set(bytes, 8 + json.byteLength);
  return frame;
}

/** The fetching side: queues frames and moves them into the ring as room appears. */
export class ReplyRingWriter {
  readonly #ring: ByteRing;
  readonly #bell: Int32Array;
  readonly #queue: Uint8Array[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /** `doorbell` is rung after every write (the reader waits on it). */
  constructor(ring: SharedArrayBuffer, doorbell: SharedArrayBuffer) {
    this.#ring = new ByteRing(ring);
    this.#bell = new Int32Array(doorbell);
  }

  /** Frames not yet wholly in the ring. */
  get pending(): number {
    return this.#queue.length;
  }

  post(reply: MailboxReply): void {
    if (this.#closed) return;
    this.#queue.push(encodeReply(reply));
    this.#flush();
  }

  /** Drops what waits and stops retrying (the handler thread is gone). */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #flush(): void {
    let wrote = false;
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const n = this.#ring.tryWrite(head);
      if (n > 0) wrote = true;
      if (n < head.byteLength) {
        this.#queue[0] = head.subarray(n);
        break;
      }
      this.#queue.shift();
    }
    if (wrote) {
      Atomics.add(this.#bell, 0, 1);
      Atomics.notify(this.#bell, 0);
    }
    if (this.#queue.length > 0 && this.#timer === undefined && !this.#closed) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, RETRY_MS);
    }
  }
}

/** The handler side: whole replies out of the ring, never blocking. */
export class ReplyRingReader {
  readonly #ring: ByteRing;
  #buffered: Uint8Array = new Uint8Array(0);

  constructor(ring: SharedArrayBuffer) {
    this.#ring = new ByteRing(ring);
  }

  /** The next whole reply that has arrived, or undefined. */
  receive(): MailboxReply | undefined {
    const ready = this.#take();
    if (ready || this.#ring.used === 0) return ready;
    const more = this.#ring.tryRead();
    if (this.#buffered.byteLength === 0) this.#buffered = more;
    else {
      const joined = new Uint8Array(this.#buffered.byteLength + more.byteLength);
      joined.set(this.#buffered);
      joined.set(more, this.#buffered.byteLength);
      this.#buffered = joined;
    }
    return this.#take();
  }

  #take(): MailboxReply | undefined {
    const b = this.#buffered;
    if (b.byteLength < 4) return undefined;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const end = 4 + view.getUint32(0, true);
    if (b.byteLength < end) return undefined;
    const jsonEnd = 8 + view.getUint32(4, true);
    const reply = JSON.parse(dec.decode(b.subarray(8, jsonEnd))) as MailboxReply;
    if (reply.type === 'chunk') reply.bytes = b.slice(jsonEnd, end);
    this.#buffered = b.subarray(end);
    return reply;
  }
}
