// awk: POSIX awk over byte strings. The expected outputs of the first group were checked
// against mawk 1.3.4 (Debian's awk) on the same programs and input; the second group covers
// where Wharf follows POSIX and gawk instead of mawk, and each says so.
import { describe, expect, it } from 'vitest';
import { node, read, run, type Files } from '../processes.ts';

const files: Files = {
  '/t/a': 'x 1\ny 2\nz 3\n',
  '/t/b': 'b1\nb2\n',
  '/t/csv': 'id,name,qty\n1,apple,3\n2,pear,10\n3,fig,7\n',
  '/t/ls':
    '-rw-r--r-- 1 root root  120 Jan  1 10:00 a.txt\n' +
    'drwxr-xr-x 2 root root 4096 Jan  1 10:00 dir\n' +
    '-rwxr-xr-x 1 root root 5000 Jan  2 11:00 run.sh\n',
  '/t/para': 'name: a\nage: 1\n\n\nname: b\nage: 2\n\n',
  '/t/prog.awk': '{ n += $2 }\nEND { print "sum", n }\n',
  '/t/lib.awk': 'function twice(x) { return 2 * x }\n',
  '/t/passwd':
    'root:x:0:0:root:/root:/bin/sh\n' +
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
    'bin:x:2:2:bin:/bin:/usr/sbin/nologin\n',
};

/** awk ARGS with STDIN: stdout, and the exit status and stderr when given (else 0 and ""). */
type Case = [args: string[], out: string, stdin?: string, code?: number, err?: string];

async function check(cases: Case[]): Promise<void> {
  for (const [args, out, stdin = '', code = 0, err = ''] of cases) {
    const r = await run(['awk', ...args], { files, stdin });
    const call = `awk ${JSON.stringify(args)}`;
    expect(r.out, `${call}: stdout (stderr: ${r.err})`).toBe(out);
    expect(r.code, `${call}: exit status (stderr: ${r.err})`).toBe(code);
    expect(r.err, `${call}: stderr`).toBe(err);
  }
}

