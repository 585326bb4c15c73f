// bash, as Debian's bash 5.2 speaks it, on the same engine as sh (sh/): `bash -c 'script'
// [name [args…]]`, `bash FILE [args…]`, `bash [-s]` (script on stdin), with set's option
// letters, -o NAME and -O SHOPT before them. What it leaves out (job control, coproc, a real
// concurrent <(…)) is in README.md.
// https://www.gnu.org/software/bash/manual/bash.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import { envEntries, fromUtf8, Fs, internal, logical, readAll, utf8 } from '../lib/index.ts';
import { IndexedArray } from '../sh/arrays.ts';
import { Shell } from '../sh/eval.ts';
import { Parser, parseScript } from '../sh/parser.ts';
import { Io } from '../sh/redirect.ts';
import { NAME, ShellState } from '../sh/state.ts';
import { BASH_DIALECT } from './dialect.ts';
import { DEFAULT_SET, optionOfLetter, setOption, SHOPT_OPTIONS } from './options.ts';

export const BASH_VERSION = '5.2.15(1)-release';
/** The platform bash says it was built for: the image's, as uname -m reports it. */
const MACHTYPE = 'wasm32-unknown-wasi';

const USAGE = `Usage:\tbash [GNU long option] [option] ...
\tbash [GNU long option] [option] script-file ...
GNU long options:
\t--debug
\t--debugger
\t--dump-po-strings
\t--dump-strings
\t--help
\t--init-file
\t--login
\t--noediting
\t--noprofile
\t--norc
\t--posix
\t--pretty-print
\t--rcfile
\t--restricted
\t--verbose
\t--version
Shell options:
\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)
\t-abefhkmnptuvxBCEHPT or -o option
`;

const VERSION = `GNU bash, version ${BASH_VERSION} (${MACHTYPE})
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>

This is free software; you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`;

/** An exported function from the environment (`BASH_FUNC_f%%=() { …; }`); one that does not parse is left out, as bash does. */
function importFunction(state: ShellState, key: string, value: string): void {
  const m = /^BASH_FUNC_([^=]+)%%$/.exec(key);
  if (!m || !value.startsWith('() ')) return;
  const name = m[1]!;
  try {
    const script = parseScript(`${name} ${value}\n`, { bash: true, extglob: () => true });
    const def = script.length === 1 ? script[0]!.first.commands[0] : undefined;
    if (def?.type !== 'function' || def.name !== name) return;
    state.functions.set(name, { ...def, source: 'environment' });
    state.functionAttrs.set(name, 'x');
  } catch {
    // bash ignores a function it cannot import.
  }
}

/** The variables bash sets for itself, as a non-interactive bash 5.2 has them. */
function initialVariables(state: ShellState, env: readonly string[], cwd: string, argv0: string): void {
  for (const [name, value] of envEntries(env)) {
    if (NAME.test(name)) state.vars.set(name, { value, exported: true, readonly: false });
    else importFunction(state, name, value);
  }
  const set = (
    name: string,
    value: string,
    o: Partial<{ exported: boolean; readonly: boolean; attrs: string }> = {},
  ): void => {
    state.vars.set(name, { value, exported: o.exported ?? false, readonly: o.readonly ?? false, attrs: o.attrs });
  };
  set('IFS', ' \t\n');
  state.cwd = logical(cwd);
  set('PWD', state.cwd, { exported: true });
  if (!state.vars.has('OLDPWD')) state.vars.set('OLDPWD', { value: '', exported: true, readonly: false, unset: true });
  const level = Number(state.get('SHLVL') ?? '0');
  set('SHLVL', String(Number.isInteger(level) && level >= 0 ? level + 1 : 1), { exported: true });
  set('BASH', '/bin/bash');
  set('BASH_VERSION', BASH_VERSION);
  const info = new IndexedArray();
  ['5', '2', '15', '1', 'release', MACHTYPE].forEach((v, i) => info.set(i, v));
  state.vars.set('BASH_VERSINFO', { value: '', exported: false, readonly: true, array: info });
  set('HOSTTYPE', 'wasm32');
  set('MACHTYPE', MACHTYPE);
  set('OSTYPE', 'wasi');
  set('HOSTNAME', 'buildkitsandbox');
  set('UID', '0', { readonly: true, attrs: 'i' });
  set('EUID', '0', { readonly: true, attrs: 'i' });
  set('PPID', '0', { readonly: true, attrs: 'i' });
  set('PS4', '+ ');
  set('_', argv0);
  set('PS2', '> ');
  set('OPTIND', '1', { attrs: 'i' });
  set('OPTERR', '1');
  const groups = new IndexedArray();
  groups.set(0, '0');
  state.vars.set('GROUPS', { value: '', exported: false, readonly: false, array: groups });
  for (const o of DEFAULT_SET) setOption(state, o, true);
  for (const [o, on] of SHOPT_OPTIONS) if (on) state.shopt.add(o);
  state.secondsBase = Date.now();
  state.randomSeed = (Math.random() * 0x7fffffff) >>> 0;
}

