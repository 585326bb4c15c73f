// The same Dockerfile and context give the same image, byte for byte, in Node and in Chromium:
// the stored (uncompressed) manifest digest and the exported gzip tarball's manifest digest.
// Contexts are read as the CLI reads them, modes, symlinks and empty directories included.
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readContextDir } from '../../src/cli/context-dir.ts';
import { build } from '../../src/core/builder/index.ts';
import { exportImage } from '../../src/core/oci/index.ts';
import type { ProjectFile } from '../../src/core/project.ts';
import { MemoryStore } from '../../src/core/store-memory.ts';
import { nodePackageSource } from '../../src/cli/packages.ts';
import { toolchainHost } from '../../src/core/images/index.ts';

const host = toolchainHost(nodePackageSource());
import { modulePage, useBrowserApp } from '../support/browser.ts';

const examples = join(import.meta.dirname, '../../public/examples');

/** Entries as JSON can carry them into the page: file bytes as number arrays. */
type Wire = { kind?: string; path: string; data?: number[]; mode?: number; target?: string };

function readDir(dir: string): Wire[] {
  return readContextDir(dir).files.map((f) =>
    f.kind === 'dir' || f.kind === 'symlink'
      ? f
      : {
          path: f.path,
          data: [...(typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data)],
          mode: f.mode,
        },
  );
}

/** A context with every mode the issue names, symlinks of each kind and empty directories. */
function modesContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-repro-modes-'));
  const file = (p: string, mode: number, data = p) => {
    writeFileSync(join(dir, p), data);
    chmodSync(join(dir, p), mode);
  };
  const folder = (p: string, mode: number) => {
    mkdirSync(join(dir, p));
    chmodSync(join(dir, p), mode);
  };
  file('Dockerfile', 0o644, 'FROM scratch\nCOPY . /all/\nCOPY --chmod=u=rwx,go= link.txt /followed\n');
  folder('private', 0o700);
  folder('shared', 0o750);
  folder('empty', 0o755);
  file('private/key', 0o600);
  file('shared/notes', 0o640);
  file('run.sh', 0o755);
  file('app.wasm', 0o644, '\0asm\x01\0\0\0');
  symlinkSync('app.wasm', join(dir, 'link.txt'));
  symlinkSync('/etc/passwd', join(dir, 'abs'));
  symlinkSync('/nonexistent/abs', join(dir, 'dangling'));
  symlinkSync('shared', join(dir, 'dirlink'));
  return dir;
}

async function inNode(files: Wire[]) {
  const result = await build({
    files: files.map((f) => (f.data ? { ...f, data: new Uint8Array(f.data) } : f)) as ProjectFile[],
    store: new MemoryStore(),
    tag: 'repro:1',
    baseImages: host.baseImages,
    run: host.run,
  });
  const exported = await exportImage(result.image, { ref: 'repro:1' });
  return {
    stored: result.image.manifestDigest,
    exported: exported.image.manifestDigest,
    tarBytes: exported.tar.byteLength,
  };
}

// Written as text: Vitest would rewrite a real import() inside a function passed to evaluate.
// The build runs where the playground runs it: the builder Worker, toolchains and all.
const CHROMIUM_BUILD = `async (files) => {
  const { BuilderClient } = await import('/src/worker/builder-client.ts');
  const { exportImage } = await import('/src/core/oci/index.ts');
  const { MemoryStore } = await import('/src/core/store-memory.ts');
  const { loadImage } = await import('/src/core/store-image.ts');
  const entries = files.map((f) => (Array.isArray(f.data) ? { ...f, data: new Uint8Array(f.data) } : f));
  const store = new MemoryStore();
  const client = new BuilderClient(store);
  try {
    const summary = await client.build(entries, { dockerfile: 'Dockerfile', tag: 'repro:1' });
    const image = await loadImage(store, summary.ref);
    const exported = await exportImage(image, { ref: 'repro:1' });
    return { stored: image.manifestDigest, exported: exported.image.manifestDigest, tarBytes: exported.tar.byteLength };
  } finally {
    client.dispose();
  }
}`;

async function inChromium(page: Page, files: Wire[]) {
  return page.evaluate(`(${CHROMIUM_BUILD})(${JSON.stringify(files)})`) as Promise<Awaited<ReturnType<typeof inNode>>>;
}

const app = useBrowserApp();

describe('reproducible builds across hosts', () => {
  it.each(['hello-world', 'multi-stage', 'data-file', 'python-codegen', 'hello-world-prebuilt'])(
    '%s: same digests in Node and Chromium',
    async (name) => {
      const files = readDir(join(examples, name));
      const node = await inNode(files);
      const chromium = await inChromium(await modulePage(app, await app.profile()), files);
      expect(
        chromium,
        `Chromium build of ${name} = ${JSON.stringify(chromium)}, want Node's ${JSON.stringify(node)}`,
      ).toEqual(node);
    },
    // Compiling in the page loads clang (tens of MB) first.
    240_000,
  );

  it('a context with modes, symlinks and empty directories: same digests in Node and Chromium', async () => {
    const files = readDir(modesContext());
    expect(files.filter((f) => f.kind === 'symlink').length, 'symlinks read from the context').toBe(4);
    const node = await inNode(files);
    const chromium = await inChromium(await modulePage(app, await app.profile()), files);
    expect(chromium, `Chromium build = ${JSON.stringify(chromium)}, want Node's ${JSON.stringify(node)}`).toEqual(node);
    // The modes reach the digest: the same context with one mode changed is another image.
    const changed = files.map((f) => (f.path === 'private/key' ? { ...f, mode: 0o644 } : f));
    expect((await inNode(changed)).stored).not.toBe(node.stored);
  });
});