describe('awk, as mawk runs the same program', () => {
  it('classic one-liners: sum a column, count words, dedupe, select, reverse fields', () =>
    check([
      [['{ s += $2 } END { print s }', '/t/a'], '6\n'],
      [['-F,', 'NR > 1 { t += $3 } END { print t, NR }', '/t/csv'], '20 4\n'],
      [['{ w += NF; c += length + 1 } END { print NR, w, c }'], '4 6 29\n', 'one two\nthree\n\nfour five six\n'],
      [['!seen[$0]++'], 'a\nb\nc\n', 'a\nb\na\nc\nb\n'],
      [['NR % 2'], '1\n3\n5\n', '1\n2\n3\n4\n5\n'],
      [['length > 3'], 'abcd\nabcdef\n', 'ab\nabcd\nabcdef\n'],
      [['END { print $0 }'], 'last\n', 'first\nlast\n'],
      [['{ for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? OFS : ORS) }'], 'c b a\n3 2 1\n', 'a b c\n1 2 3\n'],
      [['-F:', '$3 >= 1 { print $1 }', '/t/passwd'], 'daemon\nbin\n'],
      [
        ['-F:', '-v', 'OFS=\t', '{ print $1, $7 }', '/t/passwd'],
        'root\t/bin/sh\ndaemon\t/usr/sbin/nologin\nbin\t/usr/sbin/nologin\n',
      ],
      [['{ $1 = $1 } 1'], 'lead and gaps\n', '  lead  and   gaps  \n'],
      [['NF'], 'a\nb\n', 'a\n\n  \nb\n'],
      [['{ gsub(/[ \\t]+$/, ""); print "[" $0 "]" }'], '[trail]\n', 'trail   \t\n'],
      [['{ n[$1]++ } END { for (k in n) print k, n[k] }'], 'x 3\n', 'x\nx\nx\n'],
    ]));

  it('reformats ls -l output and prints printf tables', () =>
    check([
      [
        ['$1 ~ /^-/ { size += $5; printf "%-8s %6d\\n", $9, $5 } END { printf "%-8s %6d\\n", "total", size }', '/t/ls'],
        'a.txt       120\nrun.sh     5000\ntotal      5120\n',
      ],
      [
        ['$1 ~ /^d/ { print "dir:", $NF } $1 ~ /x/ && $1 !~ /^d/ { print "exec:", $NF }', '/t/ls'],
        'dir: dir\nexec: run.sh\n',
      ],
      [
        [
          '-F,',
          'BEGIN { printf "%-5s|%5s|%-6s|\\n", "name", "qty", "price" } NR > 1 { printf "%-5s|%5d|%6.2f|\\n", $2, $3, $3 * 1.5 }',
          '/t/csv',
        ],
        'name |  qty|price |\napple|    3|  4.50|\npear |   10| 15.00|\nfig  |    7| 10.50|\n',
      ],
      [
        [
          '-F,',
          'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next } { for (i = 1; i <= NF; i++) printf "%s=%s%s", h[i], $i, (i < NF ? " " : "\\n") }',
          '/t/csv',
        ],
        'id=1 name=apple qty=3\nid=2 name=pear qty=10\nid=3 name=fig qty=7\n',
      ],
    ]));

  it('fields: $0 $1 $NF $(expr), assignment rebuilds $0 with OFS, NF', () =>
    check([
      [['{ print $NF; print $(NF-1); print $1$2 }'], 'c\nb\nab\n', 'a b c\n'],
      [['{ $2 = "X"; print; print NF }'], 'a X c\n3\n', 'a b c\n'],
      [['{ NF = 2; print }'], 'a b\n', 'a b c d\n'],
      [['{ $5 = "e"; print; print NF }'], 'a b   e\n5\n', 'a b\n'],
      [['BEGIN { OFS = "-" } { $1 = $1; print }'], 'a-b-c\n', 'a  b   c\n'],
      [['{ $3 = ""; print; print NF }'], 'a b  d\n4\n', 'a b c d\n'],
      [['{ NF++; $NF = "new"; print }'], 'a b new\n', 'a b\n'],
      [['{ print NF; NF = 5; print $0 "|"; print NF }'], '2\na b   |\n5\n', 'a b\n'],
      [['{ $0 = "x y z"; print NF, $2 }'], '3 y\n', 'a\n'],
      [['BEGIN { $0 = "3 4"; $1 += 2; $2++; print }'], '5 5\n'],
      [['BEGIN { $3 = "c"; print NF, "[" $0 "]" }'], '3 [  c]\n'],
      [['{ print NF }'], '2\n0\n0\n', '  a  b  \n\n \t \n'],
      [['{ print $1 "|" $2 }'], 'a|b\n', '\ta\tb\n'],
      [['{ sub(/^/, ">"); print }'], '>x\n', 'x\n'],
    ]));

  it('field separators: -F char, tab, regex, FS in BEGIN, empty FS, a new FS applies from the next record', () =>
    check([
      [['BEGIN { FS = ":" } { print $2 }'], 'b\n', 'a:b:c\n'],
      [['{ FS = ":" } { print $1 }'], 'a:b\nd\n', 'a:b c\nd:e f\n'],
      [['-F', '\\t', '{ print $2 }'], 'c d\n', 'a b\tc d\n'],
      [['-F', '\t', '{ print $2 }'], 'c d\n', 'a b\tc d\n'],
      [['-F', '[:,]', '{ print $3 }'], 'c\n', 'a:b,c\n'],
      [['-F', '|', '{ print $2 }'], 'b\n', 'a|b|c\n'],
      [['-F', ', *', '{ print $2 }'], 'b\n', 'a,   b,c\n'],
      [['BEGIN { FS = "," } { print NF }'], '4\n2\n0\n', 'a,,b,\n,\n\n'],
      [['BEGIN { FS = "" } { print NF, $2 }'], '3 b\n', 'abc\n'],
      [['BEGIN { FS = "[ ]" } { print NF }'], '5\n', ' a  b \n'],
      [['BEGIN { FS = "\\\\|" } { print $2 }'], 'b\n', 'a|b\n'],
      [['BEGIN { FS = "." } { print $2 }'], 'b\n', 'a.b.c\n'],
    ]));

  it('records: RS as a character, paragraph mode (RS = ""), ORS, a last line without newline', () =>
    check([
      [['BEGIN { RS = ";" } { print NR, $0 }'], '1 a\n2 b\n3 c\n\n', 'a;b;c\n'],
      [['BEGIN { RS = "" } { print NR ": " $1 " / " $NF; print NF }', '/t/para'], '1: name: / 1\n4\n2: name: / 2\n4\n'],
      [['BEGIN { RS = "" } { print NR ":" $0 "|" }'], '1:a\nb|\n2:c|\n', '\n\n\na\nb\n\n\n\nc\n\n'],
      [['{ print NR ":" $0 }'], '1:a\n2:\n3:b\n', 'a\n\nb'],
      [['BEGIN { ORS = "\\n\\n" } { print }'], 'a\n\nb\n\n', 'a\nb\n'],
      [['BEGIN { ORS = ";"; OFS = "," } { print $1, $2 } END { printf "\\n" }'], 'a,b;c,d;\n', 'a b\nc d\n'],
    ]));

  it('numbers and strings: strnum comparisons, uninitialized values, CONVFMT and OFMT', () =>
    check([
      [
        ['BEGIN { x = "3x"; print x + 1, 1e3, 0.1 + 0.2, 1/3, 100000 * 10, -0, 17 / 4 }'],
        '4 1000 0.3 0.333333 1000000 0 4.25\n',
      ],
      [['BEGIN { print "10" < "9", 10 < 9, "abc" < "abd", 2 < "10" }'], '1 0 1 0\n'],
      [['{ print ($1 < $2) }'], '0\n0\n1\n', '10 9\nabc 9\n2 10\n'],
      [['{ print ($1 == 0), ($1 == "0.0") }'], '1 1\n1 0\n1 0\n0 0\n', '0.0\n0\n+0\nabc\n'],
      [['{ a[NR] = $1 } END { print (a[1] < a[2]) }'], '0\n', '10\n9\n'],
      [['-v', 'n=010', 'BEGIN { print n == 10, n + 0, n }'], '1 10 010\n'],
      [['BEGIN { getline line < "/t/a"; split(line, f); print (f[2] == 1.0), (f[2] < 10) }'], '1 1\n'],
      [['BEGIN { x; print x == 0, x == "", length(x) }'], '1 1 0\n'],
      [['BEGIN { print !x, !0, !"", !"a", - "3", + "4a" }'], '1 1 1 0 -3 4\n'],
      [['BEGIN { x = "5"; y = x + 0; print (x < 10), (y < 10) }'], '0 1\n'],
      [['BEGIN { print 1 == "1", "1" == 1.0, "a" "b" == "ab" }'], '1 1 1\n'],
      [['BEGIN { x = "abc"; print x > 1, x < 1 }'], '', '', 2, 'awk: line 1: syntax error at or near ,\n'],
      [['BEGIN { CONVFMT = "%.2f"; a = 3.14159; b = a ""; print b; OFMT = "%.1f"; print a, 17 }'], '3.14\n3.1 17\n'],
      [
        ['BEGIN { print 1e6, 123456789, 0.000001, 3.0, "3.0" + 0, 100000.4, 123456.7 }'],
        '1000000 123456789 1e-06 3 3 100000 123457\n',
      ],
      [['BEGIN { print -1e-7, 1.0e2, 012, "012" + 0, .5, 123.456e2 }'], '-1e-07 100 12 12 0.5 12345.6\n'],
      [['BEGIN { print 1e300 * 1e300, -1e300 * 1e300 }'], 'inf -inf\n'],
      [['BEGIN { x[1]; x[2]; x[10]; n = 0; for (k in x) n += k; print n }'], '13\n'],
    ]));

  it('operators: precedence, power, increment, assignment ops, concatenation, ternary, in', () =>
    check([
      [['BEGIN { print 10 % 3, -7 % 3, 2 ^ 3 ^ 2, -2 ^ 2, 2 ^ -1 }'], '1 -1 512 -4 0.5\n'],
      [['BEGIN { x = 5; x += 2; x -= 1; x *= 3; x /= 2; x %= 5; x ^= 2; print x }'], '16\n'],
      [['BEGIN { i = 5; print i++ + ++i, i-- - --i, i }'], '12 2 5\n'],
      [['BEGIN { print 1 " " 2, 1 + 2 " " 3, 2 - 1 " " 3 * 2, -3 " " -4 }'], '1 2 3 3 1 6 -3-4\n'],
      [['BEGIN { print 1 " " 2 < 3, (1 < 2) (2 < 1) }'], '1 10\n'],
      [['BEGIN { x = 1 ? 2 ? "a" : "b" : "c"; print x; y = 0 ? "p" : 1 ? "q" : "r"; print y }'], 'a\nq\n'],
      [['BEGIN { x = y = 3; print x, y; a = "x"; b = a++; print a, b }'], '3 3\n1 0\n'],
      [['BEGIN { a["x"] = 1; print "x" in a, ("y" in a); if (!(3 in a)) print "no" }'], '1 0\nno\n'],
      [
        ['BEGIN { if (a[3] == "") print "empty"; if (3 in a) print "a reference creates it" }'],
        'empty\na reference creates it\n',
      ],
      [['BEGIN { x = 1 &&\n 0; y = 0 ||\n 1; print x, y, 1 && "", 0 || "a" }'], '0 1 0 1\n'],
      [['BEGIN { print 1>2 }'], ''],
      [['BEGIN { print (1>2), 3 }'], '0 3\n'],
      [['BEGIN { print length "x" }'], '0x\n'],
    ]));

  it('regexes: patterns, ~ and !~, dynamic regex strings, escapes, brackets, ranges', () =>
    check([
      [
        ['$1 ~ /^[0-9]+$/ { print "num", $1 } $1 !~ /^[0-9]+$/ { print "str", $1 }'],
        'num 12\nstr ab\nstr 3x\n',
        '12\nab\n3x\n',
      ],
      [['/a\\/b/ { print "slash" } /[/]x/ { print "bracket" }'], 'slash\nbracket\n', 'a/b\n/x\n'],
      [
        ['/^[[:alpha:]]+$/ { print "alpha", $0 } /[[:digit:]]/ { print "digit", $0 }'],
        'alpha abc\ndigit 12\n',
        'abc\n12\n',
      ],
      [['{ print ($0 ~ /a.c/), ($0 ~ "^a"), ($0 ~ "a\\\\.c") }'], '1 1 0\n0 0 0\n1 1 1\n', 'abc\nxac\na.c\n'],
      [['BEGIN { print "a+b" ~ "a\\\\+b", "ab" ~ /^a.$/, "a\\tb" ~ /a\\tb/, "x" ~ /[^\\]]/ }'], '1 1 1 1\n'],
      [['/b/,/d/'], 'b\nc\nd\nb\n', 'a\nb\nc\nd\ne\nb\n'],
      [
        ['NR == 1, NR == 2 { print "r1", $0 } /c/, /nomatch/ { print "r2", $0 }'],
        'r1 a\nr1 b\nr2 c\nr2 d\n',
        'a\nb\nc\nd\n',
      ],
      [['/x/, /x/ { print }'], 'x\nx\n', 'a\nx\nb\nx\n'],
      [['BEGIN { x = "A"; if (x ~ "a") print "m"; else print "no" }'], 'no\n'],
    ]));

  it('string functions: length substr index split sub gsub match sprintf tolower toupper', () =>
    check([
      [
        [
          'BEGIN { print substr("hello", 2, 3), substr("hello", 2), substr("hello", -1), substr("abc", 2, 0) "|" substr("abc", 5) "|" }',
        ],
        'ell ello hello ||\n',
      ],
      [
        [
          'BEGIN { print index("hello", "ll"), index("foo", "x"), index("abc", ""), length("abc"), length(12345), length(1/4) }',
        ],
        '3 0 1 3 5 4\n',
      ],
      [
        ['BEGIN { print toupper("abc") tolower("ABC"), toupper(substr("abc", 1, 1)) substr("abc", 2) }'],
        'ABCabc Abc\n',
      ],
      [['{ print length }'], '3\n2\n', 'abc\nde\n'],
      [['BEGIN { n = split("a:b:c", arr, ":"); print n, arr[1], arr[3] }'], '3 a c\n'],
      [
        [
          'BEGIN { n = split("  a b  c ", f); print n, f[1] f[3]; n = split("a1b22c", g, /[0-9]+/); print n, g[3]; n = split("", h); print n }',
        ],
        '3 ac\n3 c\n0\n',
      ],
      [
        [
          'BEGIN { split("foo.bar", p, "."); print p[1], p[2]; split("a b", q, " "); print q[1] q[2]; print split(" x  y ", r, / /) }',
        ],
        'foo bar\nab\n5\n',
      ],
      [
        ['BEGIN { n = split("a:b::c", arr, ":"); print n, "[" arr[3] "]"; print split("abc", c, ""), c[2] }'],
        '4 []\n3 b\n',
      ],
      [
        ['BEGIN { s = "hello world"; gsub(/o/, "0", s); print s; sub(/l+/, "[&]", s); print s }'],
        'hell0 w0rld\nhe[ll]0 w0rld\n',
      ],
      [
        ['BEGIN { s = "aaa"; print gsub(/a/, "b&b", s), s; t = "a.b.c"; gsub(/\\./, "\\\\&", t); print t }'],
        '3 babbabbab\na&b&c\n',
      ],
      [
        ['BEGIN { s = "abc"; gsub(/x*/, "-", s); print s; s = "abc"; gsub(/b*/, "-", s); print s }'],
        '-a-b-c-\n-a-c-\n',
      ],
      [
        [
          'BEGIN { s = "aaa"; sub(/^a/, "X", s); print s; s = "aaa"; gsub(/^a/, "X", s); print s; s = "abc"; gsub(/$/, "!", s); print s }',
        ],
        'Xaa\nXaa\nabc!\n',
      ],
      [
        ['BEGIN { s = "foo bar"; gsub("o", "0", s); print s; s = "a/b/c"; print gsub("/", "_", s), s }'],
        'f00 bar\n2 a_b_c\n',
      ],
      [
        ['BEGIN { s = "aXbXc"; n = gsub("X", "&&", s); print n, s; t = "path/to/file"; sub(/.*\\//, "", t); print t }'],
        '2 aXXbXXc\nfile\n',
      ],
      [
        ['BEGIN { s = "x"; sub(/x/, "\\\\\\\\&", s); print s; s = "x"; sub(/x/, "a\\\\b", s); print s }'],
        '\\x\na\\b\n',
      ],
      [['{ gsub(/o/, "0"); print; print gsub(/z/, "") }'], 'f00 b00\n0\n', 'foo boo\n'],
      [['{ sub(/b/, "B", $2); print; print $2 }'], 'ab aB\naB\n', 'ab ab\n'],
      [
        ['BEGIN { print match("foobar", /o+b/), RSTART, RLENGTH; print match("abc", /x/), RSTART, RLENGTH }'],
        '2 2 3\n0 0 -1\n',
      ],
      [
        [
          'BEGIN { s = "Hello World"; while (match(s, /[A-Z]/)) { printf "%s@%d ", substr(s, RSTART, RLENGTH), RSTART; s = substr(s, RSTART + 1) } print "" }',
        ],
        'H@1 W@6 \n',
      ],
      [['BEGIN { s = sprintf("%03d-%s", 7, "x"); print s, length(s) }'], '007-x 5\n'],
    ]));

  it('math: int sqrt exp log sin cos atan2 rand srand', () =>
    check([
      [
        ['BEGIN { print int(3.9), int(-3.9), sqrt(16), exp(0), log(1), sin(0), cos(0), atan2(0, -1), exp(1) }'],
        '3 -3 4 1 0 0 1 3.14159 2.71828\n',
      ],
      [
        ['BEGIN { srand(1); x = rand(); srand(1); y = rand(); print (x == y), (x >= 0 && x < 1), srand(7) }'],
        '1 1 1\n',
      ],
    ]));

  it('printf: conversions, widths, precision, *, flags', () =>
    check([
      [
        [
          'BEGIN { printf "%5.2f|%-4d|%04d|%x|%o|%e|%g|%c|%c|%s|%%\\n", 3.14159, 7, 42, 255, 8, 12345.678, 0.0001, 65, "hi", "str" }',
        ],
        ' 3.14|7   |0042|ff|10|1.234568e+04|0.0001|A|h|str|%\n',
      ],
      [['BEGIN { printf "%d %i %5s|%-5s|%.2s\\n", "42abc", 3.99, "ab", "cd", "xyz" }'], '42 3    ab|cd   |xy\n'],
      [
        ['BEGIN { printf "%5.1e|%G|%#o|%#x|%+d|% d\\n", 1234.5, 1e-10, 8, 255, 5, 5 }'],
        '1.2e+03|1E-10|010|0xff|+5| 5\n',
      ],
      [['BEGIN { printf "%*d|%-*d|%.*f\\n", 5, 42, 4, 7, 2, 3.14159 }'], '   42|7   |3.14\n'],
      [['BEGIN { x = "A"; printf "%c%c%c\\n", x, 66, "CD" }'], 'ABC\n'],
      [['BEGIN { printf "%.3s|%10.4f|%-10e|\\n", "abcdef", 3.14159265, 1.5 }'], 'abc|    3.1416|1.500000e+00|\n'],
      [
        ['BEGIN { printf "[%5s][%-5s][%05d][%+.2e]\\n", "ab", "ab", -42, 12345 }'],
        '[   ab][ab   ][-0042][+1.23e+04]\n',
      ],
      [['BEGIN { printf "%i %d %x %X %o %u\\n", -0.5, "-3", 255.9, 3054, 64, 42 }'], '0 -3 ff BEE 100 42\n'],
      [
        [
          'BEGIN { printf "%.0f %.0f %.0f %.1f %.2f %g %g %g\\n", 0.5, 1.5, 2.5, 0.05, 0.125, 100000, 1000000, 123456789 }',
        ],
        '0 2 2 0.1 0.12 100000 1e+06 1.23457e+08\n',
      ],
      [
        ['BEGIN { printf "%s %s\\n", 0.1, 17; printf("%s-%s\\n", "a", "b"); printf "%d%%\\n", 50 }'],
        '0.1 17\na-b\n50%\n',
      ],
      [['BEGIN { printf "no newline" }'], 'no newline'],
      [['{ printf "%-6s|%6s|\\n", $1, $2 }'], 'ab    |    12|\nabcdefg|     3|\n', 'ab 12\nabcdefg 3\n'],
    ]));

  it('string escapes and comments', () =>
    check([
      [['BEGIN { print "a\\tb\\\\c\\"d", "\\101\\x42", length("\\n") }'], 'a\tb\\c"d AB 1\n'],
      [['# a comment\nBEGIN {   # another\n  print "x" # trailing\n}'], 'x\n'],
      [['-v', 's=a\\tb', 'BEGIN { print s }'], 'a\tb\n'],
    ]));

  it('statements: if/else, while, do, for, for-in, break, continue, next, exit, blocks, newlines', () =>
    check([
      [['BEGIN {\n  x = 1 ;\n  if (x)\n    print "yes"\n  else\n    print "no"\n}'], 'yes\n'],
      [['BEGIN { if (1) print "a"; else print "b"; if (0) print "c"; print "d" }'], 'a\nd\n'],
      [['BEGIN { if (1) { print "a" } else print "b"; print "c" }'], 'a\nc\n'],
      [['BEGIN {\n  for (i = 0;\n       i < 2;\n       i++)\n    print i\n}'], '0\n1\n'],
      [['BEGIN { while (i < 3) { i++; if (i == 2) continue; print i } }'], '1\n3\n'],
      [['BEGIN { do { print "once" } while (0); do n++; while (n < 5); print n }'], 'once\n5\n'],
      [['BEGIN { while (1) { if (++n > 3) break }; print n; for (;;) { m++; if (m == 5) break }; print m }'], '4\n5\n'],
      [['BEGIN { for (i = 0; i < 3; i++); print i; x = 1; { x++; { x++ } } print x }'], '3\n3\n'],
      [
        ['BEGIN { a["k"] = 1; for (k in a) delete a[k]; print length(a); b[1]; b[2]; delete b; print length(b) }'],
        '0\n0\n',
      ],
      [
        ['BEGIN { a[1,2] = 3; if ((1,2) in a) print "yes"; for (k in a) { split(k, p, SUBSEP); print p[1], p[2] } }'],
        'yes\n1 2\n',
      ],
      [['BEGIN { SUBSEP = ":"; a[1,2]; for (k in a) print k }'], '1:2\n'],
      [['NR == 2 { next } { print }'], '1\n3\n', '1\n2\n3\n'],
      [['{ print; exit 3 } END { print "end" }'], '1\nend\n', '1\n2\n', 3],
      [['BEGIN { exit } END { print "END still runs" }'], 'END still runs\n'],
      [['BEGIN { exit 1 } END { print "end"; exit }'], 'end\n', '', 1],
      [['{ exit } END { print NR }'], '1\n', 'a\nb\n'],
      [['FNR == 2 { nextfile } { print FNR, $0 }', '/t/a', '/t/b'], '1 x 1\n1 b1\n'],
      [['{ print $1 }; { print $2 }'], 'a\nb\n', 'a b\n'],
      [['BEGIN { print "a" ; ; print "b" }'], 'a\nb\n'],
      [['BEGIN { printf "%s %s\\n", "a", "b"; }; END { }'], 'a b\n'],
    ]));

  it('user functions: recursion, arrays by reference, scalars by value, locals', () =>
    check([
      [['function f(a, b) { return a + b } BEGIN { print f(1, 2) }'], '3\n'],
      [['function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } BEGIN { print fact(10) }'], '3628800\n'],
      [
        [
          'function fill(arr, n,   i) { for (i = 1; i <= n; i++) arr[i] = i * i } BEGIN { fill(sq, 3); for (i = 1; i <= 3; i++) print sq[i] }',
        ],
        '1\n4\n9\n',
      ],
      [['function h(s) { s = "changed" } BEGIN { v = "orig"; h(v); print v }'], 'orig\n'],
      [['function loc(n,   t) { t = n * 2; return t } BEGIN { t = "global"; print loc(4), t }'], '8 global\n'],
      [['function r(n) { if (n > 0) { print n; r(n - 1) } } BEGIN { r(3) }'], '3\n2\n1\n'],
      [['function noret() { x = 1 } BEGIN { v = noret(); print "[" v "]" }'], '[]\n'],
      [['function f(a, i) { a[i] = i } BEGIN { f(arr, 1); f(arr, 2); print length(arr) }'], '2\n'],
      [['function g(a) { return 1 in a } BEGIN { print g(q); q[1]; print g(q) }'], '0\n1\n'],
      [['function f(x)\n{ return x * 2 }\nBEGIN { print f(2) }'], '4\n'],
      [['function f() { exit 3 } BEGIN { f(); print "no" }'], '', '', 3],
    ]));

  it('input: getline in every form, FILENAME FNR NR, operand assignments, ARGV ARGC ENVIRON, -f, --', () =>
    check([
      [
        ['BEGIN { getline; print "first:", $0; getline x; print "second:", x, NR }'],
        'first: l1\nsecond: l2 2\n',
        'l1\nl2\nl3\n',
      ],
      [['NR == 1 { while ((getline l) > 0) n++; print n, NR }'], '2 3\n', 'a\nb\nc\n'],
      [['NR==1 { getline; print "now", $0, NR } END { print NR }'], 'now b 2\n3\n', 'a\nb\nc\n'],
      [['NR==1 { getline v; print "v", v, $0, NR }'], 'v b a 2\n', 'a\nb\nc\n'],
      [['END { print (getline), $0 }'], '0 a\n', 'a\n'],
      [['{ print; getline; print "after getline:", $0 }'], '1\nafter getline: 2\n3\nafter getline: 3\n', '1\n2\n3\n'],
      [
        ['BEGIN { while ((getline line < "/t/b") > 0) print "b:", line; print (getline x < "/nope") }'],
        'b: b1\nb: b2\n-1\n',
      ],
      [['BEGIN { getline < "/t/a"; print $2, NF, NR; getline x < "/t/a"; print x }'], '1 2 0\ny 2\n'],
      [['BEGIN { while ((getline < "/t/b") > 0) n++; print n, $0 }'], '2 b2\n'],
      [['{ print FNR, NR, $0 }', '/t/a', '/t/b'], '1 1 x 1\n2 2 y 2\n3 3 z 3\n1 4 b1\n2 5 b2\n'],
      [['{ print v, $0 }', 'v=1', '/t/b', 'v=2', '/t/b'], '1 b1\n1 b2\n2 b1\n2 b2\n'],
      [['-v', 'x=hello', 'BEGIN { print x }'], 'hello\n'],
      [['-f', '/t/prog.awk', '/t/a'], 'sum 6\n'],
      [['-f', '/t/lib.awk', '-f', '/t/prog.awk', '/t/a'], 'sum 6\n'],
      [['--', '{ print "dd", $0 }', '/t/b'], 'dd b1\ndd b2\n'],
      [['-F:', '-v', 'OFS=-', '{ $1 = $1 } 1'], 'a-b-c\n', 'a:b:c\n'],
      [['BEGIN { print ARGC, ARGV[1], ARGV[2] }', 'p', 'q'], '3 p q\n'],
      [['BEGIN { ARGV[1] = "/t/b" } { print }', '/t/a'], 'b1\nb2\n'],
      [['BEGIN { ARGV[1] = ""; } { print }', '/t/a', '/t/b'], 'b1\nb2\n'],
      [['{ print }', '-'], 'from stdin\n', 'from stdin\n'],
    ]));

  it('output: files, append, close, pipes to commands, system, stderr', () =>
    check([
      [
        [
          'BEGIN { print "a" > "/o1"; print "b" > "/o1"; close("/o1"); print "c" >> "/o1"; close("/o1"); while ((getline l < "/o1") > 0) print "got", l }',
        ],
        'got a\ngot b\ngot c\n',
      ],
      [
        ['{ print NR": "$0 > "/out" } END { close("/out"); while ((getline l < "/out") > 0) print l }'],
        '1: p\n2: q\n',
        'p\nq\n',
      ],
      [['BEGIN { print "a" "b" > "/x" "y"; close("/xy"); getline l < "/xy"; print l }'], 'ab\n'],
      [['BEGIN { print close("nothing") }'], '-1\n'],
      [['BEGIN { print "x" | "cat"; r = close("cat"); print "r=" r }'], 'x\nr=0\n'],
      [['{ print | "sort -r" } END { print "end" }'], 'c\nb\na\nend\n', 'a\nc\nb\n'],
      [['BEGIN { print "b\\na" | "sort"; close("sort"); print "after" }'], 'a\nb\nafter\n'],
      [['BEGIN { printf "x" | "cat"; printf "y" | "cat"; close("cat"); print "" }'], 'xy\n'],
      [['{ print $0 | "cat 1>&2" }'], '', 'e\n', 0, 'e\n'],
      [['BEGIN { print 1; print 2 > "/dev/stderr"; print 3 > "/dev/stdout" }'], '1\n3\n', '', 0, '2\n'],
      [
        ['BEGIN { print "before"; system("echo inside"); print "after"; r = system("exit 3"); print r }'],
        'before\ninside\nafter\n3\n',
      ],
      [['BEGIN { printf "a"; system(""); printf "b\\n" }'], 'ab\n'],
      [['BEGIN { "echo hi" | getline x; print x; close("echo hi") }'], 'hi\n'],
      [
        ['BEGIN { cmd = "echo a; echo b"; cmd | getline; print $0; cmd | getline v; print v; print (cmd | getline) }'],
        'a\nb\n0\n',
      ],
      [['BEGIN { while (("printf \'a\\\\nb\\\\n\'" | getline line) > 0) print "got", line }'], 'got a\ngot b\n'],
      [
        [
          'function run(c,   l, n) { while ((c | getline l) > 0) n++; close(c); return n } BEGIN { print run("echo a; echo b"), run("echo c") }',
        ],
        '2 1\n',
      ],
      [
        ['function exists(f) { return system("test -f " f) == 0 } BEGIN { print exists("/t/a"), exists("/t/zz") }'],
        '1 0\n',
      ],
      [
        [
          'BEGIN { if (("echo yes" | getline r) > 0 && r == "yes") print "ok"; x = ("echo 5" | getline v) ? v * 2 : -1; print x }',
        ],
        'ok\n10\n',
      ],
      [['BEGIN { print "x" system("exit 0") "y"; a[system("true")] = 1; for (k in a) print k }'], 'x0y\n0\n'],
      [
        ['function f(n) { if (n == 0) return system("echo bottom"); return f(n - 1) } BEGIN { print f(2) }'],
        'bottom\n0\n',
      ],
      [['BEGIN { "echo a b c" | getline; print NF, $2; "echo q" | getline $2; print $0 }'], '3 b\na q c\n'],
      [['BEGIN { printf "" > "/empty"; close("/empty"); print (getline l < "/empty") }'], '0\n'],
    ]));

  it('errors: syntax errors name the line, run time errors, missing files (exit 2)', () =>
    check([
      [['BEGIN { print 1 +}'], '', '', 2, 'awk: line 1: syntax error at or near }\n'],
      [['BEGIN {\n  x = 1\n  y = x +\n}\n'], '', '', 2, 'awk: line 3: syntax error at or near end of line\n'],
      [['BEGIN { print substr("x") }'], '', '', 2, 'awk: line 1: wrong number of arguments in call to substr\n'],
      [['BEGIN { a[1] = 1; a = 2 }'], '', '', 2, 'awk: line 1: illegal reference to array a\n'],
      [['{ print $(-1) }'], '', 'a\n', 2, 'awk: run time error: negative field index $-1\n\tFILENAME="-" FNR=1 NR=1\n'],
      [['-x', '1'], '', '', 2, 'awk: not an option: -x\n'],
    ]));
  it('build-script idioms: version from a header, key = value files, generated C, joins, two-file lookups', () =>
    check([
      [['/^#define VERSION/ { print $3 }'], '"1.2"\n', '#include <x.h>\n#define VERSION "1.2"\n'],
      [['-F=', '/^VERSION/ { gsub(/"/, "", $2); print $2 }'], '3.4\n', 'NAME="x"\nVERSION="3.4"\n'],
      [
        ['BEGIN { FS = "[ \\t]*=[ \\t]*" } { print $1 "|" $2 }'],
        'CC|gcc\nCFLAGS|-O2 -g\n',
        'CC = gcc\nCFLAGS\t=\t-O2 -g\n',
      ],
      [
        ['BEGIN { print "static const char *names[] = {" } { printf "  \\"%s\\",\\n", $1 } END { print "};" }'],
        'static const char *names[] = {\n  "alpha",\n  "beta",\n};\n',
        'alpha\nbeta\n',
      ],
      [['{ printf "%s%s", sep, $0; sep = "," } END { print "" }'], 'a,b,c\n', 'a\nb\nc\n'],
      [['NR == FNR { a[$1]; next } !($1 in a)', '/t/a', '-'], 'w\nv\n', 'x\nw\ny\nv\n'],
      [['{ if (length($0) > max) max = length($0) } END { print max }'], '5\n', 'ab\nabcde\nabc\n'],
      [['-v', "q='", '{ print q $0 q }'], "'it'\n", 'it\n'],
      [['{ $1 = ""; sub(/^ /, ""); print }'], 'keep this\n', 'drop keep this\n'],
      [['BEGIN { while ((getline line < ARGV[1]) > 0) n++; print n }', '/t/a'], '3\n'],
      [['{ print substr($0, length($0) - 2) }'], 'def\n', 'abcdef\n'],
      [['/start/ { f = 1; next } /end/ { f = 0 } f'], 'b\nc\n', 'a\nstart\nb\nc\nend\nd\n'],
      [['END { print NR }'], '0\n'],
      [['BEGIN { printf "%d|%s|\\n", x, x }'], '0||\n'],
      [['{ print $1 }', 'FS=,', '/t/csv'], 'id\n1\n2\n3\n'],
      [['BEGIN { s = sprintf("%c", 10); print length(s), (s == "\\n") }'], '1 1\n'],
      [['{ n = split($0, ch, ""); for (i = n; i; i--) printf "%s", ch[i]; print "" }'], 'cba\n', 'abc\n'],
      [['{ gsub(/\\\\/, "/"); print }'], 'a/b/c\n', 'a\\b\\c\n'],
      [['{ gsub("\\\\.", "_"); print }'], 'a_b_c\n', 'a.b.c\n'],
      [['-F\\.', '{ print $1, NF }'], '1 3\n', '1.2.3\n'],
      [['-F\\\\.', '{ print $1, NF }'], '1 3\n', '1.2.3\n'],
      [['$1 == "foo" { print $2; exit }'], '2\n', 'bar 1\nfoo 2\nfoo 3\n'],
      [['{ printf "%-*s|\\n", 6, $1 }'], 'ab    |\n', 'ab\n'],
      [['BEGIN { x = "a b c"; gsub(/ /, "\\n", x); print x }'], 'a\nb\nc\n'],
      [['{ sum = 0; for (i = 1; i <= NF; i++) sum += $i; print sum / NF }'], '2\n4.5\n', '1 2 3\n4 5\n'],
      [['BEGIN { "echo 3" | getline n; for (i = 0; i < n; i++) printf "%d ", i; print "" }'], '0 1 2 \n'],
      [
        ['{ key = $1; $1 = ""; val[key] = val[key] $0 } END { for (k in val) print k ":" val[k] }'],
        'a: 1 2\n',
        'a 1\na 2\n',
      ],
      [['BEGIN { OFS = "," } { NF = NF; print }'], 'a,b,c\n', 'a b c\n'],
      [['{ $NF = ""; NF--; print }'], 'a b\n', 'a b c\n'],
      [['/^$/ { blank++ } END { print blank + 0 }'], '3\n', 'a\n\nb\n\n\n'],
      [['BEGIN { printf "%s\\n", 1 ".0" + 1 }'], '11\n'],
      [['{ t = $0; while (sub(/[0-9]/, "", t)) n++ } END { print n }'], '4\n', 'a1b22\n3\n'],
      [['BEGIN { printf("%5.2f%%\\n", 12.345) }'], '12.35%\n'],
      [['BEGIN { n = split("2024-01-15", d, "-"); printf "%02d/%02d/%04d\\n", d[2], d[3], d[1] }'], '01/15/2024\n'],
    ]));
});

