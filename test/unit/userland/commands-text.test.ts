// Filters over file data: cat head tail wc tee tac rev sort uniq cut tr grep sed, with their
// common options, as GNU's tools print them in the C locale.
import { describe, expect, it } from 'vitest';
import { read, sh, type Files } from './processes.ts';

const files: Files = {
  '/t/lines': 'one\ntwo\nthree\nfour\nfive\n',
  '/t/nums': '10\n9\n100\n-3\n9\n',
  '/t/words': 'b apple\na cherry\nc banana\na apple\n',
  '/t/csv': 'id,name,role\n1,ann,dev\n2,bob,ops\n',
  '/t/noeol': 'x\ny',
  '/t/code.c': '#include <stdio.h>\nint main(void) {\n  printf("hi\\n");\n  return 0;\n}\n',
  '/t/sub/more.c': 'int other;\n',
  '/t/sub/notes.txt': 'main idea\n',
};

type Case = [script: string, out: string, code?: number];

async function check(cases: Case[]): Promise<void> {
  for (const [script, out, code = 0] of cases) {
    const r = await sh(script, { files });
    expect(r.out, `sh -c ${JSON.stringify(script)}: stdout (stderr: ${r.err})`).toBe(out);
    expect(r.code, `sh -c ${JSON.stringify(script)}: exit status (stderr: ${r.err})`).toBe(code);
  }
}

describe('cat head tail wc tee tac rev', () => {
  it('cat', () =>
    check([
      ['cat /t/noeol /t/noeol', 'x\nyx\ny'],
      ['cat -n /t/noeol', '     1\tx\n     2\ty'],
      ['printf "a\\n\\n\\nb\\n" | cat -s', 'a\n\nb\n'],
      ['printf "a\\tb\\n" | cat -A', 'a^Ib$\n'],
      ['echo in | cat - /t/noeol', 'in\nx\ny'],
      ['cat /t/missing; echo $?', '1\n'],
    ]));

  it('head and tail', () =>
    check([
      ['head -n 2 /t/lines', 'one\ntwo\n'],
      ['head -2 /t/lines; head -c 5 /t/lines; echo', 'one\ntwo\none\nt\n'],
      ['head -n -3 /t/lines', 'one\ntwo\n'],
      ['tail -n 2 /t/lines; tail -1 /t/noeol; echo', 'four\nfive\ny\n'],
      ['tail -n +4 /t/lines; tail -c 3 /t/lines', 'four\nfive\nve\n'],
      ['head -n 1 /t/lines /t/noeol', '==> /t/lines <==\none\n\n==> /t/noeol <==\nx\n'],
      ['seq 100 | tail -n 1', '100\n'],
    ]));

  it('wc: GNU widths (one count alone is bare; a pipe pads to 7)', () =>
    check([
      ['wc -l /t/lines', '5 /t/lines\n'],
      ['wc /t/lines', ' 5  5 24 /t/lines\n'],
      ['cat /t/lines | wc -l', '5\n'],
      ['cat /t/lines | wc', '      5       5      24\n'],
      ['wc -c /t/lines /t/noeol', '24 /t/lines\n 3 /t/noeol\n27 total\n'],
      ['printf "héllo wörld" | wc -m -w', '      2      11\n'],
    ]));

  it('tee writes stdin to stdout and files (-a appends); tac and rev', async () => {
    const r = await sh('echo x | tee /a /b; echo y | tee -a /a >/dev/null; tac /t/noeol; echo; printf "abc\\n" | rev', {
      files,
    });
    expect([r.out, read(r.volume, '/a'), read(r.volume, '/b')], 'tee, tac, rev').toEqual([
      'x\nyx\n\ncba\n',
      'x\ny\n',
      'x\n',
    ]);
  });
});

