// The same inputs give the same bytes in Node and in Chromium: tar, sha256, the in-thread chunked
// gzip and the worker pool (whatever its size), and a whole exported image tarball.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { modulePage, useBrowserApp } from '../support/browser.ts';
import { GZIP_CHUNK_SIZE, exportImage, gzipChunkedSync, sha256, writeTar } from '../../src/core/oci/index.ts';
import { sampleImage, wasmLike } from '../unit/oci/helpers.ts';

const app = useBrowserApp();
let page: Page;

beforeAll(async () => {
  page = await modulePage(app);
}, 180_000);

const SIZE = 9 * GZIP_CHUNK_SIZE + 12_345; // ten gzip members, the last one short

async function nodeFigures() {
  const data = wasmLike(SIZE, 42);
  const tar = writeTar(
    [
      { path: 'app/big.wasm', type: 'file', mode: 0o755, data },
      { path: `long/${'n'.repeat(150)}/ünï.txt`, type: 'file', data: data.subarray(0, 1000) },
      { path: 'app/link', type: 'symlink', linkname: 'big.wasm' },
    ],
    { mtime: 1_700_000_000 },
  );
  const { tar: archive } = await exportImage(await sampleImage(), { ref: 'hello' });
  return { tar: await sha256(tar), gzip: await sha256(gzipChunkedSync(data)), archive: await sha256(archive) };
}

describe('Node and Chromium agree byte for byte', () => {
  it('tar, chunked gzip (in-thread and worker pool of 1 and 3), exported tarball', async () => {
    const want = await nodeFigures();
    const got = await page.evaluate(async (size) => {
      // Built from a string so the test runner's transform leaves this import() to the browser.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const load = new Function('u', 'return import(u)') as (u: string) => Promise<any>;
      const oci = await load('/src/core/oci/index.ts');
      const helpers = await load('/test/unit/oci/helpers.ts');
      const { GzipPool } = await load('/src/worker/gzip-pool-client.ts');
      const data = helpers.wasmLike(size, 42);
      const tar = oci.writeTar(
        [
          { path: 'app/big.wasm', type: 'file', mode: 0o755, data },
          { path: `long/${'n'.repeat(150)}/ünï.txt`, type: 'file', data: data.subarray(0, 1000) },
          { path: 'app/link', type: 'symlink', linkname: 'big.wasm' },
        ],
        { mtime: 1_700_000_000 },
      );
      const pools = [];
      for (const n of [1, 3]) {
        const pool = new GzipPool({ size: n });
        const progress: number[] = [];
        const out = await pool.compress(data, 6, (done: number) => progress.push(done));
        pool.terminate();
        pools.push({ n, digest: await oci.sha256(out), last: progress.at(-1), count: progress.length });
      }
      const { tar: archive } = await oci.exportImage(await helpers.sampleImage(), { ref: 'hello' });
      return {
        tar: await oci.sha256(tar),
        gzip: await oci.sha256(oci.gzipChunkedSync(data)),
        pools,
        archive: await oci.sha256(archive),
      };
    }, SIZE);
    expect(got.tar, 'writeTar in Chromium').toBe(want.tar);
    expect(got.gzip, 'gzipChunkedSync in Chromium').toBe(want.gzip);
    for (const p of got.pools) {
      expect(p.digest, `GzipPool(size ${p.n}) in Chromium`).toBe(want.gzip);
      expect(p.last, `GzipPool(size ${p.n}) last progress`).toBe(SIZE);
      expect(p.count).toBe(10);
    }
    expect(got.archive, 'exportImage in Chromium').toBe(want.archive);
  });

  it('the gzip pool rebuilds worker errors as WharfErrors and refuses malformed replies', async () => {
    const got = await page.evaluate(async () => {
      const load = new Function('u', 'return import(u)') as (u: string) => Promise<any>;
      const { GzipPool } = await load('/src/worker/gzip-pool-client.ts');
      const worker = (body: string) => () =>
        new Worker(URL.createObjectURL(new Blob([body], { type: 'text/javascript' })));
      const failing = new GzipPool({
        size: 1,
        spawn: worker(
          'onmessage = (e) => postMessage({ v: 1, id: e.data.id, ok: false, error: { name: "WharfError", code: "STORE_QUOTA", message: "no room" } })',
        ),
      });
      const garbled = new GzipPool({ size: 1, spawn: worker('onmessage = (e) => postMessage({ hello: "?" })') });
      const outcome = async (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e: { name: string; code: string; message: string }) => `${e.name} ${e.code}: ${e.message}`,
        );
      const data = new Uint8Array(100);
      const result = { failing: await outcome(failing.compress(data)), garbled: await outcome(garbled.compress(data)) };
      failing.terminate();
      garbled.terminate();
      const after = await outcome(failing.compress(data));
      return { ...result, after };
    });
    expect(got.failing).toBe('WharfError STORE_QUOTA: no room');
    expect(got.garbled).toBe('WharfError INTERNAL: gzip worker sent a malformed reply');
    expect(got.after).toBe('WharfError RUN_STOPPED: gzip pool terminated');
  });
});
