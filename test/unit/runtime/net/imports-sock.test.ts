// WasmEdge's socket functions called as a module calls them, over an in-memory network: which
// form a name binds to by the module's import signature, the errnos, and the addresses in guest
// memory (the 4/16-byte buffers of the older forms, the 128-byte storage of the _v2 forms,
// getaddrinfo's records).
import { describe, expect, it } from 'vitest';
import { bytesStdin, createHost } from '../../../../src/core/runtime/index.ts';
import { PAGE_OFFLINE, offlineNet, type SocketNet } from '../../../../src/core/runtime/net/index.ts';
import { MemoryNet } from './memory-net.ts';

const E = {
  SUCCESS: 0,
  ADDRINUSE: 3,
  AFNOSUPPORT: 5,
  AGAIN: 6,
  BADF: 8,
  CONNREFUSED: 14,
  CONNRESET: 15,
  INPROGRESS: 26,
  INVAL: 28,
  ISCONN: 30,
  NETUNREACH: 40,
  NOMEM: 48,
  NOPROTOOPT: 50,
  NOSYS: 52,
  NOTCONN: 53,
  NOTSOCK: 57,
  NOTSUP: 58,
  PIPE: 64,
};

type Fns = Record<string, (...a: number[]) => number>;

function setup(net: SocketNet = new MemoryNet()) {
  const memory = new WebAssembly.Memory({ initial: 2 });
  const err: string[] = [];
  const host = createHost({
    args: ['server'],
    env: [],
    volume: null,
    stdin: bytesStdin(),
    stdout: () => {},
    stderr: (c) => err.push(new TextDecoder().decode(c)),
    clocks: { realtime: () => 0n, monotonic: () => 0n },
    random: (b) => b.fill(1),
    sleep: () => {},
    net,
  });
  host.attach({ exports: { memory } });
  const f = host.imports.wasi_snapshot_preview1 as Fns;
  const v = (): DataView => new DataView(memory.buffer);
  const u8 = (): Uint8Array => new Uint8Array(memory.buffer);
  /** A __wasi_address_t at `at` over `bytes` placed at `at + 16`. */
  const address = (at: number, bytes: number[] | Uint8Array): number => {
    u8().set(bytes, at + 16);
    v().setUint32(at, at + 16, true);
    v().setUint32(at + 4, bytes.length, true);
    return at;
  };
  const iovec = (at: number, buf: number, len: number): number => {
    v().setUint32(at, buf, true);
    v().setUint32(at + 4, len, true);
    return at;
  };
  const text = (ptr: number, len: number): string => new TextDecoder().decode(u8().subarray(ptr, ptr + len));
  const put = (ptr: number, s: string): number => {
    const b = new TextEncoder().encode(s);
    u8().set(b, ptr);
    return b.byteLength;
  };
  /** A listening IPv4 socket on 127.0.0.1:port; its fd. */
  const listener = (port: number): number => {
    expect(f.sock_open!(1, 2, 0), 'sock_open').toBe(E.SUCCESS);
    const fd = v().getUint32(0, true);
    expect(f.sock_bind!(fd, address(100, [127, 0, 0, 1]), port), 'sock_bind').toBe(E.SUCCESS);
    expect(f.sock_listen!(fd, 16), 'sock_listen').toBe(E.SUCCESS);
    return fd;
  };
  return { f, v, u8, address, iovec, text, put, err, listener, memory };
}

/** A module importing wasi_snapshot_preview1.NAME with `params` i32 parameters, exporting call(...). */
function moduleImporting(name: string, params: number): WebAssembly.Module {
  const str = (s: string): number[] => [s.length, ...new TextEncoder().encode(s)];
  const sec = (id: number, body: number[]): number[] => [id, body.length, ...body];
  const sig = [0x60, params, ...new Array<number>(params).fill(0x7f), 1, 0x7f];
  const body = [0, ...Array.from({ length: params }, (_, i) => [0x20, i]).flat(), 0x10, 0, 0x0b];
  return new WebAssembly.Module(
    new Uint8Array([
      0,
      0x61,
      0x73,
      0x6d,
      1,
      0,
      0,
      0,
      ...sec(1, [1, ...sig]),
      ...sec(2, [1, ...str('wasi_snapshot_preview1'), ...str(name), 0, 0]),
      ...sec(3, [1, 0]),
      ...sec(7, [1, ...str('call'), 0, 1]),
      ...sec(10, [1, body.length, ...body]),
    ]),
  );
}

