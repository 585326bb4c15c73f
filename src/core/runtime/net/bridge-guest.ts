// The guest's half of the socket bridge: a SocketNet whose sockets are slots in shared memory
// (bridge-protocol.ts). It runs in the thread that runs the module, blocks with Atomics.wait on
// the bridge's change counter, and tells the connection side what it did by posting messages
// (which arrive there while this thread sleeps). Nothing is allocated before the first socket.
import { E } from '../defs.ts';
import type { SockAddr } from './address.ts';
import {
  BRIDGE_BYTES,
  B_REPLY_ID,
  B_REPLY_LEN,
  B_SEQ,
  B_WAITING,
  NET_BRIDGE_VERSION,
  REPLY_OFFSET,
  STATE,
  S_ARMED,
  S_ERRNO,
  S_LOCAL,
  S_PEER,
  S_STATE,
  S_WANT_ROOM,
  Slot,
  fromWire,
  isReply,
  toWire,
  type GuestMessage,
  type Reply,
} from './bridge-protocol.ts';
import type { AddrInfoHints, NetFailure, NetListener, NetStream, SocketNet } from './net.ts';

/** Where the guest's messages go: a MessagePort (or anything that posts like one). */
export interface NetPort {
  postMessage(message: unknown): void;
}

type Body = GuestMessage extends infer M ? (M extends unknown ? Omit<M, 'v'> : never) : never;

/** Slots a listener's connections land in before the guest accepts them: topped up in batches
 *  when half are taken. */
const SPARES = 8;

export class BridgeNet implements SocketNet {
  readonly #port: NetPort;
  #block: Int32Array | null = null;
  #bytes: Uint8Array | null = null;
  #nextSlot = 1;
  #nextRequest = 1;
  /** Slots of closed streams: each used again once the connection side has released it (a new
   *  SharedArrayBuffer costs tens of microseconds, a connection's worth of them more than a request). */
  readonly #closed: Slot[] = [];
  /**
   * Streams written to since the connection side last asked to be told (S_ARMED), not told yet.
   * A message costs the connection side a wake, as much as the request's own work: a response
   * written then closed goes as one 'close', and one written before the guest blocks (in a recv,
   * an accept, a poll, a sleep, a read of stdin) or makes another socket call goes then.
   */
  readonly #unflushed = new Set<number>();

  constructor(port: NetPort) {
    this.#port = port;
  }

