// What the two halves of the socket bridge share. The guest's thread runs synchronous guest code
// and never returns to its event loop while a module runs, so nothing can reach it as a message:
// everything it learns is in SharedArrayBuffers, and it sleeps with Atomics.wait on one change
// counter. The other thread (the CLI's main thread, the page) owns the connections and learns of
// the guest's calls as messages on a MessagePort. Every connection is a slot: a control block and
// two ByteRings (bytes in, bytes out), all allocated by the guest, which sends them along.
import { ByteRing, createByteRing } from '../byte-ring.ts';
import type { Family, SockAddr } from './address.ts';

export const NET_BRIDGE_VERSION = 1;

// --- the bridge block: one per run, Int32 words, then the reply bytes ---
/** Bumped (and notified) by the connection side after every change the guest can see. */
export const B_SEQ = 0;
/** The id of the request whose reply is in the block. */
export const B_REPLY_ID = 1;
export const B_REPLY_LEN = 2;
/** 1 while the guest sleeps on B_SEQ: only then does a change need Atomics.notify (a futex
 *  wake, tens of microseconds; a change while the guest runs costs one Atomics.add). */
export const B_WAITING = 3;
export const REPLY_OFFSET = 16;
export const BRIDGE_BYTES = REPLY_OFFSET + 32 * 1024;

// --- a slot's control block: Int32 words, then a reason's bytes ---
export const S_STATE = 0;
/** A pending error (WASI errno): a refused connect, a reset. */
export const S_ERRNO = 1;
/** Set by the connection side when it wants a 'flush' message as soon as bytes go out. */
export const S_ARMED = 2;
/** Set by the connection side when it holds incoming bytes and wants a 'room' message. */
export const S_WANT_ROOM = 3;
export const S_LOCAL = 4; // family, port, 4 words of address
export const S_PEER = 10;
export const S_REASON_LEN = 16;
const REASON_OFFSET = 17 * 4;
const CTRL_BYTES = 256;

/** RELEASED: the connection side is done with a closed slot; the guest may use it again. */
export const STATE = { CONNECTING: 1, OPEN: 2, FAILED: 3, RELEASED: 4 } as const;

/** Bytes each way of a connection: what fits before the sender waits. */
export const STREAM_RING = 64 * 1024;
/** A listener's queue of accepted slot ids (4 bytes each). */
const ACCEPT_RING = 4 * 1024;

/** A slot as it crosses the MessagePort (the buffers are shared, not copied). */
export interface SlotShared {
  id: number;
  ctrl: SharedArrayBuffer;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
}

/** A slot's views, on either side. */
export class Slot {
  readonly id: number;
  readonly shared: SlotShared;
  readonly ctrl: Int32Array;
  readonly #ctrlBytes: Uint8Array;
  /** Bytes (or, for a listener, accepted slot ids) toward the guest. */
  readonly input: ByteRing;
  /** Bytes from the guest. */
  readonly output: ByteRing;

  constructor(shared: SlotShared) {
    this.id = shared.id;
    this.shared = shared;
    this.ctrl = new Int32Array(shared.ctrl, 0, REASON_OFFSET / 4);
    this.#ctrlBytes = new Uint8Array(shared.ctrl);
    // Both sides sleep on the bridge's counter (B_SEQ), never on a ring's own.
    this.input = new ByteRing(shared.input, { notify: false });
    this.output = new ByteRing(shared.output, { notify: false });
  }

  static create(id: number, kind: 'stream' | 'listener'): Slot {
    return new Slot({
      id,
      ctrl: new SharedArrayBuffer(CTRL_BYTES),
      input: createByteRing(kind === 'stream' ? STREAM_RING : ACCEPT_RING),
      output: createByteRing(kind === 'stream' ? STREAM_RING : 16),
    });
  }

  /** Back to a fresh slot (the connection side has released it). */
  reset(): void {
    this.ctrl.fill(0);
    this.input.reset();
    this.output.reset();
  }

  writeAddr(at: number, a: SockAddr): void {
    this.ctrl[at] = a.family;
    this.ctrl[at + 1] = a.port;
    this.#ctrlBytes.set(a.addr, (at + 2) * 4);
  }

  readAddr(at: number): SockAddr {
    const family = this.ctrl[at] === 6 ? 6 : 4;
    const addr = this.#ctrlBytes.slice((at + 2) * 4, (at + 2) * 4 + (family === 4 ? 4 : 16));
    return { family, addr, port: this.ctrl[at + 1]! };
  }

