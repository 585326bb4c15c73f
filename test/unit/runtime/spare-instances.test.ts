// Spare instances of the toolchain's modules: made when the thread is idle, bound to the process
// that takes one, used once; none for a user's program or for a module that imports more than
// functions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirNode, fileNode, graft, openVolume } from '../../../src/core/rootfs/index.ts';
import { ModuleCache, createProcesses, runWasi } from '../../../src/core/runtime/index.ts';
import { SPARES_PER_MODULE, SpareInstances } from '../../../src/core/runtime/spare-instances.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures', name)));
const hello = fixture('hello.wasm');
const args = fixture('args.wasm');

/** Waits until `check` holds, as long as the refills need (each waits SPARE_DELAY_MS). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

function runOnce(module: WebAssembly.Module, spares: SpareInstances, argv: string[]): { code: number; out: string } {
  let out = '';
  const decoder = new TextDecoder();
  const r = runWasi({
    module,
    args: argv,
    env: [],
    root: null,
    stdout: (b) => (out += decoder.decode(b)),
    stderr: () => {},
    instantiate: (m, imports) => spares.instantiate(m, imports),
  });
  return { code: r.code, out };
}

describe('SpareInstances', () => {
  it('keeps spares of an offered module once it has run, each bound to the run that takes it', async () => {
    const module = await WebAssembly.compile(args);
    const spares = new SpareInstances();
    spares.offer(module);
    expect(spares.ready(module), 'none before the module first runs').toBe(0);
    expect(runOnce(module, spares, ['args', 'first'])).toEqual({
      code: 0,
      out: 'argc=2\nargv[0]=args\nargv[1]=first\n',
    });
    await until(() => spares.ready(module) === SPARES_PER_MODULE);
    // Every run gets its own arguments: a spare's imports are the taking process's, not the last one's.
    expect(runOnce(module, spares, ['args', 'second'])).toEqual({
      code: 0,
      out: 'argc=2\nargv[0]=args\nargv[1]=second\n',
    });
    expect(spares.ready(module)).toBe(SPARES_PER_MODULE - 1);
    expect(runOnce(module, spares, ['args', 'third', 'x'])).toEqual({
      code: 0,
      out: 'argc=3\nargv[0]=args\nargv[1]=third\nargv[2]=x\n',
    });
    await until(() => spares.ready(module) === SPARES_PER_MODULE);
    spares.clear();
    expect(spares.ready(module)).toBe(0);
  });

  it('makes none for a module not offered (a program of the user)', async () => {
    const module = await WebAssembly.compile(hello);
    const spares = new SpareInstances();
    expect(runOnce(module, spares, ['hello']).out).toBe('Hello, Wasm!\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(spares.ready(module)).toBe(0);
  });

  it('makes none for a module that imports a memory, and instantiates it as usual', async () => {
    // (import "e" "m" (memory 1))
    const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 8, 1, 1, 0x65, 1, 0x6d, 2, 0, 1]);
    const module = await WebAssembly.compile(bytes);
    const spares = new SpareInstances();
    spares.offer(module);
    const imports = { e: { m: new WebAssembly.Memory({ initial: 1 }) } };
    expect(spares.instantiate(module, imports)).toBeInstanceOf(WebAssembly.Instance);
    await new Promise((r) => setTimeout(r, 100));
    expect(spares.ready(module)).toBe(0);
  });

  it('a process that lacks an import the module needs gets the LinkError a new instance gives', async () => {
    const module = await WebAssembly.compile(hello);
    const spares = new SpareInstances();
    spares.offer(module);
    runOnce(module, spares, ['hello']);
    await until(() => spares.ready(module) === SPARES_PER_MODULE);
    expect(() => spares.instantiate(module, { wasi_snapshot_preview1: {} })).toThrow(WebAssembly.LinkError);
  });
});

describe('ModuleCache: spares for primed modules', () => {
  it('a primed module run as a process gets spares; the same bytes compiled on demand get none', async () => {
    const primed = new ModuleCache();
    const module = await WebAssembly.compile(hello);
    primed.prime(hello, module);
    const tree = graft(dirNode(), 'bin/hello.wasm', fileNode(hello, { mode: 0o755 }));
    const run = async (modules: ModuleCache): Promise<string> => {
      let out = '';
      const code = await createProcesses({ volume: openVolume(tree), builtins: new Map(), modules }).spawn({
        argv: ['/bin/hello.wasm'],
        env: [],
        cwd: '/',
        stdout: (b) => (out += new TextDecoder().decode(b)),
        stderr: () => {},
      });
      expect(code).toBe(0);
      return out;
    };
    expect(await run(primed)).toBe('Hello, Wasm!\n');
    await until(() => primed.spares.ready(module) === SPARES_PER_MODULE);
    expect(await run(primed), 'run on a spare').toBe('Hello, Wasm!\n');

    const plain = new ModuleCache();
    expect(await run(plain)).toBe('Hello, Wasm!\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(plain.spares.ready(await plain.get(hello))).toBe(0);
  });
});
