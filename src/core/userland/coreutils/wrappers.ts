// timeout, nice, nohup and stdbuf (GNU coreutils 9.1): each runs a program through the process
// model, with GNU's exit statuses when it cannot (125 its own trouble, 126 not runnable, 127 not
// found). timeout keeps a deadline that every process under it meets when it starts, and sleep
// when it sleeps (lib/inherited.ts): there the chain ends, 124. A Wasm program already running
// cannot be stopped in its thread: it runs to its end, which then counts as timed out. nice keeps
// the niceness nice prints; nohup has nothing to do (no process here has a terminal or gets
// SIGHUP); stdbuf neither (a process's output is handed on as it writes it).
import type { ProcessSpec } from '../../runtime/process.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import { findProgram } from '../../runtime/program-lookup.ts';
import {
  type Ctx,
  Failure,
  niceness,
  opt,
  options,
  program,
  q,
  UsageError,
  withDeadline,
  withNiceness,
} from '../lib/index.ts';

/** Exit statuses of programs that run others, as coreutils' "system.h" names them. */
const CANCELED = 125;
const CANNOT_INVOKE = 126;
const ENOENT = 127;
const TIMED_OUT = 124;

/**
 * Runs argv as execvp would, or fails as GNU does: `failed to run command 'x': …` (timeout,
 * nohup, stdbuf) or `'x': …` (nice).
 */
async function exec(c: Ctx, argv: string[], style: 'failed to run' | 'quoted'): Promise<number> {
  const found = findProgram(c.fs.volume, argv[0]!, c.spec.cwd, c.spec.env, { executable: true });
  if (!found.found) {
    const why = found.code === 127 ? 'No such file or directory' : 'Permission denied';
    const what = style === 'quoted' ? q(argv[0]!) : `failed to run command ${q(argv[0]!)}`;
    throw new Failure(`${what}: ${why}`, found.code === 127 ? ENOENT : CANNOT_INVOKE);
  }
  const spec: ProcessSpec = { ...c.spec, argv };
  return c.processes.spawn(spec);
}

const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
};

/** A signal by name (with or without SIG) or number: [its name, its number]. */
function signal(s: string): [string, number] {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
    if (name !== undefined || (n > 0 && n < 65)) return [name ?? String(n), n];
  }
  const name = s.toUpperCase().replace(/^SIG/, '');
  if (SIGNALS[name] !== undefined) return [name, SIGNALS[name]];
  throw new UsageError(`${q(s)}: invalid signal`);
}

/** A duration in seconds: a number with an s, m, h or d suffix. */
function duration(s: string): number {
  const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(s);
  if (!m) throw new UsageError(`invalid time interval ${q(s)}`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!]!;
}

const TIMEOUT = options(
  {
    signal: opt.arg('s', 'signal'),
    killAfter: opt.arg('k', 'kill-after'),
    preserveStatus: opt.flag('preserve-status'),
    foreground: opt.flag('foreground'),
    verbose: opt.flag('v', 'verbose'),
  },
  { stopAtOperand: true },
);

const timeout = program(async (c) => {
  const { opts: o, operands } = TIMEOUT.parse(c.args);
  const [sigName, sigNumber] = signal(o.signal ?? 'TERM');
  if (o.killAfter !== undefined) duration(o.killAfter);
  if (operands.length < 2) {
    // GNU says only where to find help here.
    c.err.text(`Try 'timeout --help' for more information.\n`);
    return CANCELED;
  }
  const seconds = duration(operands[0]!);
  const argv = operands.slice(1);
  if (seconds === 0) return exec(c, argv, 'failed to run');
  const r = await withDeadline(c.processes, seconds * 1000, () => exec(c, argv, 'failed to run'));
  if (r !== 'timeout') return r;
  if (o.verbose) c.warn(`sending signal ${sigName} to command ${q(argv[0]!)}`);
  return o.preserveStatus ? 128 + sigNumber : TIMED_OUT;
}, CANCELED);

/** nice's options: -n N, --adjustment=N, and the old -N as the first argument. */
const NICE = options({ adjustment: opt.arg('n', 'adjustment') }, { stopAtOperand: true });

const nice = program(async (c) => {
  let args = c.args;
  let old: string | undefined;
  if (args[0] !== undefined && /^-[0-9]+$|^--[0-9]+$/.test(args[0])) {
    old = args[0].replace(/^-/, '');
    args = args.slice(1);
  }
  const { opts: o, operands } = NICE.parse(args);
  const given = o.adjustment ?? old;
  if (operands.length === 0) {
    if (given !== undefined) throw new UsageError('a command must be given with an adjustment');
    c.out.text(`${niceness(c.processes)}\n`);
    return 0;
  }
  let by = 10;
  if (given !== undefined) {
    if (!/^[-+]?[0-9]+$/.test(given)) throw new Failure(`invalid adjustment ${q(given)}`, CANCELED);
    by = Number(given);
  }
  return withNiceness(c.processes, niceness(c.processes) + by, () => exec(c, operands, 'quoted'));
}, CANCELED);

const NOHUP = options({}, { stopAtOperand: true });

const nohup = program(async (c) => {
  const { operands } = NOHUP.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  return exec(c, operands, 'failed to run');
}, CANCELED);

const STDBUF = options(
  { input: opt.arg('i', 'input'), output: opt.arg('o', 'output'), error: opt.arg('e', 'error') },
  { stopAtOperand: true },
);

const stdbuf = program(async (c) => {
  const { opts: o, operands } = STDBUF.parse(c.args);
  const modes = [o.input, o.output, o.error];
  for (const m of modes) {
    if (m !== undefined && !/^(L|[0-9]+([kKMGTPEZY](B|iB)?)?)$/.test(m))
      throw new Failure(`invalid mode ${q(m)}`, CANCELED);
  }
  if (o.input === 'L') throw new UsageError('line buffering stdin is meaningless');
  if (modes.every((m) => m === undefined)) throw new UsageError('you must specify a buffering mode option');
  if (operands.length === 0) throw new UsageError('missing operand');
  return exec(c, operands, 'failed to run');
}, CANCELED);

export const wrapperPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['timeout', timeout],
  ['nice', nice],
  ['nohup', nohup],
  ['stdbuf', stdbuf],
];
