// make: GNU make 4.3's language, rules, up-to-date checks, recursion and messages, run over an
// in-memory tree with recipes that run the shell's commands (clang is not here: "compilers"
// are shell scripts that copy their inputs).
import { describe, expect, it } from 'vitest';
import { build, formatEvent, LayerMemo, type BuildEvent } from '../../../../src/core/builder/index.ts';
import { listTar } from '../../../../src/core/oci/tar-reader.ts';
import { openVolume } from '../../../../src/core/rootfs/index.ts';
import { SHELL_PROGRAM_NAMES } from '../../../../src/core/userland/index.ts';
import { MemoryStore } from '../../../../src/core/store-memory.ts';
import { USAGE } from '../../../../src/core/userland/make/usage.ts';
import { image, read, sh, stub, TestProcesses, type Files, type RunOutcome } from '../processes.ts';

const ENV = ['PATH=/p/bin:/usr/local/bin:/usr/bin:/bin', 'HOME=/root'];

/** A makefile from its lines; a recipe line is written with its leading "\t". */
function mk(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Files under /p, the directory make runs in. */
function under(files: Record<string, Files[string]>): Files {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`/p/${k}`, v]));
}

interface Setup {
  env?: string[];
  ticking?: boolean;
}

/** A clock that moves one second each time it is read, so every write is newer than the last. */
function ticking(): () => bigint {
  let t = 1_700_000_000n * 1_000_000_000n;
  return () => (t += 1_000_000_000n);
}

async function make(script: string, files: Record<string, Files[string]>, o: Setup = {}): Promise<RunOutcome> {
  const volume = o.ticking ? openVolume(image(under(files)), ticking()) : undefined;
  return sh(`cd /p && ${script}`, { files: under(files), env: o.env ?? ENV, volume });
}

function expectRun(r: RunOutcome, label: string, want: { out?: string; err?: string; code?: number }): void {
  if (want.out !== undefined) expect(r.out, `${label}: stdout (stderr: ${r.err})`).toBe(want.out);
  if (want.err !== undefined) expect(r.err, `${label}: stderr`).toBe(want.err);
  expect(r.code, `${label}: exit status (stderr: ${r.err})`).toBe(want.code ?? 0);
}

/** `$(info TEXT)` for each case, in a makefile of `defs`; each line of stdout is one result. */
async function infos(
  defs: string[],
  cases: Array<[expr: string, want: string]>,
  files: Record<string, string> = {},
): Promise<void> {
  const text = mk(...defs, ...cases.map(([e]) => `$(info ${e})`), 'all: ;@:');
  const r = await make('make', { ...files, Makefile: text });
  expect(r.err, 'stderr').toBe('');
  const got = r.out.split('\n');
  cases.forEach(([e, want], i) => expect(got[i], `$(info ${e})`).toBe(want));
}

/** Copies its inputs to -o's file: a "compiler" for tests, with the argv it got echoed. */
const FAKE_CC = {
  data: mk(
    '#!/bin/sh',
    'echo "[cc $*]" >&2',
    'out=; c=; ins=',
    'while [ $# -gt 0 ]; do case $1 in -o) out=$2; shift;; -c) c=1;; -*) ;; *) ins="$ins $1";; esac; shift; done',
    '[ -n "$out" ] || if [ -n "$c" ]; then out=$(basename $ins .c).o; else out=a.out; fi',
    'cat $ins > $out',
  ),
  mode: 0o755,
};
const FAKE_AR = { data: mk('#!/bin/sh', 'shift; out=$1; shift; cat "$@" > $out'), mode: 0o755 };
const TOOLS = {
  'bin/cc': FAKE_CC,
  'bin/gcc': FAKE_CC,
  'bin/ar': FAKE_AR,
  'bin/ranlib': { data: '#!/bin/sh\n', mode: 0o755 },
};

