// gnulib's quoting of names and arguments in messages (C locale), and the corners of POSIX
// regexes where GNU's matchers differ from a plain reading: a "\{" with nothing to repeat is a
// "{", a lone "\}" is a "}", and a back reference needs its group closed.
import { describe, expect, it } from 'vitest';
import { compile, quote, quoteaf, quotef, RegexError } from '../../../../src/core/userland/lib/index.ts';

describe('quote, quotef, quoteaf', () => {
  it.each([
    ['plain', "'plain'", 'plain', "'plain'"],
    ['a b', "'a b'", "'a b'", "'a b'"],
    ["it's", "'it\\'s'", '"it\'s"', '"it\'s"'],
    ["it's $x", "'it\\'s $x'", "'it'\\''s $x'", "'it'\\''s $x'"],
    ['a:b', "'a:b'", "'a:b'", "'a:b'"],
    ['a\nb', "'a\\nb'", "'a'$'\\n''b'", "'a'$'\\n''b'"],
    ['', "''", "''", "''"],
    ['~x', "'~x'", "'~x'", "'~x'"],
    ['x~', "'x~'", 'x~', "'x~'"],
    ['\u00e9', "'\\303\\251'", "''$'\\303\\251'", "''$'\\303\\251'"],
  ])('%j', (s, q, f, af) => {
    expect(quote(s), `quote(${JSON.stringify(s)})`).toBe(q);
    expect(quotef(s), `quotef(${JSON.stringify(s)})`).toBe(f);
    expect(quoteaf(s), `quoteaf(${JSON.stringify(s)})`).toBe(af);
  });
});

describe('regex corners', () => {
  it.each([
    ['\\{1\\}a', '{1}a', true],
    ['a\\}', 'a}', true],
    ['\\(.\\)\\1', 'cc', true],
    ['\\(.\\)\\1', 'cd', false],
  ])('BRE %s on %s', (re, text, want) => {
    expect(compile(re, { extended: false }).test(text), `compile(${re}).test(${text})`).toBe(want);
  });

  it.each([
    ['\\(a\\)\\2', false],
    ['\\(a\\1\\)', false],
    ['(a)\\2', true],
  ])('%s is an invalid back reference', (re, extended) => {
    expect(() => compile(re, { extended }), `compile(${re})`).toThrow(new RegexError('Invalid back reference'));
  });
});
