// What a shell carries from one command to the next (XCU 2.12, shell execution environment):
// variables, functions, positional parameters, options, the working directory, traps. A
// subshell gets a copy, so nothing it changes comes back.
import type { FunctionDef } from './ast.ts';
import { UMASK, UserlandError } from '../lib/index.ts';

export interface Var {
  value: string;
  exported: boolean;
  readonly: boolean;
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

export class ShellState {
  vars = new Map<string, Var>();
  /** Names exported before they were set (`export X`): exported once set. */
  exportLater = new Set<string>();
  functions = new Map<string, FunctionDef>();
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

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  /** Sets a variable; returns false when it is read-only. */
  set(name: string, value: string, exported?: boolean): boolean {
    const v = this.vars.get(name);
    if (v?.readonly) return false;
    if (v) {
      v.value = value;
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
    for (const [k, v] of this.vars) if (v.exported) out.push(`${k}=${v.value}`);
    return out;
  }

  /** A subshell's copy: traps are reset, everything else is inherited. */
  fork(): ShellState {
    const s = new ShellState();
    for (const [k, v] of this.vars) s.vars.set(k, { ...v });
    s.exportLater = new Set(this.exportLater);
    s.functions = new Map(this.functions);
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
  constructor(message: string, status = 2) {
    super(message, status);
  }
}