describe('sort uniq cut tr', () => {
  it('sort', () =>
    check([
      ['sort /t/nums', '-3\n10\n100\n9\n9\n'],
      ['sort -n /t/nums', '-3\n9\n9\n10\n100\n'],
      ['sort -rn /t/nums | head -1; sort -nu /t/nums | wc -l', '100\n4\n'],
      ['sort -k2 /t/words', 'a apple\nb apple\nc banana\na cherry\n'],
      ['sort -k2,2 -k1,1r /t/words', 'b apple\na apple\nc banana\na cherry\n'],
      ['sort -t, -k3 /t/csv', '1,ann,dev\n2,bob,ops\nid,name,role\n'],
      ['printf "B\\na\\nC\\n" | sort; printf "B\\na\\nC\\n" | sort -f', 'B\nC\na\na\nB\nC\n'],
      ['printf "v1.10\\nv1.9\\nv1.2\\n" | sort -V', 'v1.2\nv1.9\nv1.10\n'],
      ['printf "2K\\n1M\\n3\\n" | sort -h', '3\n2K\n1M\n'],
      ['sort -o /t/sorted /t/nums && cat /t/sorted | head -1', '-3\n'],
      ['sort -c /t/nums; echo $?', '1\n'],
    ]));

  it('uniq', () =>
    check([
      ['printf "a\\na\\nb\\na\\n" | uniq', 'a\nb\na\n'],
      ['printf "a\\na\\nb\\n" | uniq -c', '      2 a\n      1 b\n'],
      ['printf "a\\na\\nb\\n" | uniq -d; printf "a\\na\\nb\\n" | uniq -u', 'a\nb\n'],
      ['printf "A\\na\\n" | uniq -i', 'A\n'],
    ]));

  it('cut', () =>
    check([
      ['cut -d, -f2 /t/csv', 'name\nann\nbob\n'],
      ['cut -d, -f1,3 /t/csv | tail -1; cut -d, -f2- /t/csv | head -1', '2,ops\nname,role\n'],
      ['echo abcdef | cut -c2-4; echo abcdef | cut -c-2,5-', 'bcd\nabef\n'],
      ['printf "a\\tb\\nnodelim\\n" | cut -f2; printf "x:y\\nz\\n" | cut -d: -f1 -s', 'b\nnodelim\nx\n'],
      ['echo a,b,c | cut -d, --complement -f2 --output-delimiter=";"', 'a;c\n'],
    ]));

  it('tr', () =>
    check([
      ['echo hello | tr a-z A-Z; echo hello | tr "[:lower:]" "[:upper:]"', 'HELLO\nHELLO\n'],
      ['echo "a  b   c" | tr -s " "; echo hello | tr -d l', 'a b c\nheo\n'],
      // od -c as Debian's coreutils prints it.
      ['printf "a\\r\\nb\\r\\n" | tr -d "\\r" | od -c', '0000000   a  \\n   b  \\n\n0000004\n'],
      ['echo abc | tr -c a-b x; echo', 'abxx\n'],
      ['echo hello | tr el ip; echo 12345 | tr 1-5 a', 'hippo\naaaaa\n'],
    ]));
});

describe('grep', () => {
  it('basic, extended and fixed patterns; -i -v -w -x -c -n -o -q', () =>
    check([
      ['grep t /t/lines', 'two\nthree\n'],
      ['grep -E "^(one|five)$" /t/lines; grep "o\\|i" /t/lines | wc -l', 'one\nfive\n4\n'],
      ['grep -F "printf(" /t/code.c', '  printf("hi\\n");\n'],
      ['grep -i ONE /t/lines; grep -v e /t/lines', 'one\ntwo\nfour\n'],
      ['grep -w in /t/code.c; echo $?; grep -x two /t/lines', '1\ntwo\n'],
      ['grep -c o /t/lines; grep -n f /t/lines', '3\n4:four\n5:five\n'],
      ['grep -o "[a-z]*ain" /t/code.c', 'main\n'],
      ['grep -q three /t/lines && echo found; grep -q zzz /t/lines; echo $?', 'found\n1\n'],
      ['grep "ma\\(i\\)n" /t/code.c; grep -E "[[:digit:]]+;" /t/code.c', 'int main(void) {\n  return 0;\n'],
      ['grep "x\\{2,\\}" /t/lines; echo $?', '1\n'],
    ]));

  it('files: names with several files, -r, -l, -L, -h, --include; status 2 on a missing file', () =>
    check([
      ['grep -r main /t', '/t/code.c:int main(void) {\n/t/sub/notes.txt:main idea\n'],
      ['grep -rl int /t; grep -L int /t/code.c /t/lines', '/t/code.c\n/t/sub/more.c\n/t/lines\n'],
      ['grep -r --include="*.c" int /t | wc -l', '3\n'],
      ['grep -h one /t/lines /t/lines', 'one\none\n'],
      ['grep one /t/lines /t/missing; echo $?', '/t/lines:one\n2\n'],
      ['grep one /t; echo $?', '2\n'],
    ]));

  it('context lines: -A -B -C with -- between groups', () =>
    check([
      ['grep -A1 one /t/lines', 'one\ntwo\n'],
      ['grep -B1 -n four /t/lines', '3-three\n4:four\n'],
      ['grep -C0 -e one -e five /t/lines', 'one\n--\nfive\n'],
    ]));
});