describe('socket functions: the form a name binds to', () => {
  it('sock_accept imported with 2 parameters is the pre-0.12 form, with 3 the current one (flags)', () => {
    const net = new MemoryNet();
    const { f, v, listener } = setup(net);
    const lfd = listener(8080);
    net.incoming(8080);
    net.incoming(8080);
    // Called through real modules: the JS API passes exactly the parameters the import declares.
    const v1 = new WebAssembly.Instance(moduleImporting('sock_accept', 2), { wasi_snapshot_preview1: f });
    const v2 = new WebAssembly.Instance(moduleImporting('sock_accept', 3), { wasi_snapshot_preview1: f });
    expect((v1.exports.call as (...a: number[]) => number)(lfd, 200), 'sock_accept(fd, *fd)').toBe(E.SUCCESS);
    const a = v().getUint32(200, true);
    expect((v2.exports.call as (...a: number[]) => number)(lfd, 4, 204), 'sock_accept(fd, NONBLOCK, *fd)').toBe(
      E.SUCCESS,
    );
    const b = v().getUint32(204, true);
    expect(f.fd_fdstat_get!(a, 300)).toBe(E.SUCCESS);
    expect([v().getUint8(300), v().getUint16(302, true)], 'older form: filetype, flags').toEqual([6, 0]);
    expect(f.fd_fdstat_get!(b, 300)).toBe(E.SUCCESS);
    expect([v().getUint8(300), v().getUint16(302, true)], 'current form: filetype, flags').toEqual([6, 4]);
  });

  it('sock_getlocaladdr: 4 parameters fill a 4/16-byte buffer and an address type of 4 or 6; 3 fill the 128-byte storage', () => {
    const { f, v, u8, address, listener } = setup();
    const fd = listener(8081);
    expect(f.sock_getlocaladdr!(fd, address(400, new Array(16).fill(0)), 600, 604)).toBe(E.SUCCESS);
    expect([...u8().subarray(416, 420)], 'address').toEqual([127, 0, 0, 1]);
    expect([v().getUint32(600, true), v().getUint32(604, true)], 'type, port').toEqual([4, 8081]);
    expect(f.sock_getlocaladdr!(fd, address(700, new Array(128).fill(0)), 900), 'the _v2 form by arity').toBe(
      E.SUCCESS,
    );
    expect(
      [v().getUint16(716, true), ...u8().subarray(718, 722), v().getUint32(900, true)],
      'family, addr, port',
    ).toEqual([1, 127, 0, 0, 1, 8081]);
    expect(f.sock_getlocaladdr_v2!(fd, address(400, new Array(16).fill(0)), 900), '_v2 wants 128 bytes').toBe(E.INVAL);
    expect(f.sock_getlocaladdr!(fd, address(400, [0, 0]), 600, 604), 'a 2-byte buffer').toBe(E.INVAL);
  });

  it('a parameter count no form has fails with ENOSYS and says so once', () => {
    const { f, err, listener } = setup();
    const fd = listener(8082);
    expect(f.sock_accept!(fd, 0, 0, 0)).toBe(E.NOSYS);
    expect(f.sock_accept!(fd, 0, 0, 0)).toBe(E.NOSYS);
    expect(err.join(''), 'stderr').toBe(
      'wharf: sock_accept imported with 4 parameters, a signature WasmEdge does not have (it has 2 or 3)\n',
    );
  });
});

