// The other commands: ls stat du find xargs date test printf echo seq basename dirname env
// printenv which sleep yes true false pwd uname expr.
import { describe, expect, it } from 'vitest';
import { run, sh, type Files, type RunSetup } from './processes.ts';

const files: Files = {
  '/p/b.txt': 'bee\n',
  '/p/a.txt': 'a\n',
  '/p/.hidden': '',
  '/p/run.sh': { data: '#!/bin/sh\n', mode: 0o755 },
  '/p/dir/inner.c': 'x'.repeat(5000),
  '/p/dir/deeper/z.h': '',
  '/p/ln': { symlink: 'a.txt' },
  '/etc/passwd': 'root:x:0:0::/root:/bin/sh\n',
};

type Case = [script: string, out: string, code?: number];

async function check(cases: Case[], o: RunSetup = { files }): Promise<void> {
  for (const [script, out, code = 0] of cases) {
    const r = await sh(script, o);
    expect(r.out, `sh -c ${JSON.stringify(script)}: stdout (stderr: ${r.err})`).toBe(out);
    expect(r.code, `sh -c ${JSON.stringify(script)}: exit status (stderr: ${r.err})`).toBe(code);
  }
}

describe('ls stat du', () => {
  it('ls: one name a line, byte order, -a -A -d -F -R -1; a missing name exits 2', () =>
    check([
      ['ls /p', 'a.txt\nb.txt\ndir\nln\nrun.sh\n'],
      ['ls -A /p | head -1; ls -a /p | head -2 | tr "\\n" " "; echo', '.hidden\n. .. \n'],
      ['ls -d /p; ls -F /p | tr "\\n" " "; echo', '/p\na.txt b.txt dir/ ln@ run.sh* \n'],
      ['ls -R /p/dir', '/p/dir:\ndeeper\ninner.c\n\n/p/dir/deeper:\nz.h\n'],
      ['ls /p/a.txt /p/dir', '/p/a.txt\n\n/p/dir:\ndeeper\ninner.c\n'],
      ['cd /p && touch b.txt && ls -t | head -1; ls -rt -1 /p | head -1', 'b.txt\nrun.sh\n'],
      ['ls /nope; echo $?', '2\n'],
    ]));

  it('ls -l: modes, links, owners, sizes, dates (old ones with the year), symlink targets', () =>
    check([
      [
        'ls -l /p',
        'total 16\n' +
          '-rw-r--r-- 1 root root    2 Sep 13  2020 a.txt\n' +
          '-rw-r--r-- 1 root root    4 Sep 13  2020 b.txt\n' +
          'drwxr-xr-x 3 root root 4096 Sep 13  2020 dir\n' +
          'lrwxrwxrwx 1 root root    5 Sep 13  2020 ln -> a.txt\n' +
          '-rwxr-xr-x 1 root root   10 Sep 13  2020 run.sh\n',
      ],
      [
        'touch /p/new; ls -l /p/new; ls -lh /p/dir/inner.c',
        '-rw-r--r-- 1 root root 0 Nov 14 22:13 /p/new\n-rw-r--r-- 1 root root 4.9K Sep 13  2020 /p/dir/inner.c\n',
      ],
    ]));

  it('stat: -c formats and the default layout', async () => {
    await check([
      [
        'stat -c "%n %s %a %A %F %U:%G %h" /p/run.sh /p/dir',
        '/p/run.sh 10 755 -rwxr-xr-x regular file root:root 1\n/p/dir 4096 755 drwxr-xr-x directory root:root 3\n',
      ],
    ]);
    const r = await sh('stat /p/a.txt', { files });
    expect(r.out, 'stat /p/a.txt').toMatch(
      /^ {2}File: \/p\/a\.txt\n {2}Size: 2 +Blocks: 8 +IO Block: 4096 +regular file\n.*\nAccess: \(0644\/-rw-r--r--\) {2}Uid: \( {4}0\/ {4}root\) {3}Gid: \( {4}0\/ {4}root\)\nAccess: 2020-09-13 12:26:40\.000000000 \+0000\nModify: 2020-09-13 12:26:40\.000000000 \+0000\n/,
    );
  });

  it('du: 4 KiB blocks, -s, -h, -a, -b', () =>
    check([
      ['du /p/dir', '4\t/p/dir/deeper\n16\t/p/dir\n'],
      ['du -s /p; du -sh /p/dir; du -sb /p/dir/inner.c', '32\t/p\n16K\t/p/dir\n5000\t/p/dir/inner.c\n'],
      ['du -a /p/dir | head -2', '0\t/p/dir/deeper/z.h\n4\t/p/dir/deeper\n'],
    ]));
});

