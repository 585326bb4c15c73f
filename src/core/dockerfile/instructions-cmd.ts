// Instructions whose argument is a command line or a single value: RUN, CMD, ENTRYPOINT, SHELL,
// HEALTHCHECK, WORKDIR, USER, STOPSIGNAL, MAINTAINER, EXPOSE, VOLUME (BuildKit's parse.go rules).

import { errorAt, errorAtFlag, jsonOrFields, type Parsed } from './line-context.ts';
import { parseGoDuration } from './duration.ts';
import { parseJSONArray, splitFields } from './split.ts';
import type { CommandLine, HealthcheckInstruction, Instruction, InstructionKind, RunInstruction } from './types.ts';

/** RUN/CMD/ENTRYPOINT/SHELL: a JSON array of strings is the exec form, anything else (invalid
 * JSON included) is the shell form, one string. */
function commandLine(p: Parsed, rest: string, offset: number): CommandLine | undefined {
  if (rest === '') return { form: 'shell', args: [] };
  const json = parseJSONArray(rest);
  if (json.ok) return { form: 'exec', args: json.values };
  if (json.notStrings) {
    errorAt(p.ctx, offset, 'when using JSON array syntax, arrays must be comprised of strings only');
    return undefined;
  }
  return { form: 'shell', args: [rest] };
}

export function parseCommandInstruction(p: Parsed, kind: InstructionKind): Instruction | undefined {
  const h = p.header;
  switch (kind) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT': {
      const command = commandLine(p, p.rest, p.restOffset);
      if (!command) return undefined;
      if (kind === 'RUN') return parseRun(p, command);
      return { ...h, kind, command };
    }
    case 'SHELL': {
      const command = commandLine(p, p.rest, p.restOffset);
      if (!command) return undefined;
      if (command.form !== 'exec' && command.args.length > 0) {
        errorAt(p.ctx, p.restOffset, 'SHELL requires the arguments to be in JSON form');
        return undefined;
      }
      if (command.args.length === 0) {
        errorAt(p.ctx, p.restOffset, 'SHELL requires at least one argument');
        return undefined;
      }
      return { ...h, kind, shell: command.args };
    }
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'MAINTAINER': {
      if (p.rest === '') {
        errorAt(p.ctx, p.restOffset, `${kind} requires exactly one argument`);
        return undefined;
      }
      if (kind === 'WORKDIR') return { ...h, kind, path: p.rest };
      if (kind === 'USER') return { ...h, kind, user: p.rest };
      if (kind === 'MAINTAINER') return { ...h, kind, maintainer: p.rest };
      if (!p.rest.includes('$') && !isSignal(p.rest)) {
        errorAt(p.ctx, p.restOffset, `invalid signal: ${p.rest}`, 'DOCKERFILE_SEMANTIC');
        return undefined;
      }
      return { ...h, kind, signal: p.rest };
    }
    case 'EXPOSE': {
      const fields = splitFields(p.rest);
      if (fields.length === 0) {
        errorAt(p.ctx, p.restOffset, 'EXPOSE requires at least one argument');
        return undefined;
      }
      for (const f of fields) {
        if (f.text.includes('$') || f.text.includes(':')) continue; // expanded later / linted
        const problem = parsePort(f.text);
        if (typeof problem === 'string') errorAt(p.ctx, p.restOffset + f.offset, problem, 'DOCKERFILE_SEMANTIC');
      }
      return { ...h, kind, ports: fields.map((f) => f.text) };
    }
    case 'VOLUME': {
      const list = jsonOrFields(p);
      if (!list) return undefined;
      if (list.args.length === 0) {
        errorAt(p.ctx, p.restOffset, 'VOLUME requires at least one argument');
        return undefined;
      }
      const volumes = list.args.map((v) => v.trim());
      if (volumes.some((v) => v === '')) {
        errorAt(p.ctx, p.restOffset, 'VOLUME specified can not be an empty string');
        return undefined;
      }
      return { ...h, kind, volumes, json: list.json };
    }
    case 'HEALTHCHECK':
      return parseHealthcheck(p);
    default:
      return undefined;
  }
}

function parseRun(p: Parsed, command: CommandLine): RunInstruction | undefined {
  const out: RunInstruction = { ...p.header, kind: 'RUN', command, mounts: [] };
  let ok = true;
  for (const m of p.values.lists.get('mount') ?? []) {
    const fields = parseMount(m);
    const type = fields.type ?? 'bind';
    if (!['bind', 'cache', 'tmpfs', 'secret', 'ssh'].includes(type)) {
      const flag = p.header.flags.find((f) => f.name === 'mount' && f.value === m)!;
      errorAtFlag(p.ctx, flag, `unsupported mount type "${type}"`);
      ok = false;
    }
    out.mounts.push(fields);
  }
  const network = p.values.strings.get('network');
  if (network !== undefined) {
    if (!['default', 'none', 'host'].includes(network)) {
      errorAtFlag(
        p.ctx,
        p.header.flags.find((f) => f.name === 'network')!,
        `unsupported network mode "${network}"`,
      );
      ok = false;
    }
    out.network = network;
  }
  const security = p.values.strings.get('security');
  if (security !== undefined) {
    if (!['insecure', 'sandbox'].includes(security)) {
      errorAtFlag(
        p.ctx,
        p.header.flags.find((f) => f.name === 'security')!,
        `unsupported security mode "${security}"`,
      );
      ok = false;
    }
    out.security = security;
  }
  return ok ? out : undefined;
}