/**
 * $BASH_ENV, expanded, names a file a non-interactive bash reads before its script (a missing
 * one is passed over in silence). Null to go on; else the status the shell ended with in it.
 */
async function readBashEnv(shell: Shell, io: Io): Promise<number | null> {
  const raw = shell.state.get('BASH_ENV');
  if (!raw) return null;
  let path: string;
  try {
    path = await shell.expander(io).string(new Parser(raw, 0, 1, shell.lexOptions()).lexer.readWord('here', false));
  } catch {
    return null;
  }
  let text: string;
  try {
    text = fromUtf8(shell.fs().readFile(path));
  } catch {
    return null;
  }
  return shell.startup(text.endsWith('\n') || text === '' ? text : `${text}\n`, path, io);
}

/** The bash program. */
export function bashProgram(): BuiltinProgram {
  const bash: BuiltinProgram = async (spec, processes) => {
    const argv0 = spec.argv[0] ?? 'bash';
    const name = argv0.slice(argv0.lastIndexOf('/') + 1) || 'bash';
    const err = (text: string): void => spec.stderr(utf8(text));
    const state = new ShellState();
    state.bash = true;
    initialVariables(state, spec.env, spec.cwd, argv0);

    const args = spec.argv.slice(1);
    let i = 0;
    let command = false;
    let fromStdin = false;
    const shopts: Array<[string, boolean]> = [];
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--' || a === '-') {
        i++;
        break;
      }
      if (a === '--version') {
        spec.stdout(utf8(VERSION));
        return 0;
      }
      if (a === '--help') {
        spec.stdout(utf8(`GNU bash, version ${BASH_VERSION}-(${MACHTYPE})\n${USAGE}`));
        return 0;
      }
      if (/^--(norc|noprofile|noediting|posix|login|restricted|verbose|debug)$/.test(a)) continue;
      if (a.startsWith('--')) {
        err(`${name}: ${a}: invalid option\n${USAGE}`);
        return 2;
      }
      if (!/^[-+]./.test(a)) break;
      for (const c of a.slice(1)) {
        if (c === 'o' || c === 'O') {
          // -o NAME and -O NAME, also at the end of a group of letters (`bash -euo pipefail`).
          const opt = args[++i];
          if (opt === undefined) {
            err(`${name}: ${a[0]}${c}: option requires an argument\n`);
            return 2;
          }
          if (c === 'O') shopts.push([opt, a[0] === '-']);
          else if (!setOption(state, opt, a[0] === '-')) {
            err(`${name}: line 0: ${name}: ${opt}: invalid option name\n`);
            return 2;
          }
        } else if (c === 'c') command = true;
        else if (c === 's') fromStdin = true;
        else if ('ilrD'.includes(c)) continue;
        else {
          const opt = 'abefhkmnptuvxBCEHPT'.includes(c) ? optionOfLetter(c) : undefined;
          if (!opt) {
            err(`${name}: ${a[0]}${c}: invalid option\n${USAGE}`);
            return 2;
          }
          setOption(state, opt, a[0] === '-');
        }
      }
    }
    for (const [o, on] of shopts) {
      if (!SHOPT_OPTIONS.some(([n]) => n === o)) {
        err(`${name}: line 0: ${o}: invalid shell option name\n`);
        return 2;
      }
      if (on) state.shopt.add(o);
      else state.shopt.delete(o);
    }

    let script: string;
    let where: string;
    if (command) {
      if (args[i] === undefined) {
        err(`${name}: -c: option requires an argument\n`);
        return 2;
      }
      script = args[i]!;
      state.arg0 = args[i + 1] ?? argv0;
      state.positional = args.slice(i + 2);
      state.commandString = true;
      where = `${state.arg0}: -c`;
    } else if (fromStdin || args[i] === undefined) {
      script = fromUtf8(readAll(spec.stdin));
      state.arg0 = argv0;
      state.positional = args.slice(i);
      state.readsStdin = true;
      where = argv0;
    } else {
      const file = args[i]!;
      try {
        script = fromUtf8(new Fs(processes.volume, state.cwd).readFile(file));
      } catch {
        err(`${name}: ${file}: No such file or directory\n`);
        return 127;
      }
      state.arg0 = file;
      state.positional = args.slice(i + 1);
      state.file = file;
      state.scriptFile = file;
      where = file;
      const info = new IndexedArray();
      info.set(0, file);
      state.vars.set('BASH_SOURCE', { value: '', exported: false, readonly: false, array: info });
      const lines = new IndexedArray();
      lines.set(0, '0');
      state.vars.set('BASH_LINENO', { value: '', exported: false, readonly: false, array: lines });
    }
    if (script !== '' && !script.endsWith('\n')) script += '\n';
    const shell = new Shell(state, processes, { sh: bash, inProcess: new Map(), dialect: BASH_DIALECT });
    const io = Io.of(spec.stdin, spec.stdout, spec.stderr);
    try {
      const ended = await readBashEnv(shell, io);
      if (ended !== null) return ended & 255;
      return (await shell.main(script, io, 1, { where, top: true })) & 255;
    } catch (e) {
      throw internal(argv0, e);
    }
  };
  return bash;
}
