// The program frame every command is written against: its arguments, environment, working
// directory, the volume (fs.ts) and standard streams, and GNU's way of saying what went wrong
// (`ls: cannot access 'x': No such file or directory`; usage errors exit 2 or 1). Options are
// options.ts's.
import { WharfError } from '../../errors.ts';
import type { BuiltinProgram, Processes, ProcessSpec } from '../../runtime/process.ts';
import type { StdinSource } from '../../runtime/stdio.ts';
import { getenv } from './env.ts';
import { strerror } from './errno.ts';
import { Failure, FsError, UsageError, UserlandError } from './errors.ts';
import { Fs } from './fs.ts';
import { checkDeadline, TimeLimit } from './inherited.ts';
import { bytesToBin, Out, readAll } from './io.ts';

export interface Ctx {
  /** The command's name (argv[0] without its directory). */
  name: string;
  /** argv[1..]. */
  args: string[];
  spec: ProcessSpec;
  fs: Fs;
  out: Out;
  err: Out;
  stdin: StdinSource | undefined;
  processes: Processes;
  getenv(name: string): string | undefined;
  /** Prints `NAME: message` on stderr. */
  warn(message: string): void;
}

export type CommandBody = (c: Ctx) => number | Promise<number>;

/** A command as a BuiltinProgram. `usageStatus`: the exit status of a usage error (ls: 2). */
export function program(command: CommandBody, usageStatus = 1): BuiltinProgram {
  return async (spec, processes) => {
    const argv0 = spec.argv[0] ?? '';
    const name = argv0.slice(argv0.lastIndexOf('/') + 1);
    const out = new Out(spec.stdout);
    const err = new Out(spec.stderr);
    const c: Ctx = {
      name,
      args: spec.argv.slice(1),
      spec,
      fs: new Fs(processes.volume, spec.cwd),
      out,
      err,
      stdin: spec.stdin,
      processes,
      getenv: (key) => getenv(spec.env, key),
      warn: (message) => err.text(`${name}: ${message}\n`),
    };
    try {
      checkDeadline(processes);
      return await command(c);
    } catch (e) {
      if (e instanceof UsageError) {
        c.warn(e.message);
        err.text(`Try '${name} --help' for more information.\n`);
        return e.status === 1 ? usageStatus : e.status;
      }
      if (e instanceof FsError) {
        c.warn(`${e.path}: ${strerror(e.errno)}`);
        return 1;
      }
      if (e instanceof Failure) {
        c.warn(e.message);
        return e.status;
      }
      throw internal(name, e);
    }
  };
}

/** A failure of the program itself (a bug, not the user's input), as core reports errors. */
export function internal(name: string, e: unknown): WharfError {
  // A userland error that got this far was not handled where it belonged: a bug too. A time
  // limit is meant to unwind every process up to the timeout(1) that set it.
  if (e instanceof WharfError && (!(e instanceof UserlandError) || e instanceof TimeLimit)) return e;
  return new WharfError('INTERNAL', `${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** The input of a filter: each file ("-" is stdin) or stdin when none, as byte strings. */
export function* inputs(c: Ctx, files: string[]): Generator<{ name: string; data: string | null }> {
  const list = files.length === 0 ? ['-'] : files;
  for (const f of list) {
    if (f === '-') {
      yield { name: f, data: bytesToBin(readAll(c.stdin)) };
      continue;
    }
    try {
      yield { name: f, data: bytesToBin(c.fs.readFile(f)) };
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${f}: ${strerror(e.errno)}`);
      yield { name: f, data: null };
    }
  }
}

/** How GNU tools quote a name in a message. */
export function q(name: string): string {
  return name.includes("'") ? `"${name}"` : `'${name}'`;
}

/** Runs `fn`, turning an FsError into `NAME: <what>: <strerror>`; false on failure. */
export function attempt(c: Ctx, what: (e: FsError) => string, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    c.warn(`${what(e)}: ${strerror(e.errno)}`);
    return false;
  }
}
