// WasmEdge's socket functions in wasi_snapshot_preview1, over SocketFd. Eleven of them have two
// forms, the pre-0.12 one and the current `_v2` one, and WasmEdge binds a name like sock_accept
// to whichever form the module's import signature matches (lib/executor/instantiate/import.cpp:
// the older form when both match). A JS host function is called with exactly the parameters
// its import declares (the WebAssembly JS API), so the arity of each call says which form the
// module imported: the forms that differ differ in their parameter count, and where both have
// the same signature the older form wins, as in WasmEdge.
// https://github.com/WasmEdge/WasmEdge/blob/master/lib/host/wasi/wasimodule.cpp
import type { Memory } from '../abi.ts';
import type { HostContext } from '../host-context.ts';
import { E, FDFLAGS } from '../defs.ts';
import { parseIp, type SockAddr } from './address.ts';
import {
  AIFLAGS,
  EAI,
  PROTO,
  RIFLAGS,
  SDFLAGS,
  SO,
  SOCK,
  SOL_SOCKET,
  afOf,
  familyOf,
  readAddress,
  saData,
  writeAddress,
} from './abi.ts';
import { isFailure, type AddrInfoHints } from './net.ts';
import { SocketFd, type SocketEnv } from './socket-fd.ts';

type Fn = (...args: number[]) => number;

/** WasmEdge's socket functions, each with the parameter counts of the forms it binds. */
export const SOCKET_FUNCTIONS: Readonly<Record<string, readonly number[]>> = {
  sock_open: [3],
  sock_bind: [3],
  sock_listen: [2],
  sock_accept: [2, 3],
  sock_connect: [3],
  sock_recv: [6],
  sock_recv_from: [7, 8],
  sock_send: [5],
  sock_send_to: [7],
  sock_shutdown: [2],
  sock_getsockopt: [5],
  sock_setsockopt: [5],
  sock_getlocaladdr: [4, 3],
  sock_getpeeraddr: [4, 3],
  sock_getaddrinfo: [8],
  sock_open_v2: [3],
  sock_bind_v2: [3],
  sock_listen_v2: [2],
  sock_accept_v2: [3],
  sock_connect_v2: [3],
  sock_recv_v2: [6],
  sock_recv_from_v2: [8],
  sock_send_v2: [5],
  sock_send_to_v2: [7],
  sock_getlocaladdr_v2: [3],
  sock_getpeeraddr_v2: [3],
};

/** kIOVMax: WasmEdge refuses more buffers than this in one call. */
const IOV_MAX = 1024;

