// The shell language, run as a RUN step runs it (`/bin/sh -c SCRIPT`): each case's stdout,
// and its exit status, as dash gives them.
import { describe, expect, it } from 'vitest';
import { sh, type RunSetup } from '../processes.ts';

type Case = [script: string, out: string, code?: number];

async function check(cases: Case[], o: RunSetup = {}): Promise<void> {
  for (const [script, out, code = 0] of cases) {
    const r = await sh(script, o);
    expect(r.out, `sh -c ${JSON.stringify(script)}: stdout (stderr: ${r.err})`).toBe(out);
    expect(r.code, `sh -c ${JSON.stringify(script)}: exit status (stderr: ${r.err})`).toBe(code);
  }
}

describe('words and quoting', () => {
  it('single, double and backslash quoting', () =>
    check([
      [`echo 'a  b' "c  d" e\\ \\ f`, 'a  b c  d e  f\n'],
      [`echo '$HOME' "$HOME" \\$HOME`, '$HOME /root $HOME\n'],
      [`echo "a\\"b" 'it'\\''s' "\\$x \\\\ \\q"`, 'a"b it\'s $x \\ \\q\n'],
      [`echo a\\\nb`, 'ab\n'],
      [`echo "line1\nline2"`, 'line1\nline2\n'],
      [`echo ''""x`, 'x\n'],
      [`printf '[%s]' '' ""; echo`, '[][]\n'],
      [`echo # a comment\necho after#not`, '\nafter#not\n'],
    ]));

  it('echo interprets escapes and takes only -n, as dash does', () =>
    check([
      [`echo 'a\\tb\\n'`, 'a\tb\n\n'],
      [`echo -n x; echo y`, 'xy\n'],
      [`echo -e 'a\\c' b; echo`, '-e a\n'],
    ]));
});

describe('parameter expansion', () => {
  it('plain, braced, defaults, assignments, alternatives, lengths', () =>
    check([
      [`x=1; echo $x \${x} \${x}2 $x2.`, '1 1 12 .\n'],
      [`e=; echo \${u:-def} \${u-def} "\${e:-def}" "\${e-def}"`, 'def def def \n'],
      [`e=; echo "[\${e:-d}][\${e-d}][\${e:+a}][\${e+a}][\${u+a}]"`, '[d][][][a][]\n'],
      [`echo \${v:=set}; echo $v`, 'set\nset\n'],
      [`s=hello; echo \${#s} \${#u}`, '5 0\n'],
      [`f=archive.tar.gz; echo \${f%.*} \${f%%.*} \${f#*.} \${f##*.}`, 'archive.tar archive tar.gz gz\n'],
      [`p=/usr/local/bin; echo \${p#/usr} \${p%/*} "\${p##*/}"`, '/local/bin /usr/local bin\n'],
      [`x='a*'; echo \${x%\\*} "\${x%"*"}" "\${x%*}"`, 'a a a*\n'],
    ]));

  it('special parameters: $? $# $@ $* $0 $1.. $$ $-', () =>
    check([
      [`false; echo $?; true; echo $?`, '1\n0\n'],
      [`set -- a 'b c' d; echo $# $1 "$2" $3`, '3 a b c d\n'],
      [`set -- a 'b c'; for i in "$@"; do echo "[$i]"; done`, '[a]\n[b c]\n'],
      [`set -- a 'b c'; for i in $@; do echo "[$i]"; done`, '[a]\n[b]\n[c]\n'],
      [`set -- a 'b c'; for i in "$*"; do echo "[$i]"; done`, '[a b c]\n'],
      [`set --; for i in "$@"; do echo x; done; echo "[$@]"`, '[]\n'],
      [`IFS=:; set -- a b; echo "$*"`, 'a:b\n'],
      [`echo $0`, '/bin/sh\n'],
      [`set -eu; echo $-`, 'eu\n'],
      [`echo \${10} $10`, '0\n'],
    ]));

  it('sh -c SCRIPT NAME ARGS sets $0 and the positional parameters', async () => {
    const { run } = await import('../processes.ts');
    const r = await run(['/bin/sh', '-c', 'echo "$0|$1|$2|$#"', 'myname', 'x', 'y z']);
    expect(r.out, 'sh -c … myname x "y z"').toBe('myname|x|y z|2\n');
  });

  it('the environment is exported; assignments are not until exported', () =>
    check(
      [
        [`echo $GREETING; env | grep GREETING`, 'hi\nGREETING=hi\n'],
        [`A=1; env | grep -c '^A='; export A; env | grep '^A='`, '0\nA=1\n', 0],
        [`B=2 env | grep '^B='; echo "[$B]"`, 'B=2\n[]\n'],
        [`export C=3 D; D=4; env | grep -E '^(C|D)='`, 'C=3\nD=4\n'],
        [`unset GREETING; echo "[\${GREETING-unset}]"`, '[unset]\n'],
      ],
      { env: ['PATH=/bin', 'HOME=/root', 'GREETING=hi'] },
    ));

  it('field splitting on IFS, and only of unquoted expansions', () =>
    check([
      [`x='a  b   c'; set -- $x; echo $#`, '3\n'],
      [`x='a  b'; set -- "$x"; echo $#`, '1\n'],
      [`x=' a,b,,c '; IFS=,; set -- $x; echo $#; for i; do echo "[$i]"; done`, '4\n[ a]\n[b]\n[]\n[c ]\n'],
      [`IFS=' ,'; x='a , b'; set -- $x; echo $#`, '2\n'],
      [`e=''; set -- $e; echo $#; set -- "$e"; echo $#`, '0\n1\n'],
      [`x='a b'; y=$x; echo "$y"`, 'a b\n'],
    ]));

  it('tilde expansion', () =>
    check([
      [`echo ~ ~/x "~" a~`, '/root /root/x ~ a~\n'],
      [`P=~/bin; echo $P`, '/root/bin\n'],
    ]));
});