describe('variables', () => {
  it('flavors: = is expanded late, := at once, ?= only defines, += keeps the flavor, != runs the shell', () =>
    infos(
      [
        'A = $(B)',
        'B = late',
        'C := $(B) now',
        'B = later',
        'D ?= first',
        'D ?= second',
        'A += more',
        'S := x',
        'S += $(B)',
        'E != echo hi; echo there',
        'F ::= $(S)',
      ],
      [
        ['$(A)', 'later more'],
        ['$(C)', 'late now'],
        ['$(D)', 'first'],
        ['$(S)', 'x later'],
        ['$(E)', 'hi there'],
        ['$(F)', 'x later'],
        ['$$ and $$$$', '$ and $$'],
        ['[$(UNDEFINED)]', '[]'],
        ['$(flavor A) $(flavor C) $(flavor NOPE)', 'recursive simple undefined'],
      ],
    ));

  it('the command line beats the makefile unless override; the makefile beats the environment unless -e', async () => {
    const text = mk(
      'X = file',
      'override Y = file',
      'Z = file',
      'W ?= file',
      'all:',
      '\t@echo $(X) $(Y) $(Z) $(W) $(origin X) $(origin Z) $(origin W)',
    );
    const env = [...ENV, 'Z=env', 'W=env'];
    expectRun(await make('make X=cmd Y=cmd', { Makefile: text }, { env }), 'make X=cmd Y=cmd', {
      out: 'cmd file file env command line file environment\n',
    });
    expectRun(await make('make -e', { Makefile: text }, { env }), 'make -e', {
      out: 'file file env env file environment override environment override\n',
    });
  });

  it('env vars become make variables; exported ones (env, command line, export) reach recipes', async () => {
    const text = mk(
      'export MINE = m1',
      'LOCAL = l1',
      'CFLAGS += -O2',
      'unexport HOME',
      'all:',
      '\t@echo "$$MINE|$$LOCAL|$$CFLAGS|$$CMD|$$HOME|$$MAKELEVEL"',
    );
    const env = [...ENV, 'CFLAGS=-g'];
    expectRun(await make('make CMD=c', { Makefile: text }, { env }), 'exports', { out: 'm1||-g -O2|c||1\n' });
    expectRun(await make('make', { Makefile: mk('export', 'A = 1', 'all:', '\t@echo $$A') }), 'export all', {
      out: '1\n',
    });
  });

  it('define, substitution references, target- and pattern-specific variables', async () => {
    const text = mk(
      'define TWO',
      '@echo one',
      '@echo two $@',
      'endef',
      'SRCS = a.c b.c dir/c.c',
      'CFLAGS = -O2',
      'all: x.t y.t',
      '\t@echo $(SRCS:.c=.o) $(SRCS:%.c=obj/%.o)',
      '\t$(TWO)',
      'x.t: CFLAGS += -g',
      '%.t: WHO = pattern',
      '%.t:',
      '\t@echo $@ $(CFLAGS) $(WHO)',
      '.PHONY: all',
    );
    expectRun(await make('make', { Makefile: text }), 'make', {
      out: 'x.t -O2 -g pattern\ny.t -O2 pattern\na.o b.o dir/c.o obj/a.o obj/b.o obj/dir/c.o\none\ntwo all\n',
    });
  });
});

describe('functions', () => {
  it('text and file-name functions', () =>
    infos(
      ['L = b.c a.c  x.o dir/d.c a.c', 'COMMA := ,'],
      [
        ['$(subst .c,.o,$(L))', 'b.o a.o  x.o dir/d.o a.o'],
        ['$(patsubst %.c,%.o,$(L))', 'b.o a.o x.o dir/d.o a.o'],
        ['[$(strip   a   b  )]', '[a b]'],
        ['$(findstring a.c,$(L))|$(findstring zz,$(L))', 'a.c|'],
        ['$(filter %.c,$(L))', 'b.c a.c dir/d.c a.c'],
        ['$(filter-out %.c,$(L))', 'x.o'],
        ['$(sort $(L))', 'a.c b.c dir/d.c x.o'],
        ['$(word 2,$(L)) $(words $(L)) $(wordlist 2,3,$(L))', 'a.c 5 a.c x.o'],
        ['$(firstword $(L)) $(lastword $(L))', 'b.c a.c'],
        ['$(dir $(L))', './ ./ ./ dir/ ./'],
        [
          '$(notdir dir/d.c /x/y) $(suffix a.c b dir.x/y) $(basename a.c dir.x/y /p/q.tar.gz)',
          'd.c y .c a dir.x/y /p/q.tar',
        ],
        ['$(addprefix src/,a b) $(addsuffix .o,a b) $(join a b c,1 2)', 'src/a src/b a.o b.o a1 b2 c'],
        ['$(foreach f,a b,<$(f)>)', '<a> <b>'],
        ['$(if $(L),yes,no) $(if ,yes,no) [$(if ,yes)]', 'yes no []'],
        ['$(or ,,x,y) [$(and a,,b)] $(and a,b)', 'x [] b'],
        ['a$(COMMA)b', 'a,b'],
        ['$(abspath ./x/../y) $(realpath /p/../p/Makefile)', '/p/y /p/Makefile'],
        ['$(wildcard *.mk Makefile nope.*)', 'a.mk b.mk Makefile'],
        ['$(shell echo one; echo two)', 'one two'],
        [
          '$(origin L) $(origin CC) $(origin PATH) $(origin @) $(origin NOPE)',
          'file default environment undefined undefined',
        ],
        ['$(value L)', 'b.c a.c  x.o dir/d.c a.c'],
      ],
      { 'b.mk': '', 'a.mk': '' },
    ));

  it('call, eval, value, info, warning and error', async () => {
    const text = mk(
      'pair = $(1)-$(2)$(3)',
      'rev = $(2) $(1)',
      'define RULE',
      '$(1):',
      '\t@echo rule $$@',
      'endef',
      '$(eval $(call RULE,made))',
      'R = $$(x)',
      '$(info $(call pair,a,b) $(call rev,x,y) $(value R))',
      '$(warning careful)',
      'all: made',
      'bad:',
      '\t@echo $(error no good: $@)',
    );
    expectRun(await make('make', { Makefile: text }), 'make', {
      out: 'a-b y x $$(x)\nrule made\n',
      err: 'Makefile:10: careful\n',
    });
    expectRun(await make('make bad', { Makefile: text }), 'make bad', {
      err: 'Makefile:10: careful\nMakefile:13: *** no good: bad.  Stop.\n',
      code: 2,
    });
  });
});

