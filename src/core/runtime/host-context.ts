// What every import function works on: guest memory, the fd table, the volume, and the
// environment the host injects (clocks, randomness, sleeping).
import type { Volume } from '../rootfs/index.ts';
import type { Memory } from './abi.ts';
import { DirFd, type FdTable, type HostFd } from './fds.ts';
import { E } from './defs.ts';

export interface Clocks {
  /** Nanoseconds since the epoch. */
  realtime(): bigint;
  /** Nanoseconds from an arbitrary start, never decreasing. */
  monotonic(): bigint;
}

export interface HostEnv {
  clocks: Clocks;
  /** Fills the array with random bytes. */
  random(buf: Uint8Array): void;
  /** Blocks the calling thread for `ms` milliseconds. */
  sleep(ms: number): void;
}

export interface HostContext extends HostEnv {
  mem: Memory;
  fds: FdTable;
  volume: Volume;
  args: Uint8Array[];
  env: Uint8Array[];
  /** Flushes buffered stdout/stderr (before blocking, and at exit). */
  flush(): void;
}

export function getFd(ctx: HostContext, fd: number): HostFd | number {
  return ctx.fds.get(fd) ?? E.BADF;
}

export function getDir(ctx: HostContext, fd: number): DirFd | number {
  const f = ctx.fds.get(fd);
  if (!f) return E.BADF;
  if (!(f instanceof DirFd)) return E.NOTDIR;
  return f;
}

function hasShared(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
}

/** Clocks, crypto randomness and a blocking sleep from the global environment. */
export function defaultHostEnv(): HostEnv {
  const origin = BigInt(Date.now()) * 1_000_000n;
  const t0 = performance.now();
  const cell = hasShared() ? new Int32Array(new SharedArrayBuffer(4)) : null;
  return {
    clocks: {
      realtime: () => BigInt(Date.now()) * 1_000_000n,
      monotonic: () => origin + BigInt(Math.round((performance.now() - t0) * 1e6)),
    },
    random(buf) {
      for (let i = 0; i < buf.byteLength; i += 65536) crypto.getRandomValues(buf.subarray(i, i + 65536));
    },
    sleep(ms) {
      if (ms <= 0) return;
      // Atomics.wait blocks without burning a core; without SharedArrayBuffer (a page that is
      // not cross-origin isolated) the only way to wait synchronously is to spin.
      if (cell) Atomics.wait(cell, 0, 0, ms);
      else for (const end = performance.now() + ms; performance.now() < end;);
    },
  };
}
