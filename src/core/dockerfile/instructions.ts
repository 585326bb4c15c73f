// One logical line -> one typed instruction, with BuildKit's argument rules and messages
// (frontend/dockerfile/instructions/parse.go): one switch, one parseX per instruction. Problems
// are reported, never thrown, so a Dockerfile's every mistake shows at once; an instruction that
// cannot be built is undefined.

import {
  errorAt,
  errorAtFlag,
  jsonOrFields,
  toFlag,
  type Header,
  type LineContext,
  type Parsed,
} from './line-context.ts';
import { parseGoDuration } from './duration.ts';
import { parseFlags, type FlagSpec } from './flags.ts';
import { parseHeredocWord, position } from './lines.ts';
import { parsePort } from './port.ts';
import { isSignal } from './signal.ts';
import { parseJSONArray, parseWords, splitCommand, splitFields } from './split.ts';
import { didYouMean } from './suggest.ts';
import type {
  AddInstruction,
  ArgInstruction,
  CmdInstruction,
  CommandLine,
  CopyInstruction,
  EntrypointInstruction,
  EnvInstruction,
  ExposeInstruction,
  FromInstruction,
  HealthcheckInstruction,
  Instruction,
  InstructionKind,
  KeyValue,
  LabelInstruction,
  MaintainerInstruction,
  RunInstruction,
  ShellInstruction,
  SourceContent,
  StopSignalInstruction,
  UserInstruction,
  VolumeInstruction,
  WorkdirInstruction,
} from './types.ts';

export const INSTRUCTIONS: readonly InstructionKind[] = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
];

const flagSpecs: Partial<Record<InstructionKind, FlagSpec>> = {
  FROM: { platform: 'string' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  ADD: {
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    exclude: 'strings',
  },
  RUN: { mount: 'strings', network: 'string', security: 'string' },
  HEALTHCHECK: {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  },
};

/** Parses `text`, which starts at `base` in the logical line (ONBUILD parses its trigger so). */
export function parseInstruction(text: string, base: number, ctx: LineContext): Instruction | undefined {
  const split = splitCommand(text, base);
  const upper = split.keyword.toUpperCase() as InstructionKind;
  const at = position(ctx.line, split.keywordOffset);
  if (!INSTRUCTIONS.includes(upper)) {
    errorAt(
      ctx,
      split.keywordOffset,
      `unknown instruction: ${split.keyword.toUpperCase()}${didYouMean(split.keyword, INSTRUCTIONS)}`,
    );
    return undefined;
  }
  const header: Header = {
    kind: upper,
    keyword: split.keyword,
    line: at.line,
    col: at.col,
    endLine: ctx.line.endLine,
    original: text.trim(),
    flags: split.flags.map((f) => toFlag(f, ctx)),
    heredocs: ctx.line.heredocs,
  };
  // HEALTHCHECK NONE takes no flags (BuildKit ignores them; here they are reported).
  const healthNone = upper === 'HEALTHCHECK' && /^none$/i.test(split.rest.split(/\s/)[0] ?? '');
  const spec = healthNone ? {} : (flagSpecs[upper] ?? {});
  const { values, problems } = parseFlags(healthNone ? 'HEALTHCHECK NONE' : upper, header.flags, spec);
  for (const p of problems) errorAtFlag(ctx, p.flag, p.message);
  const p: Parsed = { header, rest: split.rest, restOffset: split.restOffset, values, ctx };
  switch (upper) {
    case 'ENV':
      return parseEnv(p);
    case 'MAINTAINER':
      return parseMaintainer(p);
    case 'LABEL':
      return parseLabel(p);
    case 'ADD':
      return parseAdd(p);
    case 'COPY':
      return parseCopy(p);
    case 'FROM':
      return parseFrom(p);
    case 'ONBUILD':
      return parseOnbuild(p);
    case 'WORKDIR':
      return parseWorkdir(p);
    case 'RUN':
      return parseRun(p);
    case 'CMD':
      return parseCmd(p);
    case 'HEALTHCHECK':
      return parseHealthcheck(p);
    case 'ENTRYPOINT':
      return parseEntrypoint(p);
    case 'EXPOSE':
      return parseExpose(p);
    case 'USER':
      return parseUser(p);
    case 'VOLUME':
      return parseVolume(p);
    case 'STOPSIGNAL':
      return parseStopsignal(p);
    case 'ARG':
      return parseArg(p);
    case 'SHELL':
      return parseShell(p);
  }
}

function parseFrom(p: Parsed): FromInstruction | undefined {
  const fields = splitFields(p.rest);
  const out: FromInstruction = { ...p.header, kind: 'FROM', image: fields[0]?.text ?? '' };
  const platform = p.values.strings.get('platform');
  if (platform !== undefined) out.platform = platform;
  if (fields.length === 3 && fields[1]!.text.toLowerCase() === 'as') {
    const written = fields[2]!.text;
    const name = written.toLowerCase();
    if (!/^[a-z][a-z0-9-_.]*$/.test(name)) {
      errorAt(
        p.ctx,
        p.restOffset + fields[2]!.offset,
        `invalid name for build stage: "${written}", name can't start with a number or contain symbols`,
      );
      return undefined;
    }
    out.name = name;
    out.nameAsWritten = written;
    out.asKeyword = fields[1]!.text;
  } else if (fields.length !== 1) {
    errorAt(p.ctx, p.restOffset, 'FROM requires either one or three arguments');
    return undefined;
  }
  return out;
}

function parseArg(p: Parsed): ArgInstruction | undefined {
  const words = parseWords(p.rest, p.ctx.escape);
  if (words.length === 0) {
    errorAt(p.ctx, p.restOffset, 'ARG requires at least one argument');
    return undefined;
  }
  const args: ArgInstruction['args'] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq === 0) {
      errorAt(p.ctx, p.restOffset, 'ARG names can not be blank');
      return undefined;
    }
    args.push(eq < 0 ? { key: w } : { key: w.slice(0, eq), value: w.slice(eq + 1) });
  }
  return { ...p.header, kind: 'ARG', args };
}

