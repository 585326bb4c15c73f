// setjmp/longjmp with the wasi-sdk image, as a RUN step compiles and runs them: with
// `-mllvm -wasm-enable-sjlj -lsetjmp` clang 22 lowers them to legacy Wasm exception handling
// (try/catch, which Node 20's V8 11.3 runs without flags) and the program prints what its
// native build printed (test/fixtures/setjmp.expected, written by build.sh); without the
// flags the build fails with a line that names them. Should a newer clang emit the exnref
// encoding (try_table) by default, Node 20 refuses the module ("Invalid opcode 0x1f"): then
// `-mllvm -wasm-use-legacy-eh` asks for the encoding every engine Wharf supports runs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirNode } from '../../src/core/rootfs/index.ts';
import { ModuleCache, SETJMP_HINT, SIGSETJMP_HINT } from '../../src/core/runtime/index.ts';
import { Sandbox, makeImage, rootfsOf, words } from './helpers.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures');
const SOURCE = readFileSync(resolve(fixtures, 'src/setjmp.c'), 'utf8');
const EXPECTED = readFileSync(resolve(fixtures, 'setjmp.expected'), 'utf8');
const SJLJ = '-mllvm -wasm-enable-sjlj -lsetjmp';

const modules = new ModuleCache();
let tree: DirNode;
let env: readonly string[];

beforeAll(async () => {
  const image = await makeImage('wasi-sdk', modules);
  tree = await rootfsOf(image);
  env = image.config.config?.Env ?? [];
}, 120_000);

const sandbox = (files: Record<string, string>): Sandbox => new Sandbox(tree, env, modules, files);

describe('setjmp/longjmp with -mllvm -wasm-enable-sjlj -lsetjmp', () => {
  it('compiles, and runs as the native build does (nested, across frames, out of qsort, 0 -> 1, pcall)', async () => {
    const s = sandbox({ 'src/setjmp.c': SOURCE });
    for (const opt of ['-O0', '-O2']) {
      const cc = await s.run(words(`$CC ${opt} ${SJLJ} setjmp.c -o setjmp.wasm`, s.env), '/src');
      expect(cc, cc.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await s.run(['./setjmp.wasm'], '/src'), `./setjmp.wasm built with ${opt}`).toEqual({
        code: 0,
        stdout: EXPECTED,
        stderr: '',
      });
    }
    expect(await s.run(['./setjmp.wasm', 'exit'], '/src'), 'exit() inside a protected call').toEqual({
      code: 3,
      stdout: 'exit: inside a protected call\n',
      stderr: '',
    });
    expect(s.list('/tmp')).toEqual([]);
  });

  it('compiles and links as separate steps, and _setjmp/_longjmp work too', async () => {
    const s = sandbox({
      'src/u.c':
        '#define _GNU_SOURCE\n#include <setjmp.h>\n#include <stdio.h>\n' +
        'int main(void) {\n  jmp_buf b;\n  int v = _setjmp(b);\n' +
        '  if (v < 3) _longjmp(b, v + 1);\n  printf("v=%d\\n", v);\n  return 0;\n}\n',
    });
    const c = await s.run(words('$CC -O2 -mllvm -wasm-enable-sjlj -c u.c -o u.o', s.env), '/src');
    expect(c, c.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    const ld = await s.run(words('$CC u.o -lsetjmp -o u.wasm', s.env), '/src');
    expect(ld, ld.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await s.run(['./u.wasm'], '/src')).toEqual({ code: 0, stdout: 'v=3\n', stderr: '' });
  });

  it('a longjmp to a setjmp whose function has returned ends as a trap, not a host failure', async () => {
    const s = sandbox({
      'src/stale.c':
        '#include <setjmp.h>\n#include <stdio.h>\nstatic jmp_buf env;\n' +
        'static int set(void) { return setjmp(env); }\n' +
        'int main(void) {\n  if (set()) return 1;\n  puts("set returned");\n  fflush(stdout);\n  longjmp(env, 5);\n}\n',
    });
    const cc = await s.run(words(`$CC ${SJLJ} stale.c -o stale.wasm`, s.env), '/src');
    expect(cc, cc.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    const run = await s.run(['./stale.wasm'], '/src');
    expect(run.code).toBe(137);
    expect(run.stdout).toBe('set returned\n');
    expect(run.stderr).toMatch(/^wharf: wasm trap: uncaught exception \(.*longjmp.*\)\n$/);
  });
});

describe('setjmp/longjmp without the flags', () => {
  it("fails at wasi-libc's #error, then names the flags", async () => {
    const s = sandbox({ 'src/setjmp.c': SOURCE });
    const cc = await s.run(words('$CC setjmp.c -o setjmp.wasm', s.env), '/src');
    expect(cc.code).toBe(1);
    const lines = cc.stderr.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/setjmp\.h:\d+:\d+: error: Setjmp\/longjmp support requires/));
    expect(lines.at(-2) + '\n', 'the last line').toBe(SETJMP_HINT);
    expect(SETJMP_HINT).toContain('-mllvm -wasm-enable-sjlj -lsetjmp');
    expect(s.list('/src')).toEqual(['setjmp.c']);
    expect(s.list('/tmp')).toEqual([]);
  });

  it('-c fails the same way; an object compiled for sjlj but linked without -lsetjmp is told too', async () => {
    const s = sandbox({ 'src/setjmp.c': SOURCE });
    const c = await s.run(words('$CC -c setjmp.c -o setjmp.o', s.env), '/src');
    expect(c.code).toBe(1);
    expect(c.stderr.endsWith(SETJMP_HINT), c.stderr).toBe(true);
    expect((await s.run(words('$CC -mllvm -wasm-enable-sjlj -c setjmp.c -o setjmp.o', s.env), '/src')).code).toBe(0);
    const ld = await s.run(words('$CC setjmp.o -o setjmp.wasm', s.env), '/src');
    expect(ld.code).not.toBe(0);
    expect(ld.stderr).toMatch(/wasm-ld: error: .*undefined symbol: __wasm_setjmp/);
    expect(ld.stderr.endsWith(SETJMP_HINT), ld.stderr).toBe(true);
  });

  it('sigsetjmp, declared but missing from libsetjmp: the link says to use setjmp', async () => {
    const s = sandbox({
      'src/sig.c':
        '#define _GNU_SOURCE\n#include <setjmp.h>\n' +
        'int main(void) {\n  sigjmp_buf b;\n  if (sigsetjmp(b, 1) == 0) siglongjmp(b, 1);\n  return 0;\n}\n',
    });
    const cc = await s.run(words(`$CC ${SJLJ} sig.c -o sig.wasm`, s.env), '/src');
    expect(cc.code).not.toBe(0);
    expect(cc.stderr).toMatch(/undefined symbol: sigsetjmp/);
    expect(cc.stderr.endsWith(SIGSETJMP_HINT), cc.stderr).toBe(true);
  });
});
