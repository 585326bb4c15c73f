// `npm run bench build`: build until runnable vs one sha256 pass, cached rebuilds, hello warm:
// core's build() in Node (memory store) and in the page (IndexedDB), and the playground's own
// path, the builder Worker committing to IndexedDB.
import type { Bench } from './context.ts';
import { buildFigures, coreBuilder } from './build-work.ts';
import { MemoryStore } from '../src/core/store-memory.ts';
import type { Figure } from './context.ts';

const bench: Bench = {
  name: 'build',
  async run(ctx) {
    for (const f of await buildFigures('node', 'core build, memory store', async () => coreBuilder(new MemoryStore())))
      ctx.report(f);
    const page = await ctx.page();
    // Text, so the page's own module loader resolves the imports (served by Vite).
    const figures = (await page.evaluate(`(async () => {
      const work = await import('/bench/build-work.ts');
      const { openIdbStore } = await import('/src/store/index.ts');
      const { BuilderClient } = await import('/src/worker/builder-client.ts');
      let n = 0;
      const inPage = await work.buildFigures('chromium', 'core build in the page', async () => work.coreBuilder(await openIdbStore('wharf-bench-build-' + n++)));
      const inWorker = await work.buildFigures('chromium', 'builder Worker (the playground)', async () => {
        const client = new BuilderClient(await openIdbStore('wharf-bench-build-' + n++));
        // A started worker, as the playground has one by its first build.
        await client.build([{ path: 'Dockerfile', data: 'FROM scratch\\n', mode: 0o644 }], { dockerfile: 'Dockerfile' });
        return { build: (files, tag) => client.build(files, { dockerfile: 'Dockerfile', tag }), prepare: (files) => client.prepare(files), dispose: () => client.dispose() };
      });
      return [...inPage, ...inWorker];
    })()`)) as Figure[];
    for (const f of figures) ctx.report(f);
  },
};
export default bench;
