// The `clang -###` job parser and the rules that decide which calls go through it, on real
// output of the packaged clang 22 (quoting of spaces, quotes, "$" and empty words included).
import { describe, expect, it } from 'vitest';
import {
  EXCEPTIONS_HINT,
  SETJMP_HINT,
  SIGSETJMP_HINT,
  clangDriverArgs,
  parseClangJobs,
  runsInProcess,
  splitJobLine,
  toolchainHints,
  wantsWasip2,
} from '../../../src/core/runtime/index.ts';

const HEADER = `clang version 22.1.0 (https://codeberg.org/YoWASP/llvm-project 9560ae0f2cc440e4fc891fddbc119da6f56daa59)
Target: wasm32-unknown-wasip1
Thread model: posix
InstalledDir: /opt/wasi-sdk/bin
Build config: +assertions
`;
const CC1 = String.raw` "/opt/wasi-sdk/bin/llvm" "clang" "-cc1" "-triple" "wasm32-unknown-wasip1" "-O1" "-main-file-name" "my file.c" "-D" "MSG=\"a \\\"b\\\" \$c\"" "-o" "/tmp/my file-2e2237.o" "-x" "c" "my file.c"`;
const LD = String.raw` "/opt/wasi-sdk/bin/wasm-ld" "-m" "wasm32" "-L/usr/lib/wasm32-wasip1" "/usr/lib/wasm32-wasip1/crt1-command.o" "/tmp/my file-2e2237.o" "" "-lc" "-o" "out.wasm"`;

describe('parseClangJobs', () => {
  it('returns each job line as words, unquoted, in order', () => {
    const got = parseClangJobs(`${HEADER}${CC1}\n${LD}\n`);
    expect(got?.messages, 'messages').toEqual([]);
    expect(got?.jobs.map((j) => j.slice(0, 3))).toEqual([
      ['/opt/wasi-sdk/bin/llvm', 'clang', '-cc1'],
      ['/opt/wasi-sdk/bin/wasm-ld', '-m', 'wasm32'],
    ]);
    expect(got?.jobs[0], 'spaces, quotes, backslashes and $ come back as typed').toContain('MSG="a \\"b\\" $c"');
    expect(got?.jobs[0]).toContain('my file.c');
    expect(got?.jobs[1], 'an empty word stays a word').toContain('');
    expect(got?.jobs[1]?.length).toBe(10);
  });

  it('keeps the in-process marker "" as the executable, and skips " (in-process)" lines', () => {
    const got = parseClangJobs(`${HEADER} (in-process)\n "" "clang" "-cc1" "-emit-obj" "a.c"\n`);
    expect(got?.jobs).toEqual([['', 'clang', '-cc1', '-emit-obj', 'a.c']]);
  });

  it('collects driver diagnostics that are neither header nor jobs', () => {
    const warn =
      "clang: warning: argument '--target=wasm32-wasi' is deprecated, use --target=wasm32-wasip1 instead [-Wdeprecated]";
    const got = parseClangJobs(`${HEADER}${warn}\n${LD}\n`);
    expect(got?.messages).toEqual([warn]);
    expect(got?.jobs.length).toBe(1);
    const err = "clang: error: no such file or directory: 'nope.c'";
    expect(parseClangJobs(`${HEADER}${err}\n`)).toEqual({ jobs: [], messages: [err] });
  });

  it('is undefined for output that is not clang -### (another program named clang)', () => {
    expect(parseClangJobs('usage: mytool [options]\n')).toBeUndefined();
    expect(parseClangJobs('')).toBeUndefined();
  });

  it('splitJobLine also takes unquoted words', () => {
    expect(splitJobLine(' "a" b "c d"')).toEqual(['a', 'b', 'c d']);
  });
});

describe('clangDriverArgs', () => {
  it('finds driver calls by program name, at the first argument', () => {
    for (const argv0 of [
      'clang',
      'clang++',
      '/opt/wasi-sdk/bin/clang',
      'clang-22',
      'wasm32-wasi-clang',
      'x/wasm32-wasip1-clang++',
    ]) {
      expect(clangDriverArgs([argv0, 'a.c']), argv0).toBe(1);
    }
    expect(clangDriverArgs(['/opt/wasi-sdk/bin/llvm', 'clang', 'a.c']), 'the multicall by name').toBe(2);
  });

  it('leaves jobs, -### queries and other tools alone', () => {
    expect(clangDriverArgs(['/opt/wasi-sdk/bin/llvm', 'clang', '-cc1', '-emit-obj'])).toBe(-1);
    expect(clangDriverArgs(['clang', '-cc1as', 'a.s'])).toBe(-1);
    expect(clangDriverArgs(['clang', '-###', 'a.c'])).toBe(-1);
    expect(clangDriverArgs(['wasm-ld', 'a.o'])).toBe(-1);
    expect(clangDriverArgs(['clang-cpp', 'a.c'])).toBe(-1);
    expect(clangDriverArgs(['/usr/bin/myclangtool', 'a.c'])).toBe(-1);
  });
});

