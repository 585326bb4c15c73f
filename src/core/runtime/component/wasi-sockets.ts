// wasi:sockets for the component host: linked, so that programs whose libc imports it (wasi-libc's
// wasip2 target, Rust's std) instantiate, and refusing every socket with `not-supported`: a tab
// has no sockets to give. https://github.com/WebAssembly/wasi-sockets/tree/v0.2.0/wit
import { WasiResultError } from './wasi-io.ts';

class Network {}
class TcpSocket {}
class UdpSocket {}
class IncomingDatagramStream {}
class OutgoingDatagramStream {}
class ResolveAddressStream {}

function notSupported(): never {
  throw new WasiResultError('not-supported');
}

export function socketImports(): Record<string, Record<string, unknown>> {
  return {
    'wasi:sockets/network': { Network },
    'wasi:sockets/instance-network': { instanceNetwork: () => new Network() },
    'wasi:sockets/tcp': { TcpSocket },
    'wasi:sockets/tcp-create-socket': { createTcpSocket: notSupported },
    'wasi:sockets/udp': { UdpSocket, IncomingDatagramStream, OutgoingDatagramStream },
    'wasi:sockets/udp-create-socket': { createUdpSocket: notSupported },
    'wasi:sockets/ip-name-lookup': { ResolveAddressStream, resolveAddresses: notSupported },
  };
}
