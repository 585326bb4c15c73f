// The preview1 imports called directly, with a real linear memory and injected clocks: the
// gaps of browser_wasi_shim 0.4.2 that this host closes, and the rule that nothing throws.
import { describe, expect, it } from 'vitest';
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import { dirNode, fileNode, openVolume, symlinkNode, type DirNode } from '../../../src/core/rootfs/index.ts';
import { PREVIEW1_FUNCTIONS, bytesStdin, createHost, type StdinSource } from '../../../src/core/runtime/index.ts';

const E = { SUCCESS: 0, BADF: 8, EXIST: 20, INVAL: 28, LOOP: 32, NOENT: 44, NOTSOCK: 57, NOTCAPABLE: 76, FAULT: 21 };

function setup(o: { tree?: DirNode; stdin?: StdinSource } = {}) {
  let mono = 1_000_000_000n;
  const slept: number[] = [];
  const out: Uint8Array[] = [];
  const memory = new WebAssembly.Memory({ initial: 1 });
  const host = createHost({
    args: ['prog', 'ärg'],
    env: ['A=1'],
    volume: openVolume(o.tree ?? dirNode()),
    stdin: o.stdin ?? bytesStdin(),
    stdout: (c) => out.push(c),
    stderr: () => {},
    clocks: { realtime: () => 1_700_000_000_000_000_000n, monotonic: () => mono },
    random: (b) => b.fill(4),
    sleep: (ms) => {
      slept.push(ms);
      mono += BigInt(Math.round(ms * 1e6));
    },
  });
  host.attach({ exports: { memory } });
  const f = host.imports.wasi_snapshot_preview1 as Record<string, (...a: unknown[]) => number>;
  const view = (): DataView => new DataView(memory.buffer);
  const put = (ptr: number, s: string): number => {
    const b = new TextEncoder().encode(s);
    new Uint8Array(memory.buffer).set(b, ptr);
    return b.byteLength;
  };
  return { f, view, put, memory, slept, out };
}