describe('find and xargs', () => {
  it('find: -name -type -path -maxdepth -mindepth -size -empty -newer -perm, !, -o, ( )', () =>
    check([
      ['find /p/dir', '/p/dir\n/p/dir/deeper\n/p/dir/deeper/z.h\n/p/dir/inner.c\n'],
      ['cd /p && find . -name "*.txt"', './a.txt\n./b.txt\n'],
      ['find /p -type d; find /p -type l', '/p\n/p/dir\n/p/dir/deeper\n/p/ln\n'],
      ['find /p -maxdepth 1 -type f ! -name ".*" | wc -l', '3\n'],
      ['find /p -mindepth 2 -name "*.h" -o -name "*.c"', '/p/dir/deeper/z.h\n/p/dir/inner.c\n'],
      ['find /p -path "*deeper*" -prune -o -type f -name "*.[ch]" -print', '/p/dir/inner.c\n'],
      ['find /p -type f -size +4k; find /p -empty', '/p/dir/inner.c\n/p/.hidden\n/p/dir/deeper/z.h\n'],
      ['find /p -perm -u+x -type f; touch /p/a.txt; find /p -newer /p/b.txt', '/p/run.sh\n/p/a.txt\n'],
      ['find /p/dir -printf "%f %y %s\\n" | head -2', 'dir d 4096\ndeeper d 4096\n'],
      ['find /nope; echo $?', '1\n'],
    ]));

  it('find -delete and -exec ... + ', async () => {
    const r = await sh('find /p -name "*.txt" -delete; ls /p; find /p/dir -type f -exec echo found {} +', { files });
    expect(r.out, 'stdout').toBe('dir\nln\nrun.sh\nfound /p/dir/deeper/z.h /p/dir/inner.c\n');
  });

  it('xargs: words, -n, -I, -0, -r, -t, and status 123 when a command fails', () =>
    check([
      ['printf "a b\\nc\\n" | xargs echo x', 'x a b c\n'],
      ['printf "1 2 3" | xargs -n 2 echo', '1 2\n3\n'],
      ['printf "a\\nb\\n" | xargs -I{} echo "<{}>"', '<a>\n<b>\n'],
      ['printf "with space\\0x\\0" | xargs -0 -n1 echo', 'with space\nx\n'],
      [`printf "'quoted arg' b" | xargs -n1 echo`, 'quoted arg\nb\n'],
      ['true | xargs echo ran; true | xargs -r echo not-run', 'ran\n'],
      ['echo /nope | xargs ls 2>/dev/null; echo $?', '123\n'],
    ]));
});

describe('date', () => {
  it('SOURCE_DATE_EPOCH, else the volume clock; +FORMAT, -d, -u, -I, -R, -r', () =>
    check(
      [
        ['date', 'Thu Jan  1 00:00:42 UTC 1970\n'],
        ['date +%s; date "+%Y-%m-%d %H:%M:%S %Z %j %a %b %e"', '42\n1970-01-01 00:00:42 UTC 001 Thu Jan  1\n'],
        ['date -u -d @1700000000 +%FT%T; date -d "2024-02-29 12:00" +%A', '2023-11-14T22:13:20\nThursday\n'],
        [
          'date -I; date -Iseconds -d @0; date -R -d @0',
          '1970-01-01\n1970-01-01T00:00:00+00:00\nThu, 01 Jan 1970 00:00:00 +0000\n',
        ],
        ['date -r /p/a.txt +%F; unset SOURCE_DATE_EPOCH; date +%F', '2020-09-13\n2023-11-14\n'],
        ['date -d nonsense; echo $?', '1\n'],
      ],
      { files, env: ['PATH=/bin', 'SOURCE_DATE_EPOCH=42'] },
    ));
});

