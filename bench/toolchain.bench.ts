// `npm run bench toolchain`: compiling in the built-in images. hello-world.c through the
// process model (clang -### then its jobs) against the same jobs run bare on the runtime, and
// against YoWASP's own runClang on the same file; C++ <iostream>; Python hello cold and warm;
// the C++ compile's peak linear memory; in Chromium, the warm compile and a second visit's first
// compile with the toolchain in Cache Storage.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openFile, replaceText } from '../test/e2e/app.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { clickUntil as clickOn } from './click-until.ts';
import type { Bench, BenchContext } from './context.ts';
import { nodePackageSource } from '../src/cli/packages.ts';
import { builtinImage, builtinImageFiles, type BuiltinImageName } from '../src/core/images/index.ts';
import { fileNode, graft, imageRootfs, lookup, openVolume, type DirNode } from '../src/core/rootfs/index.ts';
import { ModuleCache, createProcesses, parseClangJobs, runWasi, type WasmModule } from '../src/core/runtime/index.ts';
import type { ToolchainJob, ToolchainResult } from '../test/e2e/toolchain-images.worker.ts';

const root = resolve(import.meta.dirname, '..');
const HELLO = readFileSync(join(root, 'public/examples/hello-world/hello-world.c'), 'utf8');
const CXX = '#include <iostream>\nint main() { std::cout << "hi from C++" << std::endl; return 0; }\n';
const COMMANDS = ['sh', 'echo', 'cat', 'ls', 'rm'];
const SAMPLES = 7;
const quiet = (): void => {};

function best(xs: number[]): number {
  return Math.min(...xs);
}

export async function image(name: BuiltinImageName): Promise<{ tree: DirNode; env: string[] }> {
  const files = await nodePackageSource().load(builtinImageFiles(name));
  const img = await builtinImage(name, 'latest', files, { commands: COMMANDS });
  return { tree: await imageRootfs(img), env: img.config.config?.Env ?? [] };
}