describe('socket functions: addresses', () => {
  it('bind and connect take 4 or 16 bytes; only the _v2 names take the 128-byte storage', () => {
    const net = new MemoryNet();
    const { f, v, address } = setup(net);
    expect(f.sock_open!(2, 2, 0)).toBe(E.SUCCESS);
    const fd6 = v().getUint32(0, true);
    const storage = new Array(128).fill(0);
    storage[0] = 2; // INET6
    storage[17] = 1; // ::1
    expect(f.sock_bind!(fd6, address(100, storage), 9000), 'sock_bind with the storage').toBe(E.INVAL);
    expect(f.sock_bind_v2!(fd6, address(100, storage), 9000), 'sock_bind_v2 with the storage').toBe(E.SUCCESS);
    expect([...net.listeners.get(9000)!.addr.addr], 'bound to ::1').toEqual([...new Array(15).fill(0), 1]);
    expect(f.sock_open!(1, 2, 0)).toBe(E.SUCCESS);
    const fd4 = v().getUint32(0, true);
    expect(f.sock_connect!(fd4, address(300, new Array(16).fill(0)), 80), 'IPv6 address on an IPv4 socket').toBe(
      E.AFNOSUPPORT,
    );
    expect(f.sock_connect!(fd4, address(300, [10, 0, 0, 1, 9]), 80), 'a 5-byte address').toBe(E.INVAL);
    expect(f.sock_connect!(fd4, address(300, [192, 0, 2, 1]), 8443)).toBe(E.SUCCESS);
    expect(net.connects.map((c) => [...c.to.addr, c.to.port])).toEqual([[192, 0, 2, 1, 8443]]);
    expect(f.sock_getpeeraddr!(fd4, address(400, [0, 0, 0, 0]), 600, 604)).toBe(E.SUCCESS);
    expect(v().getUint32(604, true), 'peer port').toBe(8443);
    expect(f.sock_getpeeraddr!(fd6, address(400, [0, 0, 0, 0]), 600, 604), 'unconnected').toBe(E.NOTCONN);
  });

  it('an IPv6 peer in a 4-byte buffer: ENOMEM, as WasmEdge answers', () => {
    const net = new MemoryNet();
    const { f, v, address } = setup(net);
    f.sock_open!(2, 2, 0);
    const fd = v().getUint32(0, true);
    expect(f.sock_connect!(fd, address(100, [...new Array(15).fill(0), 1]), 80)).toBe(E.SUCCESS);
    expect(f.sock_getpeeraddr!(fd, address(400, [0, 0, 0, 0]), 600, 604)).toBe(E.NOMEM);
    expect(f.sock_getpeeraddr!(fd, address(400, new Array(16).fill(0)), 600, 604)).toBe(E.SUCCESS);
    expect(v().getUint32(600, true), 'address type').toBe(6);
  });

  it('sock_getaddrinfo fills the caller’s records: family, sa_data = port (network order) + address', () => {
    const { f, v, u8, put } = setup();
    // hints at 100: ai_family any, stream
    u8().fill(0, 100, 128);
    v().setUint8(103, 2);
    // two records at 200 and 240, each with a sockaddr (300, 320) and a 26-byte sa_data (400, 440)
    for (const [rec, sa, data, next] of [
      [200, 300, 400, 240],
      [240, 320, 440, 0],
    ] as const) {
      v().setUint32(rec + 12, sa, true);
      v().setUint32(rec + 24, next, true);
      v().setUint32(sa + 8, data, true);
    }
    v().setUint32(500, 200, true); // *res
    const node = put(600, 'example.test\0'); // wasmedge_wasi_socket counts the NUL
    const service = put(700, '8080\0');
    expect(f.sock_getaddrinfo!(600, node, 700, service, 100, 500, 2, 504)).toBe(E.SUCCESS);
    expect(v().getUint32(504, true), 'results').toBe(1);
    expect([v().getUint8(202), v().getUint8(203), v().getUint32(208, true)], 'family, socktype, addrlen').toEqual([
      1, 2, 16,
    ]);
    expect([v().getUint8(300), v().getUint32(304, true)], 'sa_family, sa_data_len').toEqual([1, 14]);
    expect([...u8().subarray(400, 406)], 'sa_data').toEqual([0x1f, 0x90, 192, 0, 2, 7]);
    const numeric = put(600, '::1');
    expect(f.sock_getaddrinfo!(600, numeric, 700, 0, 100, 500, 2, 504), 'numeric IPv6').toBe(E.SUCCESS);
    expect([v().getUint8(202), v().getUint32(304, true), u8()[400 + 6 + 15]], 'family, len, last byte').toEqual([
      2, 26, 1,
    ]);
    expect(f.sock_getaddrinfo!(600, 0, 700, 0, 100, 500, 2, 504), 'no node, no service: EAI_NONAME').toBe(84);
    const http = put(700, 'http');
    expect(f.sock_getaddrinfo!(600, node, 700, http, 100, 500, 2, 504), 'a service name: EAI_SERVICE').toBe(85);
    put(700, '8080\0');
    expect(f.sock_getaddrinfo!(600, put(600, 'nowhere.test'), 700, service, 100, 500, 2, 504), 'unknown').toBe(84);
  });
});