describe('command substitution and arithmetic', () => {
  it('$(…) and backquotes, nested, trailing newlines removed', () =>
    check([
      [`echo "[$(printf 'a\\n\\n')]"`, '[a]\n'],
      [`echo $(echo $(echo nested))`, 'nested\n'],
      ['echo `echo back` "`echo \\"q\\"`"', 'back q\n'],
      [`x=$(false); echo $?`, '1\n'],
      [`echo $(case x in x) echo in-case;; esac)`, 'in-case\n'],
      [`x=$(exit 3); echo $?`, '3\n'],
      [`v=outer; x=$(v=inner; echo $v); echo $x $v`, 'inner outer\n'],
    ]));

  it('$((…)): operators, precedence, variables, assignment', () =>
    check([
      [`echo $((1 + 2 * 3)) $(( (1+2)*3 )) $((7/2)) $((7%3)) $((-7/2))`, '7 9 3 1 -3\n'],
      [`x=5; echo $((x * 2)) $(($x + 1)) $((x > 3 && x < 10)) $((x == 5 ? 10 : 20))`, '10 6 1 10\n'],
      [`echo $((0x10)) $((010)) $((1 << 4)) $((~0)) $((5 & 3)) $((5 | 3)) $((5 ^ 3))`, '16 8 16 -1 1 7 6\n'],
      [`i=0; i=$((i + 1)); : $((i += 10)); echo $i $((i++)) $i`, '11 11 12\n'],
      [`echo $((u + 1))`, '1\n'],
      [`echo $((9223372036854775807 + 1))`, '-9223372036854775808\n'],
    ]));

  it('arithmetic errors end the shell with status 2', async () => {
    const r = await sh('echo $((1 / 0)); echo after');
    expect([r.out, r.code], 'division by zero').toEqual(['', 2]);
    expect(r.err, 'division by zero: stderr').toBe('/bin/sh: 1: arithmetic expression: division by zero\n');
  });
});