describe('preview1 host', () => {
  it('args: sizes count UTF-8 bytes, not UTF-16 units', () => {
    const { f, view } = setup();
    expect(f.args_sizes_get!(0, 4)).toBe(E.SUCCESS);
    expect([view().getUint32(0, true), view().getUint32(4, true)], 'argc, argv_buf_size').toEqual([2, 5 + 5]);
  });

  it('poll_oneoff: a relative clock subscription sleeps (no spinning) and reports the event', () => {
    const { f, view, slept } = setup();
    const v = view();
    v.setBigUint64(0, 42n, true); // userdata
    v.setUint8(8, 0); // clock
    v.setUint32(16, 1, true); // monotonic
    v.setBigUint64(24, 5_000_000n, true); // 5 ms
    v.setUint16(40, 0, true);
    expect(f.poll_oneoff!(0, 100, 1, 200)).toBe(E.SUCCESS);
    expect(slept, 'sleeps').toEqual([5]);
    expect(
      [view().getUint32(200, true), view().getBigUint64(100, true), view().getUint16(108, true), view().getUint8(110)],
      'nevents, userdata, error, type',
    ).toEqual([1, 42n, 0, 0]);
  });

  it('poll_oneoff: stdin with input is ready at once with its byte count; a bad fd reports EBADF', () => {
    const { f, view, slept } = setup({ stdin: bytesStdin(new TextEncoder().encode('hello')) });
    const v = view();
    v.setBigUint64(0, 1n, true);
    v.setUint8(8, 1); // fd_read
    v.setUint32(16, 0, true);
    v.setBigUint64(48, 2n, true);
    v.setUint8(56, 1);
    v.setUint32(64, 99, true); // no such fd
    v.setBigUint64(96, 3n, true);
    v.setUint8(104, 0); // a 1 s clock that must not fire
    v.setUint32(112, 1, true);
    v.setBigUint64(120, 1_000_000_000n, true);
    expect(f.poll_oneoff!(0, 200, 3, 400)).toBe(E.SUCCESS);
    const w = view();
    expect(w.getUint32(400, true), 'nevents').toBe(2);
    expect([w.getBigUint64(200, true), w.getUint16(208, true), w.getBigUint64(216, true)], 'stdin event').toEqual([
      1n,
      0,
      5n,
    ]);
    expect([w.getBigUint64(232, true), w.getUint16(240, true)], 'bad fd event').toEqual([2n, E.BADF]);
    expect(slept, 'no sleep').toEqual([]);
  });

  it('sockets answer with errnos instead of throwing', () => {
    const { f } = setup();
    expect(f.sock_shutdown!(99, 0), 'sock_shutdown on no fd').toBe(E.BADF);
    expect(f.sock_shutdown!(1, 0), 'sock_shutdown on stdout').toBe(E.NOTSOCK);
    expect(f.sock_recv!(3, 0, 0, 0, 0, 0), 'sock_recv on the preopen').toBe(E.NOTSOCK);
  });

  it('symlinks: create, read, follow; a loop is ELOOP; absolute targets are refused', () => {
    const { f, put, view } = setup({
      tree: dirNode({}, [
        ['t.txt', fileNode('x')],
        ['loop', symlinkNode('loop')],
      ]),
    });
    const n1 = put(0, 't.txt');
    const n2 = put(100, 'link');
    expect(f.path_symlink!(0, n1, 3, 100, n2), 'symlink').toBe(E.SUCCESS);
    expect(f.path_readlink!(3, 100, n2, 200, 64, 300), 'readlink').toBe(E.SUCCESS);
    expect(new TextDecoder().decode(new Uint8Array(view().buffer, 200, view().getUint32(300, true))), 'target').toBe(
      't.txt',
    );
    expect(f.path_filestat_get!(3, 1, 100, n2, 400), 'stat through the link').toBe(E.SUCCESS);
    expect([view().getUint8(416), view().getBigUint64(432, true)], 'filetype, size').toEqual([4, 1n]);
    const n3 = put(500, 'loop');
    expect(f.path_open!(3, 1, 500, n3, 0, 0n, 0n, 0, 600), 'open a symlink loop').toBe(E.LOOP);
    const n4 = put(700, '/etc');
    expect(f.path_symlink!(700, n4, 3, 800, put(800, 'abs')), 'absolute target').not.toBe(E.SUCCESS);
    expect(f.path_open!(3, 0, 700, n4, 0, 0n, 0n, 0, 600), 'absolute path').toBe(E.NOTCAPABLE);
    const up = put(900, '../x');
    expect(f.path_open!(3, 0, 900, up, 0, 0n, 0n, 0, 600), '".." above the preopen').toBe(E.NOTCAPABLE);
  });

  it('pwrite on an O_APPEND fd writes at the offset and leaves the position alone', () => {
    const { f, put, view } = setup({ tree: dirNode({}, [['a.txt', fileNode('0123456789')]]) });
    const n = put(0, 'a.txt');
    expect(f.path_open!(3, 0, 0, n, 0, (1n << 1n) | (1n << 5n) | (1n << 6n), 0n, 1 /* append */, 100)).toBe(E.SUCCESS);
    const fd = view().getUint32(100, true);
    put(200, 'XY');
    view().setUint32(300, 200, true);
    view().setUint32(304, 2, true);
    expect(f.fd_pwrite!(fd, 300, 1, 2n, 400), 'pwrite').toBe(E.SUCCESS);
    expect(f.fd_tell!(fd, 500), 'tell').toBe(E.SUCCESS);
    expect(view().getBigUint64(500, true), 'position after pwrite').toBe(0n);
    expect(f.fd_write!(fd, 300, 1, 400), 'write').toBe(E.SUCCESS);
    expect(f.fd_filestat_get!(fd, 600), 'stat').toBe(E.SUCCESS);
    expect(view().getBigUint64(632, true), 'size after append').toBe(12n);
  });

  it('fd_write over several small buffers is one write to the output (as writev: one system call)', () => {
    const { f, put, view, out } = setup();
    const v = view();
    v.setUint32(300, 0, true);
    v.setUint32(304, put(0, 'GET /hello 200'), true);
    v.setUint32(308, 100, true);
    v.setUint32(312, put(100, '\n'), true);
    expect(f.fd_write!(1, 300, 2, 400)).toBe(E.SUCCESS);
    expect(view().getUint32(400, true), 'written').toBe(15);
    expect(
      out.map((c) => new TextDecoder().decode(c)),
      'one chunk',
    ).toEqual(['GET /hello 200\n']);
  });

  it('no import throws into the guest, whatever its arguments (except proc_exit, by contract)', () => {
    const { f } = setup();
    const junk = [0, 1, 3, 0xffff_fff0, -1, 65536 * 2];
    const problems: string[] = [];
    for (const name of PREVIEW1_FUNCTIONS) {
      for (const x of junk) {
        const args = Array.from({ length: 9 }, (_, i) => (i === 3 && name.includes('seek') ? BigInt(x) : x));
        try {
          const r = f[name]!(
            ...args.map((a, i) =>
              /(pread|pwrite|seek|allocate|advise|set_size|set_times|set_rights)/.test(name) && i > 0 && i < 4
                ? BigInt(a)
                : a,
            ),
          );
          if (typeof r !== 'number') problems.push(`${name}(${x}) returned ${String(r)}`);
        } catch (e) {
          if (!(name === 'proc_exit' && e instanceof WASIProcExit)) problems.push(`${name}(${x}) threw ${String(e)}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
