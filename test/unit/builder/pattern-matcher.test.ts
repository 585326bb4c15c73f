import { describe, expect, it } from 'vitest';
import { Pattern, PatternMatcher, parseDockerignore } from '../../../src/core/builder/pattern-matcher.ts';
import { clean } from '../../../src/core/path.ts';

describe('clean (Go path.Clean)', () => {
  it.each([
    ['', '.'],
    ['a/b/../c', 'a/c'],
    ['/../a', '/a'],
    ['../a', '../a'],
    ['a//b/./c/', 'a/b/c'],
    ['/', '/'],
    ['./', '.'],
  ])('clean(%j) = %j', (input, want) => {
    expect(clean(input), `clean(${JSON.stringify(input)})`).toBe(want);
  });
});

describe('Pattern (moby/patternmatcher)', () => {
  const cases: [pattern: string, path: string, want: boolean][] = [
    ['*.wasm', 'a.wasm', true],
    ['*.wasm', 'dir/a.wasm', false],
    ['**/*.wasm', 'dir/sub/a.wasm', true],
    ['**/*.wasm', 'a.wasm', true],
    ['dir/**', 'dir/x/y', true],
    ['dir/**', 'dirx', false],
    ['**', 'anything/at/all', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['file.txt', 'file.txt', true],
    ['file.txt', 'fileatxt', false],
    ['**/node_modules', 'node_modules', true],
    ['**/node_modules', 'a/b/node_modules', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['(x)', '(x)', true],
  ];
  it.each(cases)('Pattern(%j).matches(%j) = %s', (pattern, path, want) => {
    expect(new Pattern(pattern).matches(path), `Pattern(${pattern}).matches(${path})`).toBe(want);
  });
});

describe('PatternMatcher.matchesOrParentMatches', () => {
  it('excludes children of a matched dir and re-includes with !', () => {
    const m = new PatternMatcher(['build', '*.md', '!README.md', 'docs/**', '!docs/keep.txt']);
    const got = Object.fromEntries(
      ['build/out.wasm', 'a.md', 'README.md', 'src/a.c', 'docs/x', 'docs/keep.txt'].map((p) => [
        p,
        m.matchesOrParentMatches(p),
      ]),
    );
    expect(got).toEqual({
      'build/out.wasm': true,
      'a.md': true,
      'README.md': false,
      'src/a.c': false,
      'docs/x': true,
      'docs/keep.txt': false,
    });
  });
  it('a later pattern overrides an earlier exclusion', () => {
    const m = new PatternMatcher(['!a.txt', '*.txt']);
    expect(m.matchesOrParentMatches('a.txt')).toBe(true);
  });
  it('rejects a lone "!"', () => {
    expect(() => new PatternMatcher(['!'])).toThrow(/illegal exclusion pattern/);
  });
});

describe('parseDockerignore', () => {
  it('strips comments, blank lines, leading slashes and cleans paths', () => {
    const text = '\uFEFF# comment\n\n  /build/  \n!/keep//me\n./a/../b\n  # not a comment when indented\n';
    expect(parseDockerignore(text)).toEqual(['build', '!keep/me', 'b', '# not a comment when indented']);
  });
});