function parseEnv(p: Parsed): EnvInstruction | undefined {
  const kv = parseNameVal(p, 'ENV');
  return kv && { ...p.header, kind: 'ENV', pairs: kv.pairs, legacy: kv.legacy };
}

function parseLabel(p: Parsed): LabelInstruction | undefined {
  const kv = parseNameVal(p, 'LABEL');
  return kv && { ...p.header, kind: 'LABEL', pairs: kv.pairs, legacy: kv.legacy };
}

/** ENV and LABEL: `KEY value` (legacy, one pair) or `K=V K2=V2 ...`. */
function parseNameVal(p: Parsed, kind: 'ENV' | 'LABEL'): { pairs: KeyValue[]; legacy: boolean } | undefined {
  const words = parseWords(p.rest, p.ctx.escape);
  if (words.length === 0) {
    errorAt(p.ctx, p.restOffset, `${kind} requires at least one argument`);
    return undefined;
  }
  if (!words[0]!.includes('=')) {
    const m = /^(\S+)[\t\v\f\r ]+([\s\S]*)$/u.exec(p.rest);
    if (!m) {
      errorAt(p.ctx, p.restOffset, `${kind} must have two arguments`);
      return undefined;
    }
    return { pairs: [{ key: m[1]!, value: m[2]! }], legacy: true };
  }
  const pairs: KeyValue[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0) {
      errorAt(
        p.ctx,
        p.restOffset,
        `Syntax error - can't find = in ${JSON.stringify(w)}. Must be of the form: name=value`,
      );
      return undefined;
    }
    if (eq === 0) {
      errorAt(p.ctx, p.restOffset, `${kind} names can not be blank`);
      return undefined;
    }
    pairs.push({ key: w.slice(0, eq), value: w.slice(eq + 1) });
  }
  return { pairs, legacy: false };
}

function parseAdd(p: Parsed): AddInstruction | undefined {
  const common = parseCopyLike(p, 'ADD');
  if (!common) return undefined;
  const v = p.values;
  return {
    ...p.header,
    kind: 'ADD',
    ...common,
    keepGitDir: v.bools.get('keep-git-dir') ?? false,
    checksum: v.strings.get('checksum'),
  };
}

function parseCopy(p: Parsed): CopyInstruction | undefined {
  const common = parseCopyLike(p, 'COPY');
  return common && { ...p.header, kind: 'COPY', ...common, from: p.values.strings.get('from') };
}

