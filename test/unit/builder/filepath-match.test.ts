// filepathMatch against the cases of Go's own path/filepath match_test.go (a malformed pattern,
// which Go reports as ErrBadPattern, matches nothing: BuildKit drops the error).
import { describe, expect, it } from 'vitest';
import { containsWildcards, filepathMatch } from '../../../src/core/builder/filepath-match.ts';

const GO_CASES: [string, string, boolean][] = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['[]a]', ']', false],
  ['[-]', '-', false],
  ['[x-]', 'x', false],
  ['[x-]', '-', false],
  ['[-x]', 'x', false],
  ['\\', 'a', false],
  ['[a-b-c]', 'a', false],
  ['[', 'a', false],
  ['[^', 'a', false],
  ['[^bc', 'a', false],
  ['a[', 'a', false],
  ['a[', 'ab', false],
  ['a/b[', 'x', false],
  ['*x', 'xxx', true],
  // What makes "**" one level in a COPY source.
  ['**/*.md', 'x/b.md', true],
  ['**/*.md', 'x/y/c.md', false],
  ['**', 'a/b', false],
];

describe('filepathMatch (Go filepath.Match)', () => {
  it.each(GO_CASES)('filepathMatch(%j, %j) = %s', (pattern, name, want) => {
    expect(filepathMatch(pattern, name)).toBe(want);
  });
  it('containsWildcards as fsutil: an escaped character is no wildcard', () => {
    expect([
      containsWildcards('a*'),
      containsWildcards('a\\*'),
      containsWildcards('[x]'),
      containsWildcards('plain'),
    ]).toEqual([true, false, true, false]);
  });
});
