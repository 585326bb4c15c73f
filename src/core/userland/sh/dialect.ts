// What makes the one engine speak dash or bash: the grammar switch (LexOptions.bash), the
// built-ins each has beyond POSIX's, its arithmetic, its [[ … ]] and brace expansion, and how it
// words its messages. dash's is here; bash's is bash/dialect.ts.
import type { Command, CondExpr, FunctionDef, SimpleCommand, Word } from './ast.ts';
import { ArithError, evalArith } from './arith.ts';
import type { Builtin } from './builtins.ts';
import type { Shell } from './eval.ts';
import type { BashHost } from './expand.ts';
import type { Io } from './redirect.ts';
import type { BashArray } from './arrays.ts';
import { OPTION_FLAGS, ShellError, type ShellOptions, type Var } from './state.ts';

/** What bash adds to a running shell: its variables (arrays, attributes, dynamic ones) and simple commands. */
export interface Extension {
  /** A variable's value, dynamic ones ($RANDOM, $SECONDS, …) and arrays' element 0 included. */
  get(name: string): string | undefined;
  /** NAME=value, by the variable's attributes (-i, -l, -u, -n); throws ShellError when read-only. */
  assign(name: string, value: string): void;
  /** A variable, name references followed. */
  variable(name: string): Var | undefined;
  /** Sets a whole array (BASH_REMATCH, mapfile's). */
  setArray(name: string, array: BashArray): void;
  /** Whether a `set -o` option is on. */
  optionOn(name: string): boolean;
  /** $-. */
  flags(): string;
  /** Records a pipeline's statuses (PIPESTATUS). */
  pipestatus(statuses: number[]): void;
  /** The shopt options pathname expansion takes. */
  globOptions(): BashHost['glob'];
  /** What the expander needs of bash. */
  host(io: Io): BashHost;
  /** A simple command: bash's assignments (arrays, +=), declaration built-ins, set -x's trace. */
  simple(cmd: SimpleCommand, io: Io): Promise<number>;
  /** A function starts: FUNCNAME and the rest; returns what runs when it returns (RETURN trap, local -). */
  enter(fn: FunctionDef, name: string): (io: Io) => Promise<void>;
  /** set -x's line for a compound command that bash traces ([[ … ]], (( … )), for's and case's heads as written). */
  trace(io: Io, text: string): Promise<void>;
  /** The environment entries of exported functions (`BASH_FUNC_f%%=() { …`). */
  exportedFunctions(): string[];
  /** select's menu: `1) item` in columns as wide as $COLUMNS allows. */
  selectMenu(items: string[]): string;
  /** `time`'s report on stderr, as TIMEFORMAT says (POSIX's format for `time -p`). */
  time(posix: boolean, ms: number, io: Io): void;
  /** $BASH_COMMAND is now this command (not while a trap runs). */
  announce(cmd: Command): void;
  /** A command starts: its nesting depth. */
  commandStart(): number;
  /** The command at `depth` is done (its process substitutions end). */
  commandEnd(depth: number): Promise<void>;
}

export interface Dialect {
  readonly bash: boolean;
  /** `set -o` names and their letters, in `set -o`'s order. */
  readonly options: ReadonlyArray<[keyof ShellOptions, string]>;
  /** Built-ins beyond the POSIX ones in builtins.ts (bash's declare, shopt, …), or ones it words differently. */
  readonly builtins: ReadonlyMap<string, Builtin>;
  /**
   * Evaluates arithmetic; throws ShellError with the dialect's message. `command` names what
   * evaluates it (`((`, `let`) in bash's messages; null for $((…)) and subscripts.
   */
  arith(sh: Shell, expr: string, command: string | null): bigint;
  /** bash: runs [[ … ]]; its exit status. */
  cond(sh: Shell, expr: CondExpr, io: Io): Promise<number>;
  /** bash: brace expansion of one word into words ([word] when it has none). */
  braces(word: Word): Word[];
  /** What the dialect adds to a shell, or null (dash). */
  extend(sh: Shell): Extension | null;
}

export const DASH_DIALECT: Dialect = {
  bash: false,
  options: OPTION_FLAGS,
  builtins: new Map(),
  arith(sh, expr) {
    try {
      return evalArith(expr, { get: (n) => sh.arithValue(n), set: (n, v) => sh.assign(n, v) });
    } catch (e) {
      if (e instanceof ArithError) throw new ShellError(e.message);
      throw e;
    }
  },
  cond: () => Promise.resolve(2),
  braces: (word) => [word],
  extend: () => null,
};
