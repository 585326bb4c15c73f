// The connection side of the socket bridge: it answers the guest's messages (bridge-protocol.ts)
// over a NetBackend that owns the real connections (Node's net sockets in the CLI) or virtual
// ones (a Preview's requests in the page, virtual-network.ts). Bytes move between a backend
// stream and a slot's rings as fast as both ends take them: incoming bytes wait here (and the
// stream is paused) while the guest's input ring is full; outgoing ones wait in the output ring
// while the stream is full.
import { E } from '../defs.ts';
import type { SockAddr } from './address.ts';
import {
  B_REPLY_ID,
  B_REPLY_LEN,
  B_SEQ,
  B_WAITING,
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
  isGuestMessage,
  toWire,
  type GuestMessage,
  type Reply,
  type SlotShared,
} from './bridge-protocol.ts';
import { isFailure, type AddrInfoHints, type NetFailure } from './net.ts';

/**
 * One connection as a backend gives it to the bridge. It starts paused and emits nothing until
 * the bridge has set its handlers and calls resume().
 */
export interface BackendStream {
  /** The addresses as the guest sees them (a published port's container side, for one). */
  readonly local: SockAddr;
  readonly peer: SockAddr;
  /** Sends the guest's bytes; false: hold the next ones until ondrain. */
  write(bytes: Uint8Array): boolean;
  /** The guest sends no more (FIN once the bytes written have gone). */
  end(): void;
  /** The guest closed the socket: FIN once the bytes written have gone, and nothing more is read
   *  (as close(2): a peer still sending gets a reset). Absent: end(). */
  close?(): void;
  /** Drops the connection at once (the run ended). */
  destroy(): void;
  pause(): void;
  resume(): void;
  ondata?: (bytes: Uint8Array) => void;
  /** The peer sends no more. */
  onend?: () => void;
  /** The connection broke (reset, timed out): nothing more comes or goes. */
  onerror?: (failure: NetFailure) => void;
  ondrain?: () => void;
}

export interface BackendListener {
  /** The address bound, as the guest sees it (the port chosen for port 0). */
  readonly local: SockAddr;
  /** Starts handing connections to `accept` (connections that came before it wait for it). */
  listen(backlog: number, accept: (s: BackendStream) => void): NetFailure | undefined;
  close(): void;
}

/** What owns the connections. Failures reject with a NetFailure. */
export interface NetBackend {
  bind(addr: SockAddr): Promise<BackendListener>;
  connect(addr: SockAddr, local?: SockAddr): Promise<BackendStream>;
  resolve(node: string, port: number, hints: AddrInfoHints): Promise<SockAddr[]>;
}

const CHUNK = 64 * 1024;
/** How long an accepted connection may wait for its first bytes before the guest gets it anyway. */
const HANDOFF_MS = 1;

function asFailure(e: unknown): NetFailure {
  if (isFailure(e)) return e;
  return { errno: E.IO, reason: e instanceof Error ? e.message : String(e) };
}

/**
 * A connection's slot on this side: the pump between its rings and its backend stream. Once the
 * guest has closed the socket and the slot is no longer needed here (its last bytes went out, or
 * the connection failed), the slot is released for the guest to use again.
 */
class Conn {
  readonly slot: Slot;
  readonly #bump: () => void;
  stream: BackendStream | null = null;
  /** A connect still under way: the slot is released only once it has settled. */
  #connecting = false;
  /** Incoming bytes that did not fit the guest's ring yet. */
  #queue: Uint8Array[] = [];
  #paused = false;
  #peerEnded = false;
  /** The stream said wait (write returned false). */
  #blocked = false;
  /** The guest closed the socket. */
  closing = false;
  #ended = false;
  #gone = false;
  #released = false;
  /** Runs (once, instead of a bump) when the guest's input first changes: an accepted
   *  connection is handed over with its first bytes. */
  onfirstinput: (() => void) | undefined;

