// What a process hands down to every process it runs beyond what a ProcessSpec carries: the
// deadline timeout(1) sets and the niceness nice(1) adds. The process model runs a program's
// children one at a time on one process table, nested like calls, so a stack per table holds
// exactly the chain of processes running now. The clock is the host's, plus the seconds sleep(1)
// says it slept: sleep returns at once (a build gains nothing by waiting), so `timeout 1 sleep
// 5` still ends at its deadline, 124, as GNU's does.
import type { Processes } from '../../runtime/process.ts';
import { UserlandError } from './errors.ts';

interface Chain {
  /** Deadlines in ms on `now`'s clock, innermost last. */
  deadlines: number[];
  niceness: number[];
  /** The ms sleep(1) has reported as slept on this table. */
  slept: number;
}

const chains = new WeakMap<Processes, Chain>();

function chainOf(p: Processes): Chain {
  let chain = chains.get(p);
  if (!chain) {
    chain = { deadlines: [], niceness: [0], slept: 0 };
    chains.set(p, chain);
  }
  return chain;
}

/** Ends every process up to the timeout(1) whose deadline passed, as its signal would. */
export class TimeLimit extends UserlandError {
  readonly deadline: number;
  constructor(deadline: number) {
    super('time limit reached', 124);
    this.deadline = deadline;
  }
}

/** Milliseconds on the clock deadlines are kept on. */
export function now(p: Processes): number {
  return performance.now() + chainOf(p).slept;
}

function deadline(p: Processes): number {
  return Math.min(Infinity, ...chainOf(p).deadlines);
}

/** Throws TimeLimit when the running chain's deadline has passed: no process starts after it. */
export function checkDeadline(p: Processes): void {
  const d = deadline(p);
  if (now(p) >= d) throw new TimeLimit(d);
}

/** sleep(1)'s wait: the clock moves on by `ms`, or to the deadline, which then ends the chain. */
export function pause(p: Processes, ms: number): void {
  const d = deadline(p);
  const chain = chainOf(p);
  if (now(p) + ms >= d) {
    chain.slept += Math.max(0, d - now(p));
    throw new TimeLimit(d);
  }
  chain.slept += ms;
}

/**
 * Runs `fn` (which runs a process) with a deadline `ms` from now: 'timeout' when the deadline
 * passed before it ended (it is ended there when it starts a process or sleeps past it; a Wasm
 * program runs on to its end, then counts as timed out), else its result.
 */
export async function withDeadline<T>(p: Processes, ms: number, fn: () => Promise<T>): Promise<T | 'timeout'> {
  const chain = chainOf(p);
  const mine = now(p) + ms;
  chain.deadlines.push(mine);
  try {
    const r = await fn();
    return now(p) >= mine ? 'timeout' : r;
  } catch (e) {
    if (e instanceof TimeLimit && e.deadline >= mine) return 'timeout';
    throw e;
  } finally {
    chain.deadlines.pop();
  }
}

/** The niceness of the running chain. */
export function niceness(p: Processes): number {
  const n = chainOf(p).niceness;
  return n[n.length - 1]!;
}

/** Runs `fn` at niceness `n` (clamped to -20..19, as the kernel does). */
export async function withNiceness<T>(p: Processes, n: number, fn: () => Promise<T>): Promise<T> {
  const stack = chainOf(p).niceness;
  stack.push(Math.max(-20, Math.min(19, n)));
  try {
    return await fn();
  } finally {
    stack.pop();
  }
}
