// bash's dialect of the engine: its grammar is the parser's bash mode; here are its built-ins,
// arithmetic (arith.ts), [[ … ]] (cond.ts), brace expansion (brace.ts) and the Extension
// (shell.ts) that gives a shell bash's variables and simple commands.
import type { Builtin } from '../sh/builtins.ts';
import type { Dialect } from '../sh/dialect.ts';
import type { Shell } from '../sh/eval.ts';
import { ShellError, type ShellOptions } from '../sh/state.ts';
import { BashArithError, bashArith } from './arith.ts';
import { braceExpand } from './brace.ts';
import { shellBuiltins } from './builtins.ts';
import { runCond, testBuiltin } from './cond.ts';
import { declarePrograms } from './declare.ts';
import { echo, mapfile, printf, read } from './io.ts';
import { SET_OPTIONS } from './options.ts';
import { jobBuiltins } from './signals.ts';
import { dirsBuiltins } from './dirs.ts';
import { BashShell } from './shell.ts';

const builtins = new Map<string, Builtin>([
  ...shellBuiltins,
  ...declarePrograms,
  ...jobBuiltins,
  ...dirsBuiltins,
  ['echo', echo],
  ['printf', printf],
  ['read', read],
  ['mapfile', mapfile],
  ['readarray', mapfile],
  ['test', testBuiltin],
  ['[', testBuiltin],
]);

/** `a[i]` in arithmetic: an associative array's key as written, else an index evaluated. */
function arith(sh: Shell, expr: string, command: string | null): bigint {
  const ext = sh.ext as BashShell;
  try {
    return bashArith(
      expr,
      {
        value: (name, sub) => {
          if (sub === null) return sh.param(name);
          const v = ext.variable(name);
          if (!v || v.unset) return undefined;
          if (v.array?.kind === 'assoc') return v.array.get(sub);
          let i = Number(arith(sh, sub, command));
          if (!v.array) return i === 0 ? v.value : undefined;
          if (i < 0) i += v.array.next();
          return v.array.get(i);
        },
        assign: (name, sub, value) => (sub === null ? sh.assign(name, value) : ext.assignElement(name, sub, value)),
        get nounset() {
          return sh.state.options.nounset;
        },
      },
      command,
    );
  } catch (e) {
    if (!(e instanceof BashArithError)) throw e;
    if (e.unbound) throw new ShellError(e.message, 127);
    // An error in $((…)) or a subscript ends the command line; (( )), let and [[ ]] report it themselves.
    throw new ShellError(e.message, 1, true);
  }
}

export const BASH_DIALECT: Dialect = {
  bash: true,
  options: SET_OPTIONS.map(([n, l]) => [n as keyof ShellOptions, l]),
  builtins,
  arith,
  cond: runCond,
  braces: (word) => braceExpand(word, { bash: true, extglob: () => false }),
  extend: (sh) => new BashShell(sh),
};
