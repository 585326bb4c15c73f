// poll_oneoff: clock subscriptions sleep (without spinning where the platform allows) and fd
// subscriptions report readiness; stdin and sockets may block until input arrives or a clock fires.
import { EVENT_SIZE, SUBSCRIPTION_SIZE, type Subscription } from './abi.ts';
import type { HostContext } from './host-context.ts';
import { CLOCK, E, EVENTTYPE } from './defs.ts';
import type { HostFd, Readiness } from './fds.ts';

/** How long each of several input sources is waited on in turn. */
const SLICE_MS = 10;

interface Ready extends Readiness {
  sub: Subscription;
}

export function pollImports(ctx: HostContext): Record<string, (...args: never[]) => number> {
  const { mem } = ctx;

  /** Whether an fd subscription is ready now; null when it would have to wait (stdin). */
  const fdReady = (sub: Subscription & { fd: number }): Ready | null => {
    const f = ctx.fds.get(sub.fd);
    if (!f) return { sub, error: E.BADF, nbytes: 0n, flags: 0 };
    const r = sub.tag === EVENTTYPE.FD_READ ? f.pollRead() : f.pollWrite();
    return r && { sub, ...r };
  };

  /** Absolute monotonic deadline (ns) of a clock subscription; null for a bad clock id. */
  const deadline = (sub: Subscription & { tag: 0 }): bigint | null => {
    let now: bigint;
    if (sub.clock_id === CLOCK.REALTIME) now = ctx.clocks.realtime();
    else if (
      sub.clock_id === CLOCK.MONOTONIC ||
      sub.clock_id === CLOCK.PROCESS_CPUTIME_ID ||
      sub.clock_id === CLOCK.THREAD_CPUTIME_ID
    ) {
      now = ctx.clocks.monotonic();
    } else return null;
    const absolute = (sub.flags & 1) !== 0;
    const remaining = absolute ? sub.timeout - now : sub.timeout;
    return ctx.clocks.monotonic() + (remaining > 0n ? remaining : 0n);
  };

  return {
    poll_oneoff(inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number {
      if (nsubs === 0) return E.INVAL;
      const subs: Subscription[] = [];
      for (let i = 0; i < nsubs; i++) subs.push(mem.subscription(inPtr + i * SUBSCRIPTION_SIZE));
      const clocks: Array<{ sub: Subscription; at: bigint }> = [];
      const ready: Ready[] = [];
      const waiting: Array<Subscription & { fd: number }> = [];
      for (const sub of subs) {
        if (sub.tag === EVENTTYPE.CLOCK) {
          const at = deadline(sub);
          if (at === null) ready.push({ sub, error: E.INVAL, nbytes: 0n, flags: 0 });
          else clocks.push({ sub, at });
        } else if (sub.tag === EVENTTYPE.FD_READ || sub.tag === EVENTTYPE.FD_WRITE) {
          const r = fdReady(sub);
          if (r) ready.push(r);
          else waiting.push(sub);
        } else {
          return E.INVAL;
        }
      }
      if (ready.length === 0) {
        ctx.flush();
        const first = clocks.reduce<bigint | null>((m, c) => (m === null || c.at < m ? c.at : m), null);
        // What the waiting fds wait on (stdin's ring, a network's sockets): one wait per source.
        const sources = new Map<unknown, HostFd>();
        for (const s of waiting) {
          const f = ctx.fds.get(s.fd);
          if (f && !sources.has(f.waitKey())) sources.set(f.waitKey(), f);
        }
        const waiters = [...sources.values()];
        // Wait for an fd to become ready or the earliest clock, whichever comes first; a wake
        // that readied nothing polled here (another socket of the same network) waits again.
        for (;;) {
          const now = ctx.clocks.monotonic();
          const left = first === null ? Infinity : Number(first - now) / 1e6;
          if (left <= 0) break;
          if (waiters.length === 1) waiters[0]!.waitForInput(left);
          else if (waiters.length > 1) {
            // Several sources (stdin and sockets): take turns in short slices.
            for (const w of waiters) w.waitForInput(Math.min(left, SLICE_MS));
          } else if (left === Infinity) {
            break; // nothing could ever become ready: report nothing rather than hang
          } else ctx.sleep(left);
          if (waiting.some((s) => fdReady(s) !== null)) break;
        }
        const now = ctx.clocks.monotonic();
        for (const c of clocks) if (c.at <= now) ready.push({ sub: c.sub, error: E.SUCCESS, nbytes: 0n, flags: 0 });
        for (const s of waiting) {
          const r = fdReady(s);
          if (r) ready.push(r);
        }
      }
      ready.forEach((r, i) =>
        mem.event(outPtr + i * EVENT_SIZE, r.sub.userdata, r.error, r.sub.tag, r.nbytes, r.flags),
      );
      mem.u32(neventsPtr, ready.length);
      return E.SUCCESS;
    },
  };
}
