// bash's built-ins that run the shell itself: set, shopt, trap, eval, source, exit, return,
// break and continue, shift, exec, command, builtin, type, caller, let, cd, pwd, getopts, hash,
// umask, alias, with bash's options and messages (`bash: line 1: cd: x: No such file or
// directory`, usage lines as bash prints them).
// https://www.gnu.org/software/bash/manual/html_node/Bourne-Shell-Builtins.html
import type { Builtin } from '../sh/builtins.ts';
import { REGULAR_BUILTINS, SPECIAL_BUILTINS } from '../sh/builtins.ts';
import type { Shell } from '../sh/eval.ts';
import type { Io } from '../sh/redirect.ts';
import { ExitSignal, LoopSignal, ReturnSignal, ShellError } from '../sh/state.ts';
import { findProgram, everyProgram } from '../../runtime/program-lookup.ts';
import { fromUtf8, logical, parseMode, utf8 } from '../lib/index.ts';
import { KEYWORDS } from './keywords.ts';
import { functionText } from './print.ts';
import { optionOfLetter, optionOn, setOption, SET_OPTIONS, SHOPT_OPTIONS } from './options.ts';
import { quoteReusable, singleQuote } from './quote.ts';
import { SIGNALS } from './signals.ts';
import type { BashShell } from './shell.ts';

const print = (io: Io, text: string): void => io.stdout(utf8(text));

function ext(sh: Shell): BashShell {
  return sh.ext as BashShell;
}

/** bash's usage line after a bad option: `NAME: usage: …`, status 2. */
function usage(io: Io, name: string, text: string): number {
  io.stderr(utf8(`${name}: usage: ${text}\n`));
  return 2;
}

/** A number argument (exit, return, shift, break): null when it is not one. */
function number(arg: string): number | null {
  return /^\s*[-+]?[0-9]+\s*$/.test(arg) ? Number(arg) : null;
}

/**
 * bash's no_args: a second argument to exit, return, shift, break or continue discards the
 * command, and a `bash -c` string with it.
 */
function noArgs(name: string, argv: readonly string[]): void {
  if (argv.length > 2) throw new ShellError(`${name}: too many arguments`, 1, true, true);
}

const exit: Builtin = (sh, argv, io) => {
  if (argv[1] === undefined) throw new ExitSignal(sh.state.status & 255);
  const n = number(argv[1]);
  if (n === null) {
    sh.diag(io, `exit: ${argv[1]}: numeric argument required`);
    throw new ExitSignal(2);
  }
  noArgs('exit', argv);
  throw new ExitSignal(n & 255);
};

const returnBuiltin: Builtin = (sh, argv, io) => {
  if (sh.state.locals.length === 0 && sh.state.sourcing === 0) {
    sh.diag(io, "return: can only `return' from a function or sourced script");
    return 2;
  }
  if (argv[1] === undefined) throw new ReturnSignal(sh.state.status & 255);
  const n = number(argv[1]);
  if (n === null) {
    sh.diag(io, `return: ${argv[1]}: numeric argument required`);
    throw new ReturnSignal(2);
  }
  noArgs('return', argv);
  throw new ReturnSignal(n & 255);
};