/** What COPY and ADD share: sources (heredocs as contents), destination and the common flags. */
function parseCopyLike(p: Parsed, kind: 'COPY' | 'ADD'): Omit<CopyInstruction, keyof Header | 'from'> | undefined {
  const list = jsonOrFields(p);
  if (!list) return undefined;
  if (list.args.length < 2) {
    errorAt(
      p.ctx,
      p.restOffset,
      `${kind} requires at least two arguments, but only one was provided. Destination could not be determined`,
    );
    return undefined;
  }
  const dest = list.args[list.args.length - 1]!;
  if (!list.json && parseHeredocWord(dest)) {
    errorAt(p.ctx, p.restOffset, `${kind} cannot accept a heredoc as a destination`);
    return undefined;
  }
  const sources: string[] = [];
  const contents: SourceContent[] = [];
  for (const src of list.args.slice(0, -1)) {
    const h = list.json ? undefined : parseHeredocWord(src);
    if (!h) {
      sources.push(src);
      continue;
    }
    const doc = p.header.heredocs.find((d) => d.name === h.name);
    const raw = doc?.content ?? '';
    contents.push({ path: h.name, data: h.chomp ? raw.replace(/^\t+/gm, '') : raw, expand: h.expand });
  }
  const v = p.values;
  return {
    sources,
    contents,
    dest,
    json: list.json,
    link: v.bools.get('link') ?? false,
    exclude: v.lists.get('exclude') ?? [],
    parents: v.bools.get('parents') ?? false,
    ...(v.strings.has('chown') ? { chown: v.strings.get('chown')! } : {}),
    ...(v.strings.has('chmod') ? { chmod: v.strings.get('chmod')! } : {}),
  };
}

function parseOnbuild(p: Parsed): Instruction | undefined {
  if (p.rest === '') {
    errorAt(p.ctx, p.restOffset, 'ONBUILD requires at least one argument');
    return undefined;
  }
  const trigger = (p.rest.split(/\s/)[0] ?? '').toUpperCase();
  if (trigger === 'ONBUILD') {
    errorAt(p.ctx, p.restOffset, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    return undefined;
  }
  if (trigger === 'MAINTAINER' || trigger === 'FROM') {
    errorAt(p.ctx, p.restOffset, `${trigger} isn't allowed as an ONBUILD trigger`);
    return undefined;
  }
  const inner = parseInstruction(p.rest, p.restOffset, p.ctx);
  if (!inner) return undefined;
  let expression = p.header.original.replace(/^\s*ONBUILD\s*/i, '');
  for (const h of p.header.heredocs) expression += '\n' + h.content + h.name;
  return { ...p.header, kind: 'ONBUILD', expression, trigger: inner };
}

/** WORKDIR, USER, STOPSIGNAL and MAINTAINER take their whole rest as one argument. */
function oneArgument(p: Parsed, kind: InstructionKind): string | undefined {
  if (p.rest !== '') return p.rest;
  errorAt(p.ctx, p.restOffset, `${kind} requires exactly one argument`);
  return undefined;
}

function parseMaintainer(p: Parsed): MaintainerInstruction | undefined {
  const maintainer = oneArgument(p, 'MAINTAINER');
  return maintainer === undefined ? undefined : { ...p.header, kind: 'MAINTAINER', maintainer };
}

function parseWorkdir(p: Parsed): WorkdirInstruction | undefined {
  const path = oneArgument(p, 'WORKDIR');
  return path === undefined ? undefined : { ...p.header, kind: 'WORKDIR', path };
}

function parseUser(p: Parsed): UserInstruction | undefined {
  const user = oneArgument(p, 'USER');
  return user === undefined ? undefined : { ...p.header, kind: 'USER', user };
}

function parseStopsignal(p: Parsed): StopSignalInstruction | undefined {
  const signal = oneArgument(p, 'STOPSIGNAL');
  if (signal === undefined) return undefined;
  if (!signal.includes('$') && !isSignal(signal)) {
    errorAt(p.ctx, p.restOffset, `invalid signal: ${signal}`, 'DOCKERFILE_SEMANTIC');
    return undefined;
  }
  return { ...p.header, kind: 'STOPSIGNAL', signal };
}

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

function parseCmd(p: Parsed): CmdInstruction | undefined {
  const command = commandLine(p, p.rest, p.restOffset);
  return command && { ...p.header, kind: 'CMD', command };
}

function parseEntrypoint(p: Parsed): EntrypointInstruction | undefined {
  const command = commandLine(p, p.rest, p.restOffset);
  return command && { ...p.header, kind: 'ENTRYPOINT', command };
}

function parseShell(p: Parsed): ShellInstruction | undefined {
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
  return { ...p.header, kind: 'SHELL', shell: command.args };
}

function parseExpose(p: Parsed): ExposeInstruction | undefined {
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
  return { ...p.header, kind: 'EXPOSE', ports: fields.map((f) => f.text) };
}

function parseVolume(p: Parsed): VolumeInstruction | undefined {
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
  return { ...p.header, kind: 'VOLUME', volumes, json: list.json };
}

function parseRun(p: Parsed): RunInstruction | undefined {
  const command = commandLine(p, p.rest, p.restOffset);
  if (!command) return undefined;
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
