// The shell's own commands (XCU 2.14 special built-ins, and the regular built-ins that must
// change the shell itself: cd, read, local, …), with dash's messages.
import type { Shell } from './eval.ts';
import { Io } from './redirect.ts';
import { fromUtf8, logical, parseInteger, utf8 } from '../lib/index.ts';
import { ExitSignal, LoopSignal, NAME, OPTION_FLAGS, ReturnSignal, ShellError, type ShellOptions } from './state.ts';
import { findProgram } from '../../runtime/program-lookup.ts';

export type Builtin = (sh: Shell, argv: string[], io: Io) => Promise<number> | number;

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  '{',
  '}',
  '!',
  'in',
]);

/** Quotes a word for the shell to read back (set -x, export -p, set), bare when safe. */
export function quote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const print = (io: Io, text: string): void => io.stdout(utf8(text));

/** A number argument of exit, return, shift, break: dash stops the shell on a bad one. */
function number(name: string, arg: string | undefined, fallback: number): number {
  if (arg === undefined) return fallback;
  if (!/^[0-9]+$/.test(arg)) throw new ShellError(`${name}: Illegal number: ${arg}`);
  return Number(arg);
}

function loop(kind: 'break' | 'continue'): Builtin {
  return (sh, argv) => {
    const n = number(kind, argv[1], 1);
    if (n === 0) throw new ShellError(`${kind}: Illegal number: ${argv[1]}`);
    if (sh.state.loopDepth === 0) return 0;
    throw new LoopSignal(kind, Math.min(n, sh.state.loopDepth));
  };
}

async function dot(sh: Shell, argv: string[], io: Io): Promise<number> {
  const file = argv[1];
  if (file === undefined) return 0;
  const fs = sh.fs();
  // A name without "/" is looked for on PATH (any file will do), then where the shell stands.
  const path = sh.param('PATH');
  const found = findProgram(sh.processes.volume, file, sh.state.cwd, path === undefined ? [] : [`PATH=${path}`]);
  let src: string;
  try {
    src = fromUtf8(fs.readFile(found.found ? found.written : file));
  } catch {
    throw new ShellError(`${argv[0]}: cannot open ${file}: No such file`);
  }
  const args = argv.slice(2);
  const saved = sh.state.positional;
  if (args.length > 0) sh.state.positional = args;
  try {
    return await sh.source(src, io);
  } finally {
    if (args.length > 0) sh.state.positional = saved;
  }
}

async function evalBuiltin(sh: Shell, argv: string[], io: Io): Promise<number> {
  return sh.source(argv.slice(1).join(' '), io, sh.state.line);
}

async function exec(sh: Shell, argv: string[], io: Io): Promise<number> {
  if (argv.length === 1) return 0; // redirections only: applied to the shell by the caller
  throw new ExitSignal(await sh.dispatch(argv.slice(1), [], io, true));
}

function exit(sh: Shell, argv: string[]): number {
  throw new ExitSignal(number('exit', argv[1], sh.state.status) & 255);
}

function returnBuiltin(sh: Shell, argv: string[]): number {
  throw new ReturnSignal(number('return', argv[1], sh.state.status) & 255);
}

function exportOrReadonly(kind: 'export' | 'readonly'): Builtin {
  return (sh, argv, io) => {
    const s = sh.state;
    const names = argv.slice(1).filter((a) => a !== '-p');
    if (names.length === 0) {
      const out = [...s.vars]
        .filter(([, v]) => (kind === 'export' ? v.exported : v.readonly))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${kind} ${k}=${quote(v.value)}\n`);
      print(io, out.join(''));
      return 0;
    }
    for (const arg of names) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!NAME.test(name)) throw new ShellError(`${kind}: ${name}: bad variable name`);
      if (eq >= 0) sh.assign(name, arg.slice(eq + 1));
      const v = s.vars.get(name);
      if (!v) {
        if (kind === 'export') s.exportLater.add(name);
        else s.vars.set(name, { value: '', exported: false, readonly: true });
      } else if (kind === 'export') v.exported = true;
      else v.readonly = true;
    }
    return 0;
  };
}

function set(sh: Shell, argv: string[], io: Io): number {
  const s = sh.state;
  if (argv.length === 1) {
    const out = [...s.vars]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${quote(v.value)}\n`);
    print(io, out.join(''));
    return 0;
  }
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      s.positional = argv.slice(i + 1);
      return 0;
    }
    if (a === '-') {
      s.options.xtrace = false;
      s.options.verbose = false;
      s.positional = argv.slice(i + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      const name = argv[++i];
      if (name === undefined) {
        const lines = OPTION_FLAGS.map(([n]) =>
          a === '-o' ? `${n.padEnd(16)}${s.options[n] ? 'on' : 'off'}\n` : `set ${s.options[n] ? '-o' : '+o'} ${n}\n`,
        );
        print(io, lines.join(''));
        continue;
      }
      const opt = OPTION_FLAGS.find(([n]) => n === name);
      if (!opt) throw new ShellError(`set: Illegal option -o ${name}`);
      s.options[opt[0]] = a === '-o';
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        const opt = OPTION_FLAGS.find(([, f]) => f === c);
        if (!opt) throw new ShellError(`set: Illegal option ${a[0]}${c}`);
        s.options[opt[0] as keyof ShellOptions] = a[0] === '-';
      }
      continue;
    }
    s.positional = argv.slice(i);
    return 0;
  }
  return 0;
}

