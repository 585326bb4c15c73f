// Small commands about arguments and the environment: echo, printf, true, false, pwd, env,
// printenv, basename, dirname, sleep, yes, seq, which, whoami, hostname, nproc, uname.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  basenameOf,
  binToBytes,
  type Ctx,
  dirnameOf,
  has,
  parseOpts,
  printf,
  program,
  unescape,
  UsageError,
  value,
  values,
} from '../lib/index.ts';
import { everyProgram, findProgram } from '../../runtime/program-lookup.ts';

/** The shell's echo, as dash has it: escapes always, only -n. */
export const shellEcho: BuiltinProgram = program((c) => {
  let args = c.args;
  let newline = true;
  if (args[0] === '-n') {
    newline = false;
    args = args.slice(1);
  }
  const r = unescape(argToBin(args.join(' ')), true);
  c.out.bin(r.text + (newline && !r.stop ? '\n' : ''));
  return 0;
});

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
  const r = unescape(text, true);
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

const pwd = program((c) => {
  const p = parseOpts(c.args, { short: 'LP', long: { logical: 'L', physical: 'P' } });
  // GNU's pwd is -P unless told -L (the shell's own pwd is -L).
  const physical = p.opts.filter(([k]) => k === 'L' || k === 'P').pop()?.[0] !== 'L';
  c.out.text(`${physical ? c.fs.realpath(c.spec.cwd) : c.spec.cwd}\n`);
  return 0;
});

/** The shell's pwd: the logical working directory unless -P. */
export const shellPwd: BuiltinProgram = program((c) => {
  const p = parseOpts(c.args, { short: 'LP' });
  const physical = p.opts.filter(([k]) => k === 'L' || k === 'P').pop()?.[0] === 'P';
  c.out.text(`${physical ? c.fs.realpath(c.spec.cwd) : c.spec.cwd}\n`);
  return 0;
});

const env = program(async (c) => {
  const p = parseOpts(c.args, {
    short: 'iu:0C:',
    long: { ignore: 'i', 'ignore-environment': 'i', unset: 'u:', null: '0', chdir: 'C:' },
    stopAtOperand: true,
  });
  let vars = has(p, 'i') ? [] : [...c.spec.env];
  for (const name of values(p, 'u')) vars = vars.filter((kv) => !kv.startsWith(`${name}=`));
  const rest = [...p.operands];
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
    const end = has(p, '0') ? '\0' : '\n';
    c.out.text(vars.map((kv) => kv + end).join(''));
    return 0;
  }
  const dir = value(p, 'C');
  const cwd = dir === undefined ? c.spec.cwd : c.fs.realpath(dir);
  // With PATH gone from the new environment, execvp searches its default path, /bin:/usr/bin.
  if (!rest[0]!.includes('/') && !vars.some((kv) => kv.startsWith('PATH='))) {
    const found = findProgram(c.fs.volume, rest[0]!, c.spec.cwd, ['PATH=/bin:/usr/bin'], { executable: true });
    if (found.found) rest[0] = found.written;
  }
  return c.processes.spawn({ ...c.spec, argv: rest, env: vars, cwd });
});

const printenv = program((c) => {
  const p = parseOpts(c.args, { short: '0', long: { null: '0' } });
  const end = has(p, '0') ? '\0' : '\n';
  if (p.operands.length === 0) {
    c.out.text(c.spec.env.map((kv) => kv + end).join(''));
    return 0;
  }
  let status = 0;
  for (const name of p.operands) {
    const v = c.getenv(name);
    if (v === undefined) status = 1;
    else c.out.text(v + end);
  }
  return status;
});

const basename = program((c) => {
  const p = parseOpts(c.args, { short: 'as:z', long: { multiple: 'a', suffix: 's:', zero: 'z' } });
  const end = has(p, 'z') ? '\0' : '\n';
  const suffix = value(p, 's');
  if (p.operands.length === 0) throw new UsageError('missing operand');
  if (has(p, 'a') || suffix !== undefined) {
    c.out.text(p.operands.map((n) => basenameOf(n, suffix) + end).join(''));
    return 0;
  }
  if (p.operands.length > 2) throw new UsageError(`extra operand '${p.operands[2]}'`);
  c.out.text(basenameOf(p.operands[0]!, p.operands[1]) + end);
  return 0;
});

