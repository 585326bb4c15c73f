// One logical line -> one typed instruction, with BuildKit's argument rules and messages
// (frontend/dockerfile/instructions/parse.go). Problems are reported, never thrown, so a
// Dockerfile's every mistake shows at once; an instruction that cannot be built is undefined.

import {
  errorAt,
  errorAtFlag,
  jsonOrFields,
  toFlag,
  type Header,
  type LineContext,
  type Parsed,
} from './line-context.ts';
import { parseFlags, type FlagSpec } from './flags.ts';
import { parseCommandInstruction } from './instructions-cmd.ts';
import { parseHeredocWord, position } from './lines.ts';
import { parseWords, splitCommand, splitFields } from './split.ts';
import { didYouMean } from './suggest.ts';
import type {
  AddInstruction,
  ArgInstruction,
  CopyInstruction,
  FromInstruction,
  Instruction,
  InstructionKind,
  KeyValue,
  SourceContent,
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
    case 'FROM':
      return parseFrom(p);
    case 'ARG':
      return parseArg(p);
    case 'ENV':
    case 'LABEL': {
      const kv = parseNameVal(p, upper);
      return kv && ({ ...header, kind: upper, pairs: kv.pairs, legacy: kv.legacy } as Instruction);
    }
    case 'COPY':
    case 'ADD':
      return parseCopyLike(p, upper);
    case 'ONBUILD':
      return parseOnbuild(p);
    default:
      return parseCommandInstruction(p, upper);
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

function parseCopyLike(p: Parsed, kind: 'COPY' | 'ADD'): CopyInstruction | AddInstruction | undefined {
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
  const common = {
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
  if (kind === 'COPY') {
    const from = v.strings.get('from');
    return { ...p.header, kind, ...common, from };
  }
  const checksum = v.strings.get('checksum');
  return {
    ...p.header,
    kind,
    ...common,
    keepGitDir: v.bools.get('keep-git-dir') ?? false,
    checksum,
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