function shift(sh: Shell, argv: string[]): number {
  const n = number('shift', argv[1], 1);
  if (n > sh.state.positional.length) throw new ShellError(`shift: can't shift that many`);
  sh.state.positional = sh.state.positional.slice(n);
  return 0;
}

const SIGNALS = new Set([
  'EXIT',
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
]);

/** Only the EXIT trap ever runs: nothing sends a RUN step signals. Others are kept for `trap`. */
function trap(sh: Shell, argv: string[], io: Io): number {
  const traps = sh.state.traps;
  if (argv.length === 1) {
    print(io, [...traps].map(([sig, cmd]) => `trap -- ${quote(cmd)} ${sig}\n`).join(''));
    return 0;
  }
  let args = argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  const reset = args[0] === '-' || /^[0-9]+$/.test(args[0]!);
  const action = reset ? null : args[0]!;
  const sigs = reset && args[0] !== '-' ? args : args.slice(1);
  let status = 0;
  for (const raw of sigs) {
    const name = raw === '0' ? 'EXIT' : raw.toUpperCase().replace(/^SIG/, '');
    const byNumber: Record<string, string> = { '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '15': 'TERM' };
    const sig = byNumber[name] ?? name;
    if (!SIGNALS.has(sig)) {
      io.stderr(utf8(`${sh.state.arg0}: ${sh.state.line}: trap: ${raw}: bad trap\n`));
      status = 1;
      continue;
    }
    if (action === null) traps.delete(sig);
    else traps.set(sig, action);
  }
  return status;
}

function unset(sh: Shell, argv: string[]): number {
  let functions = false;
  for (const a of argv.slice(1)) {
    if (a === '-f') functions = true;
    else if (a === '-v') functions = false;
    else if (functions) sh.state.functions.delete(a);
    else if (!sh.state.unset(a)) throw new ShellError(`unset: ${a}: is read only`);
  }
  return 0;
}

function cd(sh: Shell, argv: string[], io: Io): number {
  const s = sh.state;
  const args = argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
  let dir = args[0] ?? sh.param('HOME');
  if (dir === undefined || dir === '') return 0;
  const back = dir === '-';
  if (back) dir = sh.param('OLDPWD') ?? s.cwd;
  const target = logical(dir.startsWith('/') ? dir : `${s.cwd}/${dir}`);
  if (sh.fs().lookup(target)?.kind !== 'dir') {
    sh.diag(io, `cd: can't cd to ${dir}`);
    return 2;
  }
  const old = s.cwd;
  s.cwd = target;
  s.set('OLDPWD', old);
  s.set('PWD', target, true);
  if (back) print(io, `${target}\n`);
  return 0;
}

/** What a name would run: for `command -v` and `type`. */
function describe(
  sh: Shell,
  name: string,
): { kind: 'keyword' | 'function' | 'builtin' | 'special' | 'file'; path?: string } | null {
  if (RESERVED.has(name)) return { kind: 'keyword' };
  if (sh.state.functions.has(name)) return { kind: 'function' };
  if (SPECIAL_BUILTINS.has(name)) return { kind: 'special' };
  if (REGULAR_BUILTINS.has(name) || sh.hooks.inProcess.has(name)) return { kind: 'builtin' };
  const found = sh.find(name, sh.param('PATH'));
  return found.found ? { kind: 'file', path: found.written } : null;
}

async function command(sh: Shell, argv: string[], io: Io): Promise<number> {
  let i = 1;
  let mode: '' | 'v' | 'V' = '';
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.includes('v')) mode = 'v';
    if (a.includes('V')) mode = 'V';
  }
  const rest = argv.slice(i);
  if (rest.length === 0) return 0;
  if (mode === '') return sh.dispatch(rest, [], io, true);
  let status = 0;
  for (const name of rest) {
    const d = describe(sh, name);
    if (!d) {
      if (mode === 'V') io.stderr(utf8(`${name}: not found\n`));
      status = 127;
    } else if (mode === 'v') print(io, `${d.path ?? name}\n`);
    else print(io, typeLine(name, d));
  }
  return mode === 'v' && status ? 1 : status;
}