describe('the makefile language', () => {
  it('conditionals, continuations, comments and include', async () => {
    const text = mk(
      '# a comment',
      'X = 1 # trailing comment',
      'LIST = a \\',
      '       b \\',
      '  c',
      'ifeq ($(strip $(X)),1)',
      'A = eq',
      'else ifeq ($(X),2)',
      'A = two',
      'else',
      'A = neq',
      'endif',
      'ifneq \'$(X)\' ""',
      'B = set',
      'endif',
      'ifdef X',
      'ifndef NOPE',
      'C = nested',
      'endif',
      'else',
      'C = wrong',
      'endif',
      'include a.mk',
      '-include missing.mk',
      'sinclude missing2.mk',
      'all:',
      '\t@echo $(A) $(B) $(C) [$(LIST)] $(FROM_A) \\#',
      '\t@echo a \\',
      '\t  b',
      'ifeq ($(X),1)',
      '\t@echo in-recipe',
      'endif',
    );
    expectRun(await make('make', { Makefile: text, 'a.mk': 'FROM_A = included\n' }), 'make', {
      out: 'eq set nested [a b c] included #\na b\nin-recipe\n',
    });
  });

  it('-f and the default makefile names, .DEFAULT_GOAL, MAKEFILE_LIST, CURDIR', async () => {
    const files = {
      'build.mk': mk(
        'first:',
        '\t@echo first $(MAKEFILE_LIST) $(CURDIR)',
        'second:',
        '\t@echo second',
        '.DEFAULT_GOAL := second',
      ),
      makefile: mk('all:', '\t@echo lower'),
      GNUmakefile: mk('all:', '\t@echo gnu'),
    };
    expectRun(await make('make -f build.mk', files), '-f build.mk', { out: 'second\n' });
    expectRun(await make('make -f build.mk first', files), '-f build.mk first', { out: 'first build.mk /p\n' });
    expectRun(await make('make', files), 'GNUmakefile first', { out: 'gnu\n' });
  });
});

