// A SocketNet in one thread, for driving the socket host directly: listeners by port, streams as
// byte queues, and `onWait` standing in for the other side (a wait runs it, as if a peer acted
// while the guest slept).
import type {
  NetFailure,
  NetListener,
  NetStream,
  SocketNet,
  SockAddr,
} from '../../../../src/core/runtime/net/index.ts';

const ECONNREFUSED = 14;
const ECONNRESET = 15;

export class MemoryStream implements NetStream {
  readonly inbox: number[] = [];
  readonly sent: number[] = [];
  status: 'connecting' | 'open' | 'failed' = 'open';
  error: NetFailure | undefined;
  peerEnded = false;
  peerGone = false;
  wroteEnd = false;
  closed = false;
  room = 1 << 20;
  constructor(
    readonly net: MemoryNet,
    readonly localAddr: SockAddr,
    readonly peerAddr: SockAddr,
  ) {}
  state() {
    return this.status;
  }
  takeError() {
    const e = this.error;
    this.error = undefined;
    return e;
  }
  local() {
    return this.localAddr;
  }
  peer() {
    return this.peerAddr;
  }
  readable() {
    return this.inbox.length > 0 ? this.inbox.length : this.peerEnded || this.peerGone ? -1 : 0;
  }
  read(into: Uint8Array, peek: boolean) {
    const n = Math.min(into.byteLength, this.inbox.length);
    into.set(this.inbox.slice(0, n));
    if (!peek) this.inbox.splice(0, n);
    return n;
  }
  writable() {
    return this.peerGone ? -1 : this.room - this.sent.length;
  }
  write(bytes: Uint8Array) {
    const n = Math.min(bytes.byteLength, this.room - this.sent.length);
    this.sent.push(...bytes.subarray(0, n));
    return n;
  }
  shutdownWrite() {
    this.wroteEnd = true;
  }
  close() {
    this.closed = true;
  }
  /** The peer sends `text`. */
  deliver(text: string | Uint8Array): void {
    this.inbox.push(...(typeof text === 'string' ? new TextEncoder().encode(text) : text));
    this.net.changed();
  }
  reset(): void {
    this.peerGone = true;
    this.error = { errno: ECONNRESET };
    this.net.changed();
  }
  sentText(): string {
    return new TextDecoder().decode(new Uint8Array(this.sent));
  }
}

export class MemoryListener implements NetListener {
  queue: MemoryStream[] = [];
  listening = false;
  backlog = -1;
  closed = false;
  constructor(
    readonly net: MemoryNet,
    readonly addr: SockAddr,
  ) {}
  local() {
    return this.addr;
  }
  listen(backlog: number) {
    this.listening = true;
    this.backlog = backlog;
    return undefined;
  }
  accept() {
    return this.queue.shift() ?? null;
  }
  pending() {
    return this.queue.length;
  }
  close() {
    this.closed = true;
    this.net.listeners.delete(this.addr.port);
  }
}

export class MemoryNet implements SocketNet {
  seq = 0;
  nextPort = 40000;
  readonly listeners = new Map<number, MemoryListener>();
  readonly connects: Array<{ to: SockAddr; stream: MemoryStream }> = [];
  /** Runs when the guest would block; throws when nothing is set (a test that would hang). */
  onWait: (() => void) | undefined;
  waits = 0;
  /** What connect does: 'open' at once, 'connecting' until the test decides, or refuse. */
  connectMode: 'open' | 'connecting' | 'refuse' = 'open';

  changed(): void {
    this.seq++;
  }
  bind(addr: SockAddr) {
    const port = addr.port === 0 ? this.nextPort++ : addr.port;
    if (this.listeners.has(port)) return { errno: 3 }; // EADDRINUSE
    const l = new MemoryListener(this, { ...addr, port });
    this.listeners.set(port, l);
    return l;
  }
  connect(addr: SockAddr) {
    if (this.connectMode === 'refuse') return { errno: ECONNREFUSED };
    const s = new MemoryStream(this, { family: addr.family, addr: addr.addr, port: 50000 }, addr);
    s.status = this.connectMode;
    this.connects.push({ to: addr, stream: s });
    return s;
  }
  resolve(node: string, port: number) {
    if (node === 'example.test') return [{ family: 4 as const, addr: new Uint8Array([192, 0, 2, 7]), port }];
    return { errno: 84 };
  }
  changes() {
    return this.seq;
  }
  wait(seen: number) {
    if (this.seq !== seen) return;
    this.waits++;
    const f = this.onWait;
    if (!f) throw new Error('the guest would block forever');
    this.onWait = undefined;
    f();
  }
  /** A client connects to the listener on `port`; returns the server side's stream. */
  incoming(port: number, from = 33333): MemoryStream {
    const l = this.listeners.get(port);
    if (!l) throw new Error(`nothing bound to ${port}`);
    const s = new MemoryStream(this, l.addr, { family: 4, addr: new Uint8Array([127, 0, 0, 1]), port: from });
    l.queue.push(s);
    this.changed();
    return s;
  }
}