describe('awk, where it follows POSIX and gawk rather than mawk', () => {
  it('prints integral values as integers at any size (mawk switches to %.6g past 2^31)', () =>
    check([
      [
        ['BEGIN { print 2^31, 2^53, 1e16, 100000 * 100000; printf "%d %s\\n", 2^53, 1e20 }'],
        '2147483648 9007199254740992 10000000000000000 10000000000\n9007199254740992 100000000000000000000\n',
      ],
    ]));

  it('substr from position 0 or below counts the positions before 1 (mawk keeps them)', () =>
    check([[['BEGIN { print substr("hello", 0, 2), substr("hello", -1, 3), substr("hello", 1.5, 2) }'], 'h h el\n']]));

  it('cmd | getline: the concatenation on its left is the command, and NR counts the record', () =>
    check([
      [['BEGIN { for (i = 1; i <= 3; i++) { "echo " i | getline x; s = s x } print s, NR }'], '123 3\n'],
      [['{ "echo " $1 | getline up; print up "!" }'], 'a!\nb!\n', 'a\nb\n'],
    ]));

  it('RS = "": a newline separates fields whatever FS is', () =>
    check([[['BEGIN { RS = ""; FS = ":" } { print NF ": " $3 }'], '4: c\n1: \n', 'a:b\nc:d\n\ne\n']]));

  it('regex intervals {n,m}, ** and **=, \\/ in strings', () =>
    check([
      [['/^[0-9]{2,3}$/'], '12\n123\n', '1\n12\n123\n1234\n'],
      [['BEGIN { x = 2; x **= 3; print x, 2 ** 3 ** 2, "a\\/b" }'], '8 512 a/b\n'],
    ]));

  it('printf with too few arguments prints empty strings and zeros; next inside a function', () =>
    check([
      [['BEGIN { printf "%s|%d|%c|\\n", "a" }'], 'a|0||\n'],
      [['function skip() { next } NR == 1 { skip() } { print }'], '2\n', '1\n2\n'],
    ]));

  it('getline from a directory is an error (-1); division by zero is a run time error', () =>
    check([
      [['BEGIN { print (getline l < "/t") }'], '-1\n'],
      [['{ print $1 / $2 }'], '', '1 0\n', 2, 'awk: run time error: division by zero\n\tFILENAME="-" FNR=1 NR=1\n'],
    ]));
});