export function socketImports(ctx: HostContext, env: SocketEnv): Record<string, Fn> {
  const { mem } = ctx;

  const sock = (fd: number): SocketFd | number => {
    const f = ctx.fds.get(fd);
    if (!f) return E.BADF;
    return f instanceof SocketFd ? f : E.NOTSOCK;
  };

  const iovecs = (ptr: number, len: number): Array<[number, number]> | number =>
    len >>> 0 > IOV_MAX ? E.INVAL : mem.iovecs(ptr >>> 0, len >>> 0);

  const open = (af: number, type: number, fdPtr: number): number => {
    if (af === 3) return E.NOSYS; // AF_UNIX: WasmEdge allows it only when asked to
    const family = familyOf(af);
    if (family === null) return E.INVAL;
    if (type === SOCK.DGRAM) {
      env.notice('sock_open: UDP sockets are not supported here (only TCP streams)');
      return E.NOTSUP;
    }
    if (type !== SOCK.STREAM) return E.INVAL;
    mem.u32(fdPtr, ctx.fds.add(new SocketFd(env, family)));
    return E.SUCCESS;
  };

  const bindOrConnect =
    (v2: boolean, op: 'bind' | 'connect') =>
    (fd: number, addrPtr: number, port: number): number => {
      const s = sock(fd);
      if (typeof s === 'number') return s;
      const a = readAddress(mem, addrPtr >>> 0, port, v2);
      if (typeof a === 'number') return a;
      return op === 'bind' ? s.bind(a) : s.connect(a);
    };

  const listen = (fd: number, backlog: number): number => {
    const s = sock(fd);
    return typeof s === 'number' ? s : s.listen(backlog);
  };

  const accept = (fd: number, flags: number, fdPtr: number): number => {
    const s = sock(fd);
    if (typeof s === 'number') return s;
    if (flags & ~0x1f) return E.INVAL;
    const r = s.accept(flags & FDFLAGS.NONBLOCK);
    if (r.ret !== E.SUCCESS || !r.fd) return r.ret;
    mem.u32(fdPtr >>> 0, ctx.fds.add(r.fd));
    return E.SUCCESS;
  };

  const recv = (fd: number, ri: number, riLen: number, riFlags: number, lenPtr: number, flagsPtr: number): number => {
    const s = sock(fd);
    if (typeof s === 'number') return s;
    if (riFlags & ~(RIFLAGS.PEEK | RIFLAGS.WAITALL)) return E.INVAL;
    const bufs = iovecs(ri, riLen);
    if (typeof bufs === 'number') return bufs;
    const { ret, n } = s.recv(mem.u8, bufs, (riFlags & RIFLAGS.PEEK) !== 0, (riFlags & RIFLAGS.WAITALL) !== 0);
    if (ret !== E.SUCCESS) return ret;
    mem.u32(lenPtr >>> 0, n);
    mem.view.setUint16(flagsPtr >>> 0, 0, true);
    return E.SUCCESS;
  };

  const send = (fd: number, si: number, siLen: number, soLenPtr: number): number => {
    const s = sock(fd);
    if (typeof s === 'number') return s;
    const bufs = iovecs(si, siLen);
    if (typeof bufs === 'number') return bufs;
    const u8 = mem.u8;
    const chunks: Uint8Array[] = [];
    for (const [ptr, len] of bufs) {
      const c = u8.subarray(ptr, ptr + len);
      if (c.byteLength !== len) return E.FAULT;
      chunks.push(c);
    }
    const { ret, n } = s.send(chunks);
    if (ret !== E.SUCCESS) return ret;
    mem.u32(soLenPtr >>> 0, n);
    return E.SUCCESS;
  };

  const sendTo =
    (v2: boolean) =>
    (
      fd: number,
      si: number,
      siLen: number,
      addrPtr: number,
      port: number,
      _flags: number,
      soLenPtr: number,
    ): number => {
      // A stream socket sends to its peer whatever address is named (as Linux's TCP does), but
      // the address must still be one WasmEdge reads.
      const a = readAddress(mem, addrPtr >>> 0, port, v2);
      if (typeof a === 'number') return a;
      return send(fd, si, siLen, soLenPtr);
    };

  const addr =
    (which: 'local' | 'peer', v2: boolean) =>
    (fd: number, addrPtr: number, typeOrPortPtr: number, portPtr?: number): number => {
      const s = sock(fd);
      if (typeof s === 'number') return s;
      const a = which === 'local' ? s.localAddr() : s.peerAddr();
      if (typeof a === 'number') return a;
      const ret = writeAddress(mem, addrPtr >>> 0, a, v2);
      if (ret !== E.SUCCESS) return ret;
      if (v2) mem.u32(typeOrPortPtr >>> 0, a.port);
      else {
        mem.u32(typeOrPortPtr >>> 0, a.family); // 4 or 6: the older form's address type
        mem.u32(portPtr! >>> 0, a.port);
      }
      return E.SUCCESS;
    };

  const localAddr = addr('local', false);
  const peerAddr = addr('peer', false);
  const localAddrV2 = addr('local', true);
  const peerAddrV2 = addr('peer', true);

  const table: Record<string, Fn> = {
    sock_open: open,
    sock_open_v2: open,
    sock_bind: bindOrConnect(false, 'bind'),
    sock_bind_v2: bindOrConnect(true, 'bind'),
    sock_connect: bindOrConnect(false, 'connect'),
    sock_connect_v2: bindOrConnect(true, 'connect'),
    sock_listen: listen,
    sock_listen_v2: listen,
    sock_accept: (...a) => (a.length === 2 ? accept(a[0]!, 0, a[1]!) : accept(a[0]!, a[1]!, a[2]!)),
    sock_accept_v2: (fd, flags, fdPtr) => accept(fd!, flags!, fdPtr!),
    sock_recv: (fd, ri, riLen, riFlags, lenPtr, flagsPtr) => recv(fd!, ri!, riLen!, riFlags!, lenPtr!, flagsPtr!),
    sock_recv_v2: (fd, ri, riLen, riFlags, lenPtr, flagsPtr) => recv(fd!, ri!, riLen!, riFlags!, lenPtr!, flagsPtr!),
    // A stream has no sender address to report: like Linux's recvmsg on TCP (and so WasmEdge),
    // recv_from leaves the address (and the _v2 form's port) as they are.
    sock_recv_from: (...a) =>
      a.length === 7 ? recv(a[0]!, a[1]!, a[2]!, a[4]!, a[5]!, a[6]!) : recv(a[0]!, a[1]!, a[2]!, a[4]!, a[6]!, a[7]!),
    sock_recv_from_v2: (fd, ri, riLen, _addr, riFlags, _port, lenPtr, flagsPtr) =>
      recv(fd!, ri!, riLen!, riFlags!, lenPtr!, flagsPtr!),
    sock_send: (fd, si, siLen, _flags, soLenPtr) => send(fd!, si!, siLen!, soLenPtr!),
    sock_send_v2: (fd, si, siLen, _flags, soLenPtr) => send(fd!, si!, siLen!, soLenPtr!),
    sock_send_to: (fd, si, siLen, addrPtr, port, flags, soLenPtr) =>
      sendTo(false)(fd!, si!, siLen!, addrPtr!, port!, flags!, soLenPtr!),
    sock_send_to_v2: (fd, si, siLen, addrPtr, port, flags, soLenPtr) =>
      sendTo(true)(fd!, si!, siLen!, addrPtr!, port!, flags!, soLenPtr!),
    sock_shutdown(fd, how) {
      const s = sock(fd!);
      if (typeof s === 'number') return s;
      if (how! === 0 || how! & ~(SDFLAGS.RD | SDFLAGS.WR)) return E.INVAL;
      return s.shutdown({ read: (how! & SDFLAGS.RD) !== 0, write: (how! & SDFLAGS.WR) !== 0 });
    },
    sock_getlocaladdr: (...a) =>
      a.length === 4 ? localAddr(a[0]!, a[1]!, a[2]!, a[3]!) : localAddrV2(a[0]!, a[1]!, a[2]!),
    sock_getpeeraddr: (...a) =>
      a.length === 4 ? peerAddr(a[0]!, a[1]!, a[2]!, a[3]!) : peerAddrV2(a[0]!, a[1]!, a[2]!),
    sock_getlocaladdr_v2: (fd, addrPtr, portPtr) => localAddrV2(fd!, addrPtr!, portPtr!),
    sock_getpeeraddr_v2: (fd, addrPtr, portPtr) => peerAddrV2(fd!, addrPtr!, portPtr!),
    sock_getsockopt(fd, level, name, flagPtr, sizePtr) {
      const s = sock(fd!);
      if (typeof s === 'number') return s;
      if (level !== SOL_SOCKET || name! >>> 0 > SO.BINDTODEVICE) return E.INVAL;
      const value = s.getOption(name!);
      if (typeof value === 'number') return value;
      const size = mem.view.getUint32(sizePtr! >>> 0, true);
      const n = Math.min(size, value.byteLength);
      const target = mem.u8.subarray(flagPtr! >>> 0, (flagPtr! >>> 0) + n);
      if (target.byteLength !== n) return E.FAULT;
      target.set(value.subarray(0, n));
      mem.u32(sizePtr! >>> 0, n);
      return E.SUCCESS;
    },
    sock_setsockopt(fd, level, name, flagPtr, size) {
      const s = sock(fd!);
      if (typeof s === 'number') return s;
      if (level !== SOL_SOCKET || name! >>> 0 > SO.BINDTODEVICE) return E.INVAL;
      const value = mem.u8.subarray(flagPtr! >>> 0, (flagPtr! >>> 0) + (size! >>> 0));
      if (value.byteLength !== size! >>> 0) return E.FAULT;
      return s.setOption(name!, value);
    },
    sock_getaddrinfo: (node, nodeLen, service, serviceLen, hints, resPtr, max, resLenPtr) =>
      getaddrinfo(mem, env, node!, nodeLen!, service!, serviceLen!, hints!, resPtr!, max!, resLenPtr!),
  };

  // A call whose parameter count matches no form of its function: WasmEdge refuses to link such
  // a module; here the call fails, and says why once.
  const checked: Record<string, Fn> = {};
  for (const [name, fn] of Object.entries(table)) {
    const arities = SOCKET_FUNCTIONS[name]!;
    checked[name] = (...args: number[]): number => {
      if (!arities.includes(args.length)) {
        env.notice(
          `${name} imported with ${args.length} parameters, a signature WasmEdge does not have (it has ${arities.join(' or ')})`,
        );
        return E.NOSYS;
      }
      return fn(...args);
    };
  }
  return checked;
}