describe('rules', () => {
  it('explicit, multiple targets, pattern, static pattern and suffix rules; order-only prerequisites', async () => {
    const text = mk(
      'OBJS = a.o b.o',
      'all: app c.x',
      'app: $(OBJS) | out',
      '\t@echo link $@ from $^ order $|; cat $^ > $@',
      '$(OBJS): %.o: %.c',
      '\t@echo static $@ $< $*; cp $< $@',
      'out:',
      '\t@mkdir out',
      '%.x: %.y',
      '\t@echo pattern $@ $< $* $(@D) $(@F) $(<D); cp $< $@',
      '.SUFFIXES: .y .z',
      '.z.y:',
      '\t@echo suffix $@ $< $*; cp $< $@',
      'one two:',
      '\t@echo target $@',
      '.PHONY: all one two',
    );
    const files = { Makefile: text, 'a.c': 'A', 'b.c': 'B', 'c.z': 'C' };
    const r = await make('make && make one two && make c.x', files);
    expectRun(r, 'make', {
      out:
        'static a.o a.c a\nstatic b.o b.c b\nlink app from a.o b.o order out\nsuffix c.y c.z c\n' +
        'pattern c.x c.y c . c.x .\nrm c.y\ntarget one\ntarget two\n' +
        "make: 'c.x' is up to date.\n",
    });
    expect(read(r.volume, '/p/app'), 'app').toBe('AB');
  });

  it('automatic variables $@ $< $^ $+ $? $* $(@D) $(<F)', async () => {
    const text = mk('out/app: src/m.c src/n.c src/m.c', '\t@echo "$@|$<|$^|$+|$?|$*|$(@D)|$(@F)|$(<D)|$(<F)|$(^F)"');
    expectRun(await make('make', { Makefile: text, 'src/m.c': '', 'src/n.c': '', 'out/.keep': '' }), 'make', {
      out: 'out/app|src/m.c|src/m.c src/n.c|src/m.c src/n.c src/m.c|src/m.c src/n.c||out|app|src|m.c|m.c n.c\n',
    });
  });

  it("GNU's built-in rules: COMPILE.c with the environment's CC and CFLAGS, %: %.o, %: %.c, ARFLAGS", async () => {
    const files = {
      ...TOOLS,
      Makefile: mk('main: main.o util.o', 'lib.a: util.o', '\t$(AR) $(ARFLAGS) $@ $^'),
      'main.c': 'M',
      'util.c': 'U',
    };
    const env = [...ENV, 'CC=gcc', 'CFLAGS=--target=wasm32-wasi'];
    const r = await make('make main lib.a', files, { env });
    expectRun(r, 'make main lib.a', {
      out:
        'gcc --target=wasm32-wasi   -c -o main.o main.c\ngcc --target=wasm32-wasi   -c -o util.o util.c\n' +
        'gcc   main.o util.o   -o main\nar rv lib.a util.o\n',
    });
    expect(read(r.volume, '/p/main'), 'main').toBe('MU');
    expectRun(await make('make -n hello', { ...files, 'hello.c': '' }), 'make -n hello (no makefile rule)', {
      out: 'cc     hello.c   -o hello\n',
    });
    expectRun(await make('make -r main', files, { env }), 'make -r', {
      err: "make: *** No rule to make target 'main.o', needed by 'main'.  Stop.\n",
      code: 2,
    });
    expectRun(await make('make hello', { 'hello.c': '', ...TOOLS }), 'no makefile at all', {
      out: 'cc     hello.c   -o hello\n',
    });
  });

  it('double-colon rules run each on its own; a circular dependency is dropped with a message', async () => {
    const text = mk(
      'out:: a',
      '\t@echo first; touch out',
      'out:: b',
      '\t@echo second',
      'out::',
      '\t@echo always',
      'a b:',
      '\ttouch $@',
      'x: y',
      'y: x',
    );
    expectRun(await make('make; echo ---; make', { Makefile: text }), 'make; make', {
      out: 'touch a\nfirst\ntouch b\nsecond\nalways\n---\nalways\n',
    });
    expectRun(await make('make x', { Makefile: text }), 'make x', {
      out: "make: Nothing to be done for 'x'.\n",
      err: 'make: Circular y <- x dependency dropped.\n',
    });
  });

  it('a later recipe for the same target wins, with GNU warnings', async () => {
    const text = mk('all:', '\t@echo old', 'all:', '\t@echo new');
    expectRun(await make('make', { Makefile: text }), 'make', {
      out: 'new\n',
      err: "Makefile:4: warning: overriding recipe for target 'all'\nMakefile:2: warning: ignoring old recipe for target 'all'\n",
    });
  });
});

describe('up to date', () => {
  const files = {
    Makefile: mk(
      'app: a.o b.o',
      '\tcat $^ > $@',
      '%.o: %.c',
      '\tcp $< $@',
      'clean:',
      '\trm -f app *.o',
      '.PHONY: clean',
    ),
    'a.c': 'A',
    'b.c': 'B',
  };

  it('a second run does nothing; touching a source remakes only what depends on it', async () => {
    const r = await make(
      'make; echo ---; make; make a.o; echo ---; touch b.c; make; echo ---; make clean; make clean',
      files,
      {
        ticking: true,
      },
    );
    expectRun(r, 'make', {
      out:
        'cp a.c a.o\ncp b.c b.o\ncat a.o b.o > app\n---\n' +
        "make: 'app' is up to date.\nmake: 'a.o' is up to date.\n---\n" +
        'cp b.c b.o\ncat a.o b.o > app\n---\nrm -f app *.o\nrm -f app *.o\n',
    });
  });

  it('with one clock for the whole step (as RUN has), equal times are up to date', async () => {
    const r = await make('make >/dev/null; make; make -B', files);
    expectRun(r, 'make', { out: "make: 'app' is up to date.\ncp a.c a.o\ncp b.c b.o\ncat a.o b.o > app\n" });
  });

  it('-q says whether anything is out of date; -t touches; -n prints without running', async () => {
    const r = await make('make -q; echo $?; make -n; ls; make -t; echo $?; make -q; echo $?', files, { ticking: true });
    expectRun(r, 'make', {
      out: '1\ncp a.c a.o\ncp b.c b.o\ncat a.o b.o > app\nMakefile\na.c\nb.c\ntouch a.o\ntouch b.o\ntouch app\n0\n0\n',
    });
  });
});