describe('lists and control flow', () => {
  it('&& || ; ! and newlines', () =>
    check([
      [`true && echo a || echo b; false && echo c || echo d`, 'a\nd\n'],
      [`false || false || echo e; ! false && echo f`, 'e\nf\n'],
      [`! true; echo $?`, '1\n'],
      [`echo 1\necho 2;echo 3`, '1\n2\n3\n'],
      [`true &&\necho joined`, 'joined\n'],
    ]));

  it('if / elif / else, while, until, for, case', () =>
    check([
      [`if false; then echo a; elif true; then echo b; else echo c; fi`, 'b\n'],
      [`if [ -d /nope ]; then echo a; fi; echo $?`, '0\n'],
      [`i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done`, '0\n1\n2\n'],
      [`i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i`, '2\n'],
      [`for x in a b; do for y in 1 2; do echo $x$y; done; done`, 'a1\na2\nb1\nb2\n'],
      [`for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done`, '1\n3\n'],
      [`for i in 1 2; do for j in 1 2; do break 2; done; echo no; done; echo out`, 'out\n'],
      [`case foo.c in *.h) echo h;; *.c|*.cc) echo c;; *) echo other;; esac`, 'c\n'],
      [`case "a b" in "a b") echo quoted;; esac; case x in [xyz]) echo class;; esac`, 'quoted\nclass\n'],
      [`x='*'; case abc in "$x") echo literal;; $x) echo pattern;; esac`, 'pattern\n'],
      [`case x in\n  (x) echo paren\n  ;;\nesac`, 'paren\n'],
      [`for i; do echo $i; done`, ''],
    ]));

  it('{ …; } runs in this shell, ( … ) in a subshell', () =>
    check([
      [`x=1; { x=2; }; echo $x; (x=3; echo in $x); echo $x`, '2\nin 3\n2\n'],
      [`(cd /bin; pwd); pwd`, '/bin\n/\n'],
      [`(exit 4); echo $?`, '4\n'],
      [`{ echo a; echo b; } | wc -l`, '2\n'],
    ]));

  it('functions: arguments, return, local, recursion', () =>
    check([
      [`f() { echo "$# $1"; return 3; }; f a b; echo $? $#`, '2 a\n3 0\n'],
      [`g() { local v=in; echo $v; }; v=out; g; echo $v`, 'in\nout\n'],
      [`fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1-1))) )); fi; }; fact 5`, '120\n'],
      [`f() { echo called; }; command -v f; unset -f f; f 2>/dev/null; echo $?`, 'f\n127\n'],
      [`f()\n{\n  echo multi\n}\nf`, 'multi\n'],
    ]));

  it('pipelines run each stage in a subshell; the status is the last stage', () =>
    check([
      [`echo x | read v; echo "[$v]"`, '[]\n'],
      [`false | true; echo $?; true | false; echo $?`, '0\n1\n'],
      [`set -o pipefail; false | true; echo $?`, '1\n'],
      [`printf 'b\\na\\n' | sort | head -n 1`, 'a\n'],
    ]));

  it('read splits a line on IFS; its status is 1 at end of input', () =>
    check([
      [`printf 'one two three\\n' | { read a b; echo "$a|$b"; }`, 'one|two three\n'],
      [`printf 'no-newline' | { read a; echo "$?|$a"; }`, '1|no-newline\n'],
      [`printf 'a:b:c\\n' | { IFS=: read x y z; echo "$x $y $z"; }`, 'a b c\n'],
      [`printf 'a\\\\ b\\n' | { read x; read -r y; echo "$x|$y"; }`, 'a b|\n'],
      [`printf '1\\n2\\n3\\n' | while read n; do echo "n=$n"; done`, 'n=1\nn=2\nn=3\n'],
    ]));

  it('eval, ., exec, shift, set --, getopts, trap EXIT', () =>
    check([
      [`cmd='echo evaluated'; eval "$cmd"`, 'evaluated\n'],
      [`set -- a b c; shift; echo $@; shift 2; echo $#`, 'b c\n0\n'],
      [`echo 'echo sourced $1' > /s.sh; . /s.sh arg`, 'sourced arg\n'],
      [`exec echo replaced; echo never`, 'replaced\n'],
      [`trap 'echo bye' EXIT; echo hi`, 'hi\nbye\n'],
      [`trap 'echo bye $?' EXIT; exit 3`, 'bye 3\n', 3],
      [
        `set -- -a -b val x; while getopts ab: o; do echo "$o $OPTARG"; done; shift $((OPTIND-1)); echo "$1"`,
        'a \nb val\nx\n',
      ],
    ]));
});

