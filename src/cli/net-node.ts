// The CLI's network for `wharf run`: a module's sockets as real Node sockets on this host. A
// listening socket listens on the address it asks for, or, when `-p HOSTPORT:CONTAINERPORT`
// publishes its port, on the host side of the mapping (the module still sees its own address,
// as in a container); connections go where the module connects (its own published ports
// included, as a container reaches itself on 127.0.0.1).
import { lookup } from 'node:dns/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import {
  E,
  EAI,
  formatIp,
  isUnspecified,
  parseIp,
  type AddrInfoHints,
  type BackendListener,
  type BackendStream,
  type NetBackend,
  type NetFailure,
  type SockAddr,
} from '../core/runtime/index.ts';
import type { Publish } from './publish.ts';

/** Node's error codes as WASI errnos. */
const ERRNO: Record<string, number> = {
  EACCES: E.ACCES,
  EPERM: E.PERM,
  EADDRINUSE: E.ADDRINUSE,
  EADDRNOTAVAIL: E.ADDRNOTAVAIL,
  EAFNOSUPPORT: E.AFNOSUPPORT,
  ECONNREFUSED: E.CONNREFUSED,
  ECONNRESET: E.CONNRESET,
  ECONNABORTED: E.CONNABORTED,
  EPIPE: E.PIPE,
  ETIMEDOUT: E.TIMEDOUT,
  ENETUNREACH: E.NETUNREACH,
  EHOSTUNREACH: E.HOSTUNREACH,
  ENETDOWN: E.NETDOWN,
  EINVAL: E.INVAL,
};

function failure(e: unknown, reason?: string): NetFailure {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const errno = ERRNO[code] ?? E.IO;
  return reason ? { errno, reason } : { errno };
}

function toAddr(ip: string | undefined, port: number | undefined): SockAddr {
  const p = parseIp(ip ?? '') ?? { family: 4 as const, addr: new Uint8Array(4) };
  return { ...p, port: port ?? 0 };
}

class NodeStream implements BackendStream {
  readonly local: SockAddr;
  readonly peer: SockAddr;
  readonly #socket: Socket;
  #writes = 0;
  ondata?: (bytes: Uint8Array) => void;
  onend?: () => void;
  onerror?: (f: NetFailure) => void;
  ondrain?: () => void;

