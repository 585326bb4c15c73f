// A TCP socket as an open file: what the sock_* functions and the fd_* functions that apply to
// sockets (read, write, fdstat flags, poll, close) do with one, over an injected SocketNet.
// Blocking calls wait on the net (net.ts) until something changes, so a guest blocked in
// accept or recv sleeps in its own thread; O_NONBLOCK (fd_fdstat_set_flags) makes them answer
// EAGAIN instead, as tokio_wasi's and mio's event loops expect.
import type { Filestat } from '../abi.ts';
import type { Clocks } from '../host-context.ts';
import { E, EVENTRWFLAGS_HANGUP, FDFLAGS, RIGHTS } from '../defs.ts';
import { HostFd, type Readiness } from '../fds.ts';
import { anyAddr, type Family, type SockAddr } from './address.ts';
import { FILETYPE_SOCKET_STREAM, SO, SOCK } from './abi.ts';
import { isFailure, type NetFailure, type NetListener, type NetStream, type SocketNet } from './net.ts';

/** What a socket needs from its run: the network, the time, and the run's stderr. */
export interface SocketEnv {
  net: SocketNet;
  clocks: Clocks;
  /** Flushes buffered stdout/stderr: called before a socket blocks, so logs written so far show. */
  flush(): void;
  /** Says `reason` once on the run's stderr (a NetFailure's reason). */
  notice(reason: string): void;
}

export const SOCKET_RIGHTS =
  RIGHTS.FD_READ |
  RIGHTS.FD_WRITE |
  RIGHTS.FD_FDSTAT_SET_FLAGS |
  RIGHTS.FD_FILESTAT_GET |
  RIGHTS.POLL_FD_READWRITE |
  RIGHTS.SOCK_SHUTDOWN |
  RIGHTS.SOCK_ACCEPT;

/** The options a program can set and read back; their values as the guest wrote them. */
const STORED_OPTIONS = new Set<number>([
  SO.REUSEADDR,
  SO.DONTROUTE,
  SO.BROADCAST,
  SO.SNDBUF,
  SO.RCVBUF,
  SO.KEEPALIVE,
  SO.OOBINLINE,
  SO.LINGER,
  SO.RCVLOWAT,
  SO.RCVTIMEO,
  SO.SNDTIMEO,
  SO.BINDTODEVICE,
]);

const DEFAULT_BUFFER = 64 * 1024;

let nextIno = 1n;

export class SocketFd extends HostFd {
  readonly filetype = FILETYPE_SOCKET_STREAM;
  readonly family: Family;
  readonly #env: SocketEnv;
  readonly #ino = nextIno++;
  #bound: NetListener | null = null;
  #listening = false;
  #stream: NetStream | null;
  #readShut = false;
  #writeShut = false;
  /** net.changes() when readiness was last looked at: poll waits for a change after it. */
  #seen = 0;
  readonly #options = new Map<number, Uint8Array>();

  constructor(env: SocketEnv, family: Family, stream: NetStream | null = null, fdflags = 0) {
    super(SOCKET_RIGHTS, SOCKET_RIGHTS, fdflags);
    this.#env = env;
    this.family = family;
    this.#stream = stream;
  }