  writeReason(reason: string | undefined): void {
    const bytes = new TextEncoder().encode(reason ?? '').subarray(0, CTRL_BYTES - REASON_OFFSET);
    this.#ctrlBytes.set(bytes, REASON_OFFSET);
    this.ctrl[S_REASON_LEN] = bytes.byteLength;
  }

  readReason(): string | undefined {
    const n = this.ctrl[S_REASON_LEN]!;
    if (n === 0) return undefined;
    return new TextDecoder().decode(this.#ctrlBytes.slice(REASON_OFFSET, REASON_OFFSET + n));
  }
}

/** An address as the messages and replies carry it. */
export interface WireAddr {
  family: Family;
  addr: number[];
  port: number;
}

export const toWire = (a: SockAddr): WireAddr => ({ family: a.family, addr: Array.from(a.addr), port: a.port });
export const fromWire = (w: WireAddr): SockAddr => ({ family: w.family, addr: new Uint8Array(w.addr), port: w.port });

/** The guest's calls, in the order it makes them. */
export type GuestMessage = { v: typeof NET_BRIDGE_VERSION } & (
  | { op: 'hello'; bridge: SharedArrayBuffer }
  | { op: 'bind'; id: number; slot: SlotShared; addr: WireAddr }
  | { op: 'listen'; id: number; slot: number; backlog: number; spares: SlotShared[] }
  | { op: 'spare'; listener: number; slots: SlotShared[] }
  | { op: 'connect'; slot: SlotShared; addr: WireAddr; local?: WireAddr }
  /** Bytes wait in the slot's output ring (sent when S_ARMED was set). */
  | { op: 'flush'; slot: number }
  /** The guest read from the slot's input ring (sent when S_WANT_ROOM was set). */
  | { op: 'room'; slot: number }
  | { op: 'close'; slot: number }
  | { op: 'resolve'; id: number; node: string; port: number; family: 0 | 4 | 6; passive: boolean }
);

/** A reply in the bridge block: errno 0 and the answer, or the failure. */
export interface Reply {
  errno: number;
  reason?: string;
  local?: WireAddr;
  addrs?: WireAddr[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isSab = (x: unknown): x is SharedArrayBuffer =>
  typeof SharedArrayBuffer === 'function' && x instanceof SharedArrayBuffer;
const isSlot = (x: unknown): x is SlotShared =>
  isObj(x) && typeof x.id === 'number' && isSab(x.ctrl) && isSab(x.input) && isSab(x.output);
const isWire = (x: unknown): x is WireAddr =>
  isObj(x) &&
  (x.family === 4 || x.family === 6) &&
  Array.isArray(x.addr) &&
  x.addr.length === (x.family === 4 ? 4 : 16) &&
  typeof x.port === 'number';

export function isGuestMessage(x: unknown): x is GuestMessage {
  if (!isObj(x) || x.v !== NET_BRIDGE_VERSION) return false;
  switch (x.op) {
    case 'hello':
      return isSab(x.bridge);
    case 'bind':
      return typeof x.id === 'number' && isSlot(x.slot) && isWire(x.addr);
    case 'listen':
      return (
        typeof x.id === 'number' &&
        typeof x.slot === 'number' &&
        typeof x.backlog === 'number' &&
        Array.isArray(x.spares) &&
        x.spares.every(isSlot)
      );
    case 'spare':
      return typeof x.listener === 'number' && Array.isArray(x.slots) && x.slots.every(isSlot);
    case 'connect':
      return isSlot(x.slot) && isWire(x.addr) && (x.local === undefined || isWire(x.local));
    case 'flush':
    case 'room':
    case 'close':
      return typeof x.slot === 'number';
    case 'resolve':
      return (
        typeof x.id === 'number' &&
        typeof x.node === 'string' &&
        typeof x.port === 'number' &&
        (x.family === 0 || x.family === 4 || x.family === 6) &&
        typeof x.passive === 'boolean'
      );
    default:
      return false;
  }
}

export function isReply(x: unknown): x is Reply {
  return (
    isObj(x) &&
    typeof x.errno === 'number' &&
    (x.reason === undefined || typeof x.reason === 'string') &&
    (x.local === undefined || isWire(x.local)) &&
    (x.addrs === undefined || (Array.isArray(x.addrs) && x.addrs.every(isWire)))
  );
}