function loop(kind: 'break' | 'continue'): Builtin {
  return (sh, argv, io) => {
    let n = 1;
    if (argv[1] !== undefined) {
      const v = number(argv[1]);
      if (v === null) {
        sh.diag(io, `${kind}: ${argv[1]}: numeric argument required`);
        return 1;
      }
      noArgs(kind, argv);
      if (v < 1) {
        sh.diag(io, `${kind}: ${v}: loop count out of range`);
        return 1;
      }
      n = v;
    }
    if (sh.state.loopDepth === 0) {
      sh.diag(io, `${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    throw new LoopSignal(kind, Math.min(n, sh.state.loopDepth));
  };
}

const shift: Builtin = (sh, argv, io) => {
  const n = argv[1] === undefined ? 1 : number(argv[1]);
  if (n === null) {
    sh.diag(io, `shift: ${argv[1]}: numeric argument required`);
    return 1;
  }
  noArgs('shift', argv);
  if (n < 0) {
    sh.diag(io, `shift: ${argv[1]}: shift count out of range`);
    return 1;
  }
  if (n > sh.state.positional.length) return 1;
  sh.state.positional = sh.state.positional.slice(n);
  return 0;
};

const evalBuiltin: Builtin = async (sh, argv, io) => {
  let src = argv.slice(1).join(' ');
  if (src === '') return 0;
  if (!src.endsWith('\n')) src += '\n';
  return sh.source(src, io, sh.state.line, { where: `${sh.where()}: eval`, fatal: false });
};

const source: Builtin = async (sh, argv, io) => {
  const name = argv[0]!;
  const file = argv[1] === '--' ? argv[2] : argv[1];
  if (file === undefined) {
    sh.diag(io, `${name}: filename argument required`);
    return usage(io, name, `${name} filename [arguments]`);
  }
  const s = sh.state;
  let path = file;
  if (!file.includes('/') && s.shopt.has('sourcepath')) {
    const pathVar = sh.param('PATH');
    const found = findProgram(sh.processes.volume, file, s.cwd, pathVar === undefined ? [] : [`PATH=${pathVar}`]);
    if (found.found) path = found.written;
  }
  let text: string;
  try {
    text = fromUtf8(sh.fs().readFile(path));
  } catch {
    sh.diag(io, `${file}: No such file or directory`);
    return 1;
  }
  const args = argv.slice(argv[1] === '--' ? 3 : 2);
  const savedArgs = s.positional;
  const savedFile = s.file;
  if (args.length > 0) s.positional = args;
  s.file = file;
  s.sourcing++;
  const leave = ext(sh).enterSource(file);
  try {
    return await sh.source(text, io, 1, { where: file, fatal: false });
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    leave();
    s.sourcing--;
    s.file = savedFile;
    if (args.length > 0) s.positional = savedArgs;
  }
};

const exec: Builtin = async (sh, argv, io) => {
  let i = 1;
  while (/^-[cl]+$/.test(argv[i] ?? '') || argv[i] === '-a') i += argv[i] === '-a' ? 2 : 1;
  if (argv[i] === '--') i++;
  const rest = argv.slice(i);
  if (rest.length === 0) return 0;
  if (lookupCommand(sh, rest[0]!).length === 0) {
    sh.diag(io, `exec: ${rest[0]}: not found`);
    throw new ExitSignal(127);
  }
  throw new ExitSignal(await sh.dispatch(rest, [], io, true));
};

/** Trap names in the order `trap` lists them: EXIT, the signals by number, then bash's own. */
const TRAP_ORDER = [...SIGNALS, 'DEBUG', 'ERR', 'RETURN'];

function signalName(raw: string): string | null {
  if (/^[0-9]+$/.test(raw)) return SIGNALS[Number(raw)] ?? null;
  const name = raw.toUpperCase().replace(/^SIG/, '');
  return TRAP_ORDER.includes(name) ? name : null;
}

/** Only EXIT, ERR and RETURN ever run: nothing sends a RUN step signals. Others are kept for `trap`. */
const trap: Builtin = (sh, argv, io) => {
  const traps = sh.state.traps;
  let args = argv.slice(1);
  const list = (names: string[]): void => {
    for (const sig of TRAP_ORDER) {
      const cmd = traps.get(sig);
      if (cmd !== undefined && (names.length === 0 || names.includes(sig)))
        print(io, `trap -- ${singleQuote(cmd)} ${sig}\n`);
    }
  };
  if (args[0] === '-p') {
    list(args.slice(1).map((a) => signalName(a) ?? a));
    return 0;
  }
  if (args[0] === '-l') {
    print(
      io,
      SIGNALS.slice(1)
        .map((s, i) => `${String(i + 1).padStart(2)}) SIG${s}`)
        .join('\t') + '\n',
    );
    return 0;
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    list([]);
    return 0;
  }
  const reset =
    args[0] === '-' || (args.length === 1 ? false : /^[0-9]+$/.test(args[0]!) && args.every((a) => /^[0-9]+$/.test(a)));
  const action = reset ? null : args[0]!;
  const sigs = reset && args[0] !== '-' ? args : args.slice(1);
  if (sigs.length === 0) {
    sh.diag(io, `trap: ${args[0]}: invalid signal specification`);
    return 1;
  }
  let status = 0;
  for (const raw of sigs) {
    const sig = signalName(raw);
    if (sig === null) {
      sh.diag(io, `trap: ${raw}: invalid signal specification`);
      status = 1;
      continue;
    }
    if (action === null) traps.delete(sig);
    else traps.set(sig, action);
  }
  return status;
};

const SET_LETTERS = 'abefhkmnptuvxBCEHPT';

const set: Builtin = (sh, argv, io) => {
  const s = sh.state;
  if (argv.length === 1) {
    const names = [...s.vars.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const n of names) {
      const v = s.vars.get(n)!;
      if (v.unset) continue;
      if (v.array) {
        const keys = v.array.keys();
        print(io, `${n}=(${keys.map((k) => `[${k}]=${quoteReusable(v.array!.get(k as never)!)}`).join(' ')})\n`);
      } else
        print(
          io,
          `${n}=${v.value === '' ? "''" : /[^A-Za-z0-9_./:@%+,=-]/.test(v.value) ? quoteReusable(v.value) : v.value}\n`,
        );
    }
    for (const [name, f] of [...s.functions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      print(io, `${functionText(name, f.body)}\n`);
    }
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
    if (/^[-+]./.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'o') {
          // -o NAME, also at the end of a group of letters (`set -euo pipefail`).
          const name = argv[++i];
          if (name === undefined) {
            for (const [n] of SET_OPTIONS) {
              const on = optionOn(s, n);
              print(io, a[0] === '-' ? `${n.padEnd(15)}\t${on ? 'on' : 'off'}\n` : `set ${on ? '-o' : '+o'} ${n}\n`);
            }
            continue;
          }
          if (!setOption(s, name, a[0] === '-')) {
            sh.diag(io, `set: ${name}: invalid option name`);
            return 2;
          }
          continue;
        }
        const name = SET_LETTERS.includes(c) ? optionOfLetter(c) : undefined;
        if (!name) {
          sh.diag(io, `set: ${a[0]}${c}: invalid option`);
          return usage(io, 'set', `set [-${SET_LETTERS}] [-o option-name] [--] [-] [arg ...]`);
        }
        setOption(s, name, a[0] === '-');
      }
      continue;
    }
    s.positional = argv.slice(i);
    return 0;
  }
  return 0;
};

const shopt: Builtin = (sh, argv, io) => {
  const s = sh.state;
  let mode: 's' | 'u' | '' = '';
  let quiet = false;
  let print_ = false;
  let setOpts = false;
  let i = 1;
  for (; i < argv.length && /^-[suqpo]+$/.test(argv[i]!); i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 's' || c === 'u') mode = c;
      else if (c === 'q') quiet = true;
      else if (c === 'p') print_ = true;
      else setOpts = true;
    }
  }
  if (/^-./.test(argv[i] ?? '')) {
    sh.diag(io, `shopt: ${argv[i]}: invalid option`);
    return usage(io, 'shopt', 'shopt [-pqsu] [-o] [optname ...]');
  }
  const names = argv.slice(i);
  const table: ReadonlyArray<readonly [string, unknown]> = setOpts ? SET_OPTIONS : SHOPT_OPTIONS;
  const isOn = (n: string): boolean => (setOpts ? optionOn(s, n) : s.shopt.has(n));
  const line = (n: string): string =>
    print_ || (mode !== '' && names.length === 0)
      ? setOpts
        ? `set ${isOn(n) ? '-o' : '+o'} ${n}\n`
        : `shopt ${isOn(n) ? '-s' : '-u'} ${n}\n`
      : `${n.padEnd(15)}\t${isOn(n) ? 'on' : 'off'}\n`;
  if (names.length === 0) {
    for (const [n] of table) {
      if (mode === 's' && !isOn(n)) continue;
      if (mode === 'u' && isOn(n)) continue;
      if (!quiet) print(io, line(n));
    }
    return 0;
  }
  let status = 0;
  for (const n of names) {
    if (!table.some(([t]) => t === n)) {
      sh.diag(io, `shopt: ${n}: invalid ${setOpts ? 'option name' : 'shell option name'}`);
      status = 1;
      continue;
    }
    if (mode !== '') {
      if (setOpts) setOption(s, n, mode === 's');
      else if (mode === 's') s.shopt.add(n);
      else s.shopt.delete(n);
      continue;
    }
    if (!isOn(n)) status = 1;
    if (!quiet) print(io, line(n));
  }
  return status;
};

const let_: Builtin = (sh, argv, io) => {
  if (argv.length === 1) {
    sh.diag(io, 'let: expression expected');
    return 1;
  }
  let last = 0n;
  for (const expr of argv.slice(1)) {
    try {
      last = sh.dialect.arith(sh, expr, 'let');
    } catch (e) {
      if (!(e instanceof ShellError) || e.status === 127) throw e;
      sh.diag(io, e.message);
      return 1;
    }
  }
  return last === 0n ? 1 : 0;
};

const cd: Builtin = (sh, argv, io) => {
  const s = sh.state;
  let args = argv.slice(1);
  let physical = false;
  while (args[0] !== undefined && /^-[LPe@]+$/.test(args[0])) {
    if (args[0].includes('P')) physical = true;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length > 1) {
    sh.diag(io, 'cd: too many arguments');
    return 1;
  }
  let dir = args[0];
  if (dir === undefined) {
    dir = sh.param('HOME');
    if (dir === undefined) {
      sh.diag(io, 'cd: HOME not set');
      return 1;
    }
  }
  if (dir === '') return 0;
  const back = dir === '-';
  if (back) {
    dir = sh.param('OLDPWD');
    if (dir === undefined) {
      sh.diag(io, 'cd: OLDPWD not set');
      return 1;
    }
  }
  const fs = sh.fs();
  let target = logical(dir.startsWith('/') ? dir : `${s.cwd}/${dir}`);
  const node = fs.lookup(target);
  if (node?.kind !== 'dir') {
    sh.diag(io, `cd: ${dir}: ${node ? 'Not a directory' : 'No such file or directory'}`);
    return 1;
  }
  if (physical) target = fs.realpath(target);
  const old = s.cwd;
  s.cwd = target;
  sh.assign('OLDPWD', old);
  sh.assign('PWD', target);
  if (back) print(io, `${target}\n`);
  return 0;
};

const pwd: Builtin = (sh, argv, io) => {
  const physical = argv.slice(1).some((a) => /^-[LP]*P[LP]*$/.test(a) && a.lastIndexOf('P') > a.lastIndexOf('L'));
  print(io, `${physical ? sh.fs().realpath(sh.state.cwd) : sh.state.cwd}\n`);
  return 0;
};

/** What a name runs: alias, keyword, function, builtin, or a file on PATH. */
type Kind =
  { kind: 'alias'; text: string } | { kind: 'keyword' | 'function' | 'builtin' } | { kind: 'file'; path: string };

function isBuiltin(sh: Shell, name: string): boolean {
  return sh.dialect.builtins.has(name) || SPECIAL_BUILTINS.has(name) || REGULAR_BUILTINS.has(name);
}

function lookupCommand(sh: Shell, name: string, all = false): Kind[] {
  const out: Kind[] = [];
  const alias = sh.state.aliases.get(name);
  if (alias !== undefined) out.push({ kind: 'alias', text: alias });
  if (KEYWORDS.has(name)) out.push({ kind: 'keyword' });
  if (sh.state.functions.has(name)) out.push({ kind: 'function' });
  if (isBuiltin(sh, name)) out.push({ kind: 'builtin' });
  if (out.length > 0 && !all) return out;
  const path = sh.param('PATH');
  const env = path === undefined ? [] : [`PATH=${path}`];
  if (name.includes('/')) {
    const found = findProgram(sh.processes.volume, name, sh.state.cwd, env, { executable: true });
    if (found.found) out.push({ kind: 'file', path: name });
  } else {
    const hashed = sh.state.hashed.get(name);
    if (hashed && !all) out.push({ kind: 'file', path: hashed.path });
    else
      for (const p of everyProgram(sh.processes.volume, name, sh.state.cwd, env)) out.push({ kind: 'file', path: p });
  }
  return all ? out : out.slice(0, 1);
}

function describe(sh: Shell, name: string, k: Kind): string {
  switch (k.kind) {
    case 'alias':
      return `${name} is aliased to \`${k.text}'\n`;
    case 'keyword':
      return `${name} is a shell keyword\n`;
    case 'function':
      return `${name} is a function\n${functionText(name, sh.state.functions.get(name)!.body)}\n`;
    case 'builtin':
      return `${name} is a shell builtin\n`;
    case 'file':
      return `${name} is ${k.path}\n`;
  }
}

const type: Builtin = (sh, argv, io) => {
  let i = 1;
  let flag = '';
  let all = false;
  let noFunctions = false;
  for (; i < argv.length && /^-[aftpP]+$/.test(argv[i]!); i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'a') all = true;
      else if (c === 'f') noFunctions = true;
      else flag = c;
    }
  }
  if (argv[i] === '--') i++;
  let status = 0;
  for (const name of argv.slice(i)) {
    let kinds =
      flag === 'P' ? lookupCommand(sh, name, true).filter((k) => k.kind === 'file') : lookupCommand(sh, name, all);
    if (noFunctions) kinds = kinds.filter((k) => k.kind !== 'function');
    if (!all) kinds = kinds.slice(0, 1);
    if (kinds.length === 0) {
      if (flag === '') sh.diag(io, `type: ${name}: not found`);
      status = 1;
      continue;
    }
    for (const k of kinds) {
      if (flag === 't') print(io, `${k.kind}\n`);
      else if (flag === 'p' || flag === 'P') {
        if (k.kind === 'file') print(io, `${k.path}\n`);
      } else print(io, describe(sh, name, k));
    }
  }
  return status;
};

