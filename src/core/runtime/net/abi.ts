// WasmEdge's socket extension of wasi_snapshot_preview1: its constants and the structs in guest
// memory (the address record, its 128-byte storage form, addrinfo), as WasmEdge's
// thirdparty/wasi/api.hpp and lib/host/wasi/wasifunc.cpp define them.
// https://github.com/WasmEdge/WasmEdge/blob/master/lib/host/wasi/wasifunc.cpp
import type { Memory } from '../abi.ts';
import { E } from '../defs.ts';
import type { Family, SockAddr } from './address.ts';

/** WasmEdge's getaddrinfo errnos, after preview1's 77 (its own numbering of EAI_*). */
export const EAI = {
  ADDRFAMILY: 77,
  AGAIN: 78,
  BADFLAG: 79,
  FAIL: 80,
  FAMILY: 81,
  MEMORY: 82,
  NODATA: 83,
  NONAME: 84,
  SERVICE: 85,
  SOCKTYPE: 86,
  SYSTEM: 87,
} as const;

/** __wasi_address_family_t */
export const AF = { UNSPEC: 0, INET4: 1, INET6: 2, UNIX: 3 } as const;
/** __wasi_sock_type_t */
export const SOCK = { ANY: 0, DGRAM: 1, STREAM: 2 } as const;
/** __wasi_protocol_t */
export const PROTO = { IP: 0, TCP: 1, UDP: 2 } as const;
/** __wasi_sock_opt_level_t: SOL_SOCKET is the only level. */
export const SOL_SOCKET = 0;
/** __wasi_sock_opt_so_t */
export const SO = {
  REUSEADDR: 0,
  TYPE: 1,
  ERROR: 2,
  DONTROUTE: 3,
  BROADCAST: 4,
  SNDBUF: 5,
  RCVBUF: 6,
  KEEPALIVE: 7,
  OOBINLINE: 8,
  LINGER: 9,
  RCVLOWAT: 10,
  RCVTIMEO: 11,
  SNDTIMEO: 12,
  ACCEPTCONN: 13,
  BINDTODEVICE: 14,
} as const;
export const RIFLAGS = { PEEK: 1, WAITALL: 2 } as const;
export const SDFLAGS = { RD: 1, WR: 2 } as const;
/** __wasi_aiflags_t */
export const AIFLAGS = {
  PASSIVE: 1,
  CANONNAME: 2,
  NUMERICHOST: 4,
  NUMERICSERV: 8,
  V4MAPPED: 16,
  ALL: 32,
  ADDRCONFIG: 64,
} as const;
export const FILETYPE_SOCKET_STREAM = 6;

/** sizeof(WasiAddrStorage): the address form the `_v2` functions also take (family + bytes). */
export const ADDR_STORAGE = 128;

export function familyOf(af: number): Family | null {
  return af === AF.INET4 ? 4 : af === AF.INET6 ? 6 : null;
}

export function afOf(family: Family): number {
  return family === 4 ? AF.INET4 : AF.INET6;
}

/** A __wasi_address_t's buffer: { buf, buf_len } at `ptr`. A buffer past memory throws RangeError. */
export function addressBuffer(mem: Memory, ptr: number): Uint8Array {
  const v = mem.view;
  const buf = v.getUint32(ptr, true);
  const len = v.getUint32(ptr + 4, true);
  const bytes = mem.u8.subarray(buf, buf + len);
  if (bytes.byteLength !== len) throw new RangeError('address buffer outside memory');
  return bytes;
}

/**
 * The address a bind, connect or send_to names: 4 bytes (IPv4) or 16 (IPv6), and for the `_v2`
 * functions also the 128-byte storage (a little-endian u16 family, then the address bytes).
 * An errno for any other length, as WasmEdge answers (EINVAL).
 */
export function readAddress(mem: Memory, ptr: number, port: number, v2: boolean): SockAddr | number {
  const b = addressBuffer(mem, ptr);
  if (b.byteLength === 4) return { family: 4, addr: b.slice(), port: port & 0xffff };
  if (b.byteLength === 16) return { family: 6, addr: b.slice(), port: port & 0xffff };
  if (v2 && b.byteLength === ADDR_STORAGE) {
    const family = familyOf(b[0]! | (b[1]! << 8));
    if (family === null) return E.INVAL;
    return { family, addr: b.slice(2, 2 + (family === 4 ? 4 : 16)), port: port & 0xffff };
  }
  return E.INVAL;
}

/**
 * Writes a local or peer address the way sock_getlocaladdr/sock_getpeeraddr do: the pre-0.12
 * form fills a 4- or 16-byte buffer and reports the type as 4 or 6 (WasmEdge keeps that quirk
 * for the applications built against it); the `_v2` form fills the 128-byte storage.
 */
export function writeAddress(mem: Memory, ptr: number, a: SockAddr, v2: boolean): number {
  const b = addressBuffer(mem, ptr);
  if (v2) {
    if (b.byteLength !== ADDR_STORAGE) return E.INVAL;
    b[0] = afOf(a.family);
    b[1] = 0;
    b.set(a.addr, 2);
    return E.SUCCESS;
  }
  if (b.byteLength !== 4 && b.byteLength !== 16) return E.INVAL;
  if (b.byteLength < a.addr.byteLength) return E.NOMEM;
  b.set(a.addr);
  return E.SUCCESS;
}

/** sockaddr's sa_data as getaddrinfo fills it: the port (network order), then the address. */
export function saData(a: SockAddr): Uint8Array {
  // sizeof(sockaddr_in) - offsetof(sin_port) = 14; sizeof(sockaddr_in6) - offsetof(sin6_port) = 26.
  const out = new Uint8Array(a.family === 4 ? 14 : 26);
  out[0] = a.port >> 8;
  out[1] = a.port & 0xff;
  out.set(a.addr, a.family === 4 ? 2 : 6); // sin6_flowinfo comes before the IPv6 address
  return out;
}
