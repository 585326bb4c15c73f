// The lexer and parser on their own: the tree a script becomes, and where it goes wrong.
import { describe, expect, it } from 'vitest';
import type { Command, SimpleCommand } from '../../../../src/core/userland/sh/ast.ts';
import { parseScript, ShellSyntaxError } from '../../../../src/core/userland/sh/parser.ts';

function simple(src: string): SimpleCommand {
  const script = parseScript(src);
  const cmd = script[0]!.first.commands[0]!;
  if (cmd.type !== 'simple') throw new Error(`parseScript(${JSON.stringify(src)}): not a simple command`);
  return cmd;
}

function first(src: string): Command {
  return parseScript(src)[0]!.first.commands[0]!;
}

describe('parser', () => {
  it('a simple command: assignments, words, redirections with their fds', () => {
    const c = simple('A=1 B="x y" cmd arg 2>&1 >out <in');
    expect(
      c.assigns.map((a) => [a.name, a.value.text]),
      'assignments',
    ).toEqual([
      ['A', '1'],
      ['B', '"x y"'],
    ]);
    expect(
      c.words.map((w) => w.text),
      'words',
    ).toEqual(['cmd', 'arg']);
    expect(
      c.redirs.map((r) => [r.fd, r.op, r.target.text]),
      'redirections',
    ).toEqual([
      [2, '>&', '1'],
      [null, '>', 'out'],
      [null, '<', 'in'],
    ]);
  });

  it('words keep their quoting: literal, quoted, and the expansions inside "…"', () => {
    const c = simple(`echo a'b'"c$x$(d)"\\e`);
    expect(
      c.words[1]!.parts.map((p) => p.type),
      'parts of the word',
    ).toEqual(['lit', 'sq', 'dq', 'sq']);
    const dq = c.words[1]!.parts[2]!;
    expect(dq.type === 'dq' && dq.parts.map((p) => p.type), 'parts inside "…"').toEqual(['sq', 'param', 'cmdsub']);
  });

  it('${…} forms and $((…)) versus $( (…) )', () => {
    const c = simple('echo ${x:-a b} ${#y} ${z%%.*} $((1+2)) $( (true) )');
    const parts = c.words.slice(1).map((w) => w.parts[0]!);
    expect(
      parts.map((p) => (p.type === 'param' ? [p.name, p.op ?? '', p.colon ?? false, p.length ?? false] : p.type)),
      'parts',
    ).toEqual([['x', '-', true, false], ['y', '', false, true], ['z', '%%', false, false], 'arith', 'cmdsub']);
  });

  it('reserved words only where a command starts', () => {
    expect(
      simple('echo if then fi').words.map((w) => w.text),
      'arguments',
    ).toEqual(['echo', 'if', 'then', 'fi']);
    const c = first('if a; then b; elif c; then d; else e; fi');
    expect(c.type === 'if' && [c.clauses.length, c.otherwise !== null], 'if clauses').toEqual([2, true]);
  });

  it('pipelines, and-or lists, !, background', () => {
    const [ao] = parseScript('! a | b && c || d &');
    expect(
      [ao!.first.negate, ao!.first.commands.length, ao!.rest.map((r) => r.op), ao!.background],
      'and-or list',
    ).toEqual([true, 2, ['&&', '||'], true]);
  });

  it('here-documents: the body after the line, <<- strips tabs, a quoted delimiter stops expansion', () => {
    const script = parseScript('cat <<EOF; cat <<-"END"\nhello $x\nEOF\n\tline\n\tEND\necho after');
    const a = script[0]!.first.commands[0] as SimpleCommand;
    const b = script[1]!.first.commands[0] as SimpleCommand;
    expect(a.redirs[0]!.here, 'first here-document').toEqual({ body: 'hello $x\n', quoted: false });
    expect(b.redirs[0]!.here, 'second here-document').toEqual({ body: 'line\n', quoted: true });
    expect(script.length, 'commands, the one after the bodies included').toBe(3);
  });

  it('functions and case items', () => {
    const f = first('f() { echo; } >log');
    expect(f.type === 'function' && [f.name, f.body.type, f.body.redirs.length], 'function').toEqual(['f', 'group', 1]);
    const c = first('case $x in a|b) one;; (c) ;; esac');
    expect(c.type === 'case' && c.items.map((i) => [i.patterns.map((p) => p.text), i.body.length]), 'items').toEqual([
      [['a', 'b'], 1],
      [['c'], 0],
    ]);
  });

  it('syntax errors say what was unexpected and where', () => {
    const error = (src: string): [string, number] => {
      try {
        parseScript(src);
      } catch (e) {
        if (e instanceof ShellSyntaxError) return [e.message, e.line];
        throw e;
      }
      throw new Error(`parseScript(${JSON.stringify(src)}) did not fail`);
    };
    expect(error('if true\nthen\necho'), 'unfinished if').toEqual(['end of file unexpected (expecting "fi")', 3]);
    expect(error('while true; done'), 'done without do').toEqual(['"done" unexpected (expecting "do")', 1]);
    expect(error('echo "open'), 'open quote').toEqual(['Unterminated quoted string', 1]);
    expect(error('{ }'), 'empty group').toEqual(['"}" unexpected (expecting "}")', 1]);
    expect(error('a &&'), 'dangling &&').toEqual(['end of file unexpected', 1]);
    expect(error('for 1 in a; do :; done'), 'bad for variable').toEqual(['Bad for loop variable', 1]);
  });
});