function typeLine(name: string, d: NonNullable<ReturnType<typeof describe>>): string {
  switch (d.kind) {
    case 'keyword':
      return `${name} is a shell keyword\n`;
    case 'function':
      return `${name} is a shell function\n`;
    case 'special':
      return `${name} is a special shell builtin\n`;
    case 'builtin':
      return `${name} is a shell builtin\n`;
    case 'file':
      return `${name} is ${d.path}\n`;
  }
}

function type(sh: Shell, argv: string[], io: Io): number {
  let status = 0;
  for (const name of argv.slice(1)) {
    const d = describe(sh, name);
    if (d) print(io, typeLine(name, d));
    else {
      print(io, `${name}: not found\n`);
      status = 127;
    }
  }
  return status;
}

/** read [-r] [-p prompt] [name…]: one line of standard input, split on IFS. */
function read(sh: Shell, argv: string[], io: Io): number {
  let raw = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-r') raw = true;
    else if (a === '-p') io.stderr(utf8(argv[++i] ?? ''));
    else if (a === '--') {
      i++;
      break;
    } else break;
  }
  const names = argv.slice(i);
  if (names.length === 0) names.push('REPLY');
  for (const n of names) if (!NAME.test(n)) throw new ShellError(`read: ${n}: bad variable name`);
  const bytes: number[] = [];
  let eof = false;
  const stdin = io.stdin;
  for (;;) {
    const b = stdin.read(1);
    if (b.byteLength === 0) {
      eof = true;
      break;
    }
    const c = b[0]!;
    if (c === 0x0a) break;
    if (c === 0x5c && !raw) {
      const n = stdin.read(1);
      if (n.byteLength === 0) {
        eof = true;
        break;
      }
      if (n[0] === 0x0a) continue; // line continuation
      bytes.push(0x5c, n[0]!); // marks an escaped byte, resolved below
      continue;
    }
    bytes.push(c);
  }
  const line = fromUtf8(new Uint8Array(bytes));
  const values = splitRead(line, names.length, sh.param('IFS') ?? ' \t\n', raw);
  names.forEach((n, k) => sh.assign(n, values[k] ?? ''));
  return eof ? 1 : 0;
}

/** Splits a line read by `read` into `count` fields, the last taking the rest of the line. */
export function splitRead(line: string, count: number, ifs: string, raw: boolean): string[] {
  const white = (c: string): boolean => ifs.includes(c) && ' \t\n'.includes(c);
  const delim = (c: string): boolean => ifs.includes(c);
  const out: string[] = [];
  let i = 0;
  while (i < line.length && white(line[i]!)) i++;
  for (let k = 0; k < count - 1 && i < line.length; k++) {
    let field = '';
    while (i < line.length && !delim(line[i]!)) {
      if (!raw && line[i] === '\\' && i + 1 < line.length) i++;
      field += line[i++];
    }
    out.push(field);
    let sawOther = false;
    while (i < line.length && delim(line[i]!)) {
      if (!white(line[i]!)) {
        if (sawOther) break;
        sawOther = true;
      }
      i++;
    }
  }
  if (i < line.length || out.length < count) {
    let rest = line.slice(i);
    let end = rest.length;
    while (end > 0 && white(rest[end - 1]!)) end--;
    rest = rest.slice(0, end);
    out.push(raw ? rest : rest.replace(/\\([\s\S])/g, '$1'));
  }
  return out;
}

