// The network a run's sockets go through, as the socket host sees it: synchronous, so a guest
// blocked in sock_accept or sock_recv waits in its own thread. A SocketNet is injected into the
// host: in the CLI a bridge to the thread that owns real Node sockets (bridge-guest.ts), in the
// page the same bridge over the Preview's virtual connections, and where there is no network at
// all (a build's RUN steps, the page until then) offlineNet, which says why on stderr.
import type { SockAddr } from './address.ts';

/** Why an operation failed: a WASI errno, and for the user a line on stderr where it helps. */
export interface NetFailure {
  errno: number;
  /** Said once on the run's stderr as `wharf: REASON` (an unreachable network in the page, a
   *  published port already in use): what the program's own error message cannot know. */
  reason?: string;
}

export function isFailure(x: unknown): x is NetFailure {
  return typeof x === 'object' && x !== null && typeof (x as NetFailure).errno === 'number';
}

/** One TCP connection, accepted or connecting out. */
export interface NetStream {
  /** 'connecting' until the connection is made ('open') or refused ('failed', see takeError). */
  state(): 'connecting' | 'open' | 'failed';
  /** The pending error (SO_ERROR: a refused connect, a reset), cleared by taking it. */
  takeError(): NetFailure | undefined;
  local(): SockAddr;
  peer(): SockAddr;
  /** Bytes readable now: > 0 some, 0 none yet, -1 the end (the peer's FIN, or a reset). */
  readable(): number;
  /** Copies up to `into.byteLength` readable bytes into `into`; `peek` leaves them unread. */
  read(into: Uint8Array, peek: boolean): number;
  /** Room for bytes now: > 0 some, 0 none (wait), -1 never again (the connection is gone). */
  writable(): number;
  /** Takes what fits of `bytes` (the caller may reuse them after); returns how many. */
  write(bytes: Uint8Array): number;
  /** No more bytes from this side (FIN after what was written). */
  shutdownWrite(): void;
  /** The socket is closed: what was written still goes out, then the connection ends. */
  close(): void;
}

/** A bound address, accepting connections once `listen` is called. */
export interface NetListener {
  /** The address bound, with the port the network picked for port 0. */
  local(): SockAddr;
  listen(backlog: number): NetFailure | undefined;
  /** The next connection waiting to be accepted, or null. */
  accept(): NetStream | null;
  /** How many connections wait to be accepted. */
  pending(): number;
  close(): void;
}

export interface AddrInfoHints {
  /** 0 any, 4, 6 */
  family: 0 | 4 | 6;
  passive: boolean;
}

export interface SocketNet {
  /** Binds `addr` for a listening socket. */
  bind(addr: SockAddr): NetListener | NetFailure;
  /** Starts a connection to `addr` (from `local` when the socket was bound): its state says when it is made. */
  connect(addr: SockAddr, local?: SockAddr): NetStream | NetFailure;
  /** getaddrinfo: the addresses of a host name (or numeric address) for a numeric service. */
  resolve(node: string, port: number, hints: AddrInfoHints): SockAddr[] | NetFailure;
  /** A number that changes whenever anything on any socket of this network may have changed. */
  changes(): number;
  /** Blocks until changes() is no longer `seen`, or `ms` passes (Infinity: no limit). */
  wait(seen: number, ms: number): void;
  /**
   * Hands on what the guest has sent and not yet handed on. A network may hold sends back until
   * the guest blocks (any wait), makes another socket call, closes the socket or exits; the host
   * calls this before it blocks on anything else (stdin, a sleep) and at the end of a run.
   */
  flush?(): void;
}
