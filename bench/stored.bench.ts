// `npm run bench stored`: what a warm store spares the playground. In Chromium, through the
// playground's engine and builder Worker over IndexedDB:
// - a warm Run of a stored 75 MB image whose tree is cached reads no layer (counted);
// - a rebuild of the 75 MB project on a fresh page (new Worker, empty memo) over the warm store,
//   beside the cold build of the same project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, Figure } from './context.ts';

const hello = [...readFileSync(join(import.meta.dirname, '../test/fixtures/hello.wasm'))];

// Text, so the page's own module loader resolves the imports (served by Vite).
const PAGE = `async (hello) => {
  const { pseudoWasm } = await import('/bench/build-work.ts');
  const { openIdbStore } = await import('/src/store/index.ts');
  const { BuilderClient } = await import('/src/worker/builder-client.ts');
  const { createEngine } = await import('/src/ui/engine/engine.ts');
  const { RegistryLogins } = await import('/src/ui/lib/registry-logins.ts');
  const min = (xs) => Math.min(...xs);
  const time = async (f) => { const t0 = performance.now(); await f(); return performance.now() - t0; };
  const files = [
    { path: 'Dockerfile', data: 'FROM scratch\\nCOPY data.bin /data.bin\\nCOPY hello.wasm /hello.wasm\\nENTRYPOINT ["/hello.wasm"]\\n', mode: 0o644 },
    { path: 'data.bin', data: pseudoWasm(75e6, 3), mode: 0o644 },
    { path: 'hello.wasm', data: new Uint8Array(hello), mode: 0o755 },
  ];
  const name = 'wharf-bench-stored-' + Date.now();
  // Cold: a new store and Worker.
  const cold = new BuilderClient(await openIdbStore(name));
  const coldMs = await time(() => cold.build(files, { dockerfile: 'Dockerfile', tag: 'big' }));
  cold.dispose();
  // A fresh page over the warm store: a new Worker (empty memo), the same IndexedDB.
  const freshMs = [];
  for (let i = 0; i < 3; i++) {
    const fresh = new BuilderClient(await openIdbStore(name));
    freshMs.push(await time(() => fresh.build(files, { dockerfile: 'Dockerfile', tag: 'big' })));
    fresh.dispose();
  }
  // Runs of the stored image through the engine, counting the layer reads each one makes.
  const store = await openIdbStore(name);
  const engine = createEngine(store, new RegistryLogins());
  const record = (await store.listRefs()).find((r) => r.ref.endsWith('big:latest'));
  const manifest = JSON.parse(new TextDecoder().decode(await store.get(record.manifest)));
  const layers = new Set(manifest.layers.map((l) => l.digest));
  let reads = 0;
  const get = store.get.bind(store);
  store.get = async (d) => { if (layers.has(d)) reads++; return get(d); };
  const run = async () => {
    const before = reads;
    const t0 = performance.now();
    const h = await engine.run(record.ref, { args: [], env: [], stdin: '' }, { onStdout() {}, onStderr() {} });
    const code = await h.exited;
    if (code !== 0) throw new Error('run exited ' + code);
    return { ms: performance.now() - t0, reads: reads - before };
  };
  const first = await run();
  const warm = [];
  for (let i = 0; i < 7; i++) warm.push(await run());
  return {
    coldMs, freshMs: min(freshMs),
    firstRun: first, warmMs: min(warm.map((w) => w.ms)), warmReads: Math.max(...warm.map((w) => w.reads)),
  };
}`;

const bench: Bench = {
  name: 'stored images and fresh pages',
  async run(ctx) {
    const page = await ctx.page();
    const r = (await page.evaluate(`(${PAGE})(${JSON.stringify(hello)})`)) as {
      coldMs: number;
      freshMs: number;
      firstRun: { ms: number; reads: number };
      warmMs: number;
      warmReads: number;
    };
    const cold = { name: 'cold build of the same project', value: r.coldMs };
    const figures: Figure[] = [
      {
        name: 'rebuild of a 75 MB project on a fresh page (new Worker, warm IndexedDB store)',
        host: 'chromium',
        value: r.freshMs,
        unit: 'ms',
        limit: cold,
      },
      { name: 'cold build of the 75 MB project (new store)', host: 'chromium', value: r.coldMs, unit: 'ms' },
      {
        name: 'first Run of the stored 75 MB image (layers read from IndexedDB)',
        host: 'chromium',
        value: r.firstRun.ms,
        unit: 'ms',
      },
      { name: 'layer reads of that first Run', host: 'chromium', value: r.firstRun.reads, unit: 'reads' },
      { name: 'warm Run of the stored 75 MB image (tree cached)', host: 'chromium', value: r.warmMs, unit: 'ms' },
      {
        name: 'layer reads of a warm Run (most of 7)',
        host: 'chromium',
        value: r.warmReads,
        unit: 'reads',
        goal: { max: 1 },
      },
    ];
    for (const f of figures) ctx.report(f);
  },
};
export default bench;
