// The toolchain files in the browser: fetched from the site with progress, kept in Cache
// Storage (a second load fetches no file and works offline), Wasm compiled by
// compileStreaming; the wasi-sdk image built from them has Node's digests, and compiles and
// runs hello-world.c in the page.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodePackageSource } from '../../src/cli/packages.ts';
import { ADAPTER_FILES, WIT_FILES, builtinImage, builtinImageFiles } from '../../src/core/images/index.ts';
import type { Page } from 'playwright-core';
import { modulePage, useBrowserApp } from '../support/browser.ts';
import type { ToolchainJob, ToolchainResult } from './toolchain-images.worker.ts';

const COMMANDS = ['sh', 'echo', 'cat', 'ls', 'rm'];
const HELLO = readFileSync(resolve(import.meta.dirname, '../../public/examples/hello-world/hello-world.c'), 'utf8');

/** Runs a ToolchainJob in a Worker of the page (see toolchain-images.worker.ts). */
async function inWorker(page: Page, job: ToolchainJob): Promise<ToolchainResult> {
  const reply = (await page.evaluate(
    `new Promise((resolve) => {
      const w = new Worker('/test/e2e/toolchain-images.worker.ts', { type: 'module' });
      w.onmessage = (e) => { resolve(e.data); w.terminate(); };
      w.onerror = (e) => resolve({ error: e.message || 'worker failed to start' });
      w.postMessage(${JSON.stringify(job)});
    })`,
  )) as { ok?: ToolchainResult; error?: string };
  if (!reply.ok) throw new Error(`toolchain worker: ${reply.error}`);
  return reply.ok;
}

const OFFLINE = `async () => {
  const { loadToolchainFiles } = await import('/src/worker/toolchain-loader.ts');
  const { builtinImageFiles } = await import('/src/core/images/index.ts');
  const files = await loadToolchainFiles(builtinImageFiles('python-wasi'), { base: location.origin + '/' });
  return files.map((f) => [f.label, f.bytes.byteLength, Boolean(f.module)]);
}`;

const app = useBrowserApp();

describe('toolchain images in the browser', () => {
  it('loads once with progress, then from Cache Storage; same digest as Node; compiles hello-world.c', async () => {
    const page = await modulePage(app);
    const r = await inWorker(page, {
      image: 'wasi-sdk',
      commands: COMMANDS,
      files: { 'src/hello-world.c': HELLO },
      runs: [
        { argv: ['$CC', 'hello-world.c', '-o', 'hello-world.wasm'], cwd: '/src' },
        { argv: ['./hello-world.wasm'], cwd: '/src' },
      ],
      loadTwice: true,
    });
    expect(r.firstFetched.map((u) => new URL(u).pathname)).toEqual([
      '/toolchains/manifest.json',
      expect.stringMatching(/^\/toolchains\/yowasp-clang@.+\/llvm\.core\.wasm$/),
      expect.stringMatching(/^\/toolchains\/yowasp-clang@.+\/llvm-resources\.tar$/),
      // The component layer: the preview1 adapters and the WASI WIT packages jco ships.
      ...ADAPTER_FILES.map((f) => expect.stringMatching(new RegExp(`^/toolchains/bytecodealliance-jco@.+/${f.path}$`))),
      ...WIT_FILES.map((f) => expect.stringMatching(new RegExp(`^/toolchains/bytecodealliance-jco@.+/${f.path}$`))),
    ]);
    expect(
      r.secondFetched.map((u) => new URL(u).pathname),
      'files come from Cache Storage',
    ).toEqual(['/toolchains/manifest.json']);
    // Both files download at once: which reports first depends on the machine's load.
    expect([...new Set(r.progress.map((p) => p.label))].sort()).toEqual(
      ['WASI sysroot', 'clang', ...[...ADAPTER_FILES, ...WIT_FILES].map((f) => f.label)].sort(),
    );
    const last = r.progress.filter((p) => p.label === 'clang').at(-1)!;
    expect(last.loaded).toBe(last.total);
    expect(r.modules, 'the clang module compiled as it loaded, the tar and the component files not').toEqual([
      true,
      ...Array<boolean>(1 + ADAPTER_FILES.length + WIT_FILES.length).fill(false),
    ]);
    const node = await builtinImage(
      'wasi-sdk',
      'latest',
      await nodePackageSource().load(builtinImageFiles('wasi-sdk')),
      {
        commands: COMMANDS,
      },
    );
    expect(r.digest, 'same image digest in Chromium and Node').toBe(node.manifestDigest);
    expect(r.runs.map(({ code, stdout, stderr }) => ({ code, stdout, stderr }))).toEqual([
      { code: 0, stdout: '', stderr: '' },
      { code: 0, stdout: 'Hello, Wasm!\n', stderr: '' },
    ]);
    expect(r.compiles, 'the primed module served clang; only hello-world.wasm compiled').toBe(1);
  });

  it('a second load works with the network cut', async () => {
    const page = await modulePage(app);
    expect(await page.evaluate(`(${OFFLINE})()`)).toEqual([['python', 26267204, true]]);
    await page.context().setOffline(true);
    try {
      expect(await page.evaluate(`(${OFFLINE})()`)).toEqual([['python', 26267204, true]]);
    } finally {
      await page.context().setOffline(false);
    }
  });
});