describe('sed', () => {
  it('s///: flags g, N, p, I; & and \\1; other delimiters', () =>
    check([
      ['echo aaa | sed s/a/b/; echo aaa | sed s/a/b/g; echo aaa | sed s/a/b/2', 'baa\nbbb\naba\n'],
      ['echo hello world | sed "s/\\(hello\\) \\(world\\)/\\2 \\1/"', 'world hello\n'],
      ['echo hello | sed -E "s/(l+)/[\\1]/"; echo abc | sed "s/b/<&>/"', 'he[ll]o\na<b>c\n'],
      ['echo /usr/local | sed "s|/usr|/opt|"; echo x | sed "s,x,a\\,b,"', '/opt/local\na,b\n'],
      ['echo Hello | sed "s/hello/bye/I"; echo abc | sed -n "s/b/B/p"', 'bye\naBc\n'],
      ['echo ab | sed "s/a/1\\n2/"', '1\n2b\n'],
      ['echo hello | sed "s/\\w\\+/\\U&/"', 'HELLO\n'],
    ]));

  it('addresses: numbers, $, /re/, ranges, first~step, !; commands p d q = a i c y', () =>
    check([
      ["sed -n 2p /t/lines; sed -n '$p' /t/lines", 'two\nfive\n'],
      ['sed -n "2,4p" /t/lines | tr "\\n" " "; echo', 'two three four \n'],
      ['sed "/t/d" /t/lines', 'one\nfour\nfive\n'],
      ['sed -n "/two/,/four/p" /t/lines | wc -l', '3\n'],
      ['sed -n "1~2p" /t/lines | tr "\\n" " "; echo', 'one three five \n'],
      ['sed "2!d" /t/lines; sed 3q /t/lines | wc -l', 'two\n3\n'],
      ['sed -n "/four/=" /t/lines', '4\n'],
      ['sed "1a after" /t/noeol; echo; sed "1i before" /t/noeol; echo', 'x\nafter\ny\nbefore\nx\ny\n'],
      ['sed "2,4c gone" /t/lines', 'one\ngone\nfive\n'],
      ['echo hello | sed "y/elo/ELO/"', 'hELLO\n'],
      ['sed -n "2{p;p}" /t/lines', 'two\ntwo\n'],
      ['sed "0,/o/s//0/" /t/lines | head -2', '0ne\ntwo\n'],
    ]));

  it('hold space, N, branches: joining lines', () =>
    check([
      ["sed ':a;N;$!ba;s/\\n/,/g' /t/lines", 'one,two,three,four,five\n'],
      ["sed -n '1!G;h;$p' /t/noeol", 'y\nx\n'],
      ['sed "N;P;D" /t/noeol', 'x\ny'],
      ["printf 'a\\nb\\n' | sed '$!N;s/\\n/+/'", 'a+b\n'],
    ]));

  it('-i edits in place (keeping the mode), -i.bak keeps a backup; -e -f -E', async () => {
    const r = await sh(
      'sed -i "s/one/ONE/" /t/lines; sed -i.bak -e "1d" -e "s/two/2/" /t/lines; printf "s/x/X/\\n" > /t/script; sed -f /t/script /t/noeol; echo; cat /t/lines.bak | head -1',
      { files },
    );
    expect(read(r.volume, '/t/lines'), '/t/lines').toBe('2\nthree\nfour\nfive\n');
    expect(r.out, 'stdout').toBe('X\ny\nONE\n');
  });

  it('errors: an unknown command, an unterminated s', async () => {
    const r = await sh('echo x | sed "s/a/b"; echo $?; echo x | sed k; echo $?');
    expect([r.out, r.err], 'sed errors').toEqual([
      '1\n1\n',
      "sed: -e expression #1, char 5: unterminated `s' command\nsed: -e expression #1, char 1: unknown command: `k'\n",
    ]);
  });
});
