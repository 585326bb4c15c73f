// BuildKit's Dockerfile checks (`docker build --check`), the ones that apply without pulling a
// base image: https://docs.docker.com/reference/build-checks/ . Names, texts and links are
// BuildKit's; JSONArgsRecommended adds why it matters for a wasm image (there is no /bin/sh).

import { expandableWords } from './expand.ts';
import { lex } from './lex.ts';
import type { LogicalLine } from './lines.ts';
import { suggest } from './suggest.ts';
import type { Diagnostic, FromInstruction, Instruction, ParseResult, Stage } from './types.ts';

const base = 'https://docs.docker.com/go/dockerfile/rule/';

type Finding = { rule: string; line: number; col: number; message: string };

/** Wharf's own checks, about how the containerd Wasm shims run an image: no Docker page. */
const WASM_RULES = new Set(['WorkdirIgnoredByWasmShims']);

/** The platform ARGs BuildKit defines for FROM lines without a declaration. */
const builtinPlatformArgs = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
];

function slug(rule: string): string {
  return rule
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/JSONArgs/, 'JSON-Args')
    .toLowerCase();
}

export function lintDockerfile(parsed: ParseResult, _lines: readonly LogicalLine[] = []): Diagnostic[] {
  const found: Finding[] = [];
  const add = (rule: string, at: { line: number; col: number }, message: string): void => {
    found.push({ rule, line: at.line, col: at.col, message });
  };
  const all: Instruction[] = [...parsed.globalArgs, ...parsed.stages.flatMap((s) => [s.from, ...s.instructions])];
  instructionCasing(all, add);
  for (const arg of parsed.globalArgs) secrets(arg, add);
  for (const stage of parsed.stages) {
    fromLine(stage.from, parsed, add);
    stageRules(stage, add);
  }
  undefinedVars(parsed, add);
  const final = parsed.stages.at(-1);
  if (final) wasmWorkdir(final, add);
  return found.map((f) => ({
    severity: 'warning',
    code: 'DOCKERFILE_SEMANTIC',
    file: parsed.file,
    line: f.line,
    col: f.col,
    rule: f.rule,
    url: WASM_RULES.has(f.rule) ? undefined : base + slug(f.rule) + '/',
    message: f.message,
  }));
}

type Add = (rule: string, at: { line: number; col: number }, message: string) => void;

function isUpper(s: string): boolean {
  return s === s.toUpperCase();
}
function isLower(s: string): boolean {
  return s === s.toLowerCase();
}

