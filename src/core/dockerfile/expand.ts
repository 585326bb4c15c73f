// Which words of which instruction are expanded, as BuildKit's commands' Expand methods do it:
// FROM (image, --platform; with the global ARGs), ARG values, ENV and LABEL keys and values,
// COPY/ADD sources, destination, --chown, --chmod, --checksum, --exclude and unquoted heredoc
// bodies, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL. RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and
// ONBUILD are never expanded here (a shell would do it at run time).

import { located } from '../errors.ts';
import { lex, LexError, type LexOptions, type Lookup } from './lex.ts';
import type { EscapeToken, Instruction } from './types.ts';

export interface ExpandOptions {
  /** The Dockerfile's escape token (ParseResult.directives.escape). */
  escape?: EscapeToken;
  /** For messages: "Dockerfile" by default. */
  file?: string;
  /** For messages: the instruction's line. */
  line?: number;
}

function run(word: string, lookup: Lookup, opts: ExpandOptions, extra: LexOptions = {}): ReturnType<typeof lex> {
  try {
    return lex(word, lookup, { escape: opts.escape ?? '\\', ...extra });
  } catch (e) {
    if (e instanceof LexError) {
      const where = { file: opts.file ?? 'Dockerfile', line: opts.line };
      throw located('DOCKERFILE_SEMANTIC', where, e.message, e);
    }
    throw e;
  }
}

/** ProcessWord: variables expanded, quotes and escapes removed, spaces kept. */
export function expandWord(word: string, lookup: Lookup, opts: ExpandOptions = {}): string {
  return run(word, lookup, opts).result;
}

/** ProcessWords: as expandWord, then split into words at unquoted whitespace. */
export function expandWords(word: string, lookup: Lookup, opts: ExpandOptions = {}): string[] {
  return run(word, lookup, opts).words;
}

/** A heredoc body: variables and `\` escapes processed, quotes left alone. The body is a
 * script, so BuildKit uses `\` here whatever the Dockerfile's escape token is. */
export function expandHeredoc(body: string, lookup: Lookup, opts: ExpandOptions = {}): string {
  return run(body, lookup, { ...opts, escape: '\\' }, { skipProcessQuotes: true }).result;
}

/**
 * A copy of `inst` with its expandable words expanded against `lookup` (the stage's ARG and
 * ENV state *before* the instruction: `ENV A=1 B=$A` gives B the earlier A, as in BuildKit).
 * COPY --from is left as written: BuildKit expands it with the global ARGs only, so the builder
 * does `expandWord(copy.from, globalLookup)`. Throws WharfError (DOCKERFILE_SEMANTIC) on a
 * malformed word or a `${V:?msg}` that fires.
 */
export function expandInstruction<T extends Instruction>(inst: T, lookup: Lookup, opts: ExpandOptions = {}): T {
  const o = { ...opts, line: inst.line };
  const w = (s: string): string => expandWord(s, lookup, o);
  const i = inst as Instruction;
  switch (i.kind) {
    case 'FROM':
      return { ...i, image: w(i.image), ...(i.platform !== undefined ? { platform: w(i.platform) } : {}) } as T;
    case 'ARG':
      return { ...i, args: i.args.map((a) => (a.value === undefined ? a : { key: a.key, value: w(a.value) })) } as T;
    case 'ENV':
    case 'LABEL':
      return { ...i, pairs: i.pairs.map((p) => ({ key: w(p.key), value: w(p.value) })) } as T;
    case 'COPY':
    case 'ADD': {
      const out = {
        ...i,
        sources: i.sources.map(w),
        dest: w(i.dest),
        exclude: i.exclude.map(w),
        contents: i.contents.map((c) => (c.expand ? { ...c, data: expandHeredoc(c.data, lookup, o) } : c)),
        ...(i.chown !== undefined ? { chown: w(i.chown) } : {}),
        ...(i.chmod !== undefined ? { chmod: w(i.chmod) } : {}),
      };
      if (out.kind === 'ADD' && out.checksum !== undefined) out.checksum = w(out.checksum);
      return out as T;
    }
    case 'WORKDIR':
      return { ...i, path: w(i.path) } as T;
    case 'USER':
      return { ...i, user: w(i.user) } as T;
    case 'STOPSIGNAL':
      return { ...i, signal: w(i.signal) } as T;
    case 'VOLUME':
      return { ...i, volumes: i.volumes.map(w) } as T;
    case 'EXPOSE':
      // A variable may hold several ports ("80 443"): each becomes its own port.
      return {
        ...i,
        ports: i.ports.flatMap((p) =>
          w(p)
            .split(' ')
            .filter((s) => s !== ''),
        ),
      } as T;
    default:
      return inst;
  }
}

/** The raw words of `inst` that expandInstruction would expand (for the UndefinedVar check). */
export function expandableWords(inst: Instruction): string[] {
  switch (inst.kind) {
    case 'FROM':
      return [inst.image, ...(inst.platform !== undefined ? [inst.platform] : [])];
    case 'ARG':
      return inst.args.flatMap((a) => (a.value === undefined ? [] : [a.value]));
    case 'ENV':
    case 'LABEL':
      return inst.pairs.flatMap((p) => [p.key, p.value]);
    case 'COPY':
    case 'ADD':
      return [
        ...inst.sources,
        inst.dest,
        ...inst.exclude,
        ...(inst.chown !== undefined ? [inst.chown] : []),
        ...(inst.chmod !== undefined ? [inst.chmod] : []),
      ];
    case 'WORKDIR':
      return [inst.path];
    case 'USER':
      return [inst.user];
    case 'STOPSIGNAL':
      return [inst.signal];
    case 'VOLUME':
      return inst.volumes;
    case 'EXPOSE':
      return inst.ports;
    default:
      return [];
  }
}
