// Typed options as getopt_long reads them: clusters, glued and separate arguments, prefixes of
// long names, optional arguments, the last of several choices, and getopt's messages.
import { describe, expect, it } from 'vitest';
import { opt, options } from '../../../../src/core/userland/lib/index.ts';

const spec = options({
  all: opt.flag('a', 'all'),
  quiet: opt.flag('q', 'quiet', 'silent'),
  verbose: opt.count('v', 'verbose'),
  mode: opt.arg('m', 'mode'),
  expr: opt.args('e', 'regexp'),
  color: opt.optionalArg('color', 'colour'),
  syntax: opt.choice<'G' | 'E' | 'F'>('G', { E: 'E', 'extended-regexp': 'E', F: 'F', 'fixed-strings': 'F' }),
  dirs: opt.placedArgs('C', 'directory'),
  dirsFirst: opt.flag('dirs-first'),
  scripts: opt.taggedArgs({ x: 'expression', f: 'file' } as const),
});

describe('options', () => {
  it('parses clusters, glued and separate arguments, and operands anywhere', () => {
    const { opts, operands } = spec.parse(['-av', 'a', '-mrw', '-e', 'x', '--regexp=y', 'b', '-vv', '--', '-c']);
    expect(opts, 'parse(...)').toEqual({
      all: true,
      quiet: false,
      verbose: 3,
      mode: 'rw',
      expr: ['x', 'y'],
      color: undefined,
      syntax: 'G',
      dirs: [],
      dirsFirst: false,
      scripts: [],
    });
    expect(operands, 'operands').toEqual(['a', 'b', '-c']);
  });

  it('takes unambiguous prefixes, synonyms as one option, and optional arguments only glued', () => {
    expect(spec.parse(['--verb', '--sil', '--col']).opts, 'prefixes').toMatchObject({
      verbose: 1,
      quiet: true,
      color: '',
    });
    expect(spec.parse(['--color=never', 'x']).opts.color, '--color=never').toBe('never');
    expect(spec.parse(['--color', 'x']).operands, '--color x').toEqual(['x']);
  });

  it('keeps the last of several choices, where each -C stands, and tagged arguments in order', () => {
    const { opts } = spec.parse(['-E', '--fixed', '-C', 'd1', 'op', '--directory=d2', '-f', 's', '-x', 't']);
    expect(opts.syntax, 'syntax').toBe('F');
    expect(opts.dirs, 'dirs').toEqual([
      { value: 'd1', operands: 0 },
      { value: 'd2', operands: 1 },
    ]);
    expect(opts.scripts, 'scripts').toEqual([
      ['file', 's'],
      ['expression', 't'],
    ]);
  });

  it('stops at the first operand when asked (env, xargs)', () => {
    const env = options({ ignore: opt.flag('i') }, { stopAtOperand: true });
    expect(env.parse(['-i', 'cmd', '-i']), 'parse(-i cmd -i)').toEqual({
      opts: { ignore: true },
      operands: ['cmd', '-i'],
    });
  });

  it("says what is wrong in getopt's words", () => {
    const cases: Array<[string[], string]> = [
      [['-z'], "invalid option -- 'z'"],
      [['-m'], "option requires an argument -- 'm'"],
      [['--bogus'], "unrecognized option '--bogus'"],
      [['--bogus=1'], "unrecognized option '--bogus'"],
      [['--mode'], "option '--mode' requires an argument"],
      [['--all=1'], "option '--all' doesn't allow an argument"],
      [['--di'], "option '--di' is ambiguous"],
    ];
    for (const [args, message] of cases) expect(() => spec.parse(args), `parse(${args.join(' ')})`).toThrow(message);
  });

  it('never takes --help or --version as a cut of a longer name (sort --version-sort)', () => {
    const sort = options({ versionSort: opt.flag('V', 'version-sort'), helpful: opt.flag('helpful') });
    expect(sort.parse(['--versi']).opts.versionSort, 'parse(--versi)').toBe(true);
    expect(() => sort.parse(['--version']), 'parse(--version)').toThrow("unrecognized option '--version'");
    expect(() => sort.parse(['--help']), 'parse(--help)').toThrow("unrecognized option '--help'");
  });
});