describe('socket functions: behaviour and errnos', () => {
  it('sockets answer EBADF and ENOTSOCK for other fds; UDP and AF_UNIX are refused', () => {
    const { f, err } = setup();
    expect(f.sock_listen!(99, 1), 'no such fd').toBe(E.BADF);
    expect(f.sock_listen!(1, 1), 'stdout').toBe(E.NOTSOCK);
    expect(f.sock_open!(1, 1, 0), 'SOCK_DGRAM').toBe(E.NOTSUP);
    expect(f.sock_open!(3, 2, 0), 'AF_UNIX').toBe(E.NOSYS);
    expect(f.sock_open!(7, 2, 0), 'an unknown family').toBe(E.INVAL);
    expect(err.join(''), 'stderr').toBe('wharf: sock_open: UDP sockets are not supported here (only TCP streams)\n');
  });

  it('a request in, a response out: recv over two buffers, send, shutdown, close', () => {
    const net = new MemoryNet();
    const { f, v, iovec, text, put, listener } = setup(net);
    const lfd = listener(8080);
    const peer = net.incoming(8080);
    expect(f.sock_accept!(lfd, 0, 0)).toBe(E.SUCCESS);
    const fd = v().getUint32(0, true);
    peer.deliver('GET / HTTP/1.0\r\n\r\n');
    iovec(100, 1000, 4);
    iovec(108, 2000, 100);
    expect(f.sock_recv!(fd, 100, 2, 1 /* PEEK */, 200, 204), 'peek').toBe(E.SUCCESS);
    expect(v().getUint32(200, true)).toBe(18);
    expect(f.sock_recv!(fd, 100, 2, 0, 200, 204)).toBe(E.SUCCESS);
    expect([v().getUint32(200, true), text(1000, 4) + text(2000, 14)], 'read again after the peek').toEqual([
      18,
      'GET / HTTP/1.0\r\n\r\n',
    ]);
    iovec(100, 3000, put(3000, 'HTTP/1.0 200 OK\r\n\r\nhi'));
    expect(f.sock_send!(fd, 100, 1, 0, 200)).toBe(E.SUCCESS);
    expect(v().getUint32(200, true)).toBe(21);
    expect(f.sock_shutdown!(fd, 2)).toBe(E.SUCCESS);
    expect(f.sock_send!(fd, 100, 1, 0, 200), 'send after SHUT_WR').toBe(E.PIPE);
    expect(f.fd_close!(fd)).toBe(E.SUCCESS);
    expect([peer.sentText(), peer.wroteEnd, peer.closed]).toEqual(['HTTP/1.0 200 OK\r\n\r\nhi', true, true]);
    peer.reset();
  });

  it('fd_read and fd_write work on a connected socket; a reset is ECONNRESET once, then the end', () => {
    const net = new MemoryNet();
    const { f, v, iovec, text, put, listener } = setup(net);
    const lfd = listener(8080);
    const peer = net.incoming(8080);
    f.sock_accept!(lfd, 0, 0);
    const fd = v().getUint32(0, true);
    peer.deliver('ping');
    iovec(100, 1000, 64);
    expect(f.fd_read!(fd, 100, 1, 200)).toBe(E.SUCCESS);
    expect(text(1000, v().getUint32(200, true))).toBe('ping');
    iovec(100, 1000, put(1000, 'pong'));
    expect(f.fd_write!(fd, 100, 1, 200)).toBe(E.SUCCESS);
    expect(peer.sentText()).toBe('pong');
    peer.reset();
    iovec(100, 1000, 64);
    expect(f.sock_recv!(fd, 100, 1, 0, 200, 204)).toBe(E.CONNRESET);
    expect(f.sock_recv!(fd, 100, 1, 0, 200, 204)).toBe(E.SUCCESS);
    expect(v().getUint32(200, true), 'then end of stream').toBe(0);
    expect(f.sock_send!(fd, 100, 1, 0, 200), 'send to a peer that is gone').toBe(E.PIPE);
  });

  it('fd_write over several buffers stops at a short write, though room frees before the next', () => {
    const net = new MemoryNet();
    const { f, v, u8, iovec, listener } = setup(net);
    const lfd = listener(8080);
    const peer = net.incoming(8080);
    f.sock_accept!(lfd, 0, 0);
    const fd = v().getUint32(0, true);
    expect(f.fd_fdstat_set_flags!(fd, 4)).toBe(E.SUCCESS);
    // The connection side (another thread, in a run) drains the socket right after the first
    // look that finds it full: the write of the first buffer has ended short by then.
    peer.room = 100;
    const writable = peer.writable.bind(peer);
    let drained = false;
    peer.writable = () => {
      const room = writable();
      if (room !== 0 || drained) return room;
      drained = true;
      peer.room += 1 << 20;
      return 0;
    };
    // Two buffers too big together to be joined into one write.
    u8().fill(0x61, 1000, 41000);
    u8().fill(0x62, 41000, 81000);
    iovec(100, 1000, 40000);
    iovec(108, 41000, 40000);
    expect(f.fd_write!(fd, 100, 2, 200)).toBe(E.SUCCESS);
    expect(v().getUint32(200, true), 'written').toBe(100);
    expect(new Set(peer.sent), 'only the first buffer’s bytes').toEqual(new Set([0x61]));
  });

  it('blocking accept and recv wait for the peer; non-blocking ones answer EAGAIN', () => {
    const net = new MemoryNet();
    const { f, v, iovec, text, listener } = setup(net);
    const lfd = listener(8080);
    let peer = net.incoming(8080);
    net.onWait = () => {
      peer = net.incoming(8080);
    };
    f.sock_accept!(lfd, 0, 0);
    expect(f.sock_accept!(lfd, 0, 0), 'the second accept waited').toBe(E.SUCCESS);
    expect(net.waits).toBe(1);
    const fd = v().getUint32(0, true);
    net.onWait = () => peer.deliver('late');
    iovec(100, 1000, 64);
    expect(f.sock_recv!(fd, 100, 1, 0, 200, 204)).toBe(E.SUCCESS);
    expect(text(1000, v().getUint32(200, true))).toBe('late');
    expect(f.fd_fdstat_set_flags!(fd, 4)).toBe(E.SUCCESS);
    expect(f.sock_recv!(fd, 100, 1, 0, 200, 204), 'non-blocking recv').toBe(E.AGAIN);
    expect(f.fd_fdstat_set_flags!(lfd, 4)).toBe(E.SUCCESS);
    expect(f.sock_accept!(lfd, 0, 0), 'non-blocking accept').toBe(E.AGAIN);
    expect(f.sock_recv!(lfd, 100, 1, 0, 200, 204), 'recv on a listener').toBe(E.NOTCONN);
  });

  it('a non-blocking connect: EINPROGRESS, then poll_oneoff reports it writable, SO_ERROR says how it went', () => {
    const net = new MemoryNet();
    const { f, v, address } = setup(net);
    net.connectMode = 'connecting';
    f.sock_open!(1, 2, 0);
    const fd = v().getUint32(0, true);
    f.fd_fdstat_set_flags!(fd, 4);
    expect(f.sock_connect!(fd, address(100, [127, 0, 0, 1]), 7000)).toBe(E.INPROGRESS);
    expect(f.sock_connect!(fd, address(100, [127, 0, 0, 1]), 7000), 'again while connecting').toBe(7); // EALREADY
    // poll_oneoff: FD_WRITE on the socket, no clock
    v().setBigUint64(300, 9n, true);
    v().setUint8(308, 2);
    v().setUint32(316, fd, true);
    const stream = net.connects[0]!.stream;
    net.onWait = () => {
      stream.status = 'failed';
      stream.error = { errno: E.CONNREFUSED };
      net.changed();
    };
    expect(f.poll_oneoff!(300, 400, 1, 500)).toBe(E.SUCCESS);
    expect(
      [v().getUint32(500, true), v().getBigUint64(400, true), v().getUint8(410)],
      'nevents, userdata, type',
    ).toEqual([1, 9n, 2]);
    v().setUint32(600, 4, true);
    expect(f.sock_getsockopt!(fd, 0, 2 /* SO_ERROR */, 604, 600)).toBe(E.SUCCESS);
    expect([v().getInt32(604, true), v().getUint32(600, true)], 'SO_ERROR, size').toEqual([E.CONNREFUSED, 4]);
    expect(f.sock_getsockopt!(fd, 0, 2, 604, 600)).toBe(E.SUCCESS);
    expect(v().getInt32(604, true), 'SO_ERROR is cleared by reading it').toBe(0);
  });

  it('a blocking connect to a closed port: ECONNREFUSED; to an open one: connected (EISCONN after)', () => {
    const net = new MemoryNet();
    const { f, v, address } = setup(net);
    f.sock_open!(1, 2, 0);
    const fd = v().getUint32(0, true);
    net.connectMode = 'refuse';
    expect(f.sock_connect!(fd, address(100, [127, 0, 0, 1]), 1)).toBe(E.CONNREFUSED);
    net.connectMode = 'connecting';
    net.onWait = () => {
      net.connects[0]!.stream.status = 'open';
      net.changed();
    };
    expect(f.sock_connect!(fd, address(100, [127, 0, 0, 1]), 2)).toBe(E.SUCCESS);
    expect(f.sock_connect!(fd, address(100, [127, 0, 0, 1]), 2)).toBe(E.ISCONN);
  });

  it('socket options: SO_TYPE, SO_ACCEPTCONN, SO_REUSEADDR kept, bad levels and names refused', () => {
    const { f, v, listener } = setup();
    const fd = listener(8080);
    const opt = (name: number): number => {
      v().setUint32(600, 4, true);
      expect(f.sock_getsockopt!(fd, 0, name, 604, 600), `getsockopt ${name}`).toBe(E.SUCCESS);
      return v().getInt32(604, true);
    };
    expect([opt(1), opt(13), opt(0)], 'SO_TYPE, SO_ACCEPTCONN, SO_REUSEADDR').toEqual([2, 1, 0]);
    v().setInt32(700, 1, true);
    expect(f.sock_setsockopt!(fd, 0, 0, 700, 4)).toBe(E.SUCCESS);
    expect(opt(0), 'SO_REUSEADDR after setting it').toBe(1);
    expect(f.sock_setsockopt!(fd, 1, 0, 700, 4), 'level 1').toBe(E.INVAL);
    expect(f.sock_setsockopt!(fd, 0, 15, 700, 4), 'name 15').toBe(E.INVAL);
    expect(f.sock_setsockopt!(fd, 0, 1, 700, 4), 'SO_TYPE is read-only').toBe(E.NOPROTOOPT);
  });

  it('listen with no bind binds a port the network picks; a port in use is EADDRINUSE', () => {
    const net = new MemoryNet();
    const { f, v, address } = setup(net);
    f.sock_open!(1, 2, 0);
    const fd = v().getUint32(0, true);
    expect(f.sock_listen!(fd, 5)).toBe(E.SUCCESS);
    expect([...net.listeners.keys()]).toEqual([40000]);
    f.sock_open!(1, 2, 0);
    expect(f.sock_bind!(v().getUint32(0, true), address(100, [0, 0, 0, 0]), 40000)).toBe(E.ADDRINUSE);
  });
});

