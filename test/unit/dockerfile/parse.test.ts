// The Dockerfile parser against BuildKit's documented behaviour: a table of Dockerfiles, each
// with the part of the result it is about and the value BuildKit's parser would give.
import { describe, expect, it } from 'vitest';
import { parseDockerfile, type Instruction, type ParseResult } from '../../../src/core/dockerfile/index.ts';

/** The first instruction of the first stage (after `FROM scratch`). */
function first(r: ParseResult): Instruction | undefined {
  return r.stages[0]?.instructions[0];
}
/** Errors as "line:col message". */
function errors(r: ParseResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.col} ${d.message}`);
}
function pick<T extends Instruction['kind']>(r: ParseResult, kind: T): Extract<Instruction, { kind: T }> {
  const all = r.stages.flatMap((s) => s.instructions);
  const i = all.find((x) => x.kind === kind);
  if (!i) throw new Error(`no ${kind} in ${JSON.stringify(all.map((x) => x.kind))}; errors: ${errors(r).join('; ')}`);
  return i as Extract<Instruction, { kind: T }>;
}
const S = 'FROM scratch\n';

interface Case {
  name: string;
  src: string;
  got: (r: ParseResult) => unknown;
  want: unknown;
}

const cases: Case[] = [
  // --- parser directives
  {
    name: 'syntax directive',
    src: '# syntax=docker/dockerfile:1\n' + S,
    got: (r) => r.directives.syntax,
    want: 'docker/dockerfile:1',
  },
  {
    name: 'directive keys are case-insensitive',
    src: '# SYNTAX = docker/dockerfile:1.7 \n' + S,
    got: (r) => r.directives.syntax,
    want: 'docker/dockerfile:1.7',
  },
  { name: 'escape=` directive', src: '# escape=`\n' + S, got: (r) => r.directives.escape, want: '`' },
  {
    name: 'directive after a comment is a comment',
    src: '# hello\n# escape=`\n' + S,
    got: (r) => r.directives.escape,
    want: '\\',
  },
  {
    name: 'directive after a blank line is a comment',
    src: '\n# syntax=x\n' + S,
    got: (r) => r.directives.syntax,
    want: undefined,
  },
  {
    name: 'directive after an instruction is a comment',
    src: S + '# escape=`\n',
    got: (r) => [r.directives.escape, r.ok],
    want: ['\\', true],
  },
  {
    name: 'unknown directive ends directives',
    src: '# foo=bar\n# escape=`\n' + S,
    got: (r) => r.directives.escape,
    want: '\\',
  },
  {
    name: 'repeated directive is an error',
    src: '# escape=\\\n# escape=`\n' + S,
    got: errors,
    want: ['2:1 only one escape parser directive can be used'],
  },
  {
    name: 'invalid escape token',
    src: '# escape=x\n' + S,
    got: errors,
    want: ["1:1 invalid escape token 'x' does not match ` or \\"],
  },
  {
    name: 'check directive',
    src: '# check=skip=JSONArgsRecommended,StageNameCasing;error=true\n' + S,
    got: (r) => r.directives.check,
    want: { skip: ['JSONArgsRecommended', 'StageNameCasing'], skipAll: false, error: true },
  },
  { name: 'check skip=all', src: '# check=skip=all\n' + S, got: (r) => r.directives.check.skipAll, want: true },
  { name: 'invalid check option', src: '# check=foo=bar\n' + S, got: errors, want: ['1:1 invalid check option "foo"'] },
  { name: 'BOM before directives', src: '\uFEFF# syntax=a/b\n' + S, got: (r) => r.directives.syntax, want: 'a/b' },

  // --- comments and continuations
  {
    name: 'comments and blank lines are skipped',
    src: '# c\n\n   # indented\n' + S + '\n# x\nUSER 1\n',
    got: (r) => pick(r, 'USER').line,
    want: 7,
  },
  {
    name: 'continuation joins lines',
    src: S + 'RUN echo a \\\n  b\n',
    got: (r) => pick(r, 'RUN').command.args,
    want: ['echo a   b'],
  },
  {
    name: 'continuation spans comment lines',
    src: S + 'RUN a \\\n# comment\n  # indented comment\n b\n',
    got: (r) => [pick(r, 'RUN').command.args, pick(r, 'RUN').endLine],
    want: [['a  b'], 5],
  },
  {
    name: 'continuation skips empty lines (with a warning)',
    src: S + 'RUN a \\\n\n b\n',
    got: (r) => [pick(r, 'RUN').command.args, r.diagnostics.map((d) => `${d.line} ${d.rule}`)],
    want: [['a  b'], ['3 NoEmptyContinuation']],
  },
  {
    name: 'continuation with escape=`',
    src: '# escape=`\n' + S + 'RUN a `\n b\nWORKDIR c:\\w\\\n',
    got: (r) => [pick(r, 'RUN').command.args, pick(r, 'WORKDIR').path],
    want: [['a  b'], 'c:\\w\\'],
  },
  {
    name: 'escaped escape is not a continuation',
    src: S + 'WORKDIR /a\\\\\nUSER x\n',
    got: (r) => pick(r, 'WORKDIR').path,
    want: '/a\\\\',
  },
  {
    name: 'trailing spaces after the continuation token',
    src: S + 'ENV A=1 \\   \n  B=2\n',
    got: (r) => pick(r, 'ENV').pairs,
    want: [
      { key: 'A', value: '1' },
      { key: 'B', value: '2' },
    ],
  },
  { name: 'continuation at end of file', src: S + 'USER a \\', got: (r) => pick(r, 'USER').user, want: 'a' },
  {
    name: 'a Windows path ending in \\ continues the line (the escape=` reason)',
    src: S + 'COPY testfile.txt c:\\\nCOPY b c\n',
    got: (r) => pick(r, 'COPY').sources,
    want: ['testfile.txt', 'c:COPY', 'b'],
  },
  {
    name: 'flag position on a continuation line under escape=`',
    src: '# escape=`\n' + S + 'COPY `\n    --nope=1 a b\n',
    got: errors,
    want: ['4:5 unknown flag: nope'],
  },
  {
    name: 'CRLF line endings',
    src: 'FROM scratch\r\nUSER x\r\n',
    got: (r) => [pick(r, 'USER').user, r.ok],
    want: ['x', true],
  },
  {
    name: 'lone continuation token line',
    src: S + 'RUN a \\\n\\\n b\n',
    got: (r) => pick(r, 'RUN').command.args,
    want: ['a  b'],
  },
  { name: 'empty file', src: '', got: errors, want: ['1:1 file with no instructions'] },
  { name: 'only comments', src: '# a\n# b\n', got: errors, want: ['2:1 file with no instructions'] },

  // --- heredocs
  {
    name: 'COPY <<EOF creates a file',
    src: S + 'COPY <<EOF /hello.txt\nhello\nworld\nEOF\n',
    got: (r) => pick(r, 'COPY').contents,
    want: [{ path: 'EOF', data: 'hello\nworld\n', expand: true }],
  },
  {
    name: 'heredoc line numbers',
    src: S + 'COPY <<EOF /x\na\nEOF\nUSER u\n',
    got: (r) => [pick(r, 'COPY').endLine, pick(r, 'USER').line],
    want: [4, 5],
  },
  {
    name: '<<- strips leading tabs',
    src: S + 'COPY <<-EOT /x\n\tone\n\t\ttwo\n\tEOT\n',
    got: (r) => pick(r, 'COPY').contents[0]?.data,
    want: 'one\ntwo\n',
  },
  {
    name: 'quoted delimiter disables expansion',
    src: S + 'COPY <<"EOF" /x\n$A\nEOF\n',
    got: (r) => pick(r, 'COPY').contents[0]?.expand,
    want: false,
  },
  {
    name: 'single-quoted delimiter disables expansion',
    src: S + "COPY <<'EOF' /x\n$A\nEOF\n",
    got: (r) => [pick(r, 'COPY').contents[0]?.expand, pick(r, 'COPY').contents[0]?.path],
    want: [false, 'EOF'],
  },
  {
    name: 'several heredocs in one COPY',
    src: S + 'COPY <<A <<B /dir/\n1\nA\n2\nB\n',
    got: (r) => pick(r, 'COPY').contents.map((c) => [c.path, c.data]),
    want: [
      ['A', '1\n'],
      ['B', '2\n'],
    ],
  },
  {
    name: 'RUN heredoc',
    src: S + 'RUN <<EOF\necho hi\nEOF\n',
    got: (r) => [pick(r, 'RUN').heredocs.map((h) => h.content), pick(r, 'RUN').command.args],
    want: [['echo hi\n'], ['<<EOF']],
  },
  {
    name: 'RUN heredoc with fd and redirect',
    src: S + 'RUN 3<<EOF cat /dev/fd/3 > out\nx\nEOF\n',
    got: (r) => pick(r, 'RUN').heredocs[0]?.fd,
    want: 3,
  },
  {
    name: 'heredoc inside quotes is not a heredoc',
    src: S + 'RUN echo "<<EOF"\nUSER u\n',
    got: (r) => pick(r, 'RUN').heredocs.length,
    want: 0,
  },
  {
    name: 'heredoc in JSON form is not a heredoc',
    src: S + 'RUN ["cat", "<<EOF"]\nUSER u\n',
    got: (r) => [pick(r, 'RUN').heredocs.length, pick(r, 'USER').user],
    want: [0, 'u'],
  },
  {
    name: 'heredoc mixed with context source',
    src: S + 'COPY a.txt <<EOF /d/\nb\nEOF\n',
    got: (r) => [pick(r, 'COPY').sources, pick(r, 'COPY').contents.length],
    want: [['a.txt'], 1],
  },
  {
    name: 'heredoc as destination is an error',
    src: S + 'COPY a <<EOF\nx\nEOF\n',
    got: errors,
    want: ['2:6 COPY cannot accept a heredoc as a destination'],
  },
  {
    name: 'unterminated heredoc',
    src: S + 'COPY <<EOF /x\nno end\n',
    got: errors,
    want: ['2:1 unterminated heredoc EOF'],
  },
  {
    name: 'heredoc terminator must match exactly',
    src: S + 'COPY <<EOF /x\nEOF \nEOF\n',
    got: (r) => pick(r, 'COPY').contents[0]?.data,
    want: 'EOF \n',
  },
  {
    name: 'heredoc body keeps comment-looking lines',
    src: S + 'COPY <<EOF /x\n# not a comment\n\nEOF\n',
    got: (r) => pick(r, 'COPY').contents[0]?.data,
    want: '# not a comment\n\n',
  },
  {
    name: 'heredoc bodies are read in order',
    src: S + 'COPY <<X <<Y /dest\nY\nX\nX\nY\n',
    got: (r) => pick(r, 'COPY').contents.map((c) => c.data),
    want: ['Y\n', 'X\n'],
  },
  {
    name: 'partly quoted delimiter',
    src: S + "RUN <<eo'f'\necho foo\neof\n",
    got: (r) => pick(r, 'RUN').heredocs.map((h) => [h.name, h.expand]),
    want: [['eof', false]],
  },
  {
    name: 'escaped quote in delimiter',
    src: S + "RUN <<eo\\'f\necho foo\neo'f\n",
    got: (r) => pick(r, 'RUN').heredocs.map((h) => [h.name, h.expand]),
    want: [["eo'f", true]],
  },
  {
    name: 'quoted delimiter with a space',
    src: S + "RUN <<'one two'\necho bar\none two\n",
    got: (r) => pick(r, 'RUN').heredocs.map((h) => [h.name, h.content]),
    want: [['one two', 'echo bar\n']],
  },
  {
    name: 'delimiter with a dollar',
    src: S + 'RUN <<$EOF\n$EOF\nUSER u\n',
    got: (r) => [pick(r, 'RUN').heredocs.map((h) => h.name), pick(r, 'USER').line],
    want: [['$EOF'], 4],
  },
  {
    name: 'blanks after <<',
    src: S + 'RUN <<  EOF  > foo\nEOF\n',
    got: (r) => pick(r, 'RUN').heredocs.map((h) => h.name),
    want: ['EOF'],
  },
  {
    name: '<< -EOF names -EOF',
    src: S + 'RUN << -EOF\n-EOF\n',
    got: (r) => pick(r, 'RUN').heredocs.map((h) => [h.name, h.chomp]),
    want: [['-EOF', false]],
  },
  {
    name: '<<- EOF is two words, so no heredoc (as in BuildKit)',
    src: S + 'RUN <<- EOF\nUSER u\n',
    got: (r) => [pick(r, 'RUN').heredocs.length, pick(r, 'USER').user],
    want: [0, 'u'],
  },
  {
    name: 'no heredoc in USER',
    src: S + 'USER <<INVALID\n',
    got: (r) => [pick(r, 'USER').user, r.stages[0]!.instructions.length],
    want: ['<<INVALID', 1],
  },
  {
    name: 'unbalanced quote is not a heredoc',
    src: S + "RUN <<'EOF\nUSER u\n",
    got: (r) => [pick(r, 'RUN').heredocs.length, pick(r, 'USER').user],
    want: [0, 'u'],
  },
  {
    name: 'ONBUILD RUN heredoc',
    src: S + 'ONBUILD RUN <<EOF\nx\nEOF\n',
    got: (r) => pick(r, 'ONBUILD').expression,
    want: 'RUN <<EOF\nx\nEOF',
  },

  // --- JSON (exec) vs shell form
  {
    name: 'ENTRYPOINT exec form',
    src: S + 'ENTRYPOINT ["/app.wasm", "--flag"]\n',
    got: (r) => pick(r, 'ENTRYPOINT').command,
    want: { form: 'exec', args: ['/app.wasm', '--flag'] },
  },
  {
    name: 'CMD shell form',
    src: S + 'CMD /app.wasm --flag\n',
    got: (r) => pick(r, 'CMD').command,
    want: { form: 'shell', args: ['/app.wasm --flag'] },
  },
  {
    name: 'invalid JSON falls back to shell form',
    src: S + "CMD ['/app.wasm']\n",
    got: (r) => pick(r, 'CMD').command,
    want: { form: 'shell', args: ["['/app.wasm']"] },
  },
  {
    name: 'unterminated JSON falls back to shell form',
    src: S + 'CMD ["a", "b"\n',
    got: (r) => pick(r, 'CMD').command.form,
    want: 'shell',
  },
  {
    name: 'JSON with non-strings is an error',
    src: S + 'CMD ["a", 1]\n',
    got: errors,
    want: ['2:5 when using JSON array syntax, arrays must be comprised of strings only'],
  },
  {
    name: 'text after the JSON array is ignored',
    src: S + 'CMD ["a"] b\n',
    got: (r) => pick(r, 'CMD').command,
    want: { form: 'exec', args: ['a'] },
  },
  {
    name: 'JSON escapes',
    src: S + 'CMD ["a\\"b", "c\\\\d", "\\u00e9"]\n',
    got: (r) => pick(r, 'CMD').command.args,
    want: ['a"b', 'c\\d', 'é'],
  },
  {
    name: 'empty ENTRYPOINT',
    src: S + 'ENTRYPOINT []\n',
    got: (r) => pick(r, 'ENTRYPOINT').command,
    want: { form: 'exec', args: [] },
  },
  {
    name: 'COPY JSON form keeps spaces',
    src: S + 'COPY ["a b.txt", "/c d/"]\n',
    got: (r) => [pick(r, 'COPY').sources, pick(r, 'COPY').dest, pick(r, 'COPY').json],
    want: [['a b.txt'], '/c d/', true],
  },
  {
    name: 'VOLUME JSON and shell forms',
    src: S + 'VOLUME ["/a", "/b"]\nVOLUME /c /d\n',
    got: (r) => r.stages[0]!.instructions.map((i) => (i.kind === 'VOLUME' ? i.volumes : [])),
    want: [
      ['/a', '/b'],
      ['/c', '/d'],
    ],
  },
  {
    name: 'SHELL needs JSON',
    src: S + 'SHELL /bin/sh -c\n',
    got: errors,
    want: ['2:7 SHELL requires the arguments to be in JSON form'],
  },
  {
    name: 'SHELL JSON',
    src: S + 'SHELL ["/bin/bash", "-c"]\n',
    got: (r) => pick(r, 'SHELL').shell,
    want: ['/bin/bash', '-c'],
  },

  // --- ENV, LABEL, ARG
  {
    name: 'ENV key=value pairs keep quotes raw',
    src: S + 'ENV A=1 B="two words" C=\'x\'\n',
    got: (r) => pick(r, 'ENV').pairs,
    want: [
      { key: 'A', value: '1' },
      { key: 'B', value: '"two words"' },
      { key: 'C', value: "'x'" },
    ],
  },
  {
    name: 'ENV legacy form takes the rest of the line',
    src: S + 'ENV MY_VAR  some value here\n',
    got: (r) => [pick(r, 'ENV').pairs, pick(r, 'ENV').legacy],
    want: [[{ key: 'MY_VAR', value: 'some value here' }], true],
  },
  {
    name: 'ENV escaped space',
    src: S + 'ENV A=a\\ b\n',
    got: (r) => pick(r, 'ENV').pairs,
    want: [{ key: 'A', value: 'a\\ b' }],
  },
  { name: 'ENV without value', src: S + 'ENV A\n', got: errors, want: ['2:5 ENV must have two arguments'] },
  {
    name: 'ENV pair without =',
    src: S + 'ENV A=1 B\n',
    got: errors,
    want: ['2:5 Syntax error - can\'t find = in "B". Must be of the form: name=value'],
  },
  { name: 'ENV blank name', src: S + 'ENV =x\n', got: errors, want: ['2:5 ENV names can not be blank'] },
  {
    name: 'ENV empty value',
    src: S + 'ENV A= B=""\n',
    got: (r) => pick(r, 'ENV').pairs,
    want: [
      { key: 'A', value: '' },
      { key: 'B', value: '""' },
    ],
  },
  {
    name: 'LABEL pairs',
    src: S + 'LABEL "com.example.vendor"="ACME" version=1.0\n',
    got: (r) => pick(r, 'LABEL').pairs,
    want: [
      { key: '"com.example.vendor"', value: '"ACME"' },
      { key: 'version', value: '1.0' },
    ],
  },
  {
    name: 'LABEL without arguments',
    src: S + 'LABEL\n',
    got: errors,
    want: ['2:6 LABEL requires at least one argument'],
  },
  {
    name: 'ARG several in one line',
    src: S + 'ARG A B=2 C="x y"\n',
    got: (r) => pick(r, 'ARG').args,
    want: [{ key: 'A' }, { key: 'B', value: '2' }, { key: 'C', value: '"x y"' }],
  },
  { name: 'ARG blank name', src: S + 'ARG =1\n', got: errors, want: ['2:5 ARG names can not be blank'] },
  {
    name: 'ARG before FROM is global',
    src: 'ARG V=1\nARG IMG\nFROM scratch\nARG V\n',
    got: (r) => [r.globalArgs.flatMap((a) => a.args.map((x) => x.key)), pick(r, 'ARG').args],
    want: [['V', 'IMG'], [{ key: 'V' }]],
  },
  {
    name: 'only ARG may come before FROM',
    src: 'ENV A=1\nFROM scratch\n',
    got: errors,
    want: ['1:1 no build stage in current context: ENV before the first FROM'],
  },

  // --- FROM and stages
  {
    name: 'FROM AS name, lower-cased',
    src: 'FROM scratch AS Build\nFROM build\n',
    got: (r) => r.stages.map((s) => [s.index, s.name, s.from.image]),
    want: [
      [0, 'build', 'scratch'],
      [1, undefined, 'build'],
    ],
  },
  {
    name: 'FROM --platform',
    src: 'FROM --platform=wasi/wasm scratch\n',
    got: (r) => r.stages[0]?.from.platform,
    want: 'wasi/wasm',
  },
  {
    name: 'FROM with two arguments',
    src: 'FROM a b\n',
    got: errors,
    want: ['1:6 FROM requires either one or three arguments'],
  },
  {
    name: 'FROM with no arguments',
    src: 'FROM\n',
    got: errors,
    want: ['1:5 FROM requires either one or three arguments'],
  },
  {
    name: 'invalid stage name',
    src: 'FROM scratch AS 1st\n',
    got: errors,
    want: ['1:17 invalid name for build stage: "1st", name can\'t start with a number or contain symbols'],
  },
  {
    name: 'stage name with dots and dashes',
    src: 'FROM scratch AS my-stage.v_1\n',
    got: (r) => r.stages[0]?.name,
    want: 'my-stage.v_1',
  },
  {
    name: 'duplicate stage names (case-insensitive)',
    src: 'FROM scratch AS a\nFROM scratch AS A\n',
    got: (r) =>
      r.diagnostics.filter((d) => d.rule === 'DuplicateStageName').map((d) => [d.severity, d.line, d.message]),
    want: [['error', 2, 'Duplicate stage name "a", stage names should be unique']],
  },
  {
    name: 'instructions belong to their stage',
    src: 'FROM scratch AS a\nUSER 1\nFROM a\nUSER 2\nWORKDIR /w\n',
    got: (r) => r.stages.map((s) => s.instructions.length),
    want: [1, 2],
  },
  {
    name: 'lower-case keywords work',
    src: 'from scratch\ncopy a /b\n',
    got: (r) => [r.stages[0]?.from.keyword, pick(r, 'COPY').dest],
    want: ['from', '/b'],
  },

  // --- flags
  {
    name: 'COPY flags',
    src: S + 'COPY --from=build --chown=1:2 --chmod=755 --link --parents --exclude=*.md --exclude=x a /b\n',
    got: (r) => {
      const c = pick(r, 'COPY');
      return [c.from, c.chown, c.chmod, c.link, c.parents, c.exclude];
    },
    want: ['build', '1:2', '755', true, true, ['*.md', 'x']],
  },
  {
    name: 'ADD flags',
    src: S + 'ADD --keep-git-dir=true --checksum=sha256:abc --link=false https://x/y /z\n',
    got: (r) => {
      const a = pick(r, 'ADD');
      return [a.keepGitDir, a.checksum, a.link, a.sources];
    },
    want: [true, 'sha256:abc', false, ['https://x/y']],
  },
  { name: 'quoted flag value', src: S + 'COPY --chown="a b" x /y\n', got: (r) => pick(r, 'COPY').chown, want: 'a b' },
  {
    name: 'flag positions',
    src: S + 'COPY  --link  --from=a x /y\n',
    got: (r) => pick(r, 'COPY').flags.map((f) => [f.name, f.col]),
    want: [
      ['link', 7],
      ['from', 15],
    ],
  },
  {
    name: 'unknown flag with suggestion',
    src: S + 'COPY --form=a x /y\n',
    got: errors,
    want: ['2:6 unknown flag: form (did you mean from?)'],
  },
  {
    name: 'flag on an instruction without flags',
    src: S + 'WORKDIR --x=1 /a\n',
    got: errors,
    want: ['2:9 unknown flag: x (WORKDIR takes no flags)'],
  },
  {
    name: 'COPY --from is not an ADD flag',
    src: S + 'ADD --from=a x /y\n',
    got: errors,
    want: ['2:5 unknown flag: from'],
  },
  {
    name: 'duplicate flag',
    src: S + 'COPY --from=a --from=b x /y\n',
    got: errors,
    want: ['2:15 duplicate flag specified: from'],
  },
  {
    name: 'string flag without value',
    src: S + 'COPY --from x /y\n',
    got: errors,
    want: ['2:6 missing a value on flag: from'],
  },
  {
    name: 'bool flag with bad value',
    src: S + 'COPY --link=yes x /y\n',
    got: errors,
    want: ['2:6 expecting boolean value for flag link, not: yes'],
  },
  {
    name: 'flag on a continuation line',
    src: S + 'COPY \\\n  --bogus=1 x /y\n',
    got: errors,
    want: ['3:3 unknown flag: bogus'],
  },
  {
    name: 'RUN flags and mounts',
    src: S + 'RUN --mount=type=cache,target=/root/.cache,ro --network=none --security=insecure make\n',
    got: (r) => {
      const x = pick(r, 'RUN');
      return [x.mounts, x.network, x.security];
    },
    want: [[{ type: 'cache', target: '/root/.cache', ro: 'true' }], 'none', 'insecure'],
  },
  {
    name: 'RUN bad network',
    src: S + 'RUN --network=wifi make\n',
    got: errors,
    want: ['2:5 unsupported network mode "wifi"'],
  },
  {
    name: 'RUN bad mount type',
    src: S + 'RUN --mount=type=nfs make\n',
    got: errors,
    want: ['2:5 unsupported mount type "nfs"'],
  },
  {
    name: '-- ends the flags',
    src: S + 'COPY -- --weird /y\n',
    got: (r) => pick(r, 'COPY').sources,
    want: ['--weird'],
  },

  // --- other instructions
  {
    name: 'COPY needs a destination',
    src: S + 'COPY a\n',
    got: errors,
    want: ['2:6 COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
  },
  {
    name: 'COPY sources and dest',
    src: S + 'COPY a b c /d/\n',
    got: (r) => [pick(r, 'COPY').sources, pick(r, 'COPY').dest],
    want: [['a', 'b', 'c'], '/d/'],
  },
  { name: 'WORKDIR keeps spaces', src: S + 'WORKDIR /a b\n', got: (r) => pick(r, 'WORKDIR').path, want: '/a b' },
  {
    name: 'WORKDIR needs an argument',
    src: S + 'WORKDIR\n',
    got: errors,
    want: ['2:8 WORKDIR requires exactly one argument'],
  },
  { name: 'USER', src: S + 'USER 1000:1000\n', got: (r) => pick(r, 'USER').user, want: '1000:1000' },
  {
    name: 'EXPOSE ports, protocols and ranges',
    src: S + 'EXPOSE 80 53/udp 8000-8010/tcp\n',
    got: (r) => pick(r, 'EXPOSE').ports,
    want: ['80', '53/udp', '8000-8010/tcp'],
  },
  { name: 'EXPOSE bad port', src: S + 'EXPOSE 80 http\n', got: errors, want: ['2:11 invalid containerPort: http'] },
  { name: 'EXPOSE bad protocol', src: S + 'EXPOSE 80/icmp\n', got: errors, want: ['2:8 invalid proto: icmp'] },
  {
    name: 'STOPSIGNAL',
    src: S + 'STOPSIGNAL SIGINT\nSTOPSIGNAL 9\n',
    got: (r) => [pick(r, 'STOPSIGNAL').signal, r.ok],
    want: ['SIGINT', true],
  },
  { name: 'STOPSIGNAL invalid', src: S + 'STOPSIGNAL SIGNOPE\n', got: errors, want: ['2:12 invalid signal: SIGNOPE'] },
  { name: 'HEALTHCHECK NONE', src: S + 'HEALTHCHECK NONE\n', got: (r) => pick(r, 'HEALTHCHECK').type, want: 'NONE' },
  {
    name: 'HEALTHCHECK with options',
    src:
      S +
      'HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=2s --start-interval=1s --retries=3 CMD ["/probe.wasm"]\n',
    got: (r) => {
      const h = pick(r, 'HEALTHCHECK');
      return [h.interval, h.timeout, h.startPeriod, h.startInterval, h.retries, h.command];
    },
    want: [90e9, 5e8, 2e9, 1e9, 3, { form: 'exec', args: ['/probe.wasm'] }],
  },
  {
    name: 'HEALTHCHECK shell form',
    src: S + 'HEALTHCHECK CMD curl -f http://localhost/\n',
    got: (r) => pick(r, 'HEALTHCHECK').command,
    want: { form: 'shell', args: ['curl -f http://localhost/'] },
  },
  {
    name: 'HEALTHCHECK bad duration',
    src: S + 'HEALTHCHECK --interval=soon CMD x\n',
    got: errors,
    want: ['2:13 time: invalid duration "soon"'],
  },
  {
    name: 'HEALTHCHECK interval too short',
    src: S + 'HEALTHCHECK --timeout=10us CMD x\n',
    got: errors,
    want: ['2:13 Interval "timeout" cannot be less than 1ms'],
  },
  {
    name: 'HEALTHCHECK negative retries',
    src: S + 'HEALTHCHECK --retries=-1 CMD x\n',
    got: errors,
    want: ['2:13 --retries cannot be negative (-1)'],
  },
  {
    name: 'HEALTHCHECK unknown type',
    src: S + 'HEALTHCHECK PING x\n',
    got: errors,
    want: ['2:13 Unknown type "PING" in HEALTHCHECK (try CMD)'],
  },
  {
    name: 'HEALTHCHECK CMD without command',
    src: S + 'HEALTHCHECK CMD\n',
    got: errors,
    want: ['2:13 Missing command after HEALTHCHECK CMD'],
  },
  {
    name: 'HEALTHCHECK NONE with arguments',
    src: S + 'HEALTHCHECK NONE x\n',
    got: errors,
    want: ['2:18 HEALTHCHECK NONE takes no arguments'],
  },
  {
    name: 'HEALTHCHECK NONE with flags',
    src: S + 'HEALTHCHECK --retries=2 NONE\n',
    got: errors,
    want: ['2:13 unknown flag: retries (HEALTHCHECK NONE takes no flags)'],
  },
  {
    name: 'ONBUILD parses its trigger',
    src: S + 'ONBUILD COPY --chown=1 a /b\n',
    got: (r) => {
      const o = pick(r, 'ONBUILD');
      return [o.expression, o.trigger.kind, o.trigger.kind === 'COPY' ? o.trigger.chown : '', o.trigger.col];
    },
    want: ['COPY --chown=1 a /b', 'COPY', '1', 9],
  },
  {
    name: 'ONBUILD ONBUILD',
    src: S + 'ONBUILD ONBUILD RUN x\n',
    got: errors,
    want: ["2:9 Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"],
  },
  {
    name: 'ONBUILD FROM',
    src: S + 'ONBUILD FROM x\n',
    got: errors,
    want: ["2:9 FROM isn't allowed as an ONBUILD trigger"],
  },
  {
    name: 'ONBUILD MAINTAINER',
    src: S + 'onbuild maintainer me\n',
    got: errors,
    want: ["2:9 MAINTAINER isn't allowed as an ONBUILD trigger"],
  },
  {
    name: 'ONBUILD with a bad trigger',
    src: S + 'ONBUILD FORM x\n',
    got: errors,
    want: ['2:9 unknown instruction: FORM (did you mean FROM?)'],
  },
  {
    name: 'MAINTAINER',
    src: S + 'MAINTAINER Jane <jane@example.com>\n',
    got: (r) => pick(r, 'MAINTAINER').maintainer,
    want: 'Jane <jane@example.com>',
  },
  {
    name: 'RUN is parsed (the builder rejects it)',
    src: S + 'RUN ["make", "all"]\n',
    got: (r) => [pick(r, 'RUN').command, r.ok],
    want: [{ form: 'exec', args: ['make', 'all'] }, true],
  },

  // --- diagnostics: positions, collection
  {
    name: 'unknown instruction with suggestion',
    src: S + 'COPPY a b\n',
    got: errors,
    want: ['2:1 unknown instruction: COPPY (did you mean COPY?)'],
  },
  {
    name: 'unknown instruction without suggestion',
    src: S + 'FOOBAR x\n',
    got: errors,
    want: ['2:1 unknown instruction: FOOBAR'],
  },
  {
    name: 'indented instruction column',
    src: S + '   USER x\n  BOGUS\n',
    got: (r) => [pick(r, 'USER').col, errors(r)],
    want: [4, ['3:3 unknown instruction: BOGUS']],
  },
  {
    name: 'all errors are collected',
    src: 'FORM scratch\nFROM scratch\nCOPY a\nWORKDIR\nCOPY --nope=1 a b\n',
    got: (r) => errors(r).map((e) => e.split(' ')[0]),
    want: ['1:1', '3:6', '4:8', '5:6'],
  },
  {
    name: 'instruction line range',
    src: S + 'RUN a \\\n b \\\n c\n',
    got: (r) => [pick(r, 'RUN').line, pick(r, 'RUN').endLine],
    want: [2, 4],
  },
  {
    name: 'original keeps the logical line',
    src: S + 'ENV A=1 \\\n    B=2\n',
    got: (r) => pick(r, 'ENV').original,
    want: 'ENV A=1     B=2',
  },
  { name: 'ok is false when there is an error', src: S + 'BOGUS\n', got: (r) => r.ok, want: false },
  {
    name: 'ok is true with only warnings',
    src: S + 'MAINTAINER me\n',
    got: (r) => [r.ok, r.diagnostics.length],
    want: [true, 1],
  },
  { name: 'file name in diagnostics', src: 'BOGUS\n', got: (r) => r.diagnostics[0]?.file, want: 'Dockerfile' },
];

describe('parseDockerfile', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = parseDockerfile(c.src);
    expect(c.got(r), `parseDockerfile(${JSON.stringify(c.src)})`).toEqual(c.want);
  });

  it('uses the file name it is given', () => {
    const r = parseDockerfile('BOGUS\n', { file: 'build/Containerfile' });
    expect(
      r.diagnostics.map((d) => d.file),
      'diagnostic files',
    ).toEqual(['build/Containerfile']);
  });
});
