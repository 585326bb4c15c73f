// `npm run bench runtime`: WASI run latency (hello, warm and cold, in a Chromium Worker), a
// CPU-bound module against its native build and node:wasi, and 20 MB of file I/O in 4 KB chunks
// against node:wasi on a real disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WASI } from 'node:wasi';
import type { Bench } from './context.ts';
import { dirNode } from '../src/core/rootfs/index.ts';
import { runWasi } from '../src/core/runtime/index.ts';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test/fixtures');
const SHA_ROUNDS = '2000';
// Seven runs each for the 20 MB I/O: our host is JavaScript and needs a few runs to be compiled
// by V8 (the first takes ~2x the seventh), node:wasi's is C++ and needs one. Both get the same count.
const IO_SAMPLES = [0, 1, 2, 3, 4, 5, 6];
const quiet = (): void => {};
const devNull = openSync('/dev/null', 'w');

function ms(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

// The machine is shared: the least-disturbed of a few samples is the figure.
function best(xs: number[]): number {
  return Math.min(...xs);
}

/** node:wasi: compile (unless given the module), instantiate and run. */
function nodeWasi(code: Uint8Array | WebAssembly.Module, args: string[], preopen?: string): number {
  return ms(() => {
    const wasi = new WASI({
      version: 'preview1',
      args,
      env: {},
      ...(preopen ? { preopens: { '/': preopen } } : {}),
      stdout: devNull,
    });
    const module = code instanceof WebAssembly.Module ? code : new WebAssembly.Module(code as Uint8Array<ArrayBuffer>);
    const instance = new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports);
    wasi.start(instance);
  });
}

const PAGE = (shaRounds: string): string => `(async () => {
  const { RunnerClient } = await import('/src/worker/runner-client.ts');
  const load = async (n) => new Uint8Array(await (await fetch('/test/fixtures/' + n + '.wasm')).arrayBuffer());
  const time = async (runner, o) => { const t = performance.now(); const e = await runner.start(o).exited; if (e.code !== 0) throw new Error(o.argv[0] + ' exited ' + e.code); return performance.now() - t; };
  const hello = await load('hello');
  const cold = [];
  for (let i = 0; i < 5; i++) {
    const runner = new RunnerClient({ warm: 0 });
    cold.push(await time(runner, { module: hello.slice(), argv: ['hello.wasm'] }));
    runner.dispose();
  }
  const runner = new RunnerClient();
  await new Promise((r) => setTimeout(r, 300));
  await time(runner, { module: { bytes: hello, digest: 'hello' }, argv: ['hello.wasm'] });
  const warm = [];
  for (let i = 0; i < 30; i++) { warm.push(await time(runner, { module: { bytes: hello, digest: 'hello' }, argv: ['hello.wasm'] })); await new Promise((r) => setTimeout(r, 20)); }
  const sha = await load('sha256');
  const firsts = [];
  for (let i = 0; i < 3; i++) firsts.push(await time(runner, { module: { bytes: sha, digest: 'sha-first-' + i }, argv: ['sha256.wasm', '${shaRounds}'] }));
  const shaFirst = Math.min(...firsts);
  const shaAgain = [];
  for (let i = 0; i < 3; i++) shaAgain.push(await time(runner, { module: { bytes: sha, digest: 'sha' }, argv: ['sha256.wasm', '${shaRounds}'] }));
  const io = await load('fileio');
  const ioTimes = [];
  for (let i = 0; i < 7; i++) ioTimes.push(await time(runner, { module: { bytes: io, digest: 'io' }, argv: ['fileio.wasm', '20'] }));
  const ioBest = Math.min(...ioTimes);
  runner.dispose();
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { cold: med(cold), warm: med(warm), shaFirst, shaAgain: Math.min(...shaAgain), io: ioBest };
})()`;

