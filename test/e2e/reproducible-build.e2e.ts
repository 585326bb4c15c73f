// The same Dockerfile and files give the same image, byte for byte, in Node and in Chromium:
// the stored (uncompressed) manifest digest and the exported gzip tarball's manifest digest.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/core/builder/index.ts';
import { exportImage } from '../../src/core/oci/index.ts';
import { MemoryStore } from '../../src/core/store-memory.ts';
import { modulePage, useBrowserApp } from '../support/browser.ts';

const examples = join(import.meta.dirname, '../../public/examples');

function readDir(dir: string): { path: string; data: number[] }[] {
  const out: { path: string; data: number[] }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(dir, p), data: [...readFileSync(p)] });
    }
  };
  walk(dir);
  return out;
}

async function inNode(files: { path: string; data: number[] }[]) {
  const result = await build({
    files: files.map((f) => ({ path: f.path, data: new Uint8Array(f.data) })),
    store: new MemoryStore(),
    tag: 'repro:1',
  });
  const exported = await exportImage(result.image, { ref: 'repro:1' });
  return {
    stored: result.image.manifestDigest,
    exported: exported.image.manifestDigest,
    tarBytes: exported.tar.byteLength,
  };
}

// Written as text: Vitest would rewrite a real import() inside a function passed to evaluate.
const CHROMIUM_BUILD = `async (files) => {
  const { build } = await import('/src/core/builder/index.ts');
  const { exportImage } = await import('/src/core/oci/index.ts');
  const { MemoryStore } = await import('/src/core/store-memory.ts');
  const result = await build({ files: files.map((f) => ({ path: f.path, data: new Uint8Array(f.data) })), store: new MemoryStore(), tag: 'repro:1' });
  const exported = await exportImage(result.image, { ref: 'repro:1' });
  return { stored: result.image.manifestDigest, exported: exported.image.manifestDigest, tarBytes: exported.tar.byteLength };
}`;

async function inChromium(page: Page, files: { path: string; data: number[] }[]) {
  return page.evaluate(`(${CHROMIUM_BUILD})(${JSON.stringify(files)})`) as Promise<Awaited<ReturnType<typeof inNode>>>;
}

const app = useBrowserApp();

describe('reproducible builds across hosts', () => {
  it.each(['hello-world', 'multi-stage', 'data-file'])('%s: same digests in Node and Chromium', async (name) => {
    const files = readDir(join(examples, name));
    const node = await inNode(files);
    const chromium = await inChromium(await modulePage(app), files);
    expect(
      chromium,
      `Chromium build of ${name} = ${JSON.stringify(chromium)}, want Node's ${JSON.stringify(node)}`,
    ).toEqual(node);
  });
});
