// sh, the POSIX shell as dash speaks it: `sh -c 'script' [name [args…]]`, `sh FILE [args…]`,
// `sh [-s]` (script on stdin), with set's option letters (-e, -x, -u, -o pipefail…) before them.
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import { envEntries, fromUtf8, Fs, internal, logical, readAll, utf8 } from '../lib/index.ts';
import { DASH_DIALECT } from './dialect.ts';
import { Shell } from './eval.ts';
import { Io } from './redirect.ts';
import { NAME, OPTION_FLAGS, ShellState } from './state.ts';

export { dashEcho, dashPwd } from './own-commands.ts';

/** The sh program; `inProcess`: the commands it runs itself (echo, printf, test, …). */
export function shProgram(inProcess: ReadonlyMap<string, BuiltinProgram>): BuiltinProgram {
  const sh: BuiltinProgram = async (spec, processes) => {
    const argv0 = spec.argv[0] ?? 'sh';
    const fail = (message: string): number => {
      spec.stderr(utf8(`${argv0}: 0: ${message}\n`));
      return 2;
    };
    const state = new ShellState();
    for (const [name, value] of envEntries(spec.env)) {
      if (NAME.test(name)) state.vars.set(name, { value, exported: true, readonly: false });
    }
    // IFS is never taken from the environment (it would change how every script splits).
    state.vars.delete('IFS');
    state.cwd = logical(spec.cwd);
    state.set('PWD', state.cwd, true);

    const args = spec.argv.slice(1);
    let i = 0;
    let command = false;
    let fromStdin = false;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--' || a === '-') {
        i++;
        break;
      }
      if (!/^[-+]/.test(a) || a.length < 2) break;
      if (a === '-o' || a === '+o') {
        const opt = OPTION_FLAGS.find(([n]) => n === args[i + 1]);
        if (!opt) return fail(`Illegal option ${a} ${args[i + 1] ?? ''}`.trimEnd());
        state.options[opt[0]] = a === '-o';
        i++;
        continue;
      }
      for (const c of a.slice(1)) {
        if (c === 'c') command = true;
        else if (c === 's') fromStdin = true;
        else if (c === 'i' || c === 'l') continue;
        else {
          const opt = OPTION_FLAGS.find(([, f]) => f === c);
          if (!opt) return fail(`Illegal option ${a[0]}${c}`);
          state.options[opt[0]] = a[0] === '-';
        }
      }
    }

    let script: string;
    if (command) {
      if (args[i] === undefined) return fail('-c requires an argument');
      script = args[i]!;
      state.arg0 = args[i + 1] ?? argv0;
      state.positional = args.slice(i + 2);
    } else if (fromStdin || args[i] === undefined) {
      script = fromUtf8(readAll(spec.stdin));
      state.arg0 = argv0;
      state.positional = args.slice(i);
    } else {
      const file = args[i]!;
      try {
        script = fromUtf8(new Fs(processes.volume, state.cwd).readFile(file));
      } catch {
        return fail(`cannot open ${file}: No such file`);
      }
      state.arg0 = file;
      state.positional = args.slice(i + 1);
    }
    const shell = new Shell(state, processes, { sh, inProcess, dialect: DASH_DIALECT });
    try {
      return (await shell.main(script, Io.of(spec.stdin, spec.stdout, spec.stderr))) & 255;
    } catch (e) {
      throw internal(argv0, e);
    }
  };
  return sh;
}
