// Word expansion against BuildKit's documented lexer behaviour (shell/lex.go): a table of words,
// each with the environment PWD=/home SHELL=bash NULL="" and what ProcessWord gives (or an error).
import { describe, expect, it } from 'vitest';
import { expandWord, expandWords, expandHeredoc, lex } from '../../../src/core/dockerfile/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';

const env: Record<string, string> = {
  PWD: '/home',
  SHELL: 'bash',
  NULL: '',
  FILE: 'archive.tar.gz',
  PATHS: '/a/b/c/d',
  TWO: '1 2',
};
const lookup = (n: string): string | undefined => env[n];

const ERROR = Symbol('error');
type Want = string | typeof ERROR;

// [word, want]
const words: [string, Want][] = [
  ['hello', 'hello'],
  ["he'll'o", 'hello'],
  ["he'llo", ERROR],
  ["he\\'llo", "he'llo"],
  ["he\\\\'llo", ERROR],
  ['abc\\tdef', 'abctdef'],
  ['"abc\\tdef"', 'abc\\tdef'],
  ['"abc\\\\tdef"', 'abc\\tdef'],
  ["'abc\\tdef'", 'abc\\tdef'],
  ['hello\\', 'hello'],
  ['hello\\\\', 'hello\\'],
  ['"hello', ERROR],
  ['"hello\\"', ERROR],
  ['"hel\'lo"', "hel'lo"],
  ["'hello", ERROR],
  ["'hello\\'", 'hello\\'],
  ["'hello\\there'", 'hello\\there'],
  ['"\'\'"', "''"],
  ['$.', '$.'],
  ['he$1x', 'hex'],
  ['he$.x', 'he$.x'],
  ['he$pwd.', 'he.'],
  ['he$PWD', 'he/home'],
  ['he\\$PWD', 'he$PWD'],
  ['he\\\\$PWD', 'he\\/home'],
  ['"he\\$PWD"', 'he$PWD'],
  ['"he\\\\$PWD"', 'he\\/home'],
  ['\\${}', '${}'],
  ['he\\${}xx', 'he${}xx'],
  ['${}', ERROR],
  ['he${}xx', ERROR],
  ['he${:x}', ERROR],
  ['he${{x}', ERROR],
  ['he${hi}', 'he'],
  ['he${hi}xx', 'hexx'],
  ['he${PWD}', 'he/home'],
  ['he${.}', ERROR],
  ['he${XXX:-000}xx', 'he000xx'],
  ['he${PWD:-000}xx', 'he/homexx'],
  ['he${XXX:-$PWD}xx', 'he/homexx'],
  ['he${XXX:-${PWD:-yyy}}xx', 'he/homexx'],
  ['he${XXX:-${YYY:-yyy}}xx', 'heyyyxx'],
  ['he${XXX:YYY}', ERROR],
  ['he${XXX?}', ERROR],
  ['he${XXX:?}', ERROR],
  ['he${PWD?}', 'he/home'],
  ['he${PWD:?}', 'he/home'],
  ['he${NULL?}', 'he'],
  ['he${NULL:?}', ERROR],
  ['he${XXX:+${PWD}}xx', 'hexx'],
  ['he${PWD:+${XXX}}xx', 'hexx'],
  ['he${PWD:+${SHELL}}xx', 'hebashxx'],
  ['he${XXX:+000}xx', 'hexx'],
  ['he${PWD:+000}xx', 'he000xx'],
  ["'he${XX}'", 'he${XX}'],
  ['"he${PWD}"', 'he/home'],
  ['"he\'$PWD\'"', "he'/home'"],
  ['"$PWD"', '/home'],
  ["'$PWD'", '$PWD'],
  ["'\\$PWD'", '\\$PWD'],
  ['\'"hello"\'', '"hello"'],
  ['he${PWD', ERROR],
  ['he${PWD=000}xx', ERROR],
  ['he${PWD+000}xx', 'he000xx'],
  ['he${PWD-000}xx', 'he/homexx'],
  ['he${XXX+000}xx', 'hexx'],
  ['he${XXX-000}xx', 'he000xx'],
  ['he${NULL+000}xx', 'he000xx'],
  ['he${NULL-000}xx', 'hexx'],
  ['he${NULL:+000}xx', 'hexx'],
  ['he${NULL:-000}xx', 'he000xx'],
  ['${PWD#/}', 'home'],
  ['${FILE#*.}', 'tar.gz'],
  ['${FILE##*.}', 'gz'],
  ['${FILE%.*}', 'archive.tar'],
  ['${FILE%%.*}', 'archive'],
  ['${PATHS#/*/}', 'b/c/d'],
  ['${PATHS##/*/}', 'd'],
  ['${PATHS%/*}', '/a/b/c'],
  ['${PATHS%%/*}', ''],
  ['${FILE#?r}', 'chive.tar.gz'],
  ['${FILE#x}', 'archive.tar.gz'],
  ['${XXX#a}', ''],
  ['${FILE/.tar/}', 'archive.gz'],
  ['${FILE/a/A}', 'Archive.tar.gz'],
  ['${FILE//a/A}', 'Archive.tAr.gz'],
  ['${FILE/*./X}', 'Xgz'],
  ['${FILE/a}', ERROR],
  ['${#FILE}', ERROR],
  ['${FILE:0:2}', ERROR],
  ['${XXX:?must be set}', ERROR],
  ['$', '$'],
  ['a$', 'a$'],
  ['$$', ''],
  ['${PWD}${SHELL}', '/homebash'],
  ['"a b"', 'a b'],
  ['x"$TWO"y', 'x1 2y'],
];