  constructor(slot: Slot, bump: () => void, connecting = false) {
    this.slot = slot;
    this.#bump = bump;
    this.#connecting = connecting;
  }

  /** Connects the slot to `stream`; `quiet`: the caller tells the guest (one wake for both). */
  attach(stream: BackendStream, quiet = false): void {
    this.#connecting = false;
    this.stream = stream;
    const ctrl = this.slot.ctrl;
    this.slot.writeAddr(S_LOCAL, stream.local);
    this.slot.writeAddr(S_PEER, stream.peer);
    Atomics.store(ctrl, S_ARMED, 1);
    Atomics.store(ctrl, S_STATE, STATE.OPEN);
    stream.ondata = (bytes) => this.#deliver(bytes);
    stream.onend = () => {
      this.#peerEnded = true;
      this.#pump();
    };
    stream.onerror = (f) => this.#fail(f);
    stream.ondrain = () => {
      this.#blocked = false;
      this.flush();
    };
    stream.resume();
    if (!quiet) this.#bump();
  }

  /** The connect failed: the guest learns why; a guest that closed meanwhile gets its slot back. */
  failConnect(f: NetFailure): void {
    this.#connecting = false;
    this.#gone = true;
    if (this.closing) return this.#release();
    this.slot.writeReason(f.reason);
    Atomics.store(this.slot.ctrl, S_ERRNO, f.errno);
    Atomics.store(this.slot.ctrl, S_STATE, STATE.FAILED);
    this.#bump();
  }

  /** A connect that settled after the guest closed the socket: nothing to attach. */
  abandon(): void {
    this.#connecting = false;
    this.#release();
  }

  #release(): void {
    if (this.#released || !this.closing || this.#connecting) return;
    this.#released = true;
    this.#queue = [];
    Atomics.store(this.slot.ctrl, S_STATE, STATE.RELEASED);
  }

  #deliver(bytes: Uint8Array): void {
    if (this.closing || this.#gone) return; // the guest closed: what still comes is dropped
    this.#queue.push(bytes);
    this.#pump();
  }

