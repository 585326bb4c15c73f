// A small argv parser for the CLI's docker-like flags: "-f X", "--file=X", repeatable flags,
// boolean flags, and the rest as positionals. Unknown flags are usage errors.

import { WharfError } from '../core/errors.ts';

export interface FlagSpec {
  /** Names including dashes, e.g. ["-f", "--file"]. The first long name is the key. */
  names: string[];
  kind: 'string' | 'list' | 'boolean';
}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  positionals: string[];
}

/**
 * Parse `argv` against `specs`. With `stopAtPositional`, everything from the first positional on
 * is positional (so `run IMAGE --flag` passes --flag to the program, as docker run does).
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], stopAtPositional = false): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) for (const n of s.names) byName.set(n, s);
  const key = (s: FlagSpec): string => s.names.find((n) => n.startsWith('--')) ?? s.names[0]!;
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      if (stopAtPositional) {
        positionals.push(...argv.slice(i + 1));
        break;
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const spec = byName.get(name);
    if (!spec) throw new WharfError('USAGE', `unknown flag: ${name}`);
    const values = flags.get(key(spec)) ?? [];
    if (spec.kind === 'boolean') {
      values.push('true');
    } else {
      let value: string | undefined;
      if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
      else value = argv[++i];
      if (value === undefined) throw new WharfError('USAGE', `flag ${name} needs a value`);
      if (spec.kind === 'string') values.length = 0;
      values.push(value);
    }
    flags.set(key(spec), values);
  }
  return { flags, positionals };
}

export function one(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function many(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}

export function has(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name);
}