  get #nonblocking(): boolean {
    return (this.fdflags & FDFLAGS.NONBLOCK) !== 0;
  }

  /** Fails with `f`'s errno, saying its reason on stderr. */
  #fail(f: NetFailure): number {
    if (f.reason) this.#env.notice(f.reason);
    return f.errno;
  }

  /** The family check of bind and connect, as Linux answers a mismatched sockaddr. */
  #familyError(a: SockAddr): number {
    if (a.family === this.family) return E.SUCCESS;
    return this.family === 4 ? E.AFNOSUPPORT : E.INVAL;
  }

  bind(addr: SockAddr): number {
    if (this.#bound || this.#stream) return E.INVAL;
    const bad = this.#familyError(addr);
    if (bad !== E.SUCCESS) return bad;
    const r = this.#env.net.bind(addr);
    if (isFailure(r)) return this.#fail(r);
    this.#bound = r;
    return E.SUCCESS;
  }

  listen(backlog: number): number {
    if (this.#stream) return E.INVAL;
    if (!this.#bound) {
      // As on Linux, listening without a bind binds any address and a port of the network's choosing.
      const r = this.bind(anyAddr(this.family));
      if (r !== E.SUCCESS) return r;
    }
    const f = this.#bound!.listen(backlog);
    if (f) return this.#fail(f);
    this.#listening = true;
    return E.SUCCESS;
  }

  accept(fdflags: number): { ret: number; fd?: SocketFd } {
    if (!this.#listening) return { ret: E.INVAL };
    const listener = this.#bound!;
    let s = listener.accept();
    if (!s) {
      if (this.#nonblocking) return { ret: E.AGAIN };
      this.#block(() => listener.pending() > 0, Infinity);
      s = listener.accept();
      if (!s) return { ret: E.AGAIN };
    }
    return { ret: E.SUCCESS, fd: new SocketFd(this.#env, this.family, s, fdflags & FDFLAGS.NONBLOCK) };
  }

  connect(addr: SockAddr): number {
    if (this.#listening) return E.INVAL;
    const bad = this.#familyError(addr);
    if (bad !== E.SUCCESS) return bad;
    const s0 = this.#stream;
    if (s0) {
      const state = s0.state();
      if (state === 'connecting') return this.#nonblocking ? E.ALREADY : this.#finishConnect(s0);
      if (state === 'open') return E.ISCONN;
      s0.close(); // a connect that failed may be tried again
    }
    let local: SockAddr | undefined;
    if (this.#bound) {
      local = this.#bound.local();
      this.#bound.close();
      this.#bound = null;
    }
    const r = this.#env.net.connect(addr, local);
    if (isFailure(r)) return this.#fail(r);
    this.#stream = r;
    if (r.state() === 'open') return E.SUCCESS;
    if (this.#nonblocking) return E.INPROGRESS;
    return this.#finishConnect(r);
  }

  #finishConnect(s: NetStream): number {
    // Linux bounds a blocking connect by SO_SNDTIMEO.
    if (!this.#block(() => s.state() !== 'connecting', this.#timeout(SO.SNDTIMEO))) return E.INPROGRESS;
    if (s.state() === 'open') return E.SUCCESS;
    return this.#fail(s.takeError() ?? { errno: E.CONNREFUSED });
  }

  /** The connected stream for recv/send, or why there is none (waiting out a connect when blocking). */
  #connected(): NetStream | number {
    const s = this.#stream;
    if (!s) return E.NOTCONN;
    if (s.state() === 'connecting') {
      if (this.#nonblocking) return E.AGAIN;
      const r = this.#finishConnect(s);
      if (r !== E.SUCCESS) return r;
    }
    if (s.state() === 'failed') {
      const f = s.takeError();
      return f ? this.#fail(f) : E.NOTCONN;
    }
    return s;
  }

  /**
   * recv into guest memory, over the (ptr, len) buffers of an iovec array. PEEK leaves the bytes
   * unread; WAITALL waits for every buffer to fill (or the end).
   */
  recv(u8: Uint8Array, bufs: Array<[number, number]>, peek: boolean, waitAll: boolean): { ret: number; n: number } {
    const s = this.#connected();
    if (typeof s === 'number') return { ret: s, n: 0 };
    if (this.#readShut) return { ret: E.SUCCESS, n: 0 };
    const want = bufs.reduce((n, [, len]) => n + len, 0);
    if (want === 0) return { ret: E.SUCCESS, n: 0 };
    const timeout = this.#timeout(SO.RCVTIMEO);
    let total = 0;
    for (;;) {
      const avail = s.readable();
      if (avail > 0) {
        total += peek ? this.#peekInto(s, u8, bufs) : this.#readInto(s, u8, bufs, total);
        if (peek || !waitAll || total >= want) return { ret: E.SUCCESS, n: total };
        continue;
      }
      if (avail < 0) {
        if (total > 0) return { ret: E.SUCCESS, n: total };
        const f = s.takeError();
        return f ? { ret: this.#fail(f), n: 0 } : { ret: E.SUCCESS, n: 0 };
      }
      if (this.#nonblocking) return total > 0 ? { ret: E.SUCCESS, n: total } : { ret: E.AGAIN, n: 0 };
      if (!this.#block(() => s.readable() !== 0, timeout)) {
        return total > 0 ? { ret: E.SUCCESS, n: total } : { ret: E.AGAIN, n: 0 };
      }
    }
  }

  /** Reads into the buffers from byte `skip` of their concatenation on; returns how many. */
  #readInto(s: NetStream, u8: Uint8Array, bufs: Array<[number, number]>, skip: number): number {
    let n = 0;
    for (const [ptr, len] of bufs) {
      if (skip >= len) {
        skip -= len;
        continue;
      }
      const target = u8.subarray(ptr + skip, ptr + len);
      if (target.byteLength !== len - skip) throw new RangeError('recv buffer outside memory');
      skip = 0;
      const got = s.read(target, false);
      n += got;
      if (got < target.byteLength) break;
    }
    return n;
  }

  #peekInto(s: NetStream, u8: Uint8Array, bufs: Array<[number, number]>): number {
    const tmp = new Uint8Array(bufs.reduce((n, [, len]) => n + len, 0));
    const n = s.read(tmp, true);
    let off = 0;
    for (const [ptr, len] of bufs) {
      if (off >= n) break;
      const part = tmp.subarray(off, Math.min(n, off + len));
      if (ptr + part.byteLength > u8.byteLength) throw new RangeError('recv buffer outside memory');
      u8.set(part, ptr);
      off += len;
    }
    return n;
  }

  /** send: a blocking socket takes every byte (waiting for room), a non-blocking one what fits. */
  send(chunks: Uint8Array[]): { ret: number; n: number } {
    const s = this.#connected();
    if (typeof s === 'number') return { ret: s, n: 0 };
    if (this.#writeShut) return { ret: E.PIPE, n: 0 };
    const timeout = this.#timeout(SO.SNDTIMEO);
    let total = 0;
    for (const chunk of chunks) {
      let off = 0;
      while (off < chunk.byteLength) {
        const room = s.writable();
        if (room > 0) {
          off += s.write(chunk.subarray(off));
          continue;
        }
        const partial = total + off;
        if (room < 0) {
          if (partial > 0) return { ret: E.SUCCESS, n: partial };
          return { ret: this.#fail(s.takeError() ?? { errno: E.PIPE }), n: 0 };
        }
        if (this.#nonblocking || !this.#block(() => s.writable() !== 0, timeout)) {
          return partial > 0 ? { ret: E.SUCCESS, n: partial } : { ret: E.AGAIN, n: 0 };
        }
      }
      total += chunk.byteLength;
    }
    return { ret: E.SUCCESS, n: total };
  }

  shutdown(how: { read: boolean; write: boolean }): number {
    const s = this.#stream;
    if (!s || s.state() !== 'open') return E.NOTCONN;
    if (how.read) this.#readShut = true;
    if (how.write && !this.#writeShut) {
      this.#writeShut = true;
      s.shutdownWrite();
    }
    return E.SUCCESS;
  }

  localAddr(): SockAddr | number {
    if (this.#stream && this.#stream.state() === 'open') return this.#stream.local();
    if (this.#bound) return this.#bound.local();
    return anyAddr(this.family);
  }

  peerAddr(): SockAddr | number {
    if (this.#stream && this.#stream.state() === 'open') return this.#stream.peer();
    return E.NOTCONN;
  }

  /** getsockopt: the option's bytes (ints are i32), or an errno. */
  getOption(name: number): Uint8Array | number {
    const int = (v: number): Uint8Array => new Uint8Array(new Int32Array([v]).buffer);
    switch (name) {
      case SO.TYPE:
        return int(SOCK.STREAM);
      case SO.ERROR: {
        // How a non-blocking connect ended: its reason is said here, where the program learns it.
        const f = this.#stream?.takeError();
        return int(f ? this.#fail(f) : 0);
      }
      case SO.ACCEPTCONN:
        return int(this.#listening ? 1 : 0);
      case SO.SNDBUF:
      case SO.RCVBUF:
        return this.#options.get(name) ?? int(DEFAULT_BUFFER);
      case SO.RCVTIMEO:
      case SO.SNDTIMEO:
        return this.#options.get(name) ?? new Uint8Array(16);
      case SO.LINGER:
        return this.#options.get(name) ?? new Uint8Array(8);
      case SO.BINDTODEVICE:
        return this.#options.get(name) ?? new Uint8Array(0);
      default:
        return STORED_OPTIONS.has(name) ? (this.#options.get(name) ?? int(0)) : E.NOPROTOOPT;
    }
  }

  /** setsockopt: kept for getsockopt, and the time-outs bound blocking calls as on Linux. */
  setOption(name: number, value: Uint8Array): number {
    if (!STORED_OPTIONS.has(name)) return E.NOPROTOOPT;
    if (name === SO.RCVTIMEO || name === SO.SNDTIMEO) {
      if (value.byteLength !== 16 && value.byteLength !== 8) return E.INVAL;
    } else if (name !== SO.BINDTODEVICE && value.byteLength < 4) return E.INVAL;
    this.#options.set(name, value.slice());
    return E.SUCCESS;
  }

  /** SO_RCVTIMEO / SO_SNDTIMEO as milliseconds; Infinity when unset or zero. */
  #timeout(name: number): number {
    const tv = this.#options.get(name);
    if (!tv) return Infinity;
    const v = new DataView(tv.buffer, tv.byteOffset, tv.byteLength);
    // struct timeval: 64-bit fields in wasi-libc and Rust's libc; 32-bit in older ABIs.
    const [sec, usec] =
      tv.byteLength === 16
        ? [Number(v.getBigInt64(0, true)), Number(v.getBigInt64(8, true))]
        : [v.getInt32(0, true), v.getInt32(4, true)];
    const ms = sec * 1000 + usec / 1000;
    return ms > 0 ? ms : Infinity;
  }

  /** Waits until `ready()` (true) or `ms` passes (false). */
  #block(ready: () => boolean, ms: number): boolean {
    const { net, clocks } = this.#env;
    this.#env.flush();
    const now = (): number => Number(clocks.monotonic() / 1000n) / 1000;
    const end = now() + ms;
    for (;;) {
      const seen = net.changes();
      if (ready()) return true;
      const left = end - now();
      if (left <= 0) return false;
      net.wait(seen, left);
    }
  }

  // --- the fd_* functions on a socket ---

  override fd_close(): number {
    this.#stream?.close();
    this.#bound?.close();
    this.#stream = null;
    this.#bound = null;
    this.#listening = false;
    return E.SUCCESS;
  }

  override readInto(u8: Uint8Array, buf: number, len: number): { ret: number; nread: number } {
    const { ret, n } = this.recv(u8, [[buf, len]], false, false);
    return { ret, nread: n };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    const { ret, n } = this.send([data]);
    return { ret, nwritten: n };
  }

  override hasInput(): boolean {
    return this.#stream ? this.#stream.readable() !== 0 : true;
  }

  override pollRead(): Readiness | null {
    this.#seen = this.#env.net.changes();
    if (this.#listening) {
      const n = this.#bound!.pending();
      return n > 0 ? { error: E.SUCCESS, nbytes: BigInt(n), flags: 0 } : null;
    }
    const s = this.#stream;
    if (!s) return { error: E.SUCCESS, nbytes: 0n, flags: EVENTRWFLAGS_HANGUP }; // as Linux: never connected
    const state = s.state();
    if (state === 'connecting') return null;
    if (state === 'failed' || this.#readShut) return { error: E.SUCCESS, nbytes: 0n, flags: EVENTRWFLAGS_HANGUP };
    const n = s.readable();
    if (n === 0) return null;
    return { error: E.SUCCESS, nbytes: BigInt(Math.max(n, 0)), flags: n < 0 ? EVENTRWFLAGS_HANGUP : 0 };
  }

  override pollWrite(): Readiness | null {
    this.#seen = this.#env.net.changes();
    if (this.#listening) return null;
    const s = this.#stream;
    if (!s) return { error: E.SUCCESS, nbytes: 0n, flags: EVENTRWFLAGS_HANGUP };
    const state = s.state();
    if (state === 'connecting') return null;
    // A failed connect is writable: the program reads why with SO_ERROR, as with poll(2).
    if (state === 'failed') return { error: E.SUCCESS, nbytes: 0n, flags: 0 };
    const n = s.writable();
    if (n === 0) return null;
    return { error: E.SUCCESS, nbytes: BigInt(Math.max(n, 0)), flags: n < 0 ? EVENTRWFLAGS_HANGUP : 0 };
  }

  override waitForInput(ms: number): boolean {
    this.#env.net.wait(this.#seen, ms);
    return true;
  }

  override waitKey(): unknown {
    return this.#env.net;
  }

  stat(): Filestat {
    return { dev: 0n, ino: this.#ino, filetype: this.filetype, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }
}
