// The builder Worker in real Chromium: builds off the main thread and commits to the page's
// IndexedDB store with Blobs it made; a rebuild is cached at every step and sends no bytes;
// binaries sent ahead with prepare() are built from; errors come back located.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulePage, useBrowserApp } from '../support/browser.ts';

const hello = [
  ...readFileSync(join(import.meta.dirname, '../../public/examples/hello-world-prebuilt/hello-world.wasm')),
];

// Text, so Chromium's own module loader resolves the imports (Vitest would rewrite import()).
const SCRIPT = `async (hello) => {
  const { BuilderClient } = await import('/src/worker/builder-client.ts');
  const { openIdbStore } = await import('/src/store/index.ts');
  const store = await openIdbStore('builder-worker-test');
  const client = new BuilderClient(store);
  const wasm = new Uint8Array(hello);
  const files = [
    { path: 'Dockerfile', data: 'FROM scratch\\nCOPY hello.wasm /hello.wasm\\nENTRYPOINT ["/hello.wasm"]\\n', mode: 0o644 },
    { path: 'hello.wasm', data: wasm, mode: 0o755 },
  ];
  const events = [];
  const first = await client.build(files, { dockerfile: 'Dockerfile', tag: 'hello' }, (e) => events.push(e));
  const second = await client.build(files, { dockerfile: 'Dockerfile', tag: 'hello' });
  let error = '';
  try {
    await client.build([{ path: 'Dockerfile', data: 'FROM scratch\\nCOPY nope /\\n', mode: 0o644 }], { dockerfile: 'Dockerfile', tag: 'bad' });
  } catch (e) {
    error = e.name + ': ' + e.message + ' [' + e.code + ' line ' + e.line + ']';
  }
  // A new binary sent ahead with prepare() (as the playground does when a file is added), then
  // built: the build uses the new bytes, and the page's store holds the committed image.
  const edited = wasm.slice();
  edited[edited.length - 1] ^= 1;
  const files2 = [files[0], { path: 'hello.wasm', data: edited, mode: 0o755 }];
  client.prepare(files2);
  const third = await client.build(files2, { dockerfile: 'Dockerfile', tag: 'edited' });
  const stored = await store.get((await store.getRef('docker.io/library/edited:latest')).config);
  // Import runs in the worker too: our own export of the edited image, under a new name.
  const { loadImage } = await import('/src/core/store-image.ts');
  const { exportImage } = await import('/src/core/oci/index.ts');
  const { tar, image: exported } = await exportImage(await loadImage(store, 'edited'), { ref: 'copied:v2' });
  const imported = await client.importImage(tar, 'copied.tar', 'docker.io/library/unused:latest');
  let importError = '';
  try {
    await client.importImage(new Uint8Array(4096).fill(7), 'junk.tar', 'docker.io/library/junk:latest');
  } catch (e) {
    importError = e.code + ': ' + e.message;
  }
  const refs = (await store.listRefs()).map((r) => r.ref + ' ' + r.manifest).sort();
  client.dispose();
  return { first, second, third, storedConfig: stored !== undefined, error, imported, importError, tarIntact: tar.byteLength > 0, exported: exported.manifestDigest, refs, steps: events.filter((e) => e.type === 'step' && e.status !== 'running').map((e) => e.name + ' ' + e.status) };
}`;

const app = useBrowserApp();

describe('builder worker', () => {
  it('builds in a Worker, commits to IndexedDB, rebuilds from cache, reports errors with their line', async () => {
    const page = await modulePage(app);
    const r = (await page.evaluate(`(${SCRIPT})(${JSON.stringify(hello)})`)) as {
      first: { ref: string; manifestDigest: string; steps: number; cached: number };
      second: { manifestDigest: string; steps: number; cached: number };
      third: { manifestDigest: string; cached: number };
      storedConfig: boolean;
      imported: string[];
      importError: string;
      tarIntact: boolean;
      exported: string;
      error: string;
      refs: string[];
      steps: string[];
    };
    expect(r.first.ref).toBe('docker.io/library/hello:latest');
    expect(r.steps).toContain('[2/3] COPY hello.wasm /hello.wasm done');
    expect(r.second.manifestDigest).toBe(r.first.manifestDigest);
    expect(r.second.cached, `second build cached ${r.second.cached} of ${r.second.steps} steps`).toBe(r.second.steps);
    expect(r.error).toMatch(
      /^WharfError: Dockerfile:2: COPY source "nope" not found in the build context \[BUILD_SOURCE line 2\]$/,
    );
    expect(r.third.manifestDigest).not.toBe(r.first.manifestDigest);
    expect(r.third.cached, 'the COPY of the edited binary is not cached').toBeLessThan(3);
    expect(r.storedConfig).toBe(true);
    expect(r.imported).toEqual(['docker.io/library/copied:v2']);
    expect(r.tarIntact, "the caller's bytes are not transferred away").toBe(true);
    expect(r.importError).toMatch(/^(TAR_FORMAT|IMAGE_FORMAT): junk\.tar/);
    expect(r.refs).toEqual([
      `docker.io/library/copied:v2 ${r.exported}`, // gzip'd by the export: its own manifest
      `docker.io/library/edited:latest ${r.third.manifestDigest}`,
      `docker.io/library/hello:latest ${r.first.manifestDigest}`,
    ]);
  });
});