describe('awk messages and options', () => {
  it('a missing input file stops awk with exit 2, after the files before it', () =>
    check([
      [
        ['{ print $1 }', '/t/a', '/nope', '/t/b'],
        'x\ny\nz\n',
        '',
        2,
        'awk: cannot open "/nope" (No such file or directory)\n',
      ],
    ]));

  it('bad regexes, a missing program, a missing -f file', () =>
    check([
      [['/a(/'], '', '', 2, 'awk: line 1: regular expression compile failed (Unmatched ( or \\()\na(\n'],
      [['-f', '/t/none.awk'], '', '', 2, "awk: couldn't open file /t/none.awk (No such file or directory)\n"],
      [
        [],
        '',
        '',
        2,
        "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n" +
          'usage: awk [-F value] [-v var=value] [-f program-file] [--] [file ...]\n',
      ],
      [['-F'], '', '', 2, 'awk: option requires an argument -- F\n'],
      [['--version'], "awk: the POSIX awk built into Wharf's shell\n"],
      [['-W', 'interactive', '-f', '-', '/t/b'], 'b1!\nb2!\n', '{ print $0 "!" }'],
    ]));

  it('fflush() writes out what files hold before a command reads them; print > (expr)', () =>
    check([
      [['BEGIN { printf "a" > "/f"; fflush(); system("cat /f"); print "|" }'], 'a|\n'],
      [
        [
          '{ print > ("/" $1 ".out") } END { close("/a.out"); close("/b.out"); while ((getline l < "/a.out") > 0) print "a:", l; while ((getline l < "/b.out") > 0) print "b:", l }',
        ],
        'a: a 1\na: a 3\nb: b 2\n',
        'a 1\nb 2\na 3\n',
      ],
    ]));

  it('comparisons chain left to right, as mawk and gawk take them; deep recursion is an error', () =>
    check([
      [['BEGIN { print 1 == 1 == 1, 1 < 2 < 3, (3 > 2 > 1) }'], '1 1 0\n'],
      [['function f(n) { return n == 0 ? 0 : 1 + f(n - 1) } BEGIN { print f(1000) }'], '1000\n'],
      [
        ['function f(n) { return 1 + f(n + 1) } BEGIN { print "before"; f(1) }'],
        'before\n',
        '',
        2,
        'awk: run time error: function call nesting too deep\n\tFILENAME="" FNR=0 NR=0\n',
      ],
    ]));

  it('for (k in a) walks the keys in the order they were added', () =>
    check([
      [
        ['BEGIN { a["z"]; a["b"]; a[10]; a[2]; delete a["b"]; a["b"]; for (k in a) printf "%s ", k; print "" }'],
        'z 10 2 b \n',
      ],
    ]));

  it('ENVIRON holds the environment; an uninitialized name passed to a function becomes its array', async () => {
    const r = await run(
      ['awk', 'function f(a) { a["k"] = 1 } BEGIN { f(arr); print ENVIRON["HOME"], length(arr), arr["k"] }'],
      { files },
    );
    expect(r.out).toBe('/root 1 1\n');
  });

  it('mawk and nawk are the same program; print > writes a file in the volume', async () => {
    const r = await run(['mawk', 'BEGIN { print "x" > "/out.txt"; print "y" >> "/out.txt" }'], { files });
    expect(r.code).toBe(0);
    expect(read(r.volume, '/out.txt')).toBe('x\ny\n');
    expect((await run(['nawk', 'BEGIN { print "n" }'])).out).toBe('n\n');
  });

  it('text is bytes: length counts bytes, toupper leaves non-ASCII bytes alone', () =>
    check([[['{ print length($0), toupper($0), substr($0, 1, 3) }'], '6 HéLLO hé\n', 'héllo\n']]));

  it('passes every byte through unchanged (0x80-0x9f too, which windows-1252 would remap)', async () => {
    const bytes = Uint8Array.from({ length: 255 }, (_, i) => (i < 10 ? i : i + 1));
    const r = await run(['awk', '{ printf "%s", $0 > "/o"; print length($0) }', '/in'], { files: { '/in': bytes } });
    expect(r.out).toBe('255\n');
    const out = node(r.volume, '/o');
    expect(out?.kind === 'file' && [...out.content.bytes()]).toEqual([...bytes]);
  });

  it('runs from /bin/sh in a RUN step, as a Makefile recipe would call it', async () => {
    const { sh } = await import('../processes.ts');
    const r = await sh(
      "printf 'VERSION = 1.2.3\\nNAME = app\\n' > /mk; awk -F' = ' '$1 == \"VERSION\" { print $2 }' /mk",
    );
    expect(r.out).toBe('1.2.3\n');
  });

  it('reads a 1 MB input in one pass (fields, arrays, printf)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++)
      lines.push(`${['alpha', 'beta', 'gamma'][i % 3]} ${i} ${'x'.repeat(i % 17)} foo bar baz qux quux corge grault`);
    const big = `${lines.join('\n')}\n`;
    const r = await run(
      ['awk', '{ s += $2; c[$1]++; w += NF } END { printf "%d %d %d %d\\n", s, c["beta"], w, NR }', '/big'],
      {
        files: { '/big': big },
      },
    );
    expect(r.out).toBe('199990000 6667 198823 20000\n');
  });
});
