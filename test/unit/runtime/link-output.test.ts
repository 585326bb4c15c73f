// A link's output is executable, as lld's Wasm writer creates it (0777 & ~umask); everything
// else a program creates is 0644 and its directories 0755 (umask 022). Which calls are wasm-ld
// follows lld's own reading of argv[0] and of -o; the cases were checked against Debian's
// wasm-ld 14 (`-o X` and `-oX` only, the last wins, `-r` output executable too).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirNode, fileNode, graft, openVolume, type Volume } from '../../../src/core/rootfs/index.ts';
import { LINKED_MODE, UMASK, createProcesses, wasmLdOutput } from '../../../src/core/runtime/index.ts';
import { resolve as resolvePath } from '../../../src/core/runtime/paths.ts';

describe('wasmLdOutput', () => {
  const cases: Array<[string[], string | undefined]> = [
    [['/opt/wasi-sdk/bin/wasm-ld', '-m', 'wasm32', 'crt1.o', 'a.o', '-o', 'hello.wasm'], 'hello.wasm'],
    [['wasm-ld', 'a.o', '-oout.wasm'], 'out.wasm'],
    [['wasm-ld', '-o', 'first', 'a.o', '-o', 'second'], 'second'],
    [['wasm-ld', '-r', 'a.o', '-o', 'r.o'], 'r.o'],
    [['wasm32-wasi-wasm-ld', 'a.o', '-o', '/out/prog'], '/out/prog'],
    [['/opt/wasi-sdk/bin/llvm', 'wasm-ld', 'a.o', '-o', 'prog'], 'prog'],
    [['lld', '-flavor', 'wasm', 'a.o', '-o', 'prog'], 'prog'],
    [['wasm-ld', 'a.o', '-o', '-'], undefined],
    [['wasm-ld', 'a.o'], undefined],
    [['wasm-ld', 'a.o', '--output=prog'], undefined],
    [['ld.lld', 'a.o', '-o', 'prog'], undefined],
    [['ld', 'a.o', '-o', 'prog'], undefined],
    [['lld', '-flavor', 'gnu', 'a.o', '-o', 'prog'], undefined],
    [['clang', 'a.c', '-o', 'prog'], undefined],
    [['llvm-ar', 'rcs', 'lib.a', 'a.o'], undefined],
  ];
  it.each(cases)('wasmLdOutput(%j)', (argv, want) => {
    expect(wasmLdOutput(argv), `wasmLdOutput(${JSON.stringify(argv)})`).toBe(want);
  });
});

describe('modes of the files programs create', () => {
  // mutate creates new.txt and made/inner.txt, makes made/ (asking 0750), rewrites rewrite.txt
  // and renames old-name.txt under the directory its first argument names.
  const mutate = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/mutate.wasm')));

  async function run(program: string, args: string[]): Promise<Volume> {
    let t = dirNode();
    t = graft(t, `usr/bin/${program}`, fileNode(mutate, { mode: 0o755 }));
    for (const name of ['rewrite.txt', 'append.txt', 'old-name.txt', 'gone.txt', 'tree/leaf.txt']) {
      t = graft(t, `data/${name}`, fileNode('x\n'));
    }
    const volume = openVolume(t);
    let stderr = '';
    const code = await createProcesses({ volume, builtins: new Map() }).spawn({
      argv: [program, ...args],
      env: ['PATH=/usr/bin'],
      cwd: '/data',
      stdout: () => {},
      stderr: (c) => (stderr += new TextDecoder().decode(c)),
    });
    expect(code, `${program} ${args.join(' ')}: ${stderr}`).toBe(0);
    return volume;
  }

  const modeOf = (v: Volume, path: string): string => {
    const r = resolvePath(v.root, path, false, v.root);
    if (typeof r === 'number' || !r.node) return `${path}: missing`;
    return `${path} ${r.node.mode.toString(8)}`;
  };
  const names = ['new.txt', 'made', 'made/inner.txt', 'rewrite.txt', 'new-name.txt'];

  it('umask 022: files 0644, directories 0755, whatever mode the program asked for', async () => {
    expect(UMASK).toBe(0o022);
    const v = await run('mutate', ['/data']);
    expect(names.map((n) => modeOf(v, `data/${n}`))).toEqual([
      'data/new.txt 644',
      'data/made 755',
      'data/made/inner.txt 644',
      'data/rewrite.txt 644',
      'data/new-name.txt 644',
    ]);
  });

  it("wasm-ld's -o output, relative to its working directory, is 0755 once it succeeds; its other files are not", async () => {
    expect(LINKED_MODE).toBe(0o755);
    const v = await run('wasm-ld', ['/data', '-o', 'new.txt']);
    expect(names.map((n) => modeOf(v, `data/${n}`))).toEqual([
      'data/new.txt 755',
      'data/made 755',
      'data/made/inner.txt 644',
      'data/rewrite.txt 644',
      'data/new-name.txt 644',
    ]);
  });

  it('an output that was there already (a rebuild) becomes 0755 too, as lld replaces the file', async () => {
    const v = await run('wasm-ld', ['/data', '-o/data/rewrite.txt']);
    expect(modeOf(v, 'data/rewrite.txt')).toBe('data/rewrite.txt 755');
  });
});
