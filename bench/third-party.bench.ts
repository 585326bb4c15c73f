// `npm run bench third-party`: compiling a real project's biggest file in the wasi-sdk image.
// SQLite's amalgamation (test/fixtures/third-party/sqlite/sqlite3.c, 9.5 MB of C) through the
// process model (clang -### then its jobs) against the same cc1 job run bare on the runtime, at
// -O0 (what the interop test builds) and once at -O2 (the Dockerfile's default).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bench } from './context.ts';
import { bareJobs, image, spawnMs } from './toolchain.bench.ts';
import { lookup } from '../src/core/rootfs/index.ts';
import { ModuleCache } from '../src/core/runtime/index.ts';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'test/fixtures/third-party/sqlite');
const files = {
  'src/sqlite3.c': readFileSync(join(dir, 'sqlite3.c'), 'utf8'),
  'src/sqlite3.h': readFileSync(join(dir, 'sqlite3.h'), 'utf8'),
};
const FLAGS = ['-DSQLITE_OMIT_LOAD_EXTENSION', '-DSQLITE_THREADSAFE=0', '-c', 'sqlite3.c', '-o', 'sqlite3.o'];

const bench: Bench = {
  name: 'third-party',
  async run(ctx) {
    const sdk = await image('wasi-sdk');
    const modules = new ModuleCache();
    const cc = (opt: string): string[] => ['/opt/wasi-sdk/bin/clang', opt, ...FLAGS];
    // Compiles the clang module; V8 tiers up on a real workload.
    await spawnMs(sdk.tree, sdk.env, modules, cc('-O0'), '/src', files);
    const llvm = lookup(sdk.tree, '/opt/wasi-sdk/bin/llvm');
    const clangModule = llvm?.kind === 'file' ? modules.peek(llvm.data) : undefined;
    if (!clangModule) throw new Error('the clang module is not in the cache');
    for (const [opt, samples] of [
      ['-O0', 3],
      ['-O2', 1],
    ] as const) {
      const runBare = bareJobs(sdk.tree, sdk.env, clangModule, cc(opt), files);
      // Interleaved, so a change in the shared machine's load hits both sides alike.
      const processModel: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < samples; i++) {
        processModel.push(await spawnMs(sdk.tree, sdk.env, modules, cc(opt), '/src', files));
        bare.push(runBare());
      }
      ctx.report({
        name: `sqlite3.c compile ${opt}, process model (clang -### + cc1)`,
        host: 'node',
        value: Math.min(...processModel),
        unit: 'ms',
        limit: { name: 'the same cc1 job run bare on the runtime', value: Math.min(...bare) },
        goal: { ratio: 1.2 },
      });
    }
  },
};

export default bench;