describe('expandWord (ProcessWord)', () => {
  it.each(words)('expandWord(%j)', (word, want) => {
    if (want === ERROR) {
      let got: unknown;
      try {
        got = expandWord(word, lookup);
      } catch (e) {
        expect(
          isWharfError(e, 'DOCKERFILE_SEMANTIC'),
          `expandWord(${JSON.stringify(word)}) threw ${String(e)}, want a DOCKERFILE_SEMANTIC WharfError`,
        ).toBe(true);
        return;
      }
      expect.fail(`expandWord(${JSON.stringify(word)}) = ${JSON.stringify(got)}, want an error`);
    }
    expect(expandWord(word, lookup), `expandWord(${JSON.stringify(word)})`).toBe(want);
  });

  it('reports the message of ${V:?msg} and where it happened', () => {
    let msg = '';
    try {
      expandWord('${TOKEN:?set TOKEN first}', lookup, { file: 'Dockerfile', line: 4 });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe('Dockerfile:4: failed to process "${TOKEN:?set TOKEN first}": TOKEN: set TOKEN first');
  });

  it('uses the backtick as escape token under # escape=`', () => {
    const o = { escape: '`' as const };
    expect(expandWord('he`$PWD', lookup, o), 'expandWord("he`$PWD", escape=`)').toBe('he$PWD');
    expect(expandWord('c:\\windows\\$SHELL', lookup, o), 'backslash is literal').toBe('c:\\windows\\bash');
    expect(expandWord('"a`"b"', lookup, o), 'escaped quote inside double quotes').toBe('a"b');
  });

  it('tells which variables were found and which were not', () => {
    const r = lex('$PWD ${NOPE:-x} $OTHER', lookup);
    expect([...r.matched], 'matched').toEqual(['PWD']);
    expect([...r.unmatched].sort(), 'unmatched').toEqual(['NOPE', 'OTHER']);
  });
});

describe('expandWords (ProcessWords)', () => {
  const cases: [string, string[]][] = [
    ['hello  world', ['hello', 'world']],
    ['"a b" c', ['a b', 'c']],
    ['$TWO', ['1', '2']],
    ['"$TWO"', ['1 2']],
    ['a\\ b', ['a b']],
    ['', []],
    ['""', []],
    ["x'' y", ['x', 'y']],
    ['  lead trail  ', ['lead', 'trail']],
    ['cat <<  EOF > x', ['cat', '<<  EOF', '>', 'x']],
    ['a<b', ['a<b']],
  ];
  it.each(cases)('expandWords(%j)', (word, want) => {
    expect(expandWords(word, lookup), `expandWords(${JSON.stringify(word)})`).toEqual(want);
  });
});

describe('expandHeredoc', () => {
  it('expands variables but leaves quotes alone', () => {
    const got = expandHeredoc('echo "$SHELL" \'$PWD\'\n', lookup);
    expect(got, 'expandHeredoc').toBe('echo "bash" \'/home\'\n');
  });
  it('escapes with \\ even under # escape=`', () => {
    const got = expandHeredoc('a \\$SHELL `$SHELL\n', lookup, { escape: '`' });
    expect(got, 'expandHeredoc with escape=`').toBe('a $SHELL `bash\n');
  });
});