describe('socket functions with no network', () => {
  it('in the page: connect is ENETUNREACH and listen ENOTSUP, each said once on stderr', () => {
    const { f, v, address, err } = setup(offlineNet(PAGE_OFFLINE, () => {}));
    f.sock_open!(1, 2, 0);
    const fd = v().getUint32(0, true);
    expect(f.sock_connect!(fd, address(100, [93, 184, 216, 34]), 80)).toBe(E.NETUNREACH);
    expect(f.sock_connect!(fd, address(100, [93, 184, 216, 34]), 80)).toBe(E.NETUNREACH);
    f.sock_open!(1, 2, 0);
    const lfd = v().getUint32(0, true);
    expect(f.sock_bind!(lfd, address(100, [0, 0, 0, 0]), 8080)).toBe(E.SUCCESS);
    expect(f.sock_listen!(lfd, 16)).toBe(E.NOTSUP);
    expect(f.sock_accept!(lfd, 0, 0), 'accept on the socket that could not listen').toBe(E.INVAL);
    expect(err.join('')).toBe(
      'wharf: sock_connect to 93.184.216.34:80: a browser page cannot open outgoing TCP connections\n' +
        'wharf: sock_listen on 0.0.0.0:8080: without shared memory (a page that is not cross-origin isolated) a module cannot serve here; serve it from the command line: wharf run -p PORT:PORT\n',
    );
  });
});