describe('options', () => {
  it('set -e stops at a failing command, but not in conditions, && lists or after !', () =>
    check([
      [`set -e; echo a; false; echo b`, 'a\n', 1],
      [`set -e; if false; then :; fi; false || true; ! true; false && true; echo survived`, 'survived\n'],
      [`set -e; f() { false; echo in-f; }; f || echo f-failed`, 'in-f\n'],
      [`set -e; x=$(false); echo no`, '', 1],
      [`set -e; (false); echo no`, '', 1],
      [`set -e; false | true; echo pipeline-ok`, 'pipeline-ok\n'],
      [`set -e; cat /nope; echo no`, '', 1],
      [`set -e; nosuchcmd; echo no`, '', 127],
    ]));

  it('set -u fails on an unset parameter', async () => {
    const r = await sh('set -u; echo "$undefined_var"; echo after');
    expect([r.out, r.code, r.err], 'set -u').toEqual(['', 2, '/bin/sh: 1: undefined_var: parameter not set\n']);
    await check([[`set -u; echo "\${u:-ok}" "$#" "$@"`, 'ok 0\n']]);
  });

  it('set -x traces commands on stderr', async () => {
    const r = await sh(`set -x; x=1; echo "a b" $x`);
    expect(r.err, 'set -x').toBe(`+ x=1\n+ echo 'a b' 1\n`);
  });

  it('sh -e, sh -x and -o pipefail before -c', async () => {
    const { run } = await import('../processes.ts');
    const r = await run(['/bin/sh', '-e', '-o', 'pipefail', '-c', 'false | true; echo no']);
    expect([r.out, r.code], 'sh -e -o pipefail -c').toEqual(['', 1]);
    const x = await run(['/bin/sh', '-xc', 'echo hi']);
    expect([x.out, x.err], 'sh -xc').toEqual(['hi\n', '+ echo hi\n']);
  });

  it('set -f turns globbing off', () => check([[`set -f; echo /bi*`, '/bi*\n']]));
});

describe('pathname expansion', () => {
  const files = { '/d/a.c': '', '/d/b.c': '', '/d/c.h': '', '/d/.hidden.c': '', '/d/sub/x.c': '' };
  it('*, ? and [...] against the volume, sorted, dot files only when asked', () =>
    check(
      [
        [`echo /d/*.c`, '/d/a.c /d/b.c\n'],
        [`echo /d/?.[ch]`, '/d/a.c /d/b.c /d/c.h\n'],
        [`echo /d/[!a]*`, '/d/b.c /d/c.h /d/sub\n'],
        [`echo /d/.*`, '/d/.hidden.c\n'],
        [`echo /d/*/*.c`, '/d/sub/x.c\n'],
        [`echo /d/*.none`, '/d/*.none\n'],
        [`echo "/d/*.c" '/d/*.c'`, '/d/*.c /d/*.c\n'],
        [`cd /d && echo *.c */`, 'a.c b.c sub/\n'],
        [`x='/d/*.h'; echo $x "$x"`, '/d/c.h /d/*.h\n'],
      ],
      { files },
    ));
});