/** `type=cache,target=/root/.cache,ro` as CSV fields; a bare key means "true". */
function parseMount(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  for (const f of fields) {
    const eq = f.indexOf('=');
    const key = (eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase();
    if (key) out[key] = eq < 0 ? 'true' : f.slice(eq + 1);
  }
  return out;
}

function parseHealthcheck(p: Parsed): HealthcheckInstruction | undefined {
  const m = /^(\S+)\s*([\s\S]*)$/u.exec(p.rest);
  if (!m) {
    errorAt(p.ctx, p.restOffset, 'HEALTHCHECK requires at least one argument');
    return undefined;
  }
  const type = m[1]!.toUpperCase();
  const rest = m[2]!;
  const restOffset = p.restOffset + p.rest.length - rest.length;
  if (type === 'NONE') {
    if (rest !== '') {
      errorAt(p.ctx, restOffset, 'HEALTHCHECK NONE takes no arguments');
      return undefined;
    }
    return { ...p.header, kind: 'HEALTHCHECK', type: 'NONE' };
  }
  if (type !== 'CMD') {
    errorAt(p.ctx, p.restOffset, `Unknown type "${type}" in HEALTHCHECK (try CMD)`);
    return undefined;
  }
  const command = commandLine(p, rest, restOffset);
  if (!command) return undefined;
  if (command.args.length === 0) {
    errorAt(p.ctx, p.restOffset, 'Missing command after HEALTHCHECK CMD');
    return undefined;
  }
  const out: HealthcheckInstruction = { ...p.header, kind: 'HEALTHCHECK', type: 'CMD', command };
  let ok = true;
  const durations = [
    ['interval', 'interval'],
    ['timeout', 'timeout'],
    ['start-period', 'startPeriod'],
    ['start-interval', 'startInterval'],
  ] as const;
  for (const [flag, field] of durations) {
    const raw = p.values.strings.get(flag);
    if (raw === undefined || raw === '') continue;
    const at = p.header.flags.find((f) => f.name === flag)!;
    const ns = parseGoDuration(raw);
    if (ns === undefined) {
      errorAtFlag(p.ctx, at, `time: invalid duration "${raw}"`);
      ok = false;
    } else if (ns !== 0 && ns < 1e6) {
      errorAtFlag(p.ctx, at, `Interval "${flag}" cannot be less than 1ms`);
      ok = false;
    } else {
      out[field] = ns;
    }
  }
  const retries = p.values.strings.get('retries');
  if (retries !== undefined && retries !== '') {
    const at = p.header.flags.find((f) => f.name === 'retries')!;
    if (!/^[-+]?\d+$/.test(retries)) {
      errorAtFlag(p.ctx, at, `strconv.ParseInt: parsing "${retries}": invalid syntax`);
      ok = false;
    } else if (Number(retries) < 0) {
      errorAtFlag(p.ctx, at, `--retries cannot be negative (${Number(retries)})`);
      ok = false;
    } else {
      out.retries = Number(retries);
    }
  }
  return ok ? out : undefined;
}

const signals = [
  'ABRT',
  'ALRM',
  'BUS',
  'CHLD',
  'CLD',
  'CONT',
  'FPE',
  'HUP',
  'ILL',
  'INT',
  'IO',
  'IOT',
  'KILL',
  'PIPE',
  'POLL',
  'PROF',
  'PWR',
  'QUIT',
  'SEGV',
  'STKFLT',
  'STOP',
  'SYS',
  'TERM',
  'TRAP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'USR1',
  'USR2',
  'VTALRM',
  'WINCH',
  'XCPU',
  'XFSZ',
];

/** A signal as Docker's signal.ParseSignal accepts it: a number, NAME, SIGNAME or SIGRTMIN+n. */
export function isSignal(s: string): boolean {
  if (/^\d+$/.test(s)) return Number(s) > 0;
  const name = s.toUpperCase().replace(/^SIG/, '');
  if (signals.includes(name)) return true;
  const rt = /^RT(MIN|MAX)([+-]\d+)?$/.exec(name);
  return rt !== null;
}

/** An EXPOSE port: `80`, `80/tcp`, `8000-8010/udp`; a message when it is not one. */
export function parsePort(spec: string): { start: number; end: number; proto: string } | string {
  const slash = spec.indexOf('/');
  const port = slash < 0 ? spec : spec.slice(0, slash);
  const proto = slash < 0 ? 'tcp' : spec.slice(slash + 1);
  if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return `invalid proto: ${proto}`;
  const m = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!m) return `invalid containerPort: ${port}`;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return `invalid containerPort: ${port}`;
  if (end < start) return `invalid range specified for container port: ${port}`;
  return { start, end, proto: proto.toLowerCase() };
}
