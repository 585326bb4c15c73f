// Images leave and enter the browser as tarballs real tools read and write: Download image ->
// skopeo inspects it; a skopeo-written tarball -> Import -> it runs; images survive a reload.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBrowserApp } from '../support/browser.ts';
import { ensureCommands } from '../support/system-tools.ts';
import { openApp, openFile, replaceText, runAndWait } from './app.ts';

const app = useBrowserApp('preview');
const work = mkdtempSync(join(tmpdir(), 'wharf-images-e2e-'));

beforeAll(() => {
  ensureCommands(['skopeo']);
});

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** An OCI layout written by hand (tar from GNU tar), then copied by skopeo into a docker-archive. */
function skopeoTarball(): string {
  const root = join(work, 'rootfs');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'hello.wasm'), readFileSync('public/examples/hello-world-prebuilt/hello-world.wasm'));
  const layout = join(work, 'layout');
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const layerPath = join(work, 'layer.tar');
  execFileSync('tar', [
    '--format=ustar',
    '--owner=0',
    '--group=0',
    '--mtime=@0',
    '-cf',
    layerPath,
    '-C',
    root,
    'hello.wasm',
  ]);
  const layer = readFileSync(layerPath);
  const put = (b: Buffer | string) => {
    const d = sha(b);
    writeFileSync(join(layout, 'blobs', 'sha256', d), b);
    return d;
  };
  const layerDigest = put(layer);
  const config = JSON.stringify({
    architecture: 'wasm',
    os: 'wasi',
    config: { Entrypoint: ['/hello.wasm'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
  });
  const configDigest = put(config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${configDigest}`,
      size: Buffer.byteLength(config),
    },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerDigest}`, size: layer.length },
    ],
  });
  const manifestDigest = put(manifest);
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${manifestDigest}`,
          size: Buffer.byteLength(manifest),
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
  const out = join(work, 'skopeo-hello.tar');
  execFileSync('skopeo', ['copy', '--quiet', `oci:${layout}:latest`, `docker-archive:${out}:imported/hello:1.0`]);
  return out;
}

describe('images', () => {
  it('Download image gives an OCI tarball named after the ref that skopeo reads', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await runAndWait(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download image', exact: true }).click(),
    ]);
    expect(download.suggestedFilename(), 'download name').toBe('hello-world_latest.tar');
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const inspected = JSON.parse(
      execFileSync('skopeo', ['inspect', '--config', `oci-archive:${file}`], { encoding: 'utf8' }),
    ) as {
      architecture: string;
      os: string;
      config: { Entrypoint: string[] };
    };
    expect(inspected.architecture, 'config.architecture').toBe('wasm');
    expect(inspected.os, 'config.os').toBe('wasi');
    expect(inspected.config.Entrypoint, 'config.Entrypoint').toEqual(['/hello-world.wasm']);
    const docker = execFileSync('skopeo', ['inspect', `docker-archive:${file}`], { encoding: 'utf8' });
    expect(docker, 'skopeo reads the same tarball as a docker-archive').toMatch(/"Layers"/);
  });

  it('the inspector shows the index.json that Download image writes, byte for byte', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await runAndWait(page);
    await page.getByRole('tab', { name: /Images/ }).click();
    const panel = page.getByRole('region', { name: 'Images' });
    await panel.getByRole('button', { name: 'Inspect hello-world:latest' }).click();
    const shown = panel.getByLabel('index.json as Download image writes it');
    await shown.waitFor();
    const text = await shown.textContent();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download hello-world:latest' }).click(),
    ]);
    const file = join(work, `inspected-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const written = execFileSync('tar', ['-xOf', file, 'index.json'], { encoding: 'utf8' });
    expect(text, "inspector's index.json = the tarball's").toBe(written);
  });

  it('Import of a skopeo-written tarball adds the image and runs it', async () => {
    const tarball = skopeoTarball();
    // A fresh profile: this flow builds nothing, so a kept toolchain would only be warmed for nothing.
    const { page, context } = await openApp(app.browser, app.server.url);
    await page.getByLabel('Import', { exact: true }).setInputFiles(tarball);
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /Exited \(\d+\)/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('log', { name: 'Output' }).textContent(), 'Output of the imported image').toContain(
      'Hello, Wasm!',
    );
    await page.getByRole('tab', { name: /Images/ }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Images' }).textContent(), { message: 'images list after import' })
      .toMatch(/imported\/hello:1\.0/);
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await page.getByRole('tab', { name: /Images/ }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Images' }).textContent(), { message: 'images list after reload' })
      .toMatch(/imported\/hello:1\.0/);
    await context.close();
  });

  it('Delete removes an image and Prune then frees its blobs', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await runAndWait(page);
    await page.getByRole('tab', { name: /Images/ }).click();
    const images = page.getByRole('region', { name: 'Images' });
    await expect.poll(() => images.textContent(), { message: 'images after Run' }).toMatch(/hello-world:latest/);
    await page.getByRole('button', { name: 'Delete hello-world:latest' }).click();
    // The built-in wasi-sdk image the build stage used stays stored.
    await expect.poll(() => images.textContent(), { message: 'images after Delete' }).toMatch(/1 image stored/);
    expect(await images.textContent(), 'images after Delete').not.toMatch(/hello-world:latest/);
    await images.getByRole('button', { name: 'Prune' }).click();
    // Its manifest, config and layer. The build stage's RUN layer, kept for the build cache, is
    // the same bytes as that layer (one file, /hello-world.wasm), so it is the same blob.
    await expect
      .poll(() => images.getByRole('status').textContent(), { message: 'Prune result' })
      .toMatch(/Deleted 3 unused blobs/);
    await images.getByRole('button', { name: 'Prune' }).click();
    await expect
      .poll(() => images.getByRole('status').textContent(), { message: 'second Prune' })
      .toMatch(/Nothing to prune/);
    // The build cache may still name the pruned layers: the next Run must rebuild, not fail.
    await openFile(page, 'hello-world.c');
    await replaceText(page, '/* touched */\n#include <stdio.h>\nint main(void) { puts("Hello, Wasm!"); return 0; }\n');
    const again = await runAndWait(page);
    expect(again.status, 'Run after Prune').toMatch(/Exited \(0\)/);
    expect(again.output).toContain('Hello, Wasm!');
  });

  it('after Delete and Prune, a fresh page (empty layer memo, stored build cache) still builds', async () => {
    const { page } = await openApp(app.browser, app.server.url, await app.profile());
    await runAndWait(page);
    await page.getByRole('tab', { name: /Images/ }).click();
    await page.getByRole('button', { name: 'Delete hello-world:latest' }).click();
    await page.getByRole('region', { name: 'Images' }).getByRole('button', { name: 'Prune' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Images' }).getByRole('status').textContent())
      .toMatch(/Deleted/);
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).and(page.locator(':enabled')).waitFor();
    const again = await runAndWait(page);
    expect(again.status, 'Run after Prune and reload').toMatch(/Exited \(0\)/);
  });
});
