// Docker's path patterns, as moby/patternmatcher compiles them (used for .dockerignore,
// COPY --exclude, and COPY/ADD source wildcards): Go filepath.Match syntax plus "**".
// https://docs.docker.com/build/concepts/context/#dockerignore-files

import { WharfError } from '../errors.ts';
import { clean } from '../path.ts';

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

export class Pattern {
  readonly source: string;
  readonly exclusion: boolean;
  readonly #cleaned: string;
  readonly #kind: MatchKind;
  readonly #regexp: RegExp | undefined;

  constructor(pattern: string) {
    let p = clean(pattern.trim());
    let exclusion = false;
    if (p.startsWith('!')) {
      if (p.length === 1) throw new WharfError('DOCKERFILE_SEMANTIC', 'illegal exclusion pattern: "!"');
      exclusion = true;
      p = p.slice(1);
    }
    this.source = pattern;
    this.exclusion = exclusion;
    this.#cleaned = p;
    const { kind, regexp } = compile(p);
    this.#kind = kind;
    this.#regexp = regexp;
  }

  /** Does this pattern match `path` exactly (slash-separated, relative, cleaned)? */
  matches(path: string): boolean {
    const p = this.#cleaned;
    switch (this.#kind) {
      case 'exact':
        return path === p;
      case 'prefix':
        return path.startsWith(p.slice(0, -2));
      case 'suffix': {
        const suffix = p.slice(2);
        return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
      }
      case 'regexp':
        return this.#regexp!.test(path);
    }
  }
}

/** Translate a pattern to a regexp exactly as patternmatcher's compile() does. */
function compile(pattern: string): { kind: MatchKind; regexp?: RegExp } {
  let re = '^';
  let kind: MatchKind = 'exact';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const first = i === 0;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        if (i + 1 >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            re += '.*';
            kind = 'regexp';
          }
        } else {
          re += '(.*/)?';
          kind = 'regexp';
        }
        if (first) kind = 'suffix';
      } else {
        re += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      kind = 'regexp';
    } else if ('.+()|{}$'.includes(ch)) {
      re += '\\' + ch;
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        re += '\\' + chars[++i]!;
        kind = 'regexp';
      } else {
        re += '\\\\';
      }
    } else if (ch === '[' || ch === ']') {
      re += ch;
      kind = 'regexp';
    } else {
      re += ch;
    }
  }
  if (kind !== 'regexp') return { kind };
  // Go's filepath.Match negates a class with "^"; so does JS. "[!...]" is not Go syntax either.
  try {
    return { kind, regexp: new RegExp(re + '$', 'u') };
  } catch (e) {
    throw new WharfError('DOCKERFILE_SEMANTIC', `bad pattern "${pattern}": syntax error in pattern`, { cause: e });
  }
}

/** A list of patterns where later ones override earlier ones and "!" re-includes. */
export class PatternMatcher {
  readonly patterns: readonly Pattern[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.filter((p) => p.trim() !== '').map((p) => new Pattern(p));
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** patternmatcher.MatchesOrParentMatches: the path or one of its parent dirs matches. */
  matchesOrParentMatches(path: string): boolean {
    const file = clean(path);
    if (file === '.') return false;
    const slash = file.lastIndexOf('/');
    const parentDirs = slash < 0 ? [] : file.slice(0, slash).split('/');
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.matches(file);
      for (let i = 0; !match && i < parentDirs.length; i++) {
        match = pattern.matches(parentDirs.slice(0, i + 1).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}

/** Read a .dockerignore file as moby/patternmatcher/ignorefile.ReadAll does. */
export function parseDockerignore(text: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const raw of lines) {
    if (raw.startsWith('#')) continue;
    let pattern = raw.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = clean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    out.push(invert ? '!' + pattern : pattern);
  }
  return out;
}

/** True when `s` has a wildcard character that filepath.Match would interpret. */
export function hasWildcard(s: string): boolean {
  return /[*?[\\]/.test(s);
}