  /** Moves queued bytes into the guest's ring; pauses the stream while they do not fit. */
  #pump(): void {
    if (this.#released) return;
    const input = this.slot.input;
    let moved = false;
    for (;;) {
      while (this.#queue.length > 0) {
        const head = this.#queue[0]!;
        const n = input.tryWrite(head);
        if (n > 0) moved = true;
        if (n < head.byteLength) {
          this.#queue[0] = head.subarray(n);
          break;
        }
        this.#queue.shift();
      }
      if (this.#queue.length === 0) break;
      // Full: ask the guest for a 'room' message, then look once more (it may have read meanwhile).
      Atomics.store(this.slot.ctrl, S_WANT_ROOM, 1);
      if (input.free === 0) {
        if (!this.#paused) {
          this.#paused = true;
          this.stream?.pause();
        }
        break;
      }
    }
    if (this.#queue.length === 0) {
      if (this.#paused) {
        this.#paused = false;
        this.stream?.resume();
      }
      if (this.#peerEnded && !input.closed) {
        input.close();
        moved = true;
      }
    }
    if (!moved) return;
    const first = this.onfirstinput;
    this.onfirstinput = undefined;
    if (first) first();
    else this.#bump();
  }

  room(): void {
    this.#pump();
  }

  /** Sends what the guest wrote; ends the stream once the guest has shut down its side and all went. */
  flush(): void {
    const s = this.stream;
    if (!s || this.#gone || this.#released) return;
    const out = this.slot.output;
    for (;;) {
      // Only a guest whose ring was full can be waiting for room (in send or poll).
      const full = out.free === 0;
      let freed = false;
      while (!this.#blocked) {
        const chunk = out.tryRead(CHUNK);
        if (chunk.byteLength === 0) break;
        freed = true;
        if (!s.write(chunk)) this.#blocked = true;
      }
      if (freed && full) this.#bump();
      if (this.#blocked) return; // ondrain comes back here
      if (out.used === 0 && (out.closed || this.closing)) {
        if (!this.#ended) {
          this.#ended = true;
          if (this.closing && s.close) s.close();
          else s.end();
        }
        return this.#release();
      }
      Atomics.store(this.slot.ctrl, S_ARMED, 1);
      // Bytes written after the ring looked empty but before the flag was set: take them now.
      if (out.used === 0 && !out.closed) return;
      Atomics.store(this.slot.ctrl, S_ARMED, 0);
    }
  }

  /** The guest closed the socket (or ended): what it wrote still goes out, then the connection ends. */
  close(): void {
    this.closing = true;
    this.#queue = [];
    if (this.#paused) this.stream?.resume();
    if (this.stream && !this.#gone) this.flush();
    else this.#release();
  }

  #fail(f: NetFailure): void {
    if (this.#gone || this.#released) return;
    this.#gone = true;
    this.#queue = [];
    if (this.closing) return this.#release();
    Atomics.store(this.slot.ctrl, S_ERRNO, f.errno);
    this.slot.input.close();
    this.slot.output.close();
    this.#bump();
  }
}

class Listening {
  readonly slot: Slot;
  readonly backend: BackendListener;
  readonly spares: SlotShared[] = [];
  /** Connections that came with no spare slot for them. */
  readonly waiting: BackendStream[] = [];

  constructor(slot: Slot, backend: BackendListener) {
    this.slot = slot;
    this.backend = backend;
  }
}

export class BridgeHost {
  readonly #backend: NetBackend;
  #block: Int32Array | null = null;
  #bytes: Uint8Array | null = null;
  readonly #conns = new Map<number, Conn>();
  readonly #listeners = new Map<number, Listening>();
  #closed = false;

  constructor(backend: NetBackend) {
    this.#backend = backend;
  }

  /** Every message from the guest's port comes here. */
  handle(message: unknown): void {
    if (this.#closed || !isGuestMessage(message)) return;
    const m: GuestMessage = message;
    if (m.op === 'hello') {
      this.#block = new Int32Array(m.bridge, 0, 4);
      this.#bytes = new Uint8Array(m.bridge);
      return;
    }
    if (!this.#block) return;
    switch (m.op) {
      case 'bind':
        return void this.#bind(m.id, new Slot(m.slot), fromWire(m.addr));
      case 'listen':
        return this.#listen(m.id, m.slot, m.backlog, m.spares);
      case 'spare': {
        const l = this.#listeners.get(m.listener);
        if (!l) return;
        l.spares.push(...m.slots);
        while (l.waiting.length > 0 && l.spares.length > 0) this.#accepted(l, l.waiting.shift()!);
        return;
      }
      case 'connect':
        return void this.#connect(new Slot(m.slot), fromWire(m.addr), m.local && fromWire(m.local));
      case 'flush':
        return this.#conns.get(m.slot)?.flush();
      case 'room':
        return this.#conns.get(m.slot)?.room();
      case 'close':
        return this.#close(m.slot);
      case 'resolve':
        return void this.#resolve(m.id, m.node, m.port, { family: m.family, passive: m.passive });
    }
  }

  /** The guest has ended: each connection sends what the guest wrote and ends; listeners close. */
  close(): void {
    this.#closed = true;
    for (const c of this.#conns.values()) c.close();
    for (const l of this.#listeners.values()) {
      l.backend.close();
      for (const s of l.waiting) s.destroy();
    }
    this.#conns.clear();
    this.#listeners.clear();
  }

  #bump = (): void => {
    const b = this.#block;
    if (!b) return;
    Atomics.add(b, B_SEQ, 1);
    // The guest sets B_WAITING before it sleeps on a B_SEQ it read earlier: a change it could
    // miss here is one it sees when Atomics.wait finds B_SEQ moved.
    if (Atomics.load(b, B_WAITING) !== 0) Atomics.notify(b, B_SEQ);
  };

  #reply(id: number, r: Reply): void {
    if (this.#closed) return;
    let bytes = new TextEncoder().encode(JSON.stringify(r));
    if (REPLY_OFFSET + bytes.byteLength > this.#bytes!.byteLength) {
      bytes = new TextEncoder().encode(JSON.stringify({ errno: E.IO, reason: 'reply too long' }));
    }
    this.#bytes!.set(bytes, REPLY_OFFSET);
    Atomics.store(this.#block!, B_REPLY_LEN, bytes.byteLength);
    Atomics.store(this.#block!, B_REPLY_ID, id);
    this.#bump();
  }

  async #bind(id: number, slot: Slot, addr: SockAddr): Promise<void> {
    try {
      const backend = await this.#backend.bind(addr);
      if (this.#closed) return backend.close();
      this.#listeners.set(slot.id, new Listening(slot, backend));
      this.#reply(id, { errno: E.SUCCESS, local: toWire(backend.local) });
    } catch (e) {
      const f = asFailure(e);
      this.#reply(id, { errno: f.errno, ...(f.reason ? { reason: f.reason } : {}) });
    }
  }

  #listen(id: number, slotId: number, backlog: number, spares: SlotShared[]): void {
    const l = this.#listeners.get(slotId);
    if (!l) return this.#reply(id, { errno: E.BADF });
    l.spares.push(...spares);
    const f = l.backend.listen(backlog, (s) => this.#accepted(l, s));
    this.#reply(id, f ? { errno: f.errno, ...(f.reason ? { reason: f.reason } : {}) } : { errno: E.SUCCESS });
  }

  /** A connection came: into a spare slot and the listener's queue, or waiting for a slot. */
  #accepted(l: Listening, s: BackendStream): void {
    if (this.#closed || !this.#listeners.has(l.slot.id)) return s.destroy();
    const spare = l.spares.shift();
    if (!spare) {
      l.waiting.push(s);
      return;
    }
    const conn = new Conn(new Slot(spare), this.#bump);
    this.#conns.set(spare.id, conn);
    // The guest gets the connection with its first bytes (or after HANDOFF_MS without any, as a
    // server that speaks first needs): accept and recv then cost it one wake, not two.
    let handed = false;
    const handOff = (): void => {
      if (handed) return;
      handed = true;
      conn.onfirstinput = undefined;
      clearTimeout(timer);
      if (this.#closed) return;
      const id = new Uint8Array(4);
      new DataView(id.buffer).setInt32(0, spare.id, true);
      l.slot.input.tryWrite(id);
      this.#bump();
    };
    conn.onfirstinput = handOff;
    const timer = setTimeout(handOff, HANDOFF_MS);
    conn.attach(s, true);
  }

  async #connect(slot: Slot, addr: SockAddr, local?: SockAddr): Promise<void> {
    const conn = new Conn(slot, this.#bump, true);
    this.#conns.set(slot.id, conn);
    let s: BackendStream;
    try {
      s = await this.#backend.connect(addr, local);
    } catch (e) {
      conn.failConnect(asFailure(e));
      return;
    }
    if (this.#closed || conn.closing) {
      s.destroy();
      conn.abandon();
    } else conn.attach(s);
  }

  async #resolve(id: number, node: string, port: number, hints: AddrInfoHints): Promise<void> {
    try {
      const addrs = await this.#backend.resolve(node, port, hints);
      this.#reply(id, { errno: E.SUCCESS, addrs: addrs.map(toWire) });
    } catch (e) {
      const f = asFailure(e);
      this.#reply(id, { errno: f.errno, ...(f.reason ? { reason: f.reason } : {}) });
    }
  }

  #close(slotId: number): void {
    const c = this.#conns.get(slotId);
    if (c) {
      this.#conns.delete(slotId);
      c.close();
      return;
    }
    const l = this.#listeners.get(slotId);
    if (l) {
      this.#listeners.delete(slotId);
      l.backend.close();
      for (const s of l.waiting) s.destroy();
    }
  }
}