const command: Builtin = async (sh, argv, io) => {
  let i = 1;
  let mode: '' | 'v' | 'V' = '';
  for (; i < argv.length && /^-[pvV]+$/.test(argv[i]!); i++) {
    if (argv[i]!.includes('V')) mode = 'V';
    else if (argv[i]!.includes('v') && mode === '') mode = 'v';
  }
  if (argv[i] === '--') i++;
  const rest = argv.slice(i);
  if (rest.length === 0) return 0;
  if (mode === '') return sh.dispatch(rest, [], io, true);
  let status = 0;
  for (const name of rest) {
    const k = lookupCommand(sh, name)[0];
    if (!k) {
      if (mode === 'V') sh.diag(io, `command: ${name}: not found`);
      status = 1;
      continue;
    }
    if (mode === 'V') print(io, describe(sh, name, k));
    else if (k.kind === 'file') print(io, `${k.path}\n`);
    else if (k.kind === 'alias') print(io, `alias ${name}=${singleQuote(k.text)}\n`);
    else print(io, `${name}\n`);
  }
  return status;
};

const builtin: Builtin = async (sh, argv, io) => {
  const name = argv[1];
  if (name === undefined) return 0;
  const b = sh.dialect.builtins.get(name) ?? SPECIAL_BUILTINS.get(name) ?? REGULAR_BUILTINS.get(name);
  if (!b) {
    sh.diag(io, `builtin: ${name}: not a shell builtin`);
    return 1;
  }
  return b(sh, argv.slice(1), io);
};

