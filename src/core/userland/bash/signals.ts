// Signals by Linux's numbers and names, for trap and kill, and the job built-ins: wait, jobs,
// kill, disown. A RUN step has no job control: `cmd &` runs to completion in a subshell before
// the next command, so `wait` finds its status at once, there are never jobs running to list,
// and the only process kill can reach is the shell itself.
import type { Builtin } from '../sh/builtins.ts';
import { ExitSignal } from '../sh/state.ts';
import { utf8 } from '../lib/index.ts';

/** The signals by number (0 is trap's EXIT). */
export const SIGNALS = [
  'EXIT',
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'PWR',
  'SYS',
];

/** A signal's name by number, the real-time ones (34…64) as kill -l names them; null if none. */
function nameOf(n: number): string | null {
  if (n >= 1 && n < SIGNALS.length) return SIGNALS[n]!;
  if (n === 34) return 'RTMIN';
  if (n > 34 && n < 50) return `RTMIN+${n - 34}`;
  if (n >= 50 && n < 64) return `RTMAX-${64 - n}`;
  if (n === 64) return 'RTMAX';
  return null;
}

/** A signal by name (with or without SIG, any case) or number; null when it is none. */
function numberOf(spec: string): number | null {
  if (/^[0-9]+$/.test(spec)) return Number(spec) === 0 || nameOf(Number(spec)) ? Number(spec) : null;
  const name = spec.toUpperCase().replace(/^SIG/, '');
  for (let n = 1; n <= 64; n++) if (nameOf(n) === name) return n;
  return null;
}

/** kill -l: `N) SIGNAME`, five to a line, tab-separated. */
function listing(): string {
  const names: string[] = [];
  for (let n = 1; n <= 64; n++) {
    const name = nameOf(n);
    if (name) names.push(`${String(n).padStart(2)}) SIG${name}`);
  }
  let out = '';
  names.forEach((entry, i) => {
    out += entry + (i % 5 === 4 ? '\n' : '\t');
  });
  return names.length % 5 === 0 ? out : `${out}\n`;
}

const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

/** kill: to the shell itself ($$), a signal ends it as the signal would (status 128 + N). */
const kill: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    io.stderr(utf8(USAGE));
    return 2;
  }
  if (args[0] === '-l' || args[0] === '-L') {
    if (args.length === 1) {
      io.stdout(utf8(listing()));
      return 0;
    }
    let status = 0;
    for (const a of args.slice(1)) {
      // A number names a signal, or an exit status 128 + N.
      const n = /^[0-9]+$/.test(a) ? (Number(a) > 128 ? Number(a) - 128 : Number(a)) : null;
      const out = n !== null ? nameOf(n) : numberOf(a)?.toString();
      if (out == null) {
        sh.diag(io, `kill: ${a}: invalid signal specification`);
        status = 1;
      } else io.stdout(utf8(`${out}\n`));
    }
    return status;
  }
  let signal = 15;
  let i = 0;
  const spec = (raw: string | undefined, flag: string): boolean => {
    if (raw === undefined) {
      sh.diag(io, `kill: ${flag}: option requires an argument`);
      return false;
    }
    const n = numberOf(raw);
    if (n === null) {
      sh.diag(io, `kill: ${raw}: invalid signal specification`);
      return false;
    }
    signal = n;
    return true;
  };
  if (args[0] === '-s' || args[0] === '-n') {
    if (!spec(args[1], args[0])) return args[1] === undefined ? 2 : 1;
    i = 2;
  } else if (/^-./.test(args[0]!) && args[0] !== '--') {
    if (!spec(args[0]!.slice(1), args[0]!)) return 1;
    i = 1;
  }
  if (args[i] === '--') i++;
  if (i >= args.length) {
    io.stderr(utf8(USAGE));
    return 2;
  }
  let status = 0;
  for (const pid of args.slice(i)) {
    if (pid.startsWith('%')) {
      sh.diag(io, `kill: ${pid}: no such job`);
      status = 1;
    } else if (!/^-?[0-9]+$/.test(pid)) {
      sh.diag(io, `kill: ${pid}: arguments must be process or job IDs`);
      status = 1;
    } else if (pid !== sh.param('$')) {
      sh.diag(io, `kill: (${pid}) - No such process`);
      status = 1;
    } else if (signal !== 0 && !['CHLD', 'CONT', 'URG', 'WINCH'].includes(nameOf(signal) ?? '')) {
      throw new ExitSignal(128 + signal);
    }
  }
  return status;
};

/** jobs: there are none (background commands have finished before the next one starts). */
const jobs: Builtin = (sh, argv, io) => {
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue;
    sh.diag(io, `jobs: ${a}: no such job`);
    return 1;
  }
  return 0;
};

const disown: Builtin = (sh, argv, io) => {
  const specs = argv.slice(1).filter((a) => !/^-[arh]+$/.test(a));
  if (argv.slice(1).some((a) => /^-[arh]*a/.test(a))) return 0;
  for (const a of specs.length > 0 ? specs : ['current']) sh.diag(io, `disown: ${a}: no such job`);
  return 1;
};

/**
 * wait [-n] [-p VAR] [ID…]: the status of the jobs named by pid ($!), which bash remembers
 * after they end; -n takes the next job not yet taken; without IDs, 0. Job specs (%1) find
 * nothing: a non-interactive bash has forgotten finished jobs by then.
 */
const wait: Builtin = (sh, argv, io) => {
  const s = sh.state;
  const args = argv.slice(1);
  let next = false;
  let into: string | null = null;
  while (args[0] !== undefined && /^-[nfp]+$/.test(args[0])) {
    const a = args.shift()!;
    if (a.includes('n')) next = true;
    if (a.includes('p')) into = args.shift() ?? null;
  }
  if (next) {
    const job = s.jobs.find((j) => !j.taken);
    if (!job) return 127;
    job.taken = true;
    if (into !== null) sh.assign(into, String(job.pid));
    return job.status;
  }
  if (args.length === 0) {
    for (const j of s.jobs) j.taken = true;
    return 0;
  }
  let status = 0;
  for (const id of args) {
    const job = s.jobs.find((j) => String(j.pid) === id);
    if (job) {
      job.taken = true;
      status = job.status;
    } else if (/^%/.test(id)) {
      sh.diag(io, `wait: ${id}: no such job`);
      status = 127;
    } else if (/^[0-9]+$/.test(id)) {
      sh.diag(io, `wait: pid ${id} is not a child of this shell`);
      status = 127;
    } else {
      sh.diag(io, `wait: \`${id}': not a pid or valid job spec`);
      status = 1;
    }
  }
  return status;
};

export const jobBuiltins: ReadonlyArray<[string, Builtin]> = [
  ['wait', wait],
  ['kill', kill],
  ['jobs', jobs],
  ['disown', disown],
];
