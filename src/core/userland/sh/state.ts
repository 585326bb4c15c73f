// What a shell carries from one command to the next (XCU 2.12, shell execution environment):
// variables, functions, positional parameters, options, the working directory, traps. A
// subshell gets a copy, so nothing it changes comes back.
import type { FunctionDef } from './ast.ts';
import type { BashArray } from './arrays.ts';
import { UMASK, UserlandError } from '../lib/index.ts';

/** A variable's name: a letter or underscore, then letters, digits and underscores. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Var {
  value: string;
  exported: boolean;
  readonly: boolean;
  /** bash: an indexed (-a) or associative (-A) array; `value` is then unused. */
  array?: BashArray;
  /** bash: declare's attributes that change what is assigned: i (integer), l, u (case), n (name reference). */
  attrs?: string;
  /** bash: declared (`declare x`, `local x`) but not given a value: still unset. */
  unset?: boolean;
}

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
  noglob: boolean;
  noclobber: boolean;
  allexport: boolean;
  verbose: boolean;
  noexec: boolean;
}

/** set -o names and their single-letter flags. */
export const OPTION_FLAGS: Array<[keyof ShellOptions, string]> = [
  ['errexit', 'e'],
  ['nounset', 'u'],
  ['xtrace', 'x'],
  ['pipefail', ''],
  ['noglob', 'f'],
  ['noclobber', 'C'],
  ['allexport', 'a'],
  ['verbose', 'v'],
  ['noexec', 'n'],
];

/** bash: <(…) or >(…): the file that stands for it, and for >(…) what reads it when the command is done. */
export interface ProcSub {
  path: string;
  depth: number;
  /** Directories made for the file, to remove with it (deepest first). */
  made: string[];
  reader: ((data: Uint8Array) => Promise<void>) | null;
}

/** A function call as bash's FUNCNAME, BASH_SOURCE and BASH_LINENO list them. */
export interface CallFrame {
  name: string;
  /** The file the function was defined in (BASH_SOURCE). */
  source: string;
  /** The line it was called from (BASH_LINENO). */
  line: number;
  /** A file `source` reads (named "source" in FUNCNAME), not a function. */
  sourced?: boolean;
}

export class ShellState {
  /** The bash dialect: its grammar, expansions, built-ins and messages; else dash's. */
  bash = false;
  vars = new Map<string, Var>();
  /** Names exported before they were set (`export X`): exported once set. */
  exportLater = new Set<string>();
  functions = new Map<string, FunctionDef>();
  /** bash: functions' attributes, in declare's letters (r read-only, t traced, x exported). */
  functionAttrs = new Map<string, string>();
  positional: string[] = [];
  /** $0: the shell's name, or the script's. */
  arg0 = 'sh';
  options: ShellOptions = {
    errexit: false,
    nounset: false,
    xtrace: false,
    pipefail: false,
    noglob: false,
    noclobber: false,
    allexport: false,
    verbose: false,
    noexec: false,
  };
  /** Logical working directory (absolute, no "." or ".." parts). */
  cwd = '/';
  /** $? */
  status = 0;
  traps = new Map<string, string>();
  umask = UMASK;
  /** The line of the command being run, for diagnostics and $LINENO. */
  line = 1;
  /** Above 0 while set -e is ignored: conditions, all but the last of && and ||, after "!". */
  errexitOff = 0;
  loopDepth = 0;
  /** One frame per running function: the variables `local` saved, to restore on return. */
  locals: Array<Map<string, Var | undefined>> = [];
  /** Whether this is a subshell (exit leaves only the subshell). */
  subshell = false;
  /** bash: how many subshells deep this is ($BASH_SUBSHELL). */
  subshellLevel = 0;
  /** bash: an ERR trap is running (it does not trigger itself). */
  inErrTrap = false;
  /** bash: the shopt options that are on. */
  shopt = new Set<string>();
  /** bash: the `set -o` options on that `options` has no field for (braceexpand, errtrace, …). */
  moreOptions = new Set<string>();
  /** bash: reading its script from standard input ($- has "s"). */
  readsStdin = false;
  /** bash: the functions running, innermost first. */
  frames: CallFrame[] = [];
  /** bash: the file being run (BASH_SOURCE, and what its messages start with); '' for -c and stdin. */
  file = '';
  /** bash: `-c` was given (syntax errors then read `bash: -c: line N: …`). */
  commandString = false;
  /** bash: when the shell started (Date.now()), for SECONDS, and what SECONDS was set to then. */
  secondsBase = 0;
  /** bash: the state of $RANDOM's generator, and the value it gave last. */
  randomSeed = 0;
  lastRandom = 0;
  /** The background jobs run so far and how they ended, for `wait`; $! is the last one's pid. */
  jobs: Array<{ pid: number; status: number; taken?: boolean }> = [];
  lastJob: number | undefined;
  /** The pid the next background job gets ($$ is 1). */
  nextPid = 2;
  /** bash: the directories pushd pushed, most recent first (the stack's top is cwd). */
  dirStack: string[] = [];
  /** bash: $BASH_COMMAND, the command running (kept while a trap runs). */
  bashCommand = '';
  /** bash: a trap is running. */
  inTrap = 0;
  /** bash: PS4 is being expanded: what that runs (in subshells too) is not traced. */
  expandingPs4 = false;
  /** bash: the dynamic variables (RANDOM, SECONDS, …) that `unset` made plain ones for good. */
  notDynamic = new Set<string>();
  /** bash: the script file bash was started on ('' for -c and stdin): BASH_SOURCE's last entry. */
  scriptFile = '';
  /** bash: how deeply commands are nested now; <(…) and >(…) last as long as the command at their depth. */
  commandDepth = 0;
  /** bash: the process substitutions open, with the files that stand for them. */
  procsubs: ProcSub[] = [];
  /** bash: how many `source`s are running (return is allowed in them). */
  sourcing = 0;
  /** bash: alias's definitions (a script's shell does not expand them, as bash's does not). */
  aliases = new Map<string, string>();
  /** bash: the programs found on PATH so far, and how often each ran (hash). */
  hashed = new Map<string, { path: string; hits: number }>();
  /** bash: getopts' place inside a cluster of options (-abc), for the OPTIND it last set. */
  getoptsInd = 1;
  getoptsSub = 1;
  /** bash: `local -`: the options a function's frame restores when it returns. */
  localOptions = new Map<Map<string, Var | undefined>, { options: ShellOptions; more: Set<string> }>();