describe('runsInProcess', () => {
  it('is true where clang spawns no job: -c, -S, -E, -fsyntax-only and queries', () => {
    for (const flag of ['-c', '-S', '-E', '-fsyntax-only', '--version', '-print-search-dirs', '--help']) {
      expect(runsInProcess([flag, 'a.c']), flag).toBe(true);
    }
    expect(runsInProcess(['a.c', '-o', 'a.wasm']), 'a link').toBe(false);
    expect(runsInProcess(['-v', 'a.c']), '-v alone links').toBe(false);
  });
});

describe('toolchainHints', () => {
  // As the packaged clang 22 and wasm-ld print them.
  const SETJMP_ERROR =
    'In file included from lua.c:6:\n' +
    '/usr/include/wasm32-wasip1/setjmp.h:13:2: error: Setjmp/longjmp support requires Exception handling support, ' +
    'which is [not yet standardized](https://github.com/WebAssembly/proposals?tab=readme-ov-file#phase-3---implementation-phase-cg--wg). ' +
    'To enable it, compile with `-mllvm -wasm-enable-sjlj` and use an engine that implements the Exception handling proposal.\n' +
    '1 error generated.\n';
  const NO_LIBSETJMP =
    'wasm-ld: error: lua.o: undefined symbol: __wasm_setjmp\n' +
    'wasm-ld: error: lua.o: undefined symbol: __wasm_longjmp\n' +
    'wasm-ld: error: lua.o: undefined symbol: __c_longjmp\n';

  it("names -mllvm -wasm-enable-sjlj -lsetjmp after setjmp.h's #error and after a link without libsetjmp", () => {
    expect(toolchainHints(SETJMP_ERROR), 'toolchainHints(#error)').toEqual([SETJMP_HINT]);
    expect(toolchainHints(NO_LIBSETJMP), 'toolchainHints(undefined __wasm_setjmp)').toEqual([SETJMP_HINT]);
    expect(SETJMP_HINT).toMatch(
      /^wharf: setjmp\/longjmp need -mllvm -wasm-enable-sjlj -lsetjmp \(Wasm exception handling\)/,
    );
    expect(SETJMP_HINT.endsWith('\n') && SETJMP_HINT.indexOf('\n') === SETJMP_HINT.length - 1, 'one line').toBe(true);
  });

  it('says to use setjmp for sigsetjmp/siglongjmp, and -fno-exceptions for C++ throw', () => {
    expect(toolchainHints('wasm-ld: error: /tmp/a-1.o: undefined symbol: siglongjmp\n')).toEqual([SIGSETJMP_HINT]);
    expect(toolchainHints('wasm-ld: error: /tmp/t-2.o: undefined symbol: __cxa_throw\n')).toEqual([EXCEPTIONS_HINT]);
  });

  it('gives each hint once, in a fixed order, and none for other errors', () => {
    expect(
      toolchainHints(`${NO_LIBSETJMP}wasm-ld: error: x.o: undefined symbol: __cxa_throw\n${SETJMP_ERROR}`),
    ).toEqual([EXCEPTIONS_HINT, SETJMP_HINT]);
    expect(toolchainHints("bad.c:2:10: error: use of undeclared identifier 'nope'\n")).toEqual([]);
    expect(toolchainHints('wasm-ld: error: a.o: undefined symbol: setjmp_helper\n')).toEqual([]);
    expect(toolchainHints('wasm-ld: error: a.o: undefined symbol: __wasm_setjmp_extra\n')).toEqual([]);
  });
});

describe('wantsWasip2', () => {
  it('is the last --target, -target or --target VALUE, or the tool named for the triple', () => {
    const cases: Array<[argv: string[], want: boolean]> = [
      [['clang', '--target=wasm32-wasip2', 'a.c'], true],
      [['clang', '-target', 'wasm32-wasip2', 'a.c'], true],
      [['clang', '--target', 'wasm32-unknown-wasip2', 'a.c'], true],
      [['wasm32-wasip2-clang', 'a.c'], true],
      [['clang', '--target=wasm32-wasi', '--target=wasm32-wasip2', 'a.c'], true],
      [['clang', '--target=wasm32-wasip2', '--target=wasm32-wasi', 'a.c'], false],
      [['clang', 'a.c', '-o', 'a.wasm'], false],
      [['clang', '--target=wasm32-wasip1', 'a.c'], false],
      [['clang', '-DTARGET=wasm32-wasip2', 'a.c'], false],
    ];
    for (const [argv, want] of cases) expect(wantsWasip2(argv, 1), `wantsWasip2(${argv.join(' ')})`).toBe(want);
  });
});