const dirname = program((c) => {
  const p = parseOpts(c.args, { short: 'z', long: { zero: 'z' } });
  if (p.operands.length === 0) throw new UsageError('missing operand');
  const end = has(p, 'z') ? '\0' : '\n';
  c.out.text(p.operands.map((n) => dirnameOf(n) + end).join(''));
  return 0;
});

/** sleep: checks its operands and returns at once; a RUN step gains nothing by waiting. */
const sleep = program((c) => {
  const p = parseOpts(c.args, { short: '' });
  if (p.operands.length === 0) throw new UsageError('missing operand');
  for (const a of p.operands) {
    if (!/^(\d+\.?\d*|\.\d+)([smhd]?)$|^inf(inity)?$/i.test(a)) throw new UsageError(`invalid time interval '${a}'`);
  }
  return 0;
});

/** yes: stops after 1 MiB, since pipelines here buffer each stage whole. */
const yes = program((c) => {
  const line = argToBin(c.args.length > 0 ? c.args.join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  const bytes = binToBytes(chunk);
  for (let total = 0; total < 1 << 20; total += bytes.byteLength) c.out.bytes(bytes);
  return 0;
});

function decimals(s: string): number {
  const m = /\.(\d*)/.exec(s);
  return m && !/e/i.test(s) ? m[1]!.length : 0;
}

const seq = program((c) => {
  const opts: string[] = [];
  const nums: string[] = [];
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]!;
    if (/^-[A-Za-z]/.test(a) || a.startsWith('--')) {
      opts.push(a);
      if (/^(-[sf]|--separator|--format)$/.test(a)) opts.push(c.args[++i] ?? '');
    } else nums.push(a);
  }
  const p = parseOpts(opts, { short: 's:f:w', long: { separator: 's:', format: 'f:', 'equal-width': 'w' } });
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
  const sep = argToBin(value(p, 's') ?? '\n');
  const fmt = value(p, 'f');
  const prec = Math.max(decimals(first), decimals(inc));
  const items: string[] = [];
  for (let i = 0; ; i++) {
    const v = a + i * step;
    if (step > 0 ? v > z + 1e-10 : v < z - 1e-10) break;
    items.push(fmt !== undefined ? printf(argToBin(fmt), [String(v)], (m) => c.warn(m)).out : v.toFixed(prec));
    if (items.length > 10_000_000) break;
  }
  if (has(p, 'w') && fmt === undefined) {
    const width = Math.max(...items.map((s) => s.length));
    for (let i = 0; i < items.length; i++) {
      const s = items[i]!;
      items[i] = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
    }
  }
  if (items.length > 0) c.out.bin(items.join(sep) + '\n');
  return 0;
});

/** Where `which` finds a name: a path as it is, else the first executable file on PATH. */
function which(c: Ctx, name: string): string[] {
  const found = findProgram(c.fs.volume, name, c.spec.cwd, c.spec.env, { executable: true });
  return found.found ? [found.written] : [];
}

const whichCommand = program((c) => {
  const p = parseOpts(c.args, { short: 'as' });
  let status = 0;
  for (const name of p.operands) {
    const found = has(p, 'a') ? everyProgram(c.fs.volume, name, c.spec.cwd, c.spec.env) : which(c, name);
    if (found.length === 0) status = 1;
    else if (!has(p, 's')) c.out.text(found.map((f) => `${f}\n`).join(''));
  }
  return status;
});

const constant = (text: string): BuiltinProgram =>
  program((c) => {
    c.out.text(text);
    return 0;
  });

const uname = program((c) => {
  const p = parseOpts(c.args, {
    short: 'asnrvmpio',
    long: { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm' },
  });
  // A WASI run: the "kernel" is the preview1 host, the machine wasm32.
  const fields: Array<[string, string]> = [
    ['s', 'WASI'],
    ['n', 'buildkitsandbox'],
    ['r', 'preview1'],
    ['v', 'wasi_snapshot_preview1'],
    ['m', 'wasm32'],
    ['o', 'WASI'],
  ];
  const all = has(p, 'a');
  const picked = fields.filter(([k]) => all || has(p, k));
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
  ['which', whichCommand],
  ['whoami', constant('root\n')],
  ['hostname', constant('buildkitsandbox\n')],
  ['nproc', constant('1\n')],
  ['uname', uname],
];
