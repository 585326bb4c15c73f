// `npm run bench build`: build until runnable vs one sha256 pass, cached rebuilds, hello warm.
import type { Bench } from './context.ts';
import { buildFigures } from './build-work.ts';
import { MemoryStore } from '../src/core/store-memory.ts';
import type { Figure } from './context.ts';

const bench: Bench = {
  name: 'build',
  async run(ctx) {
    for (const f of await buildFigures('node', async () => new MemoryStore())) ctx.report(f);
    const page = await ctx.page();
    // Text, so the page's own module loader resolves the imports (served by Vite).
    const figures = (await page.evaluate(`(async () => {
      const work = await import('/bench/build-work.ts');
      const { openIdbStore } = await import('/src/store/index.ts');
      let n = 0;
      return work.buildFigures('chromium', () => openIdbStore('wharf-bench-build-' + n++));
    })()`)) as Figure[];
    for (const f of figures) ctx.report(f);
  },
};
export default bench;