const caller: Builtin = (sh, argv, io) => {
  const s = sh.state;
  const frames = s.frames;
  const script = s.scriptFile;
  // The stack as FUNCNAME, BASH_SOURCE and BASH_LINENO have it, "main" at the bottom of a script.
  const names = [...frames.map((f) => f.name), ...(script ? ['main'] : [])];
  const sources = [...frames.map((f) => f.source), ...(script ? [script] : [])];
  const lines = [...frames.map((f) => f.line), ...(script ? [0] : [])];
  if (frames.length === 0) return 1;
  if (argv[1] === undefined) {
    print(io, `${lines[0]} ${sources[1] ?? 'NULL'}\n`);
    return 0;
  }
  const n = number(argv[1]);
  if (n === null || n < 0) {
    sh.diag(io, `caller: ${argv[1]}: invalid number`);
    return usage(io, 'caller', 'caller [expr]');
  }
  if (names[n + 1] === undefined) return 1;
  print(io, `${lines[n]} ${names[n + 1]} ${sources[n + 1]}\n`);
  return 0;
};

/** getopts with bash's messages (`bash: illegal option -- x`), OPTERR=0 silencing them. */
const getopts: Builtin = (sh, argv, io) => {
  const spec = argv[1];
  const name = argv[2];
  if (spec === undefined || name === undefined) {
    return usage(io, 'getopts', 'getopts optstring name [arg ...]');
  }
  const s = sh.state;
  const args = argv.length > 3 ? argv.slice(3) : s.positional;
  const silent = spec.startsWith(':');
  const opts = silent ? spec.slice(1) : spec;
  const report = !silent && sh.param('OPTERR') !== '0';
  let ind = Number(sh.param('OPTIND') ?? '1') || 1;
  if (ind !== s.getoptsInd) s.getoptsSub = 1;
  const arg = args[ind - 1];
  const done = (): number => {
    sh.assign(name, '?');
    s.getoptsInd = ind;
    return 1;
  };
  if (arg === undefined || arg === '-' || !arg.startsWith('-')) return done();
  if (arg === '--') {
    ind++;
    sh.assign('OPTIND', String(ind));
    return done();
  }
  const c = arg[s.getoptsSub]!;
  const advance = (): void => {
    if (s.getoptsSub + 1 < arg.length) s.getoptsSub++;
    else {
      s.getoptsSub = 1;
      ind++;
    }
  };
  const at = opts.indexOf(c);
  if (at < 0 || c === ':') {
    advance();
    sh.assign('OPTIND', String(ind));
    s.getoptsInd = ind;
    sh.assign(name, '?');
    if (silent) sh.assign('OPTARG', c);
    else {
      s.vars.delete('OPTARG');
      if (report) io.stderr(utf8(`${s.arg0}: illegal option -- ${c}\n`));
    }
    return 0;
  }
  if (opts[at + 1] === ':') {
    let value: string | undefined;
    if (s.getoptsSub + 1 < arg.length) {
      value = arg.slice(s.getoptsSub + 1);
      ind++;
    } else {
      value = args[ind];
      ind += 2;
    }
    s.getoptsSub = 1;
    sh.assign('OPTIND', String(Math.min(ind, args.length + 1)));
    s.getoptsInd = Math.min(ind, args.length + 1);
    if (value === undefined) {
      if (silent) {
        sh.assign(name, ':');
        sh.assign('OPTARG', c);
      } else {
        sh.assign(name, '?');
        s.vars.delete('OPTARG');
        if (report) io.stderr(utf8(`${s.arg0}: option requires an argument -- ${c}\n`));
      }
      return 0;
    }
    sh.assign('OPTARG', value);
  } else {
    advance();
    sh.assign('OPTIND', String(ind));
    s.getoptsInd = ind;
    s.vars.delete('OPTARG');
  }
  sh.assign(name, c);
  return 0;
};

