// preview1's args, environment, clocks, randomness and process functions.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import type { HostContext } from './host-context.ts';
import { CLOCK, E } from './defs.ts';

type Imports = Record<string, (...args: never[]) => number>;

export function miscImports(ctx: HostContext): Imports {
  const { mem } = ctx;

  const sizes = (list: Uint8Array[], countPtr: number, sizePtr: number): number => {
    mem.u32(countPtr, list.length);
    mem.u32(
      sizePtr,
      list.reduce((n, s) => n + s.byteLength + 1, 0),
    );
    return E.SUCCESS;
  };
  const copy = (list: Uint8Array[], ptrs: number, buf: number): number => {
    const u8 = mem.u8;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      mem.u32(ptrs + i * 4, buf);
      u8.set(s, buf);
      u8[buf + s.byteLength] = 0;
      buf += s.byteLength + 1;
    }
    return E.SUCCESS;
  };

  const time = (id: number): bigint | null => {
    switch (id) {
      case CLOCK.REALTIME:
        return ctx.clocks.realtime();
      case CLOCK.MONOTONIC:
      case CLOCK.PROCESS_CPUTIME_ID:
      case CLOCK.THREAD_CPUTIME_ID:
        // One thread, never descheduled from the guest's point of view: CPU time ~ elapsed time.
        return ctx.clocks.monotonic();
      default:
        return null;
    }
  };

  return {
    args_sizes_get: (countPtr: number, sizePtr: number) => sizes(ctx.args, countPtr, sizePtr),
    args_get: (ptrs: number, buf: number) => copy(ctx.args, ptrs, buf),
    environ_sizes_get: (countPtr: number, sizePtr: number) => sizes(ctx.env, countPtr, sizePtr),
    environ_get: (ptrs: number, buf: number) => copy(ctx.env, ptrs, buf),
    clock_res_get(id: number, ptr: number): number {
      if (time(id) === null) return E.INVAL;
      mem.u64(ptr, 1000n);
      return E.SUCCESS;
    },
    clock_time_get(id: number, _precision: bigint, ptr: number): number {
      const t = time(id);
      if (t === null) return E.INVAL;
      mem.u64(ptr, t);
      return E.SUCCESS;
    },
    random_get(buf: number, len: number): number {
      if (buf + len > mem.u8.byteLength) return E.FAULT;
      // crypto.getRandomValues refuses views of shared memory: fill a copy then.
      const target = mem.u8.subarray(buf, buf + len);
      if (target.buffer instanceof ArrayBuffer) ctx.random(target);
      else {
        const tmp = new Uint8Array(len);
        ctx.random(tmp);
        target.set(tmp);
      }
      return E.SUCCESS;
    },
    proc_exit(code: number): number {
      ctx.flush();
      throw new WASIProcExit(code >>> 0);
    },
    proc_raise: () => E.NOTSUP,
    sched_yield: () => E.SUCCESS,
  };
}