describe('diagnostics and exit statuses', () => {
  const cases: Array<[string, string, number]> = [
    ['nosuch arg', '/bin/sh: 1: nosuch: not found\n', 127],
    ['echo ok\n\nnosuch', '/bin/sh: 3: nosuch: not found\n', 127],
    ['/bin/nope', '/bin/sh: 1: /bin/nope: not found\n', 127],
    ['/bin', '/bin/sh: 1: /bin: Permission denied\n', 126],
    ['cd /nope', "/bin/sh: 1: cd: can't cd to /nope\n", 2],
    ['if true; then', '/bin/sh: 1: Syntax error: end of file unexpected (expecting "fi")\n', 2],
    ['echo )', '/bin/sh: 1: Syntax error: ")" unexpected\n', 2],
    ['fi', '/bin/sh: 1: Syntax error: "fi" unexpected\n', 2],
    ["echo 'open", '/bin/sh: 1: Syntax error: Unterminated quoted string\n', 2],
    ['echo ${x/a/b}', '/bin/sh: 1: Bad substitution\n', 2],
    ['echo ${u?is required}', '/bin/sh: 1: u: is required\n', 2],
    ['exit 300', '', 44],
    ['exit foo', '/bin/sh: 1: exit: Illegal number: foo\n', 2],
    ['readonly r=1; r=2', '/bin/sh: 1: r: is read only\n', 2],
    ['shift 3', "/bin/sh: 1: shift: can't shift that many\n", 2],
  ];
  it.each(cases)('sh -c %j', async (script, err, code) => {
    const r = await sh(script);
    expect(r.err, `sh -c ${JSON.stringify(script)}: stderr`).toBe(err);
    expect(r.code, `sh -c ${JSON.stringify(script)}: exit status`).toBe(code);
  });

  it('commands before a syntax error further down have run', async () => {
    const r = await sh('echo first\nif then');
    expect([r.out, r.code], 'output and status').toEqual(['first\n', 2]);
  });

  it("a not-found message follows the command's own 2> redirection", async () => {
    const r = await sh('nosuch 2>/dev/null; echo $?');
    expect([r.out, r.err], 'silenced').toEqual(['127\n', '']);
  });
});

describe('scripts', () => {
  it('sh FILE ARGS, a #! script, and a script with no #! line', async () => {
    const files = {
      '/s/plain.sh': { data: 'echo "plain $0 $1"\n', mode: 0o755 },
      '/s/bang.sh': { data: '#!/bin/sh -e\necho "bang $0 $1"\nfalse\necho never\n', mode: 0o755 },
      '/s/noexec.sh': { data: 'echo x\n', mode: 0o644 },
    };
    await check(
      [
        [`sh /s/noexec.sh`, 'x\n'],
        [`/s/plain.sh a`, 'plain /s/plain.sh a\n'],
        [`/s/bang.sh b; echo $?`, 'bang /s/bang.sh b\n1\n'],
        [`cd /s && ./plain.sh c`, 'plain ./plain.sh c\n'],
        [`PATH=/s:$PATH; plain.sh d`, 'plain /s/plain.sh d\n'],
        [`/s/noexec.sh; echo $?`, '126\n'],
      ],
      { files },
    );
    const { run } = await import('../processes.ts');
    const r = await run(['/bin/sh', '/s/plain.sh', 'arg'], { files });
    expect(r.out, 'sh FILE arg').toBe('plain /s/plain.sh arg\n');
    const missing = await run(['/bin/sh', '/s/missing.sh']);
    expect([missing.err, missing.code], 'sh MISSING').toEqual([
      '/bin/sh: 0: cannot open /s/missing.sh: No such file\n',
      2,
    ]);
  });

  it('the script on stdin (sh -s, or sh with no operand)', async () => {
    const { run } = await import('../processes.ts');
    const r = await run(['/bin/sh', '-s', 'x'], { stdin: 'echo "from stdin $1"\n' });
    expect(r.out, 'sh -s x').toBe('from stdin x\n');
  });

  it('the working directory and PWD come from the process; cd changes both', async () => {
    await check(
      [
        [`pwd; echo $PWD; cd sub; pwd; echo $PWD $OLDPWD; cd ..; pwd`, '/w\n/w\n/w/sub\n/w/sub /w\n/w\n'],
        [`cat rel.txt`, 'relative\n'],
        [`cd; pwd`, '/root\n'],
        [`cd /w/sub && cd - && pwd`, '/w\n/w\n'],
      ],
      { cwd: '/w', files: { '/w/sub/.keep': '', '/w/rel.txt': 'relative\n', '/root/.keep': '' } },
    );
  });
});