function instructionCasing(all: Instruction[], add: Add): void {
  const lower = all.filter((i) => isLower(i.keyword)).length;
  const upper = all.filter((i) => isUpper(i.keyword)).length;
  const majorityLower = lower > upper;
  for (const i of all) {
    const ok = majorityLower ? isLower(i.keyword) : isUpper(i.keyword);
    if (!ok) {
      add(
        'ConsistentInstructionCasing',
        i,
        `Command '${i.keyword}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
      );
    }
  }
}

function fromLine(from: FromInstruction, parsed: ParseResult, add: Add): void {
  if (from.asKeyword !== undefined) {
    // A mixed-case FROM is ConsistentInstructionCasing's finding, not this one.
    const mismatch = isLower(from.keyword)
      ? !isLower(from.asKeyword)
      : isUpper(from.keyword)
        ? !isUpper(from.asKeyword)
        : false;
    if (mismatch) {
      add('FromAsCasing', from, `'${from.asKeyword}' and '${from.keyword}' keywords' casing do not match`);
    }
  }
  if (from.nameAsWritten !== undefined && !isLower(from.nameAsWritten)) {
    add('StageNameCasing', from, `Stage name '${from.nameAsWritten}' should be lowercase`);
  }
  if (from.name === 'scratch' || from.name === 'context') {
    add('ReservedStageName', from, `Stage name should not use the same name as reserved stage "${from.name}"`);
  }
  const declared = new Map<string, string | undefined>();
  for (const a of parsed.globalArgs) for (const kv of a.args) declared.set(kv.key, kv.value);
  for (const word of [from.image, ...(from.platform !== undefined ? [from.platform] : [])]) {
    let used: Set<string>;
    try {
      used = lex(word, (n) => (declared.has(n) || builtinPlatformArgs.includes(n) ? '' : undefined)).unmatched;
    } catch {
      continue;
    }
    for (const name of used) {
      const hint = suggest(name, [...declared.keys()], true);
      add(
        'UndefinedArgInFrom',
        from,
        `FROM argument '${name}' is not declared${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
    }
  }
  // An image name that only exists through a declared global ARG without a default (an
  // undeclared one is UndefinedArgInFrom's finding already).
  try {
    const r = lex(from.image, (n) => declared.get(n) ?? (declared.has(n) ? '' : undefined));
    const withDefaults = r.result;
    if (r.unmatched.size === 0 && from.image.includes('$') && (withDefaults === '' || /^[:@]|:$/.test(withDefaults))) {
      add(
        'InvalidDefaultArgInFrom',
        from,
        `Default value for ARG ${from.image} results in empty or invalid base image name`,
      );
    }
  } catch {
    // Malformed words are reported when the builder expands them.
  }
  if (from.platform !== undefined) {
    if (/^\$\{?TARGETPLATFORM\}?$/.test(from.platform)) {
      add(
        'RedundantTargetPlatform',
        from,
        `Setting platform to predefined ${from.platform} in FROM is redundant as this is the default behavior`,
      );
    } else if (!from.platform.includes('$')) {
      const [os = '', arch = ''] = from.platform.split('/');
      const name = from.name ?? '';
      if (!(name && (name.includes(os) || (arch && name.includes(arch))))) {
        add(
          'FromPlatformFlagConstDisallowed',
          from,
          `FROM --platform flag should not use constant value "${from.platform}"`,
        );
      }
    }
  }
}

const secretRe = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const secretAllowRe = /(?:_|^)public(?:_|$)/i;

function secrets(i: Instruction, add: Add): void {
  const keys = i.kind === 'ARG' ? i.args.map((a) => a.key) : i.kind === 'ENV' ? i.pairs.map((p) => p.key) : [];
  for (const key of keys) {
    if (secretRe.test(key) && !secretAllowRe.test(key)) {
      add(
        'SecretsUsedInArgOrEnv',
        i,
        `Do not use ARG or ENV instructions for sensitive data (${i.kind} ${JSON.stringify(key)})`,
      );
    }
  }
}

function stageRules(stage: Stage, add: Add): void {
  let shellSet = false;
  let absoluteWorkdir = false;
  const last = new Map<string, Instruction>();
  const earlier: Instruction[] = [];
  for (const i of stage.instructions) {
    secrets(i, add);
    switch (i.kind) {
      case 'SHELL':
        shellSet = true;
        break;
      case 'MAINTAINER':
        add('MaintainerDeprecated', i, 'Maintainer instruction is deprecated in favor of using label');
        break;
      case 'ENV':
      case 'LABEL':
        if (i.legacy)
          add(
            'LegacyKeyValueFormat',
            i,
            `"${i.kind} key=value" should be used instead of legacy "${i.kind} key value" format`,
          );
        break;
      case 'WORKDIR':
        if (i.path.startsWith('/') || i.path.startsWith('$')) absoluteWorkdir = true;
        else if (!absoluteWorkdir)
          add(
            'WorkdirRelativePath',
            i,
            `Relative workdir ${JSON.stringify(i.path)} can have unexpected results if the base image changes`,
          );
        break;
      case 'EXPOSE':
        for (const p of i.ports) {
          if (p.includes(':'))
            add(
              'ExposeInvalidFormat',
              i,
              `EXPOSE instruction should not define an IP address or host-port mapping, found '${p}'`,
            );
          const proto = p.split('/')[1];
          if (proto !== undefined && proto !== proto.toLowerCase())
            add('ExposeProtoCasing', i, `Defined protocol '${p}' in EXPOSE instruction should be lowercase`);
        }
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        if (i.command.form === 'shell' && i.command.args.length > 0 && !shellSet) {
          add(
            'JSONArgsRecommended',
            i,
            `JSON arguments recommended for ${i.kind} to prevent unintended behavior related to OS signals; ` +
              `a wasm image has no /bin/sh to run the shell form, so use the JSON form, e.g. ${i.kind} ["/app.wasm"]`,
          );
        }
        break;
      default:
        break;
    }
    if (i.kind === 'CMD' || i.kind === 'ENTRYPOINT' || i.kind === 'HEALTHCHECK') {
      const prev = last.get(i.kind);
      if (prev) earlier.push(prev);
      last.set(i.kind, i);
    }
  }
  for (const i of earlier) {
    add(
      'MultipleInstructionsDisallowed',
      i,
      `Multiple ${i.kind} instructions should not be used in the same stage because only the last one will be used`,
    );
  }
}

/**
 * runwasi's shims preopen "/" only and start the module there: a WORKDIR in the stage that
 * becomes the image, under a `.wasm` ENTRYPOINT, is written to the config and then not used.
 */
function wasmWorkdir(stage: Stage, add: Add): void {
  let workdir: Instruction | undefined;
  let entrypoint: string | undefined;
  for (const i of stage.instructions) {
    if (i.kind === 'WORKDIR') workdir = i;
    if (i.kind === 'ENTRYPOINT') entrypoint = i.command.args[0]?.split(/\s+/)[0];
  }
  if (!workdir || !entrypoint?.endsWith('.wasm')) return;
  add(
    'WorkdirIgnoredByWasmShims',
    workdir,
    `runwasi's Wasm shims start ${entrypoint} at "/" and ignore WORKDIR; use absolute paths in the module, ` +
      'or -w in Run options to try it standing in WORKDIR',
  );
}

/**
 * UndefinedVar where it can be known without the base image: in stages that start from
 * scratch (directly or through other stages), the only variables are PATH, the stage's ARGs
 * (global ones only when redeclared) and its ENVs. References with a default or an alternative
 * (${V:-x}, ${V+x}, ${V:?msg}) say the author expects the variable may be unset.
 */
function undefinedVars(parsed: ParseResult, add: Add): void {
  const envByStage = new Map<number, Set<string>>();
  for (const stage of parsed.stages) {
    const parentName = stage.from.image.toLowerCase();
    let defined: Set<string>;
    if (parentName === 'scratch') defined = new Set(['PATH']);
    else {
      const parent = parsed.stages.find((s) => s.index < stage.index && s.name === parentName);
      const inherited = parent ? envByStage.get(parent.index) : undefined;
      if (!inherited) continue;
      defined = new Set(inherited);
    }
    const envOnly = new Set(defined);
    for (const i of stage.instructions) {
      // Unquoted heredoc bodies of COPY/ADD are expanded too (quotes in them are plain text).
      const bodies = i.kind === 'COPY' || i.kind === 'ADD' ? i.contents.filter((c) => c.expand).map((c) => c.data) : [];
      for (const [word, raw] of [
        ...expandableWords(i).map((w) => [w, false] as const),
        ...bodies.map((b) => [b, true] as const),
      ]) {
        let unmatched: Set<string>;
        try {
          unmatched = lex(word, (n) => (defined.has(n) ? '' : undefined), { skipProcessQuotes: raw }).unmatched;
        } catch {
          continue;
        }
        for (const name of unmatched) {
          if (hasDefault(word, name)) continue;
          const hint = suggest(name, [...defined], true);
          add('UndefinedVar', i, `Usage of undefined variable '$${name}'${hint ? ` (did you mean $${hint}?)` : ''}`);
        }
      }
      if (i.kind === 'ARG') for (const a of i.args) defined.add(a.key);
      if (i.kind === 'ENV') {
        for (const p of i.pairs) {
          defined.add(p.key);
          envOnly.add(p.key);
        }
      }
    }
    envByStage.set(stage.index, envOnly);
  }
}

function hasDefault(word: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\$\\{${escaped}:?[-+?]`).test(word);
}
