// A network inside the page: a module's listening sockets are reached by connections the page
// opens itself (each request of the Preview pane becomes one: its raw bytes in, the module's raw
// response out), and nothing goes out, since a browser page cannot open TCP connections. A
// NetBackend for the socket bridge, so the module runs exactly as it does in the CLI.
import { E } from '../defs.ts';
import { formatAddr, type SockAddr } from './address.ts';
import { EAI } from './abi.ts';
import type { BackendListener, BackendStream, NetBackend } from './bridge-host.ts';
import type { NetFailure } from './net.ts';
import { PAGE_OFFLINE } from './offline.ts';

/** Ports the network picks for port 0 start here (the IANA dynamic range). */
const EPHEMERAL = 49152;

/** The client's end of a virtual connection: what the page writes and what the module answers. */
export class VirtualConnection {
  readonly #server: VirtualServerSide;
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #waiters: Array<() => void> = [];
  /** Called with each chunk the module sends. */
  ondata?: (bytes: Uint8Array) => void;

  constructor(local: SockAddr, peer: SockAddr) {
    this.#server = new VirtualServerSide(local, peer, this);
  }

  /** The module's end, for the bridge. */
  get server(): BackendStream {
    return this.#server;
  }

  /** Sends bytes to the module (copied: the caller may reuse them). */
  write(bytes: Uint8Array): void {
    this.#server.fromClient(bytes.slice());
  }

  /** The client sends no more (a half-close). */
  end(): void {
    this.#server.clientEnded();
  }

  /** Drops the connection (the module's next recv sees a reset). */
  abort(): void {
    this.#server.clientAborted();
  }

  /** Everything the module has sent, once it has closed its side (or the run ended). */
  async response(): Promise<Uint8Array> {
    while (!this.#ended) await new Promise<void>((r) => this.#waiters.push(r));
    const out = new Uint8Array(this.#chunks.reduce((n, c) => n + c.byteLength, 0));
    let off = 0;
    for (const c of this.#chunks) {
      out.set(c, off);
      off += c.byteLength;
    }
    return out;
  }

  /** @internal the module sent bytes */
  fromServer(bytes: Uint8Array): void {
    this.#chunks.push(bytes.slice());
    this.ondata?.(bytes);
  }

  /** @internal the module ended its side */
  serverEnded(): void {
    this.#ended = true;
    for (const w of this.#waiters.splice(0)) w();
  }
}

/** The module's end of a virtual connection (a BackendStream). */
class VirtualServerSide implements BackendStream {
  readonly local: SockAddr;
  readonly peer: SockAddr;
  readonly #client: VirtualConnection;
  #pending: Array<Uint8Array | 'end' | 'abort'> = [];
  #paused = true;
  #done = false;
  ondata?: (bytes: Uint8Array) => void;
  onend?: () => void;
  onerror?: (failure: NetFailure) => void;
  ondrain?: () => void;

  constructor(local: SockAddr, peer: SockAddr, client: VirtualConnection) {
    this.local = local;
    this.peer = peer;
    this.#client = client;
  }

  fromClient(bytes: Uint8Array): void {
    this.#pending.push(bytes);
    this.#emit();
  }

  clientEnded(): void {
    this.#pending.push('end');
    this.#emit();
  }

  clientAborted(): void {
    this.#pending.push('abort');
    this.#emit();
  }

  #emit(): void {
    while (!this.#paused && this.#pending.length > 0) {
      const next = this.#pending.shift()!;
      if (next === 'end') this.onend?.();
      else if (next === 'abort') {
        this.onerror?.({ errno: E.CONNRESET });
        this.#finish();
      } else this.ondata?.(next);
    }
  }

  write(bytes: Uint8Array): boolean {
    if (!this.#done) this.#client.fromServer(bytes);
    return true;
  }

  end(): void {
    this.#finish();
  }

  destroy(): void {
    this.#pending = [];
    this.#finish();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#client.serverEnded();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#emit();
  }
}

class VirtualListener implements BackendListener {
  readonly local: SockAddr;
  readonly #net: VirtualNetwork;
  #accept: ((s: BackendStream) => void) | null = null;

  constructor(net: VirtualNetwork, local: SockAddr) {
    this.#net = net;
    this.local = local;
  }

  get listening(): boolean {
    return this.#accept !== null;
  }

  listen(_backlog: number, accept: (s: BackendStream) => void): NetFailure | undefined {
    this.#accept = accept;
    this.#net.onlisten?.(this.local);
    return undefined;
  }

  take(s: BackendStream): void {
    this.#accept!(s);
  }

  close(): void {
    this.#net.release(this);
  }
}

export class VirtualNetwork implements NetBackend {
  readonly #bound = new Map<number, VirtualListener>();
  #nextPort = EPHEMERAL;
  #nextClientPort = EPHEMERAL;
  /** Called when the module starts listening (the page shows its Preview). */
  onlisten?: (local: SockAddr) => void;

  bind(addr: SockAddr): Promise<BackendListener> {
    let port = addr.port;
    if (port === 0) {
      while (this.#bound.has(this.#nextPort)) this.#nextPort++;
      port = this.#nextPort++;
    }
    if (this.#bound.has(port)) {
      return Promise.reject<BackendListener>({ errno: E.ADDRINUSE } satisfies NetFailure);
    }
    const l = new VirtualListener(this, { ...addr, port });
    this.#bound.set(port, l);
    return Promise.resolve(l);
  }

  connect(addr: SockAddr): Promise<BackendStream> {
    return Promise.reject<BackendStream>({
      errno: E.NETUNREACH,
      reason: `sock_connect to ${formatAddr(addr)}: ${PAGE_OFFLINE.connect}`,
    } satisfies NetFailure);
  }

  resolve(node: string): Promise<SockAddr[]> {
    return Promise.reject<SockAddr[]>({
      errno: EAI.FAIL,
      reason: `sock_getaddrinfo for "${node}": ${PAGE_OFFLINE.resolve}`,
    } satisfies NetFailure);
  }

  /** The ports the module listens on. */
  ports(): number[] {
    return [...this.#bound.values()].filter((l) => l.listening).map((l) => l.local.port);
  }

  /** Opens a connection to the module's listener on `port`, as a client would; refused when none. */
  open(port: number): VirtualConnection {
    const l = this.#bound.get(port);
    if (!l?.listening) throw { errno: E.CONNREFUSED, reason: `nothing listens on port ${port}` } satisfies NetFailure;
    const peer: SockAddr = { family: l.local.family, addr: loopback(l.local.family), port: this.#nextClientPort++ };
    if (this.#nextClientPort > 65535) this.#nextClientPort = EPHEMERAL;
    const c = new VirtualConnection(l.local, peer);
    l.take(c.server);
    return c;
  }

  /** One exchange: sends `request` on a new connection and resolves with all the module sent back. */
  request(port: number, request: Uint8Array): Promise<Uint8Array> {
    const c = this.open(port);
    c.write(request);
    return c.response();
  }

  /** @internal */
  release(l: VirtualListener): void {
    if (this.#bound.get(l.local.port) === l) this.#bound.delete(l.local.port);
  }
}

function loopback(family: 4 | 6): Uint8Array {
  const a = new Uint8Array(family === 4 ? 4 : 16);
  if (family === 4) a.set([127, 0, 0, 1]);
  else a[15] = 1;
  return a;
}