  /** A variable's value (an array's element 0), undefined when unset. */
  get(name: string): string | undefined {
    const v = this.vars.get(name);
    if (v === undefined || v.unset) return undefined;
    if (v.array) return v.array.kind === 'indexed' ? v.array.get(0) : v.array.get('0');
    return v.value;
  }

  /** Sets a variable; returns false when it is read-only. */
  set(name: string, value: string, exported?: boolean): boolean {
    const v = this.vars.get(name);
    if (v?.readonly) return false;
    if (v) {
      if (v.array) {
        if (v.array.kind === 'indexed') v.array.set(0, value);
        else v.array.set('0', value);
      } else v.value = value;
      if (v.unset) v.unset = false;
      if (exported || this.options.allexport) v.exported = true;
    } else {
      const later = this.exportLater.delete(name);
      this.vars.set(name, { value, exported: (exported ?? false) || later || this.options.allexport, readonly: false });
    }
    return true;
  }

  unset(name: string): boolean {
    if (this.vars.get(name)?.readonly) return false;
    this.vars.delete(name);
    return true;
  }

  /** The environment programs get: exported variables, in the order they were made. */
  environ(): string[] {
    const out: string[] = [];
    for (const [k, v] of this.vars) if (v.exported && !v.unset && !v.array) out.push(`${k}=${v.value}`);
    return out;
  }

  /** A subshell's copy: traps are reset, everything else is inherited. */
  fork(): ShellState {
    const s = new ShellState();
    for (const [k, v] of this.vars) s.vars.set(k, v.array ? { ...v, array: v.array.copy() } : { ...v });
    s.exportLater = new Set(this.exportLater);
    s.functions = new Map(this.functions);
    s.functionAttrs = new Map(this.functionAttrs);
    s.positional = [...this.positional];
    s.arg0 = this.arg0;
    s.options = { ...this.options };
    s.cwd = this.cwd;
    s.status = this.status;
    s.umask = this.umask;
    s.line = this.line;
    s.errexitOff = this.errexitOff;
    s.locals = this.locals.map((frame) => new Map(frame));
    s.subshell = true;
    s.subshellLevel = this.subshellLevel + 1;
    s.bash = this.bash;
    s.shopt = new Set(this.shopt);
    s.moreOptions = new Set(this.moreOptions);
    s.readsStdin = this.readsStdin;
    s.frames = [...this.frames];
    s.file = this.file;
    s.commandString = this.commandString;
    s.secondsBase = this.secondsBase;
    // bash seeds $RANDOM afresh in a subshell, so $(echo $RANDOM) differs each time.
    s.randomSeed = (Math.random() * 0x7fffffff) >>> 0;
    s.lastRandom = this.lastRandom;
    s.notDynamic = new Set(this.notDynamic);
    s.expandingPs4 = this.expandingPs4;
    s.bashCommand = this.bashCommand;
    s.dirStack = [...this.dirStack];
    s.lastJob = this.lastJob;
    s.nextPid = this.nextPid;
    s.inTrap = this.inTrap;
    s.scriptFile = this.scriptFile;
    s.sourcing = this.sourcing;
    s.aliases = new Map(this.aliases);
    s.hashed = new Map(this.hashed);
    return s;
  }

  /** The value of $- : the single-letter options that are on. */
  flags(): string {
    return OPTION_FLAGS.filter(([name, f]) => f !== '' && this.options[name])
      .map(([, f]) => f)
      .join('');
  }
}

/** `exit`, or the end of a shell on a fatal error: unwinds to the shell (or subshell) running. */
export class ExitSignal extends UserlandError {
  constructor(code: number) {
    super(`exit ${code}`, code);
  }
}

/** `return` from a function or a dot script. */
export class ReturnSignal extends UserlandError {
  constructor(code: number) {
    super(`return ${code}`, code);
  }
}

/** `break` or `continue`, out through `count` loops. */
export class LoopSignal extends UserlandError {
  readonly kind: 'break' | 'continue';
  count: number;
  constructor(kind: 'break' | 'continue', count: number) {
    super(kind, 0);
    this.kind = kind;
    this.count = count;
  }
}

/**
 * An error that ends a non-interactive shell (XCU 2.8.1): expansion errors, special built-in
 * misuse. Printed as `sh: LINE: MESSAGE`, exit status 2.
 */
export class ShellError extends UserlandError {
  /**
   * bash: the error ends only the command line being run (an expansion error, a read-only
   * variable), and the script goes on with the next one; else it ends the shell.
   */
  readonly discard: boolean;
  /**
   * bash: a discarded command that also abandons a `bash -c` string (bash's top_level_cleanup,
   * as after `exit 1 2`): the shell ends there, where a script goes on with its next line.
   */
  readonly abandons: boolean;
  /** bash: what the message starts with, when it came from a function (`environment`, a file). */
  where: string | undefined;
  /** bash: the line there. */
  whereLine: number | undefined;
  constructor(message: string, status = 2, discard = false, abandons = false) {
    super(message, status);
    this.discard = discard;
    this.abandons = abandons;
  }
}
