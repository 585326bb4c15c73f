// `npm run bench oci`: the OCI layer's costs against the machine's limits, in Node and Chromium:
// sha256 (WebCrypto, one shot), fflate gzip level 6 and 1 on one core, the tar writer against a
// memcpy, and the chunked export gzip on the worker pool against single-core fflate per core.
// The work function runs in both hosts; the page imports this same file from Vite.
import type { Bench, Figure } from './context.ts';
import type { ChunkedGzip } from '../src/core/oci/index.ts';

const MB = 1 << 20;
const SIZE = 75 * MB;

/** Deterministic wasm-like bytes (code-ish runs, names, noise), so gzip sees realistic input. */
function wasmLike(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 12345;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const words = new TextEncoder().encode('memory fd_write proc_exit args_get environ_get local.get i32.add call ');
  const ops = [0x20, 0x21, 0x41, 0x6a, 0x10, 0x0b, 0x28, 0x36];
  for (let i = 0; i < size;) {
    const kind = next() % 4;
    const len = Math.min(size - i, 8 + (next() % 120));
    if (kind === 0) for (let k = 0; k < len; k++) out[i + k] = next() & 0xff;
    else if (kind === 1) for (let k = 0; k < len; k++) out[i + k] = words[(i + k) % words.length]!;
    else for (let k = 0; k < len; k++) out[i + k] = ops[next() & 7]!;
    i += len;
  }
  return out;
}

async function time<T>(f: () => T | Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);

export interface Pool {
  gzip: ChunkedGzip;
  size: number;
  close(): void;
}

/** Plain fflate on `workers` Workers, each on its share of `data` in 1 MiB members: wall ms. */
export async function plainWorkersGzip(data: Uint8Array, workers: number): Promise<number> {
  const chunk = 1 << 20;
  const per = Math.ceil(data.length / chunk / workers) * chunk;
  const spawned = Array.from(
    { length: workers },
    () => new Worker(new URL('./fflate.worker.ts', import.meta.url), { type: 'module' }),
  );
  try {
    // Warm each worker (module load, JIT) before the clock starts.
    await Promise.all(spawned.map((w) => ask(w, data.slice(0, chunk), chunk)));
    const parts = spawned.map((_, i) => data.slice(i * per, (i + 1) * per));
    const t0 = performance.now();
    await Promise.all(spawned.map((w, i) => ask(w, parts[i]!, chunk)));
    return performance.now() - t0;
  } finally {
    for (const w of spawned) w.terminate();
  }
}

function ask(w: Worker, data: Uint8Array, chunk: number): Promise<number> {
  return new Promise((resolve, reject) => {
    w.onmessage = (e: MessageEvent<number>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ data, chunk }, [data.buffer]);
  });
}