  #shared(): Int32Array {
    if (!this.#block) {
      const bridge = new SharedArrayBuffer(BRIDGE_BYTES);
      this.#block = new Int32Array(bridge, 0, 4);
      this.#bytes = new Uint8Array(bridge);
      this.#port.postMessage({ v: NET_BRIDGE_VERSION, op: 'hello', bridge });
    }
    return this.#block;
  }

  post(body: Body): void {
    this.#shared();
    this.flush();
    this.#port.postMessage({ v: NET_BRIDGE_VERSION, ...body });
  }

  /** A stream has new bytes for the connection side, which asked to be told. */
  written(slot: number): void {
    this.#unflushed.add(slot);
  }

  /** A stream closes: its close tells the connection side to send what is left. */
  closing(slot: number): void {
    this.#unflushed.delete(slot);
  }

  flush(): void {
    if (this.#unflushed.size === 0) return;
    for (const slot of this.#unflushed) this.#port.postMessage({ v: NET_BRIDGE_VERSION, op: 'flush', slot });
    this.#unflushed.clear();
  }

  /** Sends a request and sleeps until its reply is in the bridge block. */
  #request(body: (id: number) => Body): Reply {
    const block = this.#shared();
    const id = this.#nextRequest++;
    this.post(body(id));
    for (;;) {
      const seen = Atomics.load(block, B_SEQ);
      if (Atomics.load(block, B_REPLY_ID) === id) break;
      this.wait(seen, Infinity);
    }
    const len = Atomics.load(block, B_REPLY_LEN);
    const text = new TextDecoder().decode(this.#bytes!.slice(REPLY_OFFSET, REPLY_OFFSET + len));
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      reply = null;
    }
    return isReply(reply) ? reply : { errno: E.IO, reason: 'the connection side answered something unreadable' };
  }

  slot(kind: 'stream' | 'listener'): Slot {
    if (kind === 'stream') {
      const i = this.#closed.findIndex((s) => Atomics.load(s.ctrl, S_STATE) === STATE.RELEASED);
      if (i >= 0) {
        const slot = this.#closed.splice(i, 1)[0]!;
        slot.reset();
        return slot;
      }
    }
    return Slot.create(this.#nextSlot++, kind);
  }

  /** A stream's socket was closed: its slot comes back once the connection side releases it. */
  recycle(slot: Slot): void {
    this.#closed.push(slot);
  }

  bind(addr: SockAddr): NetListener | NetFailure {
    const slot = this.slot('listener');
    const r = this.#request((id) => ({ op: 'bind', id, slot: slot.shared, addr: toWire(addr) }));
    if (r.errno !== E.SUCCESS || !r.local) return failure(r);
    return new BridgeListener(this, slot, fromWire(r.local), (body) => this.#request(body));
  }

  connect(addr: SockAddr, local?: SockAddr): NetStream {
    const slot = this.slot('stream');
    Atomics.store(slot.ctrl, S_STATE, STATE.CONNECTING);
    this.post({ op: 'connect', slot: slot.shared, addr: toWire(addr), ...(local ? { local: toWire(local) } : {}) });
    return new BridgeStream(this, slot);
  }

  resolve(node: string, port: number, hints: AddrInfoHints): SockAddr[] | NetFailure {
    const r = this.#request((id) => ({ op: 'resolve', id, node, port, family: hints.family, passive: hints.passive }));
    if (r.errno !== E.SUCCESS) return failure(r);
    return (r.addrs ?? []).map(fromWire);
  }

  changes(): number {
    return this.#block ? Atomics.load(this.#block, B_SEQ) : 0;
  }

  wait(seen: number, ms: number): void {
    const block = this.#shared();
    this.flush();
    Atomics.store(block, B_WAITING, 1);
    Atomics.wait(block, B_SEQ, seen, Number.isFinite(ms) ? ms : undefined);
    Atomics.store(block, B_WAITING, 0);
  }
}

function failure(r: Reply): NetFailure {
  return r.reason ? { errno: r.errno || E.IO, reason: r.reason } : { errno: r.errno || E.IO };
}

class BridgeStream implements NetStream {
  readonly #net: BridgeNet;
  readonly #slot: Slot;
  #addrs: { local: SockAddr; peer: SockAddr } | null = null;

  constructor(net: BridgeNet, slot: Slot) {
    this.#net = net;
    this.#slot = slot;
  }

  state(): 'connecting' | 'open' | 'failed' {
    const s = Atomics.load(this.#slot.ctrl, S_STATE);
    return s === STATE.OPEN ? 'open' : s === STATE.FAILED ? 'failed' : 'connecting';
  }

  takeError(): NetFailure | undefined {
    const errno = Atomics.exchange(this.#slot.ctrl, S_ERRNO, 0);
    if (errno === 0) return undefined;
    const reason = this.#slot.readReason();
    return reason ? { errno, reason } : { errno };
  }

  #addresses(): { local: SockAddr; peer: SockAddr } {
    this.#addrs ??= { local: this.#slot.readAddr(S_LOCAL), peer: this.#slot.readAddr(S_PEER) };
    return this.#addrs;
  }

  local(): SockAddr {
    return this.#addresses().local;
  }

  peer(): SockAddr {
    return this.#addresses().peer;
  }

  readable(): number {
    return this.#slot.input.available();
  }

  read(into: Uint8Array, peek: boolean): number {
    const n = this.#slot.input.readInto(into, peek);
    if (n > 0 && !peek && Atomics.exchange(this.#slot.ctrl, S_WANT_ROOM, 0) === 1) {
      this.#net.post({ op: 'room', slot: this.#slot.id });
    }
    return n;
  }

  writable(): number {
    const out = this.#slot.output;
    return out.closed ? -1 : out.free;
  }

  write(bytes: Uint8Array): number {
    const n = this.#slot.output.tryWrite(bytes);
    if (n > 0) this.#flush();
    return n;
  }

  #flush(): void {
    if (Atomics.exchange(this.#slot.ctrl, S_ARMED, 0) === 1) this.#net.written(this.#slot.id);
  }

  shutdownWrite(): void {
    this.#slot.output.close();
    this.#flush();
  }

  close(): void {
    this.#net.closing(this.#slot.id);
    this.#net.post({ op: 'close', slot: this.#slot.id });
    this.#net.recycle(this.#slot);
  }
}

class BridgeListener implements NetListener {
  readonly #net: BridgeNet;
  readonly #slot: Slot;
  readonly #local: SockAddr;
  readonly #request: (body: (id: number) => Body) => Reply;
  readonly #spares = new Map<number, Slot>();
  readonly #id = new Uint8Array(4);

  constructor(net: BridgeNet, slot: Slot, local: SockAddr, request: (body: (id: number) => Body) => Reply) {
    this.#net = net;
    this.#slot = slot;
    this.#local = local;
    this.#request = request;
  }

  local(): SockAddr {
    return this.#local;
  }

  #spare(): Slot {
    const s = this.#net.slot('stream');
    this.#spares.set(s.id, s);
    return s;
  }

  listen(backlog: number): NetFailure | undefined {
    const spares = Array.from({ length: SPARES }, () => this.#spare().shared);
    const r = this.#request((id) => ({ op: 'listen', id, slot: this.#slot.id, backlog, spares }));
    return r.errno === E.SUCCESS ? undefined : failure(r);
  }

  accept(): NetStream | null {
    if (this.#slot.input.used < 4) return null;
    this.#slot.input.readInto(this.#id);
    const id = new DataView(this.#id.buffer).getInt32(0, true);
    const slot = this.#spares.get(id);
    if (!slot) return null;
    this.#spares.delete(id);
    if (this.#spares.size <= SPARES / 2) {
      const slots = Array.from({ length: SPARES - this.#spares.size }, () => this.#spare().shared);
      this.#net.post({ op: 'spare', listener: this.#slot.id, slots });
    }
    return new BridgeStream(this.#net, slot);
  }

  pending(): number {
    return this.#slot.input.used >>> 2;
  }

  close(): void {
    this.#net.post({ op: 'close', slot: this.#slot.id });
  }
}
