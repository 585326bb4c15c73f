// Sockets for preview1 modules: WasmEdge's socket extension of wasi_snapshot_preview1 (TCP over
// IPv4 and IPv6, blocking and non-blocking, in poll_oneoff), over an injected synchronous network
// and the bridge that carries it between a guest's thread and the thread that owns the real (or
// virtual) connections; and HTTP/1.1 requests to a module serving on the page's virtual network.
// https://github.com/WasmEdge/WasmEdge/blob/master/lib/host/wasi/wasifunc.cpp
export { formatAddr, formatIp, parseIp, anyAddr, isUnspecified, type Family, type SockAddr } from './address.ts';
export {
  isFailure,
  type NetFailure,
  type NetListener,
  type NetStream,
  type SocketNet,
  type AddrInfoHints,
} from './net.ts';
export { SocketFd, type SocketEnv } from './socket-fd.ts';
export { socketImports, SOCKET_FUNCTIONS } from './imports-sock.ts';
export { offlineNet, PAGE_OFFLINE, NO_NETWORK, type OfflineReasons } from './offline.ts';
export { EAI, AF, SOCK, SO } from './abi.ts';
export { BridgeNet, type NetPort } from './bridge-guest.ts';
export { requestNet } from './request-net.ts';
export { BridgeHost, type NetBackend, type BackendListener, type BackendStream } from './bridge-host.ts';
export { VirtualNetwork, VirtualConnection } from './virtual-network.ts';
export { NET_BRIDGE_VERSION, isGuestMessage } from './bridge-protocol.ts';
export { ResponseReader, serializeRequest, MAX_HEAD_BYTES, type Http1Request } from './http1.ts';
export { SocketHttpHandler, type ClientNetwork, type ClientConnection, type SocketHttpOptions } from './socket-http.ts';