function umask(sh: Shell, argv: string[], io: Io): number {
  const arg = argv.slice(1).find((a) => a !== '-S');
  if (arg === undefined) {
    print(io, `${sh.state.umask.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  if (!/^[0-7]{1,4}$/.test(arg)) {
    sh.diag(io, `umask: Illegal number: ${arg}`);
    return 2;
  }
  sh.state.umask = parseInt(arg, 8);
  return 0;
}

function local(sh: Shell, argv: string[]): number {
  const s = sh.state;
  const frame = s.locals[s.locals.length - 1];
  if (!frame) throw new ShellError('local: not in a function');
  for (const arg of argv.slice(1)) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!NAME.test(name)) throw new ShellError(`local: ${name}: bad variable name`);
    const v = s.vars.get(name);
    if (!frame.has(name)) frame.set(name, v ? { ...v } : undefined);
    if (eq >= 0) sh.assign(name, arg.slice(eq + 1));
  }
  return 0;
}

/** getopts optstring name [arg…] (XCU getopts), tracking OPTIND as sh does. */
function getopts(sh: Shell, argv: string[], io: Io): number {
  const spec = argv[1];
  const name = argv[2];
  if (spec === undefined || name === undefined) throw new ShellError('getopts: usage: getopts optstring var [arg...]');
  const args = argv.length > 3 ? argv.slice(3) : sh.state.positional;
  const silent = spec.startsWith(':');
  const opts = silent ? spec.slice(1) : spec;
  const ind = Number(parseInteger(sh.param('OPTIND') ?? '1') ?? 1n);
  const sub = Number(sh.param('__GETOPTS_SUB') ?? '1');
  const arg = args[ind - 1];
  const done = (): number => {
    sh.assign(name, '?');
    sh.state.unset('__GETOPTS_SUB');
    return 1;
  };
  if (arg === undefined || arg === '-' || !arg.startsWith('-')) return done();
  if (arg === '--') {
    sh.assign('OPTIND', String(ind + 1));
    return done();
  }
  const c = arg[sub]!;
  const next = (): void => {
    if (sub + 1 < arg.length) sh.assign('__GETOPTS_SUB', String(sub + 1));
    else {
      sh.state.unset('__GETOPTS_SUB');
      sh.assign('OPTIND', String(ind + 1));
    }
  };
  const at = opts.indexOf(c);
  if (at < 0 || c === ':') {
    next();
    sh.assign(name, '?');
    if (silent) sh.assign('OPTARG', c);
    else {
      sh.state.unset('OPTARG');
      io.stderr(utf8(`Illegal option -${c}\n`));
    }
    return 0;
  }
  if (opts[at + 1] === ':') {
    let value: string | undefined;
    if (sub + 1 < arg.length) {
      value = arg.slice(sub + 1);
      sh.assign('OPTIND', String(ind + 1));
    } else {
      value = args[ind];
      sh.assign('OPTIND', String(ind + 2));
    }
    sh.state.unset('__GETOPTS_SUB');
    if (value === undefined) {
      if (silent) {
        sh.assign(name, ':');
        sh.assign('OPTARG', c);
      } else {
        sh.assign(name, '?');
        io.stderr(utf8(`No arg for -${c} option\n`));
      }
      return 0;
    }
    sh.assign('OPTARG', value);
  } else {
    next();
    sh.state.unset('OPTARG');
  }
  sh.assign(name, c);
  return 0;
}

export const SPECIAL_BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  [':', () => 0],
  ['.', dot],
  ['source', dot],
  ['break', loop('break')],
  ['continue', loop('continue')],
  ['eval', evalBuiltin],
  ['exec', exec],
  ['exit', exit],
  ['export', exportOrReadonly('export')],
  ['readonly', exportOrReadonly('readonly')],
  ['return', returnBuiltin],
  ['set', set],
  ['shift', shift],
  ['trap', trap],
  ['unset', unset],
]);

export const REGULAR_BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['cd', cd],
  ['command', command],
  ['type', type],
  ['read', read],
  ['umask', umask],
  ['local', local],
  ['getopts', getopts],
  // No jobs run in the background here, and there is no command hash table.
  ['wait', () => 0],
  ['hash', () => 0],
  ['ulimit', (_sh, argv, io) => (argv.length <= 2 ? (print(io, 'unlimited\n'), 0) : 0)],
]);
