// The preview1 host: Wharf's own import table for every wasi_snapshot_preview1 function and
// WasmEdge's socket extension of it, each wrapped so nothing the host does can throw into the
// guest (proc_exit's unwinding aside).
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import { dirNode, openVolume, type Volume } from '../rootfs/index.ts';
import { Memory, utf8 } from './abi.ts';
import type { HostContext, HostEnv } from './host-context.ts';
import { E } from './defs.ts';
import { FdTable, OutputFd, StdinFd } from './fds.ts';
import { fdImports } from './imports-fd.ts';
import { miscImports } from './imports-misc.ts';
import { pathImports } from './imports-path.ts';
import { pollImports } from './poll.ts';
import { NO_NETWORK, SOCKET_FUNCTIONS, offlineNet, socketImports, type SocketNet } from './net/index.ts';
import { preopenFds } from './preopens.ts';
import { wasm, type WasmImports, type WasmInstance } from './wasm-api.ts';
import { OutputBuffer, type Sink, type StdinSource } from './stdio.ts';

/** Every function of wasi_snapshot_preview1, so a module importing any of them links. */
export const PREVIEW1_FUNCTIONS = [
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'fd_advise',
  'fd_allocate',
  'fd_close',
  'fd_datasync',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_pwrite',
  'fd_read',
  'fd_readdir',
  'fd_renumber',
  'fd_seek',
  'fd_sync',
  'fd_tell',
  'fd_write',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_open',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'proc_exit',
  'proc_raise',
  'sched_yield',
  'random_get',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
] as const;

/** WasmEdge's socket functions beyond preview1's four (sock_accept, sock_recv, sock_send, sock_shutdown). */
const WASMEDGE_EXTENSIONS = Object.keys(SOCKET_FUNCTIONS).filter(
  (name) => !(PREVIEW1_FUNCTIONS as readonly string[]).includes(name),
);

export interface HostOptions extends HostEnv {
  args: string[];
  env: string[];
  /** Preopened as "/" (fd 3); null: no preopen at all. */
  volume: Volume | null;
  /** The working directory (absolute); other than "/", preopens follow preopens.ts. Default "/". */
  cwd?: string;
  stdin: StdinSource;
  stdout: Sink;
  stderr: Sink;
  /** Report stdio as a terminal (character device), so libc line-buffers its output. */
  tty?: boolean;
  /** Collect output for this long before handing it to the sinks (see OutputBuffer); 0: never. */
  batchMs?: number;
  /** Where sockets connect and listen; a run without one has no network (offlineNet). */
  net?: SocketNet;
}

export interface Host {
  imports: WasmImports;
  /** Binds guest memory; call after instantiation, before `start`. */
  attach(instance: WasmInstance): void;
  /** Runs `_start`: 0 when it returns; proc_exit unwinds it with WASIProcExit. */
  start(instance: WasmInstance): number;
  flush(): void;
  /** Import calls that failed inside the host (answered EIO/EFAULT to the guest). */
  readonly hostErrors: string[];
}

export function createHost(o: HostOptions): Host {
  const mem = new Memory();
  const stdout = new OutputBuffer(o.stdout, o.batchMs);
  const stderr = new OutputBuffer(o.stderr, o.batchMs);
  const net = o.net ?? offlineNet(NO_NETWORK, o.sleep);
  const flush = (): void => {
    stdout.flush();
    stderr.flush();
    net.flush?.();
  };
  const tty = o.tty ?? false;
  const fds = new FdTable([
    new StdinFd(o.stdin, tty, flush),
    new OutputFd(stdout, tty, 0n),
    new OutputFd(stderr, tty, 0n),
    ...(o.volume ? preopenFds(o.volume, o.cwd ?? '/', () => o.clocks.realtime()) : []),
  ]);
  const ctx: HostContext = {
    clocks: o.clocks,
    random: o.random,
    sleep: o.sleep,
    mem,
    fds,
    volume: o.volume ?? openVolume(dirNode()),
    args: o.args.map(utf8),
    env: o.env.map(utf8),
    flush,
  };
  const said = new Set<string>();
  const sockets = {
    net,
    clocks: o.clocks,
    flush,
    notice(reason: string): void {
      if (said.has(reason)) return;
      said.add(reason);
      stderr.write(utf8(`wharf: ${reason}\n`));
    },
  };
  const table: Record<string, (...args: never[]) => number> = {
    ...miscImports(ctx),
    ...fdImports(ctx),
    ...pathImports(ctx),
    ...pollImports(ctx),
    ...socketImports(ctx, sockets),
  };
  const hostErrors: string[] = [];
  const wrapped: Record<string, (...args: never[]) => number> = {};
  for (const name of [...PREVIEW1_FUNCTIONS, ...WASMEDGE_EXTENSIONS]) {
    const fn = table[name];
    wrapped[name] = (...args: never[]): number => {
      try {
        return fn ? fn(...args) : E.NOSYS;
      } catch (e) {
        if (e instanceof WASIProcExit) throw e; // unwinds the guest: proc_exit's contract
        // Out-of-bounds pointers surface as RangeError from the views: the guest's fault.
        if (e instanceof RangeError) return E.FAULT;
        hostErrors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        return E.IO;
      }
    };
  }
  return {
    imports: { wasi_snapshot_preview1: wrapped },
    attach(instance) {
      const memory = instance.exports.memory;
      if (memory instanceof wasm.Memory) mem.attach(memory);
    },
    start(instance) {
      (instance.exports._start as () => void)();
      return 0;
    },
    flush,
    hostErrors,
  };
}