describe('recipes', () => {
  it('@ silences, - ignores errors, + runs under -n; $$ reaches the shell; SHELL is honoured', async () => {
    const text = mk(
      'all:',
      '\t@echo quiet',
      '\t-false',
      '\techo $$HOME "$$(echo sub)"',
      '\t+@echo forced',
      'sh:',
      '\t@echo $$0',
      'other: SHELL = /bin/echo',
      'other:',
      '\tfrom echo',
    );
    expectRun(await make('make', { Makefile: text }), 'make', {
      out: 'quiet\nfalse\necho $HOME "$(echo sub)"\n/root sub\nforced\n',
      err: 'make: [Makefile:3: all] Error 1 (ignored)\n',
    });
    expectRun(await make('make -n', { Makefile: text }), 'make -n', {
      out: 'echo quiet\nfalse\necho $HOME "$(echo sub)"\nforced\n',
    });
    expectRun(await make('make -s other', { Makefile: text }), 'SHELL', { out: '-c from echo\n' });
  });

  it('-i and .IGNORE ignore failures; .SILENT and -s silence; .ONESHELL runs one shell', async () => {
    expectRun(await make('make -i', { Makefile: mk('all:', '\tfalse', '\t@echo after') }), '-i', {
      out: 'false\nafter\n',
      err: 'make: [Makefile:2: all] Error 1 (ignored)\n',
    });
    expectRun(await make('make', { Makefile: mk('.SILENT:', 'all:', '\techo hushed') }), '.SILENT', {
      out: 'hushed\n',
    });
    expectRun(await make('make', { Makefile: mk('.ONESHELL:', 'all:', '\t@cd /bin', '\tpwd') }), '.ONESHELL', {
      out: '/bin\n',
    });
  });
});

describe('errors', () => {
  it('a failing recipe: make: *** [Makefile:N: target] Error 1, exit 2; -k goes on', async () => {
    const text = mk('all: a b', 'a:', '\t@echo a; exit 3', 'b:', '\t@echo b');
    expectRun(await make('make', { Makefile: text }), 'make', {
      out: 'a\n',
      err: 'make: *** [Makefile:3: a] Error 3\n',
      code: 2,
    });
    expectRun(await make('make -k', { Makefile: text }), 'make -k', {
      out: 'a\nb\n',
      err: "make: *** [Makefile:3: a] Error 3\nmake: Target 'all' not remade because of errors.\n",
      code: 2,
    });
  });

  it('no rule, no makefile, no targets, missing makefile', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      [
        'make',
        { Makefile: mk('foo.o: foo.c', '\t@true') },
        "make: *** No rule to make target 'foo.c', needed by 'foo.o'.  Stop.\n",
      ],
      ['make nope', { Makefile: mk('all:') }, "make: *** No rule to make target 'nope'.  Stop.\n"],
      ['make', { 'x.c': '' }, 'make: *** No targets specified and no makefile found.  Stop.\n'],
      ['make', { Makefile: 'X = 1\n' }, 'make: *** No targets.  Stop.\n'],
      [
        'make -f x.mk',
        { 'x.c': '' },
        "make: x.mk: No such file or directory\nmake: *** No rule to make target 'x.mk'.  Stop.\n",
      ],
      ['make -C nope', { 'x.c': '' }, 'make: *** nope: No such file or directory.  Stop.\n'],
      ['make -Z', { 'x.c': '' }, `make: invalid option -- 'Z'\n${USAGE}`],
    ];
    for (const [script, files, err] of cases) expectRun(await make(script, files), script, { err, code: 2 });
  });

  it('what the makefile cannot say, worded as GNU make 4.3 words it', async () => {
    const cases: Array<[string, string]> = [
      [mk('all:', '    echo spaces'), 'Makefile:2: *** missing separator.  Stop.\n'],
      [
        mk('all:', '        echo spaces'),
        'Makefile:2: *** missing separator (did you mean TAB instead of 8 spaces?).  Stop.\n',
      ],
      [mk('\techo first', 'all:'), 'Makefile:1: *** recipe commences before first target.  Stop.\n'],
      [mk('ifeq (a,a)', 'all:'), "Makefile:2: *** missing 'endif'.  Stop.\n"],
      [mk('endif'), "Makefile:1: *** extraneous 'endif'.  Stop.\n"],
      [mk('define X', 'a'), "Makefile:1: *** missing 'endef', unterminated 'define'.  Stop.\n"],
      [
        mk('X = $(X) more', 'all: ; @echo $(X)'),
        "Makefile:2: *** Recursive variable 'X' references itself (eventually).  Stop.\n",
      ],
      [
        mk('include other.mk', 'all:'),
        "Makefile:1: other.mk: No such file or directory\nmake: *** No rule to make target 'other.mk'.  Stop.\n",
      ],
      [mk('all: $(foo'), 'Makefile:1: *** unterminated variable reference.  Stop.\n'],
    ];
    for (const [text, err] of cases) expectRun(await make('make', { Makefile: text }), text, { err, code: 2 });
  });

  it('an included makefile a rule makes is made, then read', async () => {
    const text = mk('include gen.mk', 'all:', '\t@echo $(GEN)', 'gen.mk:', "\t@echo 'GEN = generated' > $@");
    expectRun(await make('make', { Makefile: text }), 'make', { out: 'generated\n' });
  });
});