/** The bytes of a string argument, without the NULs some callers count in its length. */
function cString(mem: Memory, ptr: number, len: number): string | null {
  const b = mem.u8.subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  if (b.byteLength !== len >>> 0) throw new RangeError('string outside memory');
  const end = b.indexOf(0);
  return mem.string(ptr >>> 0, end >= 0 ? end : b.byteLength);
}

/**
 * sock_getaddrinfo: fills the caller's chain of __wasi_addrinfo_t records (each with its
 * __wasi_sockaddr_t and sa_data buffer), as WasmEdge's INode::getAddrinfo does.
 */
function getaddrinfo(
  mem: Memory,
  env: SocketEnv,
  nodePtr: number,
  nodeLen: number,
  servicePtr: number,
  serviceLen: number,
  hintsPtr: number,
  resPtr: number,
  max: number,
  resLenPtr: number,
): number {
  const node = cString(mem, nodePtr, nodeLen);
  const service = cString(mem, servicePtr, serviceLen);
  if (node === null || service === null) return E.ILSEQ;
  const v = mem.view;
  const h = hintsPtr >>> 0;
  const flags = v.getUint16(h, true);
  const family = v.getUint8(h + 2);
  const socktype = v.getUint8(h + 3);
  const protocol = v.getUint8(h + 4);
  if (node === '' && service === '') return EAI.NONAME;
  if (max >>> 0 < 1) return EAI.MEMORY;
  if (flags & ~0x7f) return EAI.BADFLAG;
  if (flags & AIFLAGS.CANONNAME && node === '') return EAI.BADFLAG;
  if (family > 2) return EAI.FAMILY;
  if (protocol > PROTO.UDP || socktype > SOCK.STREAM) return E.NOSYS;
  let port = 0;
  if (service !== '') {
    if (!/^\d+$/.test(service) || Number(service) > 65535) return EAI.SERVICE;
    port = Number(service);
  }
  const hints: AddrInfoHints = {
    family: family === 0 ? 0 : family === 1 ? 4 : 6,
    passive: (flags & AIFLAGS.PASSIVE) !== 0,
  };
  let found: SockAddr[];
  const ip = parseIp(node);
  if (ip) {
    if (hints.family !== 0 && ip.family !== hints.family) return EAI.ADDRFAMILY;
    found = [{ ...ip, port }];
  } else if (node === '') {
    // No host: the wildcard address for a listener, loopback otherwise (getaddrinfo(3)).
    const fams = hints.family === 0 ? ([6, 4] as const) : ([hints.family] as const);
    found = fams.map((f) => ({
      family: f,
      addr: hints.passive ? new Uint8Array(f === 4 ? 4 : 16) : parseIp(f === 4 ? '127.0.0.1' : '::1')!.addr,
      port,
    }));
  } else {
    if (flags & AIFLAGS.NUMERICHOST) return EAI.NONAME;
    const r = env.net.resolve(node, port, hints);
    if (isFailure(r)) {
      if (r.reason) env.notice(r.reason);
      return r.errno;
    }
    found = r;
  }
  const n = Math.min(found.length, max >>> 0);
  let p = v.getUint32(resPtr >>> 0, true);
  let written = 0;
  // The caller's records are linked by ai_next; a chain shorter than `max` ends the answer.
  for (let i = 0; i < n && p !== 0; i++, written++) {
    const a = found[i]!;
    const data = saData(a);
    v.setUint16(p, 0, true); // ai_flags
    v.setUint8(p + 2, afOf(a.family));
    v.setUint8(p + 3, socktype === SOCK.ANY ? SOCK.STREAM : socktype);
    v.setUint8(p + 4, protocol === PROTO.IP ? PROTO.TCP : protocol);
    v.setUint32(p + 8, a.family === 4 ? 16 : 28, true); // sizeof(sockaddr_in), sizeof(sockaddr_in6)
    v.setUint32(p + 20, 0, true); // ai_canonname_len: no canonical names
    const sa = v.getUint32(p + 12, true);
    v.setUint8(sa, afOf(a.family));
    v.setUint32(sa + 4, data.byteLength, true);
    const dataPtr = v.getUint32(sa + 8, true);
    if (dataPtr + data.byteLength > mem.u8.byteLength) return E.FAULT;
    mem.u8.set(data, dataPtr);
    p = v.getUint32(p + 24, true);
  }
  mem.u32(resLenPtr >>> 0, written);
  return E.SUCCESS;
}