/** One spawn over a fresh volume of `tree` with `files`; returns ms and checks the exit code. */
export async function spawnMs(
  tree: DirNode,
  env: string[],
  modules: ModuleCache,
  argv: string[],
  cwd: string,
  files: Record<string, string>,
): Promise<number> {
  let t = tree;
  for (const [p, text] of Object.entries(files)) t = graft(t, p, fileNode(text));
  const p = createProcesses({ volume: openVolume(t), builtins: new Map(), modules });
  let err = '';
  const start = performance.now();
  const code = await p.spawn({ argv, env, cwd, stdout: quiet, stderr: (c) => (err += new TextDecoder().decode(c)) });
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${err}`);
  return ms;
}

/**
 * The jobs clang's driver would run for `argv` (the compiler first) in /src over `files`, taken
 * once; returns a function that runs them bare with runWasi over a fresh volume.
 */
export function bareJobs(
  tree: DirNode,
  env: string[],
  module: WasmModule,
  argv: string[] = ['/opt/wasi-sdk/bin/clang', 'hello-world.c', '-o', 'hello-world.wasm'],
  files: Record<string, string> = { 'src/hello-world.c': HELLO },
): () => number {
  let src = tree;
  for (const [p, text] of Object.entries(files)) src = graft(src, p, fileNode(text));
  let listing = '';
  runWasi({
    module,
    args: [argv[0]!, '-###', ...argv.slice(1)],
    env,
    root: openVolume(src),
    cwd: '/src',
    stdout: quiet,
    stderr: (c) => (listing += new TextDecoder().decode(c)),
  });
  const jobs = parseClangJobs(listing)!.jobs;
  return () => {
    const volume = openVolume(src);
    const t = performance.now();
    for (const job of jobs) {
      const args = job[0] === '' ? job.slice(1) : job;
      const r = runWasi({ module, args, env, root: volume, cwd: '/src', stdout: quiet, stderr: quiet });
      if (r.code !== 0) throw new Error(`bare job ${args.slice(0, 3).join(' ')} exited ${r.code}`);
    }
    return performance.now() - t;
  };
}

/** YoWASP's runClang, timed per call (its first call loads its resources: call once untimed). */
async function yowasp(): Promise<(file: string, source: string, args: string[]) => Promise<number>> {
  const { runClang } = (await import('@yowasp/clang')) as unknown as {
    runClang(args: string[], files: Record<string, string>, o: object): Promise<Record<string, unknown>>;
  };
  return async (file, source, args) => {
    const t = performance.now();
    await runClang(args, { [file]: source }, { fetchProgress: quiet, stdout: null, stderr: null });
    return performance.now() - t;
  };
}

/** Records the linear memory of every instance made while `f` runs; returns the largest, in bytes. */
async function peakMemory(f: () => Promise<unknown>): Promise<number> {
  const Original = WebAssembly.Instance;
  const seen: WebAssembly.Instance[] = [];
  const Recording = function (this: unknown, module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    const i = new Original(module, imports);
    seen.push(i);
    return i;
  } as unknown as typeof WebAssembly.Instance;
  (WebAssembly as { Instance: typeof WebAssembly.Instance }).Instance = Recording;
  try {
    await f();
  } finally {
    (WebAssembly as { Instance: typeof WebAssembly.Instance }).Instance = Original;
  }
  return Math.max(...seen.map((i) => (i.exports.memory as WebAssembly.Memory | undefined)?.buffer.byteLength ?? 0));
}

async function inWorker(ctx: BenchContext, job: ToolchainJob, page?: Awaited<ReturnType<BenchContext['page']>>) {
  const p = page ?? (await ctx.page());
  const reply = (await p.evaluate(
    `new Promise((resolve) => {
      const w = new Worker('/test/e2e/toolchain-images.worker.ts', { type: 'module' });
      w.onmessage = (e) => { resolve(e.data); w.terminate(); };
      w.onerror = (e) => resolve({ error: e.message || 'worker failed' });
      w.postMessage(${JSON.stringify(job)});
    })`,
  )) as { ok?: ToolchainResult; error?: string };
  if (!reply.ok) throw new Error(`toolchain worker: ${reply.error}`);
  return { result: reply.ok, page: p };
}

const bench: Bench = {
  name: 'toolchain',
  async run(ctx) {
    const sdk = await image('wasi-sdk');
    const modules = new ModuleCache();
    const seed = { 'src/hello-world.c': HELLO };
    const cc = ['/opt/wasi-sdk/bin/clang', 'hello-world.c', '-o', 'hello-world.wasm'];
    await spawnMs(sdk.tree, sdk.env, modules, cc, '/src', seed); // compiles the module; V8 tiers up
    // The very module the process model ran (same compiled code, same tier-up state).
    const llvm = lookup(sdk.tree, '/opt/wasi-sdk/bin/llvm');
    const clangModule = llvm?.kind === 'file' ? modules.peek(llvm.data) : undefined;
    if (!clangModule) throw new Error('the clang module is not in the cache');
    const runBare = bareJobs(sdk.tree, sdk.env, clangModule);
    // Interleaved, so a change in the shared machine's load hits both sides alike.
    const processModel: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      processModel.push(await spawnMs(sdk.tree, sdk.env, modules, cc, '/src', seed));
      bare.push(runBare());
    }
    ctx.report({
      name: 'hello-world.c compile warm, process model (clang -### + jobs)',
      host: 'node',
      value: best(processModel),
      unit: 'ms',
      limit: { name: 'the same cc1 + wasm-ld jobs run bare on the runtime', value: best(bare) },
      goal: { ratio: 1.2 },
    });
    const runClang = await yowasp();
    const yoArgs = ['clang', 'hello-world.c', '-o', 'hello-world.wasm'];
    await runClang('hello-world.c', HELLO, yoArgs);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      ours.push(await spawnMs(sdk.tree, sdk.env, modules, cc, '/src', seed));
      theirs.push(await runClang('hello-world.c', HELLO, yoArgs));
    }
    ctx.report({
      name: 'hello-world.c compile warm, process model',
      host: 'node',
      value: best(ours),
      unit: 'ms',
      limit: { name: "YoWASP's runClang on the same file", value: best(theirs) },
      goal: { ratio: 1.0 },
    });

    const cxxArgv = ['/opt/wasi-sdk/bin/clang++', '-fno-exceptions', 'hi.cc', '-o', 'hi.wasm'];
    const cxxFiles = { 'src/hi.cc': CXX };
    let cxxPeak = 0;
    const cxx: number[] = [];
    for (let i = 0; i < 3; i++) {
      cxxPeak = Math.max(
        cxxPeak,
        await peakMemory(async () => cxx.push(await spawnMs(sdk.tree, sdk.env, modules, cxxArgv, '/src', cxxFiles))),
      );
    }
    const cxxArgs = ['clang++', '-fno-exceptions', 'hi.cc', '-o', 'hi.wasm'];
    await runClang('hi.cc', CXX, cxxArgs);
    const yowaspCxx = [await runClang('hi.cc', CXX, cxxArgs)];
    ctx.report({
      name: 'C++ <iostream> compile warm (-fno-exceptions)',
      host: 'node',
      value: best(cxx.slice(1)),
      unit: 'ms',
      limit: { name: "YoWASP's runClang on the same file", value: best(yowaspCxx) },
    });
    ctx.report({
      name: 'C++ <iostream> compile, peak linear memory of a job',
      host: 'node',
      value: cxxPeak / 2 ** 20,
      unit: 'MiB',
    });

    const py = await image('python-wasi');
    const pyArgv = ['python3', 'hello.py'];
    const pyFiles = { 'app/hello.py': 'print("hello from Python")\n' };
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) cold.push(await spawnMs(py.tree, py.env, new ModuleCache(), pyArgv, '/app', pyFiles));
    const pyModules = new ModuleCache();
    const warm: number[] = [];
    for (let i = 0; i < SAMPLES; i++) warm.push(await spawnMs(py.tree, py.env, pyModules, pyArgv, '/app', pyFiles));
    ctx.report({ name: 'Python hello cold (compile 26 MB + run)', host: 'node', value: best(cold), unit: 'ms' });
    ctx.report({ name: 'Python hello warm (module cached)', host: 'node', value: best(warm.slice(1)), unit: 'ms' });

    // Chromium: a Worker loads the toolchain (first visit fills Cache Storage), builds the image
    // and compiles hello-world.c several times; a second page of the same origin is the second visit.
    // Each compile is followed by a run of what it made: the two halves of the floor under the
    // playground's edit -> Run.
    const compileRun = { argv: ['$CC', 'hello-world.c', '-o', 'hello-world.wasm'], cwd: '/src' };
    const outputRun = { argv: ['/src/hello-world.wasm'], cwd: '/' };
    const runs = Array.from({ length: SAMPLES }, () => [compileRun, outputRun]).flat();
    const job: ToolchainJob = { image: 'wasi-sdk', commands: COMMANDS, files: seed, runs };
    const first = await inWorker(ctx, job);
    ctx.report({
      name: 'first visit: toolchain fetched from the local server, compiled, cached',
      host: 'chromium',
      value: first.result.loadMs,
      unit: 'ms',
    });
    ctx.report({
      name: 'hello-world.c compile warm, in a Worker',
      host: 'chromium',
      value: best(compiles(first.result.runs)),
      unit: 'ms',
      goal: { max: 300 },
    });
    // The playground's own loop: edit hello-world.c, click Run, wait for Exited (0): parse, the
    // COPY, the RUN step's clang jobs, the final stage, the store commit and the run itself. And
    // the build alone (edit, click Build, wait for Built): the machinery around the clang jobs.
    const bareInWorker = best(compiles(first.result.runs));
    const outputs = first.result.runs.filter((_, i) => i % 2 === 1);
    if (!outputs.every((r) => r.code === 0 && r.stdout.includes('Hello, Wasm!'))) {
      throw new Error(`the compiled hello-world.wasm did not run: ${JSON.stringify(outputs[0])}`);
    }
    const runInWorker = best(outputs.map((r) => r.ms));
    const again = await first.page.context().newPage();
    await again.goto(first.page.url());
    const second = await inWorker(ctx, { ...job, runs: [compileRun] }, again);
    ctx.report({
      name: 'second visit: toolchain from Cache Storage + image + first compile',
      host: 'chromium',
      value: second.result.loadMs + second.result.imageMs + second.result.runs[0]!.ms,
      unit: 'ms',
      goal: { max: 2000 },
    });
    const r = second.result;
    const bareSecondVisit = r.loadMs + r.imageMs + r.runs[0]!.ms;
    console.log(
      `    (second visit: files from Cache Storage + compileStreaming ${Math.round(r.loadMs)} ms, image ${Math.round(r.imageMs)} ms, first compile ${Math.round(r.runs[0]!.ms)} ms)`,
    );
    const loop = await editLoops(ctx);
    const profile = loop.page.context();
    await loop.page.close();
    // A later visit of the playground (same profile: toolchain in Cache Storage), edit -> Run:
    // clicked as soon as Run is enabled, and after the page has settled (the builder warms the
    // toolchain its Dockerfile names meanwhile, from Cache Storage).
    for (const settle of [0, 5000]) {
      ctx.report({
        name: `second visit: edit -> Run -> Exited (0), Run clicked ${settle === 0 ? 'as soon as enabled' : `${settle / 1000} s after load`}, the playground`,
        host: 'chromium',
        value: await secondVisitRun(profile, loop.url, settle),
        unit: 'ms',
        // Clicked at once, the Run waits for what a later visit must do before any compile: the
        // toolchain from Cache Storage, the image, clang's first (cold) compile, bare in a Worker.
        ...(settle === 0 ? { limit: { name: 'the same later visit bare in a Worker', value: bareSecondVisit } } : {}),
        goal: { max: 2000 },
      });
    }
    ctx.report({
      name: 'hello-world.c edit -> Run -> Exited (0), warm, the playground',
      host: 'chromium',
      value: loop.run,
      unit: 'ms',
      // The floor: the same clang jobs, then the module they made run, bare in a Worker.
      limit: { name: 'bare clang jobs + a run of the module, in a Worker', value: bareInWorker + runInWorker },
      goal: { ratio: 1.2, max: 300 },
    });
    ctx.report({
      name: 'hello-world.c edit -> Build -> Built, warm, against the same clang jobs bare in a Worker',
      host: 'chromium',
      value: loop.build,
      unit: 'ms',
      limit: { name: 'bare clang jobs', value: bareInWorker },
      goal: { ratio: 1.2 },
    });
  },
};

export default bench;

/** The compile runs of a job that alternates compile and run, the first (cold) one left out. */
function compiles(runs: ToolchainResult['runs']): number[] {
  return runs
    .filter((_, i) => i % 2 === 0)
    .slice(1)
    .map((r) => r.ms);
}

/**
 * A later visit: a new page of the profile the edit loops ran in (its toolchain in Cache Storage,
 * its projects and images in IndexedDB), edit hello-world.c, click Run `settle` ms after load.
 */
export async function secondVisitRun(profile: BrowserContext, url: string, settle: number): Promise<number> {
  const page = await profile.newPage();
  try {
    await page.goto(url);
    await page
      .getByRole('button', { name: 'Run', exact: true })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 120_000 });
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(settle);
    await openFile(page, 'hello-world.c');
    await replaceText(page, `#include <stdio.h>\nint main(void) { puts("visit ${settle}"); return 0; }\n`);
    return await clickOn(page, 'Run', '^Exited \\(0\\)');
  } finally {
    await page.close();
  }
}