describe('recursive make', () => {
  it('-C, $(MAKE) -C sub, Entering/Leaving directory, make[1] and command-line variables passed down', async () => {
    const files = {
      Makefile: mk('all:', '\t$(MAKE) -C sub V=top', '\t@echo back $(MAKELEVEL)'),
      'sub/Makefile': mk('V = sub', 'all:', '\t@echo in sub $(V) $(MAKELEVEL) $(W)'),
    };
    expectRun(await make('make W=w', files), 'make', {
      out: "make -C sub V=top\nmake[1]: Entering directory '/p/sub'\nin sub top 1 w\nmake[1]: Leaving directory '/p/sub'\nback 0\n",
    });
    expectRun(await make('cd / && make -C p/sub', files), 'make -C', {
      out: "make: Entering directory '/p/sub'\nin sub sub 0\nmake: Leaving directory '/p/sub'\n",
    });
    expectRun(await make('make -s --no-print-directory', files), 'make -s', { out: 'in sub top 1\nback 0\n' });
  });

  it('a failing sub-make: make[1]: *** … Error 1, then make: *** [Makefile:2: all] Error 2', async () => {
    const files = {
      Makefile: mk('all:', '\t@$(MAKE) -C sub'),
      'sub/Makefile': mk('all:', '\t@false'),
    };
    expectRun(await make('make', files), 'make', {
      out: "make[1]: Entering directory '/p/sub'\nmake[1]: Leaving directory '/p/sub'\n",
      err: 'make[1]: *** [Makefile:2: all] Error 1\nmake: *** [Makefile:2: all] Error 2\n',
      code: 2,
    });
  });
});

