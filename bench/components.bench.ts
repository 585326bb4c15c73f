// `npm run bench components`: WASI 0.2 command components beside the same C programs as preview1
// modules, in the same run: a component's first run (the transpiler loaded, the component
// transpiled and compiled), a warm run (transpile kept), and in the page a run from Cache Storage
// in a new worker (nothing transpiled; compiled from the cached responses). In Node, in the page's
// runner Worker, and through `wharf run` (the cache folder).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bench } from './context.ts';
import { dirNode } from '../src/core/rootfs/index.ts';
import { ComponentLoader, runComponent, runWasi, wasm } from '../src/core/runtime/index.ts';
import { wharfArgs } from '../test/support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test/fixtures');
const SHA_ROUNDS = '2000';
const quiet = (): void => {};

async function ms(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const PAGE = (shaRounds: string): string => `(async () => {
  const { RunnerClient } = await import('/src/worker/runner-client.ts');
  const load = async (p) => new Uint8Array(await (await fetch('/test/fixtures/' + p + '.wasm')).arrayBuffer());
  const time = async (runner, o) => { const t = performance.now(); const e = await runner.start(o).exited; if (e.code !== 0) throw new Error(o.argv[0] + ' exited ' + e.code); return performance.now() - t; };
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const pause = () => new Promise((r) => setTimeout(r, 20));
  const hello = await load('hello'), helloC = await load('components/hello');
  const sha = await load('sha256'), shaC = await load('components/sha256');
  await caches.delete('wharf-components');
  const runner = new RunnerClient();
  await new Promise((r) => setTimeout(r, 300));
  const first = await time(runner, { module: helloC, argv: ['hello.wasm'] });
  const warm = [], warmModule = [];
  for (let i = 0; i < 15; i++) {
    warm.push(await time(runner, { module: { bytes: helloC, digest: 'hc' }, argv: ['hello.wasm'] })); await pause();
    warmModule.push(await time(runner, { module: { bytes: hello, digest: 'hm' }, argv: ['hello.wasm'] })); await pause();
  }
  await time(runner, { module: { bytes: shaC, digest: 'sc' }, argv: ['sha256.wasm', '${shaRounds}'] });
  await time(runner, { module: { bytes: sha, digest: 'sm' }, argv: ['sha256.wasm', '${shaRounds}'] });
  const shaWarm = [], shaWarmModule = [];
  for (let i = 0; i < 3; i++) {
    shaWarm.push(await time(runner, { module: { bytes: shaC, digest: 'sc' }, argv: ['sha256.wasm', '${shaRounds}'] }));
    shaWarmModule.push(await time(runner, { module: { bytes: sha, digest: 'sm' }, argv: ['sha256.wasm', '${shaRounds}'] }));
  }
  runner.dispose();
  // A new worker: the transpile comes from Cache Storage, compiled from the cached responses.
  const cached = [], coldModule = [];
  for (let i = 0; i < 3; i++) {
    const r = new RunnerClient({ warm: 0 });
    cached.push(await time(r, { module: helloC, argv: ['hello.wasm'] }));
    r.dispose();
    const m = new RunnerClient({ warm: 0 });
    coldModule.push(await time(m, { module: hello.slice(), argv: ['hello.wasm'] }));
    m.dispose();
  }
  return { first, warm: med(warm), warmModule: med(warmModule), shaWarm: Math.min(...shaWarm), shaWarmModule: Math.min(...shaWarmModule), cached: med(cached), coldModule: med(coldModule) };
})()`;

function cliMs(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, wharfArgs(['run', ...args]), { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`wharf run ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const bench: Bench = {
  name: 'components',
  async run(ctx) {
    const read = (p: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, `${p}.wasm`)));
    const run = (module: WebAssembly.Module, args: string[]) =>
      runWasi({ module, args, env: [], root: dirNode(), stdout: quiet, stderr: quiet });
    for (const [name, args] of [
      ['hello', ['hello.wasm']],
      ['sha256', ['sha256.wasm', SHA_ROUNDS]],
    ] as const) {
      const bytes = read(name);
      const componentBytes = read(`components/${name}`);
      let module!: WebAssembly.Module;
      const moduleFirst = await ms(async () => run((module = await wasm.compile(bytes)), [...args]));
      const loader = new ComponentLoader();
      const runC = async (): Promise<void> => {
        const component = await loader.load(componentBytes, args[0]);
        runComponent({ component, args: [...args], env: [], root: dirNode(), stdout: quiet, stderr: quiet });
      };
      const first = await ms(runC);
      // A moment between runs, as between two Runs in the page: a warm run starts on the spare
      // instance the idle thread made (spare-instance.ts). Runs alternate, as in the page, and
      // enough of them (hello's) that the glue is compiled as the module's host is.
      const rounds = name === 'hello' ? 30 : 3;
      const warm: number[] = [];
      const warmModule: number[] = [];
      for (let i = 0; i < rounds; i++) {
        await new Promise((r) => setTimeout(r, 20));
        warm.push(await ms(runC));
        await new Promise((r) => setTimeout(r, 20));
        warmModule.push(await ms(() => run(module, [...args])));
      }
      ctx.report({
        name: `${name}: component first run (transpiler load${name === 'hello' ? '' : ' done'}, transpile, compile, run)`,
        host: 'node',
        value: first,
        unit: 'ms',
        limit: { name: 'the module: compile + run', value: moduleFirst },
      });
      ctx.report({
        name: `${name}: component warm run (transpile kept), median of ${rounds}`,
        host: 'node',
        value: median(warm),
        unit: 'ms',
        limit: { name: `the module warm, median of ${rounds}`, value: median(warmModule) },
        goal: { ratio: 1.5 },
      });
    }

    // wharf run: each a new process; the component's transpile comes from the cache folder.
    cliMs([join(fixtures, 'components/hello.wasm')]);
    const cliComponent = median([0, 1, 2, 3, 4].map(() => cliMs([join(fixtures, 'components/hello.wasm')])));
    const cliModule = median([0, 1, 2, 3, 4].map(() => cliMs([join(fixtures, 'hello.wasm')])));
    ctx.report({
      name: 'wharf run hello: component (transpile from the cache folder), median of 5',
      host: 'node',
      value: cliComponent,
      unit: 'ms',
      limit: { name: 'wharf run hello.wasm (module)', value: cliModule },
      goal: { ratio: 1.5 },
    });

    const page = await ctx.page();
    const c = (await page.evaluate(PAGE(SHA_ROUNDS))) as Record<string, number>;
    ctx.report({
      name: 'hello: component first run in the page (transpiler loaded, transpile, compile, run)',
      host: 'chromium',
      value: c.first!,
      unit: 'ms',
      limit: { name: 'the module, new worker + compile + run', value: c.coldModule! },
    });
    ctx.report({
      name: 'hello: component warm run (transpile kept in the worker), median of 15',
      host: 'chromium',
      value: c.warm!,
      unit: 'ms',
      limit: { name: 'the module warm, median of 15', value: c.warmModule! },
      goal: { ratio: 1.5 },
    });
    ctx.report({
      name: 'hello: component in a new worker, from Cache Storage (no transpile), median of 3',
      host: 'chromium',
      value: c.cached!,
      unit: 'ms',
      limit: { name: 'the module, new worker + compile + run', value: c.coldModule! },
    });
    ctx.report({
      name: `sha256 x${SHA_ROUNDS}: component warm run`,
      host: 'chromium',
      value: c.shaWarm!,
      unit: 'ms',
      limit: { name: 'the module warm', value: c.shaWarmModule! },
      goal: { ratio: 1.5 },
    });
  },
};
export default bench;