  constructor(socket: Socket, local: SockAddr, sockets: Set<Socket>) {
    this.#socket = socket;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    this.local = local;
    this.peer = toAddr(socket.remoteAddress, socket.remotePort);
    socket.pause();
    socket.on('data', (b: Buffer) => this.ondata?.(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    socket.on('end', () => this.onend?.());
    socket.on('error', (e) => this.onerror?.(failure(e)));
    socket.on('drain', () => this.ondrain?.());
  }

  write(bytes: Uint8Array): boolean {
    // Nagle's algorithm holds a small write back only while an earlier one is unacknowledged:
    // the first write of a connection goes out at once, and a second one turns it off.
    if (++this.#writes === 2) this.#socket.setNoDelay(true);
    return this.#socket.write(bytes);
  }

  end(): void {
    this.#socket.end();
  }

  close(): void {
    const s = this.#socket;
    // All written already (the usual answer, one write): closing the handle sends the FIN.
    if (s.writableLength === 0) return void s.destroy();
    s.end();
    s.once('finish', () => s.destroy());
  }

  destroy(): void {
    this.#socket.destroy();
  }

  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }
}

class NodeListener implements BackendListener {
  readonly local: SockAddr;
  readonly #server: Server;
  readonly #net: NodeNetwork;
  #accept: ((s: BackendStream) => void) | null = null;
  readonly #early: Socket[] = [];

  constructor(net: NodeNetwork, server: Server, local: SockAddr) {
    this.#net = net;
    this.#server = server;
    this.local = local;
    // A bind reserves the address at once (so EADDRINUSE comes from bind, as on Linux);
    // connections that arrive before listen() wait for it.
    server.on('connection', (socket: Socket) => {
      socket.on('error', () => undefined); // reported through the stream once there is one
      if (this.#accept) this.#accept(new NodeStream(socket, local, net.sockets));
      else this.#early.push(socket);
    });
  }

  listen(_backlog: number, accept: (s: BackendStream) => void): NetFailure | undefined {
    this.#accept = accept;
    for (const s of this.#early.splice(0)) accept(new NodeStream(s, this.local, this.#net.sockets));
    return undefined;
  }

  close(): void {
    this.#net.released(this.local.port);
    this.#server.close();
    for (const s of this.#early.splice(0)) s.destroy();
  }
}

export class NodeNetwork implements NetBackend {
  readonly #publish: Publish[];
  readonly #log: (line: string) => void;
  /** Host ports of the module's listeners by the port it bound (for its own connections). */
  readonly #hostPorts = new Map<number, number>();
  readonly #servers = new Set<Server>();
  /** Every connection still open. */
  readonly sockets = new Set<Socket>();

  /** `log` gets one line per published port once it listens (`8080/tcp -> 127.0.0.1:49153`). */
  constructor(publish: Publish[], log: (line: string) => void) {
    this.#publish = publish;
    this.#log = log;
  }

  bind(addr: SockAddr): Promise<BackendListener> {
    const mapping = addr.port === 0 ? undefined : this.#publish.find((p) => p.containerPort === addr.port);
    const host = mapping
      ? (mapping.hostIp ?? (addr.family === 6 ? '::' : '0.0.0.0'))
      : formatIp(addr.family, addr.addr);
    const port = mapping ? mapping.hostPort : addr.port;
    return new Promise((resolve, reject) => {
      const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
      server.once('error', (e) => {
        const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        reject(
          failure(e, mapping ? `-p ${mapping.spec}: cannot listen on ${where}: ${(e as Error).message}` : undefined),
        );
      });
      server.listen({ host, port, backlog: 511 }, () => {
        const bound = server.address();
        const actual = typeof bound === 'object' && bound ? bound.port : port;
        this.#servers.add(server);
        server.on('close', () => this.#servers.delete(server));
        const local = { ...addr, port: addr.port === 0 ? actual : addr.port };
        this.#hostPorts.set(local.port, actual);
        if (mapping) {
          const shown = host.includes(':') ? `[${host}]` : host;
          this.#log(`${addr.port}/tcp -> ${shown}:${actual}`);
        }
        resolve(new NodeListener(this, server, local));
      });
    });
  }

  /** @internal a listener closed */
  released(port: number): void {
    this.#hostPorts.delete(port);
  }

  connect(addr: SockAddr, local?: SockAddr): Promise<BackendStream> {
    // The module reaching its own published port on loopback reaches its listener, not the host's port.
    const own = this.#hostPorts.get(addr.port);
    const loopback = isUnspecified(addr) || (addr.family === 4 ? addr.addr[0] === 127 : addr.addr[15] === 1);
    const port = own !== undefined && loopback ? own : addr.port;
    const host = isUnspecified(addr) ? (addr.family === 4 ? '127.0.0.1' : '::1') : formatIp(addr.family, addr.addr);
    return new Promise((resolve, reject) => {
      const socket = createConnection({
        host,
        port,
        allowHalfOpen: true,
        ...(local && !isUnspecified(local) ? { localAddress: formatIp(local.family, local.addr) } : {}),
        ...(local && local.port !== 0 ? { localPort: local.port } : {}),
      });
      socket.pause();
      const failed = (e: Error): void => reject(failure(e));
      socket.once('error', failed);
      socket.once('connect', () => {
        socket.off('error', failed);
        resolve(new NodeStream(socket, toAddr(socket.localAddress, socket.localPort), this.sockets));
      });
    });
  }

  async resolve(node: string, port: number, hints: AddrInfoHints): Promise<SockAddr[]> {
    try {
      const found = await lookup(node, { all: true, family: hints.family });
      return found.map((a) => toAddr(a.address, port));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw {
        errno: code === 'ENOTFOUND' ? EAI.NONAME : code === 'EAI_AGAIN' ? EAI.AGAIN : EAI.FAIL,
      } satisfies NetFailure;
    }
  }

  /** The run ended: no more listening; connections get a moment to send what the module wrote. */
  close(): void {
    for (const s of this.#servers) s.close();
    for (const s of this.sockets) setTimeout(() => s.destroy(), 2000).unref();
  }
}
