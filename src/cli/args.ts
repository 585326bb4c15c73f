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

/** A published port, as Docker's `-p [IP:][HOSTPORT:]CONTAINERPORT[/PROTOCOL]` gives it. */
export interface PortMapping {
  /** The host address to listen on; absent: every interface (Docker's 0.0.0.0). */
  hostIp?: string;
  /** 0: any free port (Docker's `-p CONTAINERPORT` and `-p IP::CONTAINERPORT`). */
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

/** Parses one `-p`/`--publish` value. */
export function parsePublish(spec: string): PortMapping {
  const bad = (why: string): never => {
    throw new WharfError('USAGE', `-p "${spec}": ${why}; expected [IP:][HOSTPORT:]CONTAINERPORT[/tcp|udp]`);
  };
  const slash = spec.lastIndexOf('/');
  const protocol = slash < 0 ? 'tcp' : spec.slice(slash + 1);
  if (protocol !== 'tcp' && protocol !== 'udp') bad(`unknown protocol "${protocol}"`);
  const rest = slash < 0 ? spec : spec.slice(0, slash);
  // An IPv6 host address is bracketed: [::1]:8080:80.
  const v6 = /^\[([0-9A-Fa-f:.]+)\]:(.*)$/.exec(rest);
  const parts = v6 ? [v6[1]!, ...v6[2]!.split(':')] : rest.split(':');
  if (parts.length > 3) bad('too many colons');
  const port = (s: string, what: string, zeroOk: boolean): number => {
    const n = /^\d+$/.test(s) ? Number(s) : NaN;
    if (!(n <= 65535) || (n === 0 && !zeroOk)) bad(`${what} "${s}" is not a port number`);
    return n;
  };
  const containerPort = port(parts.at(-1)!, 'container port', false);
  const hostPort = parts.length >= 2 && parts.at(-2) !== '' ? port(parts.at(-2)!, 'host port', true) : 0;
  const hostIp = parts.length === 3 ? parts[0] : undefined;
  if (hostIp !== undefined && !/^[0-9A-Fa-f:.]+$/.test(hostIp)) bad(`"${hostIp}" is not an IP address`);
  return { hostIp: hostIp || undefined, hostPort, containerPort, protocol: protocol as 'tcp' | 'udp' };
}