describe('real makefiles', () => {
  it('Lua 5.4: `make posix` runs `$(MAKE) $(ALL) SYSCFLAGS=…` in src, built-in %.o rule, ar and ranlib', async () => {
    const top = mk(
      'PLAT= guess',
      'INSTALL_TOP= /usr/local',
      'PLATS= guess aix bsd c89 freebsd generic linux linux-readline macosx mingw posix solaris',
      'TO_BIN= lua luac',
      'all:\t$(PLAT)',
      '',
      '$(PLATS) help test clean:',
      '\t@cd src && $(MAKE) $@',
      '',
      '.PHONY: all $(PLATS) help test clean',
    );
    const src = mk(
      '# Makefile for building Lua',
      'PLAT= guess',
      'CC= gcc -std=gnu99',
      'CFLAGS= -O2 -Wall -Wextra -DLUA_COMPAT_5_3 $(SYSCFLAGS) $(MYCFLAGS)',
      'LDFLAGS= $(SYSLDFLAGS) $(MYLDFLAGS)',
      'LIBS= -lm $(SYSLIBS) $(MYLIBS)',
      'AR= ar rcu',
      'RANLIB= ranlib',
      'RM= rm -f',
      'SYSCFLAGS=',
      'SYSLIBS=',
      'MYOBJS=',
      'PLATS= guess aix bsd c89 freebsd generic linux linux-readline macosx mingw posix solaris',
      'LUA_A=\tliblua.a',
      'CORE_O=\tlapi.o lcode.o',
      'LIB_O=\tlauxlib.o',
      'BASE_O= $(CORE_O) $(LIB_O) $(MYOBJS)',
      'LUA_T=\tlua',
      'LUA_O=\tlua.o',
      'ALL_O= $(BASE_O) $(LUA_O)',
      'ALL_T= $(LUA_A) $(LUA_T)',
      'default: $(PLAT)',
      'all:\t$(ALL_T)',
      '$(LUA_A): $(BASE_O)',
      '\t$(AR) $@ $(BASE_O)',
      '\t$(RANLIB) $@',
      '$(LUA_T): $(LUA_O) $(LUA_A)',
      '\t$(CC) -o $@ $(LDFLAGS) $(LUA_O) $(LUA_A) $(LIBS)',
      'clean:',
      '\t$(RM) $(ALL_T) $(ALL_O)',
      'ALL= all',
      'generic: $(ALL)',
      'posix:',
      '\t$(MAKE) $(ALL) SYSCFLAGS="-DLUA_USE_POSIX"',
      '.PHONY: all $(PLATS) default o a clean depend echo none',
      'lcode.o:',
      '\t$(CC) $(CFLAGS) $(CMCFLAGS) -c lcode.c',
      '# DO NOT DELETE',
      'lapi.o: lapi.c lua.h \\',
      ' luaconf.h',
      'lcode.o: lcode.c lua.h',
    );
    const files = {
      ...TOOLS,
      Makefile: top,
      'src/Makefile': src,
      ...Object.fromEntries(['lapi', 'lcode', 'lauxlib', 'lua'].map((n) => [`src/${n}.c`, `${n};`])),
      'src/lua.h': '',
      'src/luaconf.h': '',
    };
    const r = await make('make posix', files);
    const cflags = '-O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_POSIX ';
    expectRun(r, 'make posix', {
      out:
        "make[1]: Entering directory '/p/src'\n" +
        'make all SYSCFLAGS="-DLUA_USE_POSIX"\n' +
        "make[2]: Entering directory '/p/src'\n" +
        `gcc -std=gnu99 ${cflags}   -c -o lapi.o lapi.c\n` +
        `gcc -std=gnu99 ${cflags}  -c lcode.c\n` +
        `gcc -std=gnu99 ${cflags}   -c -o lauxlib.o lauxlib.c\n` +
        'ar rcu liblua.a lapi.o lcode.o lauxlib.o \nranlib liblua.a\n' +
        `gcc -std=gnu99 ${cflags}   -c -o lua.o lua.c\n` +
        'gcc -std=gnu99 -o lua   lua.o liblua.a -lm  \n' +
        "make[2]: Leaving directory '/p/src'\n" +
        "make[1]: Leaving directory '/p/src'\n",
    });
    expect(read(r.volume, '/p/src/lua'), 'lua').toBe('lua;lapi;lcode;lauxlib;');
    const again = await make('make posix >/dev/null && cd src && make all SYSCFLAGS=-DLUA_USE_POSIX', files);
    expectRun(again, 'second run', { out: "make: Nothing to be done for 'all'.\n" });
  });

  it('cJSON: $(shell uname), ifeq with a space, .c.o suffix rule, INSTALL ?=, static and shared targets', async () => {
    const text = mk(
      'CJSON_OBJ = cJSON.o',
      'UTILS_OBJ = cJSON_Utils.o',
      'CJSON_LIBNAME = libcjson',
      'CJSON_STATIC = $(CJSON_LIBNAME).a',
      'CJSON_TEST = cJSON_test',
      'CJSON_TEST_SRC = cJSON.c test.c',
      'INSTALL ?= cp -a',
      'CC = gcc -std=c89',
      'PIC_FLAGS = -fPIC',
      'R_CFLAGS = $(PIC_FLAGS) -pedantic -Wall $(CFLAGS)',
      "uname := $(shell sh -c 'uname -s 2>/dev/null || echo false')",
      'ifeq (Darwin, $(uname))',
      '\tSHARED = dylib',
      'else',
      '\tSHARED = so',
      'endif',
      '.PHONY: all static tests clean',
      'all: static tests',
      'static: $(CJSON_STATIC)',
      'tests: $(CJSON_TEST)',
      '$(CJSON_TEST): $(CJSON_TEST_SRC) cJSON.h',
      '\t$(CC) $(R_CFLAGS) $(CJSON_TEST_SRC)  -o $@ $(LDLIBS) -I.',
      '.c.o:',
      '\t$(CC) -c $(R_CFLAGS) $<',
      '$(CJSON_STATIC): $(CJSON_OBJ)',
      '\t$(AR) rcs $@ $<',
      '$(CJSON_OBJ): cJSON.c cJSON.h',
      'clean:',
      '\t$(RM) $(CJSON_OBJ) $(UTILS_OBJ) $(CJSON_TEST) *.a *.$(SHARED)',
    );
    const files = { ...TOOLS, Makefile: text, 'cJSON.c': 'c;', 'cJSON.h': '', 'test.c': 't;' };
    const r = await make('make CFLAGS=-Os', files);
    expectRun(r, 'make', {
      out:
        'gcc -std=c89 -c -fPIC -pedantic -Wall -Os cJSON.c\n' +
        'ar rcs libcjson.a cJSON.o\n' +
        'gcc -std=c89 -fPIC -pedantic -Wall -Os cJSON.c test.c  -o cJSON_test  -I.\n',
    });
    expectRun(await make('make clean', files), 'clean', { out: 'rm -f cJSON.o cJSON_Utils.o cJSON_test *.a *.so\n' });
  });

  it('a zlib-like makefile: objects in a list, a static library, test programs, -j', async () => {
    const text = mk(
      'CC=cc',
      'CFLAGS=-O3 -D_LARGEFILE64_SOURCE=1',
      'AR=ar',
      'ARFLAGS=rc',
      'STATICLIB=libz.a',
      'OBJZ = adler32.o crc32.o',
      'OBJG = gzlib.o',
      'OBJS = $(OBJZ) $(OBJG)',
      'all: static all64',
      'static: example$(EXE)',
      'all64: example64$(EXE)',
      '$(STATICLIB): $(OBJS)',
      '\t$(AR) $(ARFLAGS) $@ $(OBJS)',
      '\t-@ ($(RANLIB) $@ || true) >/dev/null 2>&1',
      'example.o: $(SRCDIR)test/example.c $(SRCDIR)zlib.h',
      '\t$(CC) $(CFLAGS) $(ZINCOUT) -c -o $@ $(SRCDIR)test/example.c',
      'example64.o: $(SRCDIR)test/example.c $(SRCDIR)zlib.h',
      '\t$(CC) $(CFLAGS) -D_FILE_OFFSET_BITS=64 -c -o $@ $(SRCDIR)test/example.c',
      'adler32.o: $(SRCDIR)adler32.c',
      '\t$(CC) $(CFLAGS) $(ZINC) -c -o $@ $(SRCDIR)adler32.c',
      'crc32.o: $(SRCDIR)crc32.c',
      '\t$(CC) $(CFLAGS) $(ZINC) -c -o $@ $(SRCDIR)crc32.c',
      'gzlib.o: $(SRCDIR)gzlib.c',
      '\t$(CC) $(CFLAGS) $(ZINC) -c -o $@ $(SRCDIR)gzlib.c',
      'example$(EXE): example.o $(STATICLIB)',
      '\t$(CC) $(CFLAGS) -o $@ example.o $(TEST_LDFLAGS)',
      'example64$(EXE): example64.o $(STATICLIB)',
      '\t$(CC) $(CFLAGS) -o $@ example64.o $(TEST_LDFLAGS)',
    );
    const files = {
      ...TOOLS,
      Makefile: text,
      'adler32.c': 'a',
      'crc32.c': 'c',
      'gzlib.c': 'g',
      'zlib.h': '',
      'test/example.c': 'e',
    };
    const r = await make('make -j4 RANLIB=ranlib 2>/dev/null && make -j 2 all', files);
    const f = '-O3 -D_LARGEFILE64_SOURCE=1';
    expectRun(r, 'make -j4', {
      out:
        `cc ${f}  -c -o example.o test/example.c\ncc ${f}  -c -o adler32.o adler32.c\n` +
        `cc ${f}  -c -o crc32.o crc32.c\ncc ${f}  -c -o gzlib.o gzlib.c\nar rc libz.a adler32.o crc32.o gzlib.o\n` +
        `cc ${f} -o example example.o \ncc ${f} -D_FILE_OFFSET_BITS=64 -c -o example64.o test/example.c\n` +
        `cc ${f} -o example64 example64.o \nmake: Nothing to be done for 'all'.\n`,
    });
  });
});