export async function ociFigures(host: 'node' | 'chromium', makePool?: (size?: number) => Pool): Promise<Figure[]> {
  const oci = await import('../src/core/oci/index.ts');
  const { gzipSync } = await import('fflate');
  const figures: Figure[] = [];
  const data = wasmLike(SIZE);
  const sample = data.subarray(0, 16 * MB); // single-core gzip limits on 16 MB: same rate, less waiting

  await oci.sha256(data.subarray(0, MB)); // warm up
  const [shaMs] = await time(() => oci.sha256(data));
  figures.push({ name: 'sha256 one shot (WebCrypto), 75 MB: the limit', host, value: mbps(SIZE, shaMs), unit: 'MB/s' });
  const [nobleMs] = await time(() => oci.createHasher().update(data).digest());
  figures.push({ name: 'sha256 incremental (@noble/hashes), 75 MB', host, value: mbps(SIZE, nobleMs), unit: 'MB/s' });

  const [l6Ms] = await time(() => gzipSync(sample, { level: 6, mtime: 0 }));
  const [l1Ms] = await time(() => gzipSync(sample, { level: 1, mtime: 0 }));
  const l6 = mbps(sample.length, l6Ms);
  figures.push({ name: 'fflate gzip level 6, one core: the limit', host, value: l6, unit: 'MB/s' });
  figures.push({
    name: 'fflate gzip level 1, one core: the limit',
    host,
    value: mbps(sample.length, l1Ms),
    unit: 'MB/s',
  });

  const [copyMs] = await time(() => data.slice());
  const [tarMs, tar] = await time(() => oci.writeTar([{ path: 'app/big.wasm', type: 'file', data }]));
  figures.push({
    name: 'writeTar, one 75 MB file',
    host,
    value: tarMs,
    unit: 'ms',
    limit: { name: 'memcpy of 75 MB', value: copyMs },
    goal: { ratio: 2 },
  });
  const [readMs] = await time(() => oci.listTar(tar));
  figures.push({ name: 'listTar, one 75 MB file (views, no copy)', host, value: readMs, unit: 'ms' });

  const [chunkMs] = await time(() => oci.gzipChunkedSync(sample));
  figures.push({
    name: `chunked gzip in-thread, 16 MB (${oci.GZIP_CHUNK_SIZE / MB} MiB members)`,
    host,
    value: chunkMs,
    unit: 'ms',
    limit: { name: 'fflate level 6 one member', value: l6Ms },
    goal: { ratio: 1.1 },
  });

  if (makePool) {
    // One worker against this thread on the same chunks: the pool's own overhead (copies,
    // messages), which other load on the machine does not hide the way it hides core scaling.
    const one = makePool(1);
    try {
      const part = data.subarray(0, 24 * MB);
      await one.gzip(part.subarray(0, 4 * MB));
      const [oneMs] = await time(() => one.gzip(part));
      const [threadMs] = await time(() => oci.gzipChunkedSync(part));
      figures.push({
        name: 'chunked gzip on 1 worker, 24 MB: pool overhead',
        host,
        value: oneMs,
        unit: 'ms',
        limit: { name: 'the same on this thread', value: threadMs },
        goal: { ratio: 1.1 },
      });
    } finally {
      one.close();
    }
    const pool = makePool();
    try {
      await pool.gzip(data.subarray(0, 4 * MB)); // spawn and warm the workers (one chunk each at least)
      let reports = 0;
      const [poolMs, pooled] = await time(() => pool.gzip(data, { onProgress: () => reports++ }));
      // The same chunks on this thread, back to back with the pool, so load from elsewhere on the
      // machine weighs on both alike.
      const [single, inThread] = await time(() => oci.gzipChunkedSync(data));
      if ((await oci.sha256(pooled)) !== (await oci.sha256(inThread)))
        throw new Error('pool and in-thread gzip differ');
      figures.push({
        name: `chunked gzip on ${pool.size} workers, 75 MB: wall time x workers (core-ms)`,
        host,
        value: poolMs * pool.size,
        unit: 'ms',
        limit: { name: 'the same chunked gzip on one core, 75 MB', value: single },
        goal: { ratio: 1.1 },
      });
      figures.push({
        name: `chunked gzip on ${pool.size} workers, 75 MB: throughput (${reports} progress reports)`,
        host,
        value: mbps(SIZE, poolMs),
        unit: 'MB/s',
      });
      // What this machine's browser gives with no pool at all: the same members on plain Workers.
      const plainMs = await plainWorkersGzip(data, pool.size);
      figures.push({
        name: `plain fflate on ${pool.size} Workers, no pool, 75 MB: core-ms (the browser's own scaling)`,
        host,
        value: plainMs * pool.size,
        unit: 'ms',
        limit: { name: 'the same chunked gzip on one core, 75 MB', value: single },
      });
      figures.push({
        name: `chunked gzip on ${pool.size} workers, 75 MB: pool core-ms against plain Workers`,
        host,
        value: poolMs * pool.size,
        unit: 'ms',
        limit: { name: `plain fflate on ${pool.size} Workers`, value: plainMs * pool.size },
      });
      const layer = await oci.layerFromTar(tar);
      const image = await oci.createImage(oci.buildConfig({ diff_ids: [layer.diffId] }), [layer]);
      const [exportMs] = await time(() => oci.exportImage(image, { ref: 'big', gzip: pool.gzip }));
      figures.push({
        name: `exportImage 75 MB layer, gzip on ${pool.size} workers`,
        host,
        value: exportMs,
        unit: 'ms',
        limit: { name: 'chunked gzip on one core / workers', value: single / pool.size },
        goal: { ratio: 1.2 },
      });
    } finally {
      pool.close();
    }
  }
  return figures;
}

const bench: Bench = {
  name: 'oci',
  async run(ctx) {
    for (const f of await ociFigures('node')) ctx.report(f);
    const page = await ctx.page();
    // Text, so the page's own module loader resolves the imports (served by Vite).
    const figures = (await page.evaluate(`(async () => {
      const work = await import('/bench/oci.bench.ts');
      const { GzipPool } = await import('/src/worker/gzip-pool-client.ts');
      return work.ociFigures('chromium', (size) => {
        const pool = new GzipPool(size ? { size } : {});
        return { gzip: pool.gzip, size: pool.size, close: () => pool.terminate() };
      });
    })()`)) as Figure[];
    for (const f of figures) ctx.report(f);
  },
};
export default bench;
