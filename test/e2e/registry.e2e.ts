// Pull and push from the playground against Debian's docker-registry on loopback: with CORS
// headers the page pulls an image, runs it, builds FROM it and pushes it back (the registry
// then serves the same manifest digest); it pulls, inspects, runs, downloads and imports an OCI
// Wasm artifact and pushes an image as one; without CORS headers the page says the registry
// refuses it and shows the configuration it needs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildConfig,
  convertLayers,
  createArtifact,
  createImage,
  exportImage,
  isWasmArtifact,
  layerFromTar,
  parseRef,
  writeTar,
  type Image,
  type WasmArtifact,
} from '../../src/core/oci/index.ts';
import { RegistryClient, pullImage, pushImage, type RegistryFetch } from '../../src/core/registry/index.ts';
import { useBrowserApp } from '../support/browser.ts';
import { startRegistry, type TestRegistry } from '../support/registry.ts';
import { openApp, replaceText, runAndWait } from './app.ts';

const app = useBrowserApp('preview');
const root = join(import.meta.dirname, '../..');
const nodeFetch = fetch as unknown as RegistryFetch;
let withCors: TestRegistry;
let withoutCors: TestRegistry;
let image: Image;
let artifact: WasmArtifact;
let argsArtifact: WasmArtifact;
let argsWasm: Uint8Array;

beforeAll(async () => {
  withCors = await startRegistry({ cors: '*' });
  withoutCors = await startRegistry();
  const wasm = new Uint8Array(readFileSync(join(root, 'public/examples/hello-world-prebuilt/hello-world.wasm')));
  const layer = await layerFromTar(writeTar([{ path: 'hello-world.wasm', type: 'file', mode: 0o755, data: wasm }]));
  const config = buildConfig({ diff_ids: [layer.diffId], config: { Entrypoint: ['/hello-world.wasm'] } });
  image = await convertLayers(await createImage(config, [layer]), 'gzip');
  for (const r of [withCors, withoutCors])
    await pushImage(new RegistryClient(r.host, { fetch: nodeFetch }), image, parseRef(`${r.host}/hello:1`));
  artifact = await createArtifact(wasm, { title: 'hello-world.wasm' });
  argsWasm = new Uint8Array(readFileSync(join(root, 'test/fixtures/args.wasm')));
  argsArtifact = await createArtifact(argsWasm, { title: 'args.wasm' });
  const client = new RegistryClient(withCors.host, { fetch: nodeFetch });
  await pushImage(client, argsArtifact, parseRef(`${withCors.host}/args:1`));
}, 60_000);

afterAll(async () => {
  await Promise.all([withCors?.stop(), withoutCors?.stop()]);
});