/** Best of several edit -> Run -> Exited (0) and edit -> Build -> Built loops in the playground. */
async function editLoops(ctx: BenchContext): Promise<{ run: number; build: number; page: Page; url: string }> {
  const page = await ctx.page();
  await page.goto(new URL('/', page.url()).href);
  await page
    .getByRole('button', { name: 'Run', exact: true })
    .and(page.locator(':enabled'))
    .waitFor({ timeout: 120_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
  const clickUntil = (label: string, pattern: string): Promise<number> => clickOn(page, label, pattern);
  await clickUntil('Run', '^Exited \\(0\\)'); // loads the toolchain, compiles, runs
  await openFile(page, 'hello-world.c');
  const runs: number[] = [];
  const builds: number[] = [];
  // A person reads what a run printed before the next edit: a second between loops, in which the
  // builder makes its spare clang instances (SpareInstances), as it does between a person's runs.
  const read = (): Promise<void> => page.waitForTimeout(1000);
  for (let i = 0; i < SAMPLES + 1; i++) {
    await read();
    await replaceText(page, `#include <stdio.h>\nint main(void) { puts("edit ${i}"); return 0; }\n`);
    runs.push(await clickUntil('Run', '^Exited \\(0\\)'));
    await read();
    await replaceText(page, `#include <stdio.h>\nint main(void) { puts("build ${i}"); return 0; }\n`);
    builds.push(await clickUntil('Build', '^Built '));
  }
  return { run: best(runs.slice(1)), build: best(builds.slice(1)), page, url: page.url() };
}