const hash: Builtin = (sh, argv, io) => {
  const table = sh.state.hashed;
  const args = argv.slice(1);
  if (args[0] === '-r') {
    table.clear();
    return 0;
  }
  if (args[0] === '-t' || args[0] === '-d') {
    // -t: what each name is remembered as (with the name when there are several); -d: forget it.
    const names = args.slice(1);
    let status = 0;
    for (const name of names) {
      const h = table.get(name);
      if (!h) {
        sh.diag(io, `hash: ${name}: not found`);
        status = 1;
      } else if (args[0] === '-d') table.delete(name);
      else print(io, names.length > 1 ? `${name}\t${h.path}\n` : `${h.path}\n`);
    }
    return status;
  }
  if (args[0] === '-p' && args.length >= 3) {
    for (const name of args.slice(2)) table.set(name, { path: args[1]!, hits: 0 });
    return 0;
  }
  if (args[0] === '-l') {
    if (table.size === 0) print(io, 'hash: hash table empty\n');
    for (const [name, h] of table) print(io, `builtin hash -p ${h.path} ${name}\n`);
    return 0;
  }
  if (args.length === 0) {
    if (table.size === 0) print(io, 'hash: hash table empty\n');
    else {
      print(io, 'hits\tcommand\n');
      for (const h of table.values()) print(io, `${String(h.hits).padStart(4)}\t${h.path}\n`);
    }
    return 0;
  }
  let status = 0;
  for (const name of args) {
    const file = lookupCommand(sh, name).find((k) => k.kind === 'file');
    if (file?.kind !== 'file') {
      if (!isBuiltin(sh, name)) {
        sh.diag(io, `hash: ${name}: not found`);
        status = 1;
      }
      continue;
    }
    table.set(name, { path: file.path, hits: 0 });
  }
  return status;
};