describe('registry', () => {
  it('Pull an image, run it, build FROM it, push it back', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await page.getByRole('tab', { name: /Images/ }).click();
    const images = page.getByRole('region', { name: 'Images' });
    const ref = `${withCors.host}/hello:1`;
    await images.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await images.getByRole('button', { name: 'Pull', exact: true }).click();
    const transfer = images.getByRole('region', { name: `Pull ${ref}` });
    await expect
      .poll(() => transfer.getByRole('status').textContent(), { message: 'pull status', timeout: 60_000 })
      .toBe(`Pulled ${ref}.`);
    // A row per blob, each at its full size.
    const bars = transfer.getByRole('progressbar');
    expect(await bars.count(), 'blob rows (manifest, config, layer)').toBe(3);
    for (const bar of await bars.all()) expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));

    await images.getByRole('button', { name: `Run image ${ref}` }).click();
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');
    await status.filter({ hasText: /Exited \(\d+\)/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('log', { name: 'Output' }).textContent()).toContain('Hello, Wasm!');

    await page.getByRole('tab', { name: /Images/ }).click();
    await images.getByRole('button', { name: `Push ${ref}` }).click();
    const dest = `${withCors.host}/pushed-back:2`;
    await images.getByRole('textbox', { name: 'Destination' }).fill(dest);
    await images.getByRole('button', { name: 'Push', exact: true }).click();
    await expect
      .poll(
        () =>
          images
            .getByRole('region', { name: `Push ${dest}` })
            .getByRole('status')
            .textContent(),
        {
          message: 'push status',
          timeout: 60_000,
        },
      )
      .toMatch(new RegExp(`^Pushed ${dest} \\(${image.manifestDigest}\\): 2 mounted\\.$`));
    const back = await pullImage(new RegistryClient(withCors.host, { fetch: nodeFetch }), parseRef(dest));
    expect(back.manifestDigest, 'digest the registry serves for the pushed image').toBe(image.manifestDigest);

    // FROM a registry image the store lacks pulls it during the build.
    await page
      .getByRole('navigation', { name: 'Files' })
      .getByRole('button', { name: 'Dockerfile', exact: true })
      .click();
    await replaceText(page, `FROM ${withCors.host}/pushed-back:2\nENV FROM_REGISTRY=1\n`);
    const run = await runAndWait(page);
    expect(run.status).toMatch(/Exited \(0\)/);
    expect(run.output).toContain('Hello, Wasm!');
    await page.getByRole('tab', { name: /Build log/ }).click();
    expect(await page.getByRole('log', { name: 'Build log' }).textContent()).toContain(
      `pulling ${withCors.host}/pushed-back:2`,
    );
    await context.close();
  });

  it('an OCI Wasm artifact: Import, Pull, Inspect, Run, Download; an image pushed as an artifact', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    const work = mkdtempSync(join(tmpdir(), 'wharf-artifact-e2e-'));
    const output = page.getByRole('log', { name: 'Output' });
    const status = page.getByRole('tablist', { name: 'Panels' }).getByRole('status');

    // Import of an artifact tarball stores it under its name and runs it (the first run of the page).
    const imported = join(work, 'imported-art.tar');
    writeFileSync(imported, (await exportImage(artifact, { ref: 'imported/art:2' })).tar);
    await page.getByLabel('Import', { exact: true }).setInputFiles(imported);
    await status.filter({ hasText: /Exited \(\d+\)/ }).waitFor({ timeout: 60_000 });
    expect(await output.textContent(), 'Output of the imported artifact').toContain('Hello, Wasm!');

    await page.getByRole('tab', { name: /Images/ }).click();
    const images = page.getByRole('region', { name: 'Images' });
    await expect.poll(() => images.textContent(), { message: 'images after Import' }).toMatch(/imported\/art:2/);
    const ref = `${withCors.host}/args:1`;
    await images.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await images.getByRole('button', { name: 'Pull', exact: true }).click();
    await expect
      .poll(
        () =>
          images
            .getByRole('region', { name: `Pull ${ref}` })
            .getByRole('status')
            .textContent(),
        {
          message: 'pull status',
          timeout: 60_000,
        },
      )
      .toBe(`Pulled ${ref}.`);

    await images.getByRole('button', { name: `Inspect ${ref}` }).click();
    const stored = (await images.getByLabel(/^Stored manifest/).textContent()) ?? '';
    expect(stored, 'inspector: the layer is the .wasm').toContain(
      `w args.wasm (Wasm module, ${argsWasm.length} bytes)`,
    );
    expect(stored, 'inspector: the Wasm config').toContain('"os": "wasip1"');

    // Run: the .wasm over an empty root, argv[0] its title, as runwasi would be given it.
    await images.getByRole('button', { name: `Run image ${ref}` }).click();
    await expect
      .poll(() => output.textContent(), { message: 'Output of the pulled artifact', timeout: 60_000 })
      .toContain('argc=1\nargv[0]=args.wasm');
    await status.filter({ hasText: /Exited \(0\)/ }).waitFor({ timeout: 60_000 });

    // Download image writes the artifact as it is; skopeo reads its manifest.
    await page.getByRole('tab', { name: /Images/ }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      images.getByRole('button', { name: `Download ${ref}` }).click(),
    ]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const raw = execFileSync('skopeo', ['inspect', '--raw', `oci-archive:${file}`], { encoding: 'utf8' });
    expect(`sha256:${createHash('sha256').update(raw).digest('hex')}`, 'skopeo inspect --raw').toBe(
      argsArtifact.manifestDigest,
    );

    // The pulled container image pushed as an artifact of its module.
    const hello = `${withCors.host}/hello:1`;
    await images.getByRole('textbox', { name: 'Image reference' }).fill(hello);
    await images.getByRole('button', { name: 'Pull', exact: true }).click();
    await expect
      .poll(
        () =>
          images
            .getByRole('region', { name: `Pull ${hello}` })
            .getByRole('status')
            .textContent(),
        {
          message: 'pull status',
          timeout: 60_000,
        },
      )
      .toBe(`Pulled ${hello}.`);
    await images.getByRole('button', { name: `Push ${hello}` }).click();
    const dest = `${withCors.host}/as-artifact:1`;
    await images.getByRole('textbox', { name: 'Destination' }).fill(dest);
    await images.getByRole('checkbox', { name: /As an OCI Wasm artifact/ }).check();
    await images.getByRole('button', { name: 'Push', exact: true }).click();
    await expect
      .poll(
        () =>
          images
            .getByRole('region', { name: `Push ${dest}` })
            .getByRole('status')
            .textContent(),
        {
          message: 'push status',
          timeout: 60_000,
        },
      )
      .toBe(`Pushed ${dest} (${artifact.manifestDigest}): 2 uploaded. An OCI Wasm artifact of /hello-world.wasm.`);
    const back = await pullImage(new RegistryClient(withCors.host, { fetch: nodeFetch }), parseRef(dest));
    expect(isWasmArtifact(back), 'pushed as an artifact').toBe(true);
    await context.close();
  });

  it('a registry that sends no CORS headers: the page says so and shows the configuration', async () => {
    const { page, context } = await openApp(app.browser, app.server.url);
    await page.getByRole('tab', { name: /Images/ }).click();
    const images = page.getByRole('region', { name: 'Images' });
    const ref = `${withoutCors.host}/hello:1`;
    await images.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await images.getByRole('button', { name: 'Pull', exact: true }).click();
    const transfer = images.getByRole('region', { name: `Pull ${ref}` });
    await expect
      .poll(() => transfer.getByRole('status').textContent(), { message: 'pull status', timeout: 60_000 })
      // The page is cross-origin isolated (COEP require-corp), so the browser hides whether the
      // registry is up at all: the message names both causes, the CORS one first.
      .toBe(
        `Pull failed: registry ${withoutCors.host} refuses requests from this page, or is not running: a page may only use registries that send CORS headers (Access-Control-Allow-Origin) and answer the preflight (OPTIONS) request`,
      );
    const note = transfer.getByRole('note', { name: 'CORS configuration' });
    expect(await note.textContent()).toContain(withoutCors.host);
    const config = (await note.locator('pre').textContent()) ?? '';
    expect(config).toContain(`Access-Control-Allow-Origin: ['${new URL(app.server.url).origin}']`);
    expect(config).toContain("Access-Control-Expose-Headers: ['Docker-Content-Digest', 'Location', 'Range'");
    expect(await images.textContent(), 'images list').toMatch(/0 images stored/);
    await context.close();
  });
});