const bench: Bench = {
  name: 'runtime',
  async run(ctx) {
    const native = join(fixtures, 'native/sha256');
    if (!existsSync(native)) {
      // As build.sh builds it, and only it: build.sh would also rebuild every committed fixture.
      mkdirSync(dirname(native), { recursive: true });
      execFileSync('clang', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', native, join(fixtures, 'src/sha256.c')]);
    }
    const nativeMs = best(
      [0, 1, 2].map(() =>
        ms(() => {
          const r = spawnSync(native, [SHA_ROUNDS]);
          if (r.status !== 0) throw new Error('native sha256 failed');
        }),
      ),
    );
    const sha = readFileSync(join(fixtures, 'sha256.wasm'));
    const nodeWasiSha = best([0, 1, 2].map(() => nodeWasi(sha, ['sha256.wasm', SHA_ROUNDS])));
    // The engine's own floor: node:wasi re-running one compiled (tiered-up) module. What is left
    // between this and native is V8's code for the kernel, not the WASI host around it.
    const shaModule = new WebAssembly.Module(sha);
    nodeWasi(shaModule, ['sha256.wasm', SHA_ROUNDS]);
    const nodeWasiShaAgain = best([0, 1, 2].map(() => nodeWasi(shaModule, ['sha256.wasm', SHA_ROUNDS])));

    // Ours in Node: a first run compiles; re-runs reuse the compiled (and tiered-up) module.
    let module!: WebAssembly.Module;
    const oursFirst = best(
      [0, 1, 2].map(() =>
        ms(() => {
          module = new WebAssembly.Module(sha);
          runWasi({
            module,
            args: ['sha256.wasm', SHA_ROUNDS],
            env: [],
            root: dirNode(),
            stdout: quiet,
            stderr: quiet,
          });
        }),
      ),
    );
    const oursAgain = Math.min(
      ...[0, 1, 2].map(() =>
        ms(() =>
          runWasi({
            module,
            args: ['sha256.wasm', SHA_ROUNDS],
            env: [],
            root: dirNode(),
            stdout: quiet,
            stderr: quiet,
          }),
        ),
      ),
    );
    const limitNative = { name: `native clang -O2 sha256 x${SHA_ROUNDS}`, value: nativeMs };
    const limitNodeWasi = { name: 'node:wasi first run', value: nodeWasiSha };
    ctx.report({
      name: 'sha256 first run (compile + run)',
      host: 'node',
      value: oursFirst,
      unit: 'ms',
      limit: limitNodeWasi,
      goal: { ratio: 1 },
    });
    ctx.report({
      name: 'sha256 re-run (compiled module kept)',
      host: 'node',
      value: oursAgain,
      unit: 'ms',
      limit: limitNative,
      goal: { ratio: 1.2 },
    });
    ctx.report({
      name: 'node:wasi sha256 re-run (compiled module kept): V8 against native',
      host: 'node',
      value: nodeWasiShaAgain,
      unit: 'ms',
      limit: limitNative,
    });
    ctx.report({
      name: 'sha256 re-run (compiled module kept): our host against node:wasi',
      host: 'node',
      value: oursAgain,
      unit: 'ms',
      limit: { name: 'node:wasi re-run', value: nodeWasiShaAgain },
    });

    const io = readFileSync(join(fixtures, 'fileio.wasm'));
    const disk = mkdtempSync(join(tmpdir(), 'wharf-bench-'));
    const ioModule = new WebAssembly.Module(io);
    let nodeWasiIo: number;
    try {
      nodeWasiIo = best(IO_SAMPLES.map(() => nodeWasi(io, ['fileio.wasm', '20', '/fileio.bin'], disk)));
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
    const oursIo = best(
      IO_SAMPLES.map(() =>
        ms(() =>
          runWasi({
            module: ioModule,
            args: ['fileio.wasm', '20'],
            env: [],
            root: dirNode(),
            stdout: quiet,
            stderr: quiet,
          }),
        ),
      ),
    );
    const limitIo = { name: 'node:wasi on disk', value: nodeWasiIo };
    ctx.report({
      name: '20 MB write+read in 4 KB chunks, in-memory fs',
      host: 'node',
      value: oursIo,
      unit: 'ms',
      limit: limitIo,
      goal: { ratio: 1 },
    });

    const page = await ctx.page();
    const c = (await page.evaluate(PAGE(SHA_ROUNDS))) as {
      cold: number;
      warm: number;
      shaFirst: number;
      shaAgain: number;
      io: number;
    };
    ctx.report({
      name: 'hello run, cold (new worker + compile + run, median of 5)',
      host: 'chromium',
      value: c.cold,
      unit: 'ms',
    });
    ctx.report({
      name: 'hello run, warm (request to exit status, median of 30)',
      host: 'chromium',
      value: c.warm,
      unit: 'ms',
      goal: { max: 15 },
    });
    ctx.report({
      name: 'sha256 first run (compile + run)',
      host: 'chromium',
      value: c.shaFirst,
      unit: 'ms',
      limit: limitNodeWasi,
      goal: { ratio: 1 },
    });
    ctx.report({
      name: 'sha256 re-run (compiled module kept)',
      host: 'chromium',
      value: c.shaAgain,
      unit: 'ms',
      limit: limitNative,
      goal: { ratio: 1.2 },
    });
    ctx.report({
      name: '20 MB write+read in 4 KB chunks, in-memory fs',
      host: 'chromium',
      value: c.io,
      unit: 'ms',
      limit: limitIo,
      goal: { ratio: 1 },
    });
  },
};
export default bench;