/** What bash's symbolic_umask says of a mode it cannot read (a missing operator shows as NUL, as bash prints it). */
function symbolicModeError(mode: string): string {
  for (const clause of mode.split(',')) {
    const m = /^[ugoa]*/.exec(clause)![0];
    let i = m.length;
    if (!'-+='.includes(clause[i] ?? '') || i === clause.length) {
      return `\`${clause[i] ?? '\0'}': invalid symbolic mode operator`;
    }
    for (; i < clause.length; i++) {
      if (!'-+=rwxXstugo'.includes(clause[i]!)) return `\`${clause[i]}': invalid symbolic mode character`;
    }
  }
  return `\`${mode}': invalid symbolic mode character`;
}

const umask: Builtin = (sh, argv, io) => {
  const s = sh.state;
  const args = argv.slice(1);
  const symbolic = args.includes('-S');
  const mode = args.find((a) => !/^-[Sp]+$/.test(a));
  if (mode === undefined) {
    if (symbolic) {
      const perms = (shift: number): string => {
        const bits = (~s.umask >> shift) & 7;
        return `${bits & 4 ? 'r' : ''}${bits & 2 ? 'w' : ''}${bits & 1 ? 'x' : ''}`;
      };
      print(io, `u=${perms(6)},g=${perms(3)},o=${perms(0)}\n`);
    } else print(io, `${args.includes('-p') ? 'umask ' : ''}${s.umask.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  if (/^[0-9]/.test(mode)) {
    if (!/^[0-7]+$/.test(mode) || parseInt(mode, 8) > 0o777) {
      sh.diag(io, `umask: ${mode}: octal number out of range`);
      return 1;
    }
    s.umask = parseInt(mode, 8);
    return 0;
  }
  // Symbolic: the clauses change the permissions the mask leaves, as chmod would.
  const perms = parseMode(mode, ~s.umask & 0o777, false, 0);
  if (perms === null) {
    sh.diag(io, `umask: ${symbolicModeError(mode)}`);
    return 1;
  }
  s.umask = ~perms & 0o777;
  return 0;
};

const alias: Builtin = (sh, argv, io) => {
  const aliases = sh.state.aliases;
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    for (const [n, v] of [...aliases].sort(([a], [b]) => (a < b ? -1 : 1))) print(io, `alias ${n}=${singleQuote(v)}\n`);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) aliases.set(a.slice(0, eq), a.slice(eq + 1));
    else if (aliases.has(a)) print(io, `alias ${a}=${singleQuote(aliases.get(a)!)}\n`);
    else {
      sh.diag(io, `alias: ${a}: not found`);
      status = 1;
    }
  }
  return status;
};

const unalias: Builtin = (sh, argv, io) => {
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === '-a') sh.state.aliases.clear();
    else if (!sh.state.aliases.delete(a)) {
      sh.diag(io, `unalias: ${a}: not found`);
      status = 1;
    }
  }
  return status;
};

export const shellBuiltins: ReadonlyArray<[string, Builtin]> = [
  [':', () => 0],
  ['true', () => 0],
  ['false', () => 1],
  ['exit', exit],
  ['return', returnBuiltin],
  ['break', loop('break')],
  ['continue', loop('continue')],
  ['shift', shift],
  ['eval', evalBuiltin],
  ['source', source],
  ['.', source],
  ['exec', exec],
  ['trap', trap],
  ['set', set],
  ['shopt', shopt],
  ['let', let_],
  ['cd', cd],
  ['pwd', pwd],
  ['type', type],
  ['command', command],
  ['builtin', builtin],
  ['caller', caller],
  ['getopts', getopts],
  ['hash', hash],
  ['umask', umask],
  ['alias', alias],
  ['unalias', unalias],
  ['times', (_sh, _argv, io) => (print(io, '0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n'), 0)],
];