describe('test, printf, echo, seq and the small ones', () => {
  it('test and [: files, strings, integers, !, -a, -o, ( ), errors', () =>
    check([
      [
        '[ -f /p/a.txt ] && [ -d /p/dir ] && [ -L /p/ln ] && [ -x /p/run.sh ] && [ -s /p/a.txt ] && echo files',
        'files\n',
      ],
      ['[ -e /nope ] || [ -s /p/.hidden ] || echo missing-or-empty', 'missing-or-empty\n'],
      ['[ "" ] || [ -z "" ] && [ -n x ] && [ a != b ] && [ abc \\< abd ] && echo strings', 'strings\n'],
      ['[ 10 -gt 9 ] && [ -1 -lt 0 ] && [ 007 -eq 7 ] && echo integers', 'integers\n'],
      ['[ ! -e /nope -a \\( 1 -eq 1 -o 1 -eq 2 \\) ] && echo combined', 'combined\n'],
      ['test /p/a.txt -ef /p/ln && test /p/a.txt -nt /p/nope && echo links', 'links\n'],
      ['[ 1 -eq x ]; echo $?; [ 1 = 1; echo $?', '2\n2\n'],
      ['test; echo $?; test -n; echo $?', '1\n0\n'],
    ]));

  it('printf: conversions, widths, reuse of the format, %b, errors', () =>
    check([
      ['printf "%s|%5s|%-5s|%.2s\\n" a b c defg', 'a|    b|c    |de\n'],
      ['printf "%d %05d %+d %x %X %o %c %%\\n" 42 42 42 255 255 8 xyz', '42 00042 +42 ff FF 10 x %\n'],
      ['printf "%.2f %e %g %g\\n" 3.14159 1234.5 0.0001 1e10', '3.14 1.234500e+03 0.0001 1e+10\n'],
      ['printf "%s-%s\\n" a b c', 'a-b\nc-\n'],
      ['printf "%b" "x\\ty\\n"; printf "\\101\\x42\\n"', 'x\ty\nAB\n'],
      [`printf "%d\\n" "'A" 0x10 010`, '65\n16\n8\n'],
      ['printf "%d\\n" abc; echo $?', '0\n1\n'],
    ]));

  it("/bin/echo is GNU echo (-e for escapes); the shell echo is dash's", async () => {
    const r = await run(['echo', '-e', 'a\\tb', '-n']);
    expect(r.out, 'echo -e').toBe('a\tb -n\n');
    const e = await run(['echo', '-n', 'a\\tb']);
    expect(e.out, 'echo -n (no escapes)').toBe('a\\tb');
  });

  it('seq, basename, dirname, pwd, true, false, sleep, yes, uname, whoami', () =>
    check([
      ['seq 2 4; seq -w 8 10; seq 5 -2 1 | tr "\\n" " "; echo', '2\n3\n4\n08\n09\n10\n5 3 1 \n'],
      ['seq 0.5 0.5 1.5; seq -f "n%g" 2', '0.5\n1.0\n1.5\nn1\nn2\n'],
      [
        'basename /a/b/c.tar.gz .gz; basename /a/b/; basename -s .c x.c y.c; dirname /a/b/c a /',
        'c.tar\nb\nx\ny\n/a/b\n.\n/\n',
      ],
      ['cd /p/dir && /bin/pwd && cd /p/ln 2>/dev/null; echo $?', '/p/dir\n2\n'],
      ['true; echo $?; false; echo $?; sleep 0.1 && sleep 1m && echo slept', '0\n1\nslept\n'],
      ['sleep; echo $?; sleep abc; echo $?', '1\n1\n'],
      ['yes | head -n 2; yes no | head -n 1', 'y\ny\nno\n'],
      ['whoami; uname; uname -m; nproc', 'root\nWASI\nwasm32\n1\n'],
    ]));

  it('env, printenv, which', () =>
    check(
      [
        ['env | sort', 'A=1\nHOME=/root\nPATH=/usr/bin:/bin\nPWD=/\n'],
        ['env -u A B=2 printenv B A; echo $?', '2\n1\n'],
        ['printenv HOME; printenv NOPE; echo $?', '/root\n1\n'],
        ['which ls cat; which nope; echo $?; which -a sh', '/bin/ls\n/bin/cat\n1\n/bin/sh\n'],
      ],
      { files, env: ['PATH=/usr/bin:/bin', 'HOME=/root', 'A=1'] },
    ));
});

// Outputs and exit statuses as Debian's coreutils 9.1 expr gives them (LC_ALL=C).
describe('expr', () => {
  it('arithmetic on integers of any size, comparisons as numbers or as strings, | and &', () =>
    check([
      ['expr 1 + 2; expr 3 \\* 4; expr 7 / 2; expr -7 / 2; expr -7 % 2', '3\n12\n3\n-3\n-1\n'],
      ['expr 99999999999999999999 + 1', '100000000000000000000\n'],
      ['expr \\( 1 + 2 \\) \\* 3; expr -- -5 + 2', '9\n-3\n'],
      ['expr 10 \\> 9; expr 10 \\> 9a; expr a \\< b; expr 010 = 10', '1\n0\n1\n1\n'],
      ['expr "" \\| 5; expr 0 \\& 5', '5\n0\n', 1],
      ['expr 00', '00\n', 1],
      ['i=0; while [ $i -lt 3 ]; do i=`expr $i + 1`; done; echo $i', '3\n'],
    ]));

  it(': and match (anchored basic regexes), substr, index, length, + TOKEN', () =>
    check([
      ['expr abcdef : "ab\\(.*\\)e"; expr abcdef : abc; expr x: : "x:"', 'cd\n3\n2\n'],
      ['expr abcdef : x', '0\n', 1],
      ['expr abc : "x\\(.\\)"', '\n', 1],
      ['expr abc : "\\(x\\)*"', '\n', 1],
      ['expr "$(printf "a\\nb")" : "a.b"; expr match abc "a."', '3\n2\n'],
      ['expr length hello; expr substr hello 2 3; expr substr hello 4 9; expr index hello lo', '5\nell\nlo\n3\n'],
      ['expr substr hello 0 2', '\n', 1],
      ['expr + length', 'length\n'],
    ]));

  it('errors: a bad expression exits 2 with GNU’s message', async () => {
    for (const [script, err] of [
      ['expr 1 +', "expr: syntax error: missing argument after '+'\n"],
      ['expr 1 2', "expr: syntax error: unexpected argument '2'\n"],
      ['expr \\( 1', "expr: syntax error: expecting ')' after '1'\n"],
      ['expr \\)', "expr: syntax error: unexpected ')'\n"],
      ['expr a + 1', 'expr: non-integer argument\n'],
      ['expr 1 / 0', 'expr: division by zero\n'],
      ['expr', "expr: missing operand\nTry 'expr --help' for more information.\n"],
    ]) {
      const r = await sh(script!, { files });
      expect([r.out, r.err, r.code], script).toEqual(['', err, 2]);
    }
  });
});