describe('RUN make in a Dockerfile', () => {
  it('RUN make -C src builds into the layer; a second RUN make finds it up to date', async () => {
    const events: BuildEvent[] = [];
    const dockerfile =
      'FROM scratch\nCOPY --chmod=755 bin /bin\nWORKDIR /app\nCOPY src src\n' +
      'RUN make -C src NAME=$NAME\nRUN make -C src --no-print-directory\n';
    const r = await build({
      files: [
        { path: 'Dockerfile', data: dockerfile.replace('WORKDIR', 'ENV NAME=app\nWORKDIR'), mode: 0o644 },
        { path: 'src/Makefile', data: mk('$(NAME).txt: in.txt', '\tcp $< $@'), mode: 0o644 },
        { path: 'src/in.txt', data: 'x\n', mode: 0o644 },
        ...SHELL_PROGRAM_NAMES.map((name) => ({ path: `bin/${name}`, data: stub(name), mode: 0o644 })),
      ],
      store: new MemoryStore(),
      tag: 'make-run',
      run: (volume, spec) => new TestProcesses(volume).spawn(spec),
      memo: new LayerMemo(),
      cacheMounts: new Map(),
      onEvent: (e) => events.push(e),
    });
    const layers = r.image.layers.map((l) => listTar(l.blob).map((e) => e.path));
    expect(layers.at(-1), 'RUN make layer (the second RUN changes nothing)').toEqual([
      'app',
      'app/src',
      'app/src/app.txt',
    ]);
    const log = events.flatMap(formatEvent).map((l) => l.replace(/^#\d+ \d+\.\d+ /, ''));
    expect(
      log.filter((l) => /^make|^cp /.test(l)),
      'log',
    ).toEqual([
      "make: Entering directory '/app/src'",
      'cp in.txt app.txt',
      "make: Leaving directory '/app/src'",
      "make: 'app.txt' is up to date.",
    ]);
  });
});
