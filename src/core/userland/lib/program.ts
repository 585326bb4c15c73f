// What every command is written against: its arguments, environment, working directory, the
// volume (fs.ts), standard streams, and GNU-style option parsing and messages
// (`ls: cannot access 'x': No such file or directory`, usage errors exit 2 or 1).
import { WharfError } from '../../errors.ts';
import type { BuiltinProgram, Processes, ProcessSpec } from '../../runtime/process.ts';
import type { StdinSource } from '../../runtime/stdio.ts';
import { strerror } from './errno.ts';
import { FsError, UsageError, UserlandError } from './errors.ts';
import { Fs } from './fs.ts';
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
      getenv: (key) => {
        for (let i = spec.env.length - 1; i >= 0; i--) {
          const kv = spec.env[i]!;
          if (kv.startsWith(`${key}=`)) return kv.slice(key.length + 1);
        }
        return undefined;
      },
      warn: (message) => err.text(`${name}: ${message}\n`),
    };
    try {
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
      throw internal(name, e);
    }
  };
}

/** A failure of the program itself (a bug, not the user's input), as core reports errors. */
export function internal(name: string, e: unknown): WharfError {
  // A userland error that got this far was not handled where it belonged: a bug too.
  if (e instanceof WharfError && !(e instanceof UserlandError)) return e;
  return new WharfError('INTERNAL', `${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export interface Parsed {
  /** Options in the order given: [key, value]. */
  opts: Array<[string, string | undefined]>;
  operands: string[];
  /** For each operand, how many options came before it (tar's -C acts on the operands after it). */
  operandAt: number[];
}

export interface OptSpec {
  /** getopt(3) letters; a ":" after a letter: it takes a value. */
  short: string;
  /** Long names -> key (a short letter or a name); a ":" at the end of the key: takes a value. */
  long?: Record<string, string>;
  /** Stop at the first operand, as POSIX says (GNU tools go on looking for options). */
  stopAtOperand?: boolean;
}

/** getopt_long as GNU tools use it: clustered flags, -n5 / -n 5, --name=value, "--". */
export function parseOpts(args: string[], spec: OptSpec): Parsed {
  const opts: Parsed['opts'] = [];
  const operands: string[] = [];
  const operandAt: number[] = [];
  const operand = (...names: string[]): void => {
    for (const n of names) {
      operands.push(n);
      operandAt.push(opts.length);
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operand(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && spec.long) {
      const eq = a.indexOf('=');
      const given = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const names = Object.keys(spec.long);
      const exact = names.find((n) => n === given);
      const prefixed = names.filter((n) => n.startsWith(given));
      const name = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!name) {
        throw new UsageError(
          prefixed.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'`,
        );
      }
      const key = spec.long[name]!;
      if (key.endsWith(':')) {
        let value = eq < 0 ? undefined : a.slice(eq + 1);
        if (value === undefined) {
          value = args[++i];
          if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`);
        }
        opts.push([key.slice(0, -1), value]);
      } else {
        if (eq >= 0) throw new UsageError(`option '--${name}' doesn't allow an argument`);
        opts.push([key, undefined]);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const at = spec.short.indexOf(c);
        if (at < 0 || c === ':') throw new UsageError(`invalid option -- '${c}'`);
        if (spec.short[at + 1] === ':') {
          let value = a.slice(j + 1);
          if (value === '') {
            const next = args[++i];
            if (next === undefined) throw new UsageError(`option requires an argument -- '${c}'`);
            value = next;
          }
          opts.push([c, value]);
          break;
        }
        opts.push([c, undefined]);
      }
      continue;
    }
    operand(a);
    if (spec.stopAtOperand) {
      operand(...args.slice(i + 1));
      break;
    }
  }
  return { opts, operands, operandAt };
}

export function has(p: Parsed, ...keys: string[]): boolean {
  return p.opts.some(([k]) => keys.includes(k));
}

/** The last value given for any of `keys`. */
export function value(p: Parsed, ...keys: string[]): string | undefined {
  let v: string | undefined;
  for (const [k, x] of p.opts) if (keys.includes(k)) v = x;
  return v;
}

export function values(p: Parsed, ...keys: string[]): string[] {
  return p.opts.filter(([k]) => keys.includes(k)).map(([, v]) => v!);
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

/** A count argument (head -n 5, tail -c 1K): digits with an optional multiplier suffix. */
export function parseCount(s: string, what: string): number {
  const m = /^([0-9]+)(b|kB|K|KiB|k|MB|M|MiB|GB|G|GiB)?$/.exec(s);
  if (!m) throw new UsageError(`invalid number of ${what}: '${s}'`);
  const mult: Record<string, number> = {
    b: 512,
    kB: 1000,
    K: 1024,
    k: 1024,
    KiB: 1024,
    MB: 1e6,
    M: 1 << 20,
    MiB: 1 << 20,
    GB: 1e9,
    G: 1 << 30,
    GiB: 1 << 30,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
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
