// Small commands about arguments and the environment: echo, printf, true, false, pwd, env,
// printenv, basename, dirname, sleep, yes, seq, whoami, nproc, uname; and hostname (Debian's
// hostname package: one line here did not make a folder of its own).
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  basenameOf,
  binToBytes,
  dirnameOf,
  ECHO_ESCAPES,
  Failure,
  MACHINE,
  NO_OPTIONS,
  opt,
  options,
  pause,
  printf,
  program,
  q,
  unescape,
  UsageError,
} from '../lib/index.ts';
import { findProgram } from '../../runtime/program-lookup.ts';

/** /bin/echo, as GNU coreutils has it: -n, -e, -E; no escapes unless -e. */
const echo = program((c) => {
  let i = 0;
  let newline = true;
  let escapes = false;
  for (; i < c.args.length && /^-[neE]+$/.test(c.args[i]!); i++) {
    for (const f of c.args[i]!.slice(1)) {
      if (f === 'n') newline = false;
      else escapes = f === 'e';
    }
  }
  const text = argToBin(c.args.slice(i).join(' '));
  if (!escapes) {
    c.out.bin(text + (newline ? '\n' : ''));
    return 0;
  }
  const r = unescape(text, ECHO_ESCAPES);
  c.out.bin(r.text + (newline && !r.stop ? '\n' : ''));
  return 0;
});

const printfCommand = program((c) => {
  let args = c.args;
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) throw new UsageError('missing operand');
  const r = printf(argToBin(args[0]!), args.slice(1).map(argToBin), (m) => c.warn(m));
  c.out.bin(r.out);
  return r.bad ? 1 : 0;
});

// GNU's pwd is -P unless told -L (the shell's own pwd is -L).
const PWD = options({ physical: opt.choice(true, { L: false, logical: false, P: true, physical: true }) });

const pwd = program((c) => {
  const { opts } = PWD.parse(c.args);
  c.out.text(`${opts.physical ? c.fs.realpath(c.spec.cwd) : c.spec.cwd}\n`);
  return 0;
});

const ENV = options(
  {
    ignoreEnvironment: opt.flag('i', 'ignore', 'ignore-environment'),
    unset: opt.args('u', 'unset'),
    null: opt.flag('0', 'null'),
    chdir: opt.arg('C', 'chdir'),
  },
  { stopAtOperand: true },
);

// env's own troubles, bad usage included, exit 125: 126 and 127 are for the command it runs.
const env = program(async (c) => {
  const { opts, operands } = ENV.parse(c.args);
  let vars = opts.ignoreEnvironment ? [] : [...c.spec.env];
  for (const name of opts.unset) vars = vars.filter((kv) => !kv.startsWith(`${name}=`));
  const rest = [...operands];
  if (c.args.includes('-') && rest[0] === '-') {
    rest.shift();
    vars = [];
  }
  while (rest.length > 0 && /^[^=]+=/.test(rest[0]!)) {
    const kv = rest.shift()!;
    const key = kv.slice(0, kv.indexOf('='));
    vars = [...vars.filter((e) => !e.startsWith(`${key}=`)), kv];
  }
  if (rest.length === 0) {
    const end = opts.null ? '\0' : '\n';
    c.out.text(vars.map((kv) => kv + end).join(''));
    return 0;
  }
  const dir = opts.chdir;
  const cwd = dir === undefined ? c.spec.cwd : c.fs.realpath(dir);
  // With PATH gone from the new environment, execvp searches its default path, /bin:/usr/bin.
  if (!rest[0]!.includes('/') && !vars.some((kv) => kv.startsWith('PATH='))) {
    const found = findProgram(c.fs.volume, rest[0]!, c.spec.cwd, ['PATH=/bin:/usr/bin'], { executable: true });
    if (found.found) rest[0] = found.written;
  }
  return c.processes.spawn({ ...c.spec, argv: rest, env: vars, cwd });
}, 125);

const PRINTENV = options({ null: opt.flag('0', 'null') });

// printenv's bad usage exits 2: 1 means a variable was not set.
const printenv = program((c) => {
  const { opts, operands } = PRINTENV.parse(c.args);
  const end = opts.null ? '\0' : '\n';
  if (operands.length === 0) {
    c.out.text(c.spec.env.map((kv) => kv + end).join(''));
    return 0;
  }
  let status = 0;
  for (const name of operands) {
    const v = c.getenv(name);
    if (v === undefined) status = 1;
    else c.out.text(v + end);
  }
  return status;
}, 2);

const BASENAME = options({
  multiple: opt.flag('a', 'multiple'),
  suffix: opt.arg('s', 'suffix'),
  zero: opt.flag('z', 'zero'),
});

const basename = program((c) => {
  const { opts, operands } = BASENAME.parse(c.args);
  const end = opts.zero ? '\0' : '\n';
  const suffix = opts.suffix;
  if (operands.length === 0) throw new UsageError('missing operand');
  if (opts.multiple || suffix !== undefined) {
    c.out.text(operands.map((n) => basenameOf(n, suffix) + end).join(''));
    return 0;
  }
  if (operands.length > 2) throw new UsageError(`extra operand '${operands[2]}'`);
  c.out.text(basenameOf(operands[0]!, operands[1]) + end);
  return 0;
});

const DIRNAME = options({ zero: opt.flag('z', 'zero') });

const dirname = program((c) => {
  const { opts, operands } = DIRNAME.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  const end = opts.zero ? '\0' : '\n';
  c.out.text(operands.map((n) => dirnameOf(n) + end).join(''));
  return 0;
});

const SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * sleep: checks its operands and returns at once, a RUN step gains nothing by waiting; the time
 * it stands for still counts towards a timeout(1) around it (lib/inherited.ts).
 */
const sleep = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  let seconds = 0;
  for (const a of operands) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$|^inf(inity)?$/i.exec(a);
    if (!m) throw new UsageError(`invalid time interval '${a}'`);
    seconds += m[1] === undefined ? Infinity : Number(m[1]) * SECONDS[m[2]!]!;
  }
  pause(c.processes, seconds * 1000);
  return 0;
});

/** yes: stops after 1 MiB, since pipelines here buffer each stage whole. */
const yes = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  const line = argToBin(operands.length > 0 ? operands.join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  const bytes = binToBytes(chunk);
  for (let total = 0; total < 1 << 20; total += bytes.byteLength) c.out.bytes(bytes);
  return 0;
});

function decimals(s: string): number {
  const m = /\.(\d*)/.exec(s);
  return m && !/e/i.test(s) ? m[1]!.length : 0;
}

const SEQ = options({
  separator: opt.arg('s', 'separator'),
  format: opt.arg('f', 'format'),
  equalWidth: opt.flag('w', 'equal-width'),
});

const seq = program((c) => {
  const opts: string[] = [];
  const nums: string[] = [];
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]!;
    // As GNU's seq: a dash before a digit or a point is a negative number, else an option.
    if (/^-[^.\d]/.test(a)) {
      opts.push(a);
      if (/^(-[sf]|--separator|--format)$/.test(a)) opts.push(c.args[++i] ?? '');
    } else nums.push(a);
  }
  const o = SEQ.parse(opts).opts;
  if (nums.length === 0) throw new UsageError('missing operand');
  if (nums.length > 3) throw new UsageError(`extra operand '${nums[3]}'`);
  for (const n of nums) {
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(n))
      throw new UsageError(`invalid floating point argument: '${n}'`);
  }
  const [first, inc, last] =
    nums.length === 1
      ? ['1', '1', nums[0]!]
      : nums.length === 2
        ? [nums[0]!, '1', nums[1]!]
        : (nums as [string, string, string]);
  const a = Number(first);
  const step = Number(inc);
  const z = Number(last);
  if (step === 0) throw new UsageError(`invalid Zero increment value: '${inc}'`);
  const sep = argToBin(o.separator ?? '\n');
  const fmt = o.format;
  const prec = Math.max(decimals(first), decimals(inc));
  const items: string[] = [];
  for (let i = 0; ; i++) {
    const v = a + i * step;
    if (step > 0 ? v > z + 1e-10 : v < z - 1e-10) break;
    items.push(fmt !== undefined ? printf(argToBin(fmt), [String(v)], (m) => c.warn(m)).out : v.toFixed(prec));
    if (items.length > 10_000_000) break;
  }
  if (o.equalWidth && fmt === undefined) {
    const width = Math.max(...items.map((s) => s.length));
    for (let i = 0; i < items.length; i++) {
      const s = items[i]!;
      items[i] = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
    }
  }
  if (items.length > 0) c.out.bin(items.join(sep) + '\n');
  return 0;
});

/** A command that takes no options or operands and prints `text`. */
const constant = (text: string): BuiltinProgram =>
  program((c) => {
    const { operands } = NO_OPTIONS.parse(c.args);
    if (operands.length > 0) throw new UsageError(`extra operand ${q(operands[0]!)}`);
    c.out.text(text);
    return 0;
  });

const NPROC = options({ all: opt.flag('all'), ignore: opt.arg('ignore') });

/** nproc: one processor, as the Worker a build runs in has; --ignore=N still leaves one. */
const nproc = program((c) => {
  const { opts, operands } = NPROC.parse(c.args);
  if (operands.length > 0) throw new UsageError(`extra operand ${q(operands[0]!)}`);
  if (opts.ignore !== undefined && !/^\s*\+?\d+$/.test(opts.ignore))
    throw new Failure(`invalid number: ${q(opts.ignore)}`);
  c.out.text('1\n');
  return 0;
});

const UNAME = options({
  all: opt.flag('a', 'all'),
  s: opt.flag('s', 'kernel-name'),
  n: opt.flag('n', 'nodename'),
  r: opt.flag('r', 'kernel-release'),
  v: opt.flag('v', 'kernel-version'),
  m: opt.flag('m', 'machine'),
  p: opt.flag('p'),
  i: opt.flag('i'),
  o: opt.flag('o'),
});

const uname = program((c) => {
  const { opts } = UNAME.parse(c.args);
  // A WASI run: the "kernel" is the preview1 host, the machine wasm32.
  const fields: Array<[keyof typeof opts, string]> = [
    ['s', 'WASI'],
    ['n', 'buildkitsandbox'],
    ['r', 'preview1'],
    ['v', 'wasi_snapshot_preview1'],
    ['m', MACHINE],
    ['o', 'WASI'],
  ];
  const picked = fields.filter(([k]) => opts.all || opts[k]);
  c.out.text(`${(picked.length > 0 ? picked : [fields[0]!]).map(([, v]) => v).join(' ')}\n`);
  return 0;
});

export const basicPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['echo', echo],
  ['printf', printfCommand],
  ['true', async () => 0],
  ['false', async () => 1],
  ['pwd', pwd],
  ['env', env],
  ['printenv', printenv],
  ['basename', basename],
  ['dirname', dirname],
  ['sleep', sleep],
  ['yes', yes],
  ['seq', seq],
  ['whoami', constant('root\n')],
  ['hostname', constant('buildkitsandbox\n')],
  ['nproc', nproc],
  ['uname', uname],
];
