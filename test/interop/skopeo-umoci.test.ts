// Our tarballs through the real tools (skopeo, umoci) and theirs through our import.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MediaType,
  containerImage,
  exportImage,
  importArchive,
  isGzipMediaType,
  validateImage,
  validateLayout,
  type ContainerImage,
  type ImportResult,
} from '../../src/core/oci/index.ts';
import { sourceImageTarball, type SourceImage } from './source-image.ts';
import { diffTrees, treeOfDir, treeOfImage } from './tree.ts';

let dir: string;
let src: SourceImage;
let ours: Imported;

function skopeo(...args: string[]): string {
  return execFileSync('skopeo', ['--insecure-policy', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

type Imported = ImportResult & { image: ContainerImage };

async function importFile(path: string): Promise<Imported> {
  const got = await importArchive(new Uint8Array(readFileSync(path)), { name: path });
  expect(await validateImage(got.image), `validateImage(import ${path})`).toEqual([]);
  return { ...got, image: containerImage(got.image, path) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-interop-'));
  src = await sourceImageTarball(dir);
  ours = await importFile(src.tarball);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skopeo and umoci read our tarball', () => {
  it('our own import sees the expected rootfs (the control case)', async () => {
    expect(await validateLayout(new Uint8Array(readFileSync(src.tarball))), 'validateLayout(source tarball)').toEqual(
      [],
    );
    expect(diffTrees(treeOfImage(ours.image), src.expected)).toEqual([]);
    expect(ours.refs).toEqual([src.ref]);
  });

  it('skopeo inspect oci-archive: platform and layer digests', () => {
    const info = JSON.parse(skopeo('inspect', `oci-archive:${src.tarball}`)) as {
      Digest: string;
      Architecture: string;
      Os: string;
      Layers: string[];
    };
    expect(`${info.Os}/${info.Architecture}`).toBe('wasi/wasm');
    expect(info.Digest).toBe(ours.image.manifestDigest);
    expect(info.Layers).toEqual(ours.image.layers.map((l) => l.digest));
  });

  it('skopeo inspect docker-archive: reads manifest.json and the same config', () => {
    const info = JSON.parse(skopeo('inspect', `docker-archive:${src.tarball}`)) as {
      Architecture: string;
      Os: string;
      Layers: string[];
    };
    expect(`${info.Os}/${info.Architecture}`).toBe('wasi/wasm');
    expect(info.Layers).toHaveLength(2);
    const cfg = JSON.parse(skopeo('inspect', '--config', `docker-archive:${src.tarball}`)) as {
      rootfs: { diff_ids: string[] };
    };
    expect(cfg.rootfs.diff_ids).toEqual(ours.image.config.rootfs.diff_ids);
  });

  it('skopeo copy to oci:DIR, then umoci unpacks the same file bytes', () => {
    const layout = join(dir, 'layout');
    skopeo('copy', `oci-archive:${src.tarball}`, `oci:${layout}:hello`);
    // `umoci unpack` also writes a runtime config.json and refuses os "wasi" there ("unsupported
    // OS"); `umoci raw unpack` is the same layer extraction without that step.
    const rootfs = join(dir, 'rootfs');
    execFileSync('umoci', ['raw', 'unpack', '--rootless', '--image', `${layout}:hello`, rootfs], { stdio: 'pipe' });
    expect(diffTrees(treeOfDir(rootfs), src.expected)).toEqual([]);
  });

  it('skopeo copy oci-archive: -> docker-archive:, and that imports with the same config and files', async () => {
    const out = join(dir, 'from-oci.docker.tar');
    skopeo('copy', `oci-archive:${src.tarball}`, `docker-archive:${out}:hello:latest`);
    const got = await importFile(out);
    expect(got.format).toBe('docker');
    expect(got.refs).toEqual(['docker.io/library/hello:latest']);
    expect(got.image.configDigest).toBe(ours.image.configDigest);
    expect(diffTrees(treeOfImage(got.image), src.expected)).toEqual([]);
  });
});

describe('tarballs skopeo writes import with our import', () => {
  // skopeo 1.9 gzips every layer it writes to an OCI layout (--dest-decompress changes nothing
  // there) and writes docker-archive layers uncompressed (--dest-compress changes nothing there),
  // so plain-layer OCI tarballs come from our own export (unit tests) and gzip'd docker-archive
  // layers from the unit tests too.
  const variants: [string, 'oci-archive' | 'docker-archive', 'gzip' | 'uncompressed', boolean][] = [
    ['oci-archive, gzip layers', 'oci-archive', 'gzip', true],
    ['oci-archive from uncompressed layers (skopeo gzips them)', 'oci-archive', 'uncompressed', true],
    ['docker-archive from gzip layers', 'docker-archive', 'gzip', false],
    ['docker-archive from uncompressed layers', 'docker-archive', 'uncompressed', false],
  ];
  for (const [name, transport, source, gzipped] of variants) {
    it(name, async () => {
      const from = source === 'gzip' ? src : await sourceImageTarball(dir, 'uncompressed');
      const out = join(dir, `${name.replace(/\W+/g, '-')}.tar`);
      skopeo('copy', `oci-archive:${from.tarball}`, `${transport}:${out}:docker.io/library/hello:v1`);
      const got = await importFile(out);
      expect(got.format).toBe(transport === 'oci-archive' ? 'oci' : 'docker');
      expect(got.image.config.rootfs.diff_ids).toEqual(ours.image.config.rootfs.diff_ids);
      expect(
        got.image.layers.map((l) => isGzipMediaType(l.mediaType)),
        `layers gzip'd in ${name}`,
      ).toEqual([gzipped, gzipped]);
      expect(diffTrees(treeOfImage(got.image), src.expected)).toEqual([]);
      expect(got.refs, `refs of ${name}`).toEqual(['docker.io/library/hello:v1']);
    });
  }

  it('oci-archive with zstd layers (--dest-compress-format zstd): imported, run-ready, exported as gzip', async () => {
    const out = join(dir, 'zstd.oci.tar');
    skopeo(
      'copy',
      '--dest-compress-format',
      'zstd',
      `oci-archive:${src.tarball}`,
      `oci-archive:${out}:docker.io/library/hello:zstd`,
    );
    const got = await importFile(out);
    expect(got.image.layers.map((l) => l.mediaType)).toEqual([MediaType.layerZstd, MediaType.layerZstd]);
    expect(got.image.config.rootfs.diff_ids).toEqual(ours.image.config.rootfs.diff_ids);
    expect(diffTrees(treeOfImage(got.image), src.expected)).toEqual([]);
    // Exported again (gzip), skopeo reads it back with the same diff_ids.
    const again = join(dir, 'zstd-again.oci.tar');
    writeFileSync(again, (await exportImage(got.image, { ref: 'hello:zstd' })).tar);
    const cfg = JSON.parse(skopeo('inspect', '--config', `oci-archive:${again}`)) as { rootfs: { diff_ids: string[] } };
    expect(cfg.rootfs.diff_ids).toEqual(ours.image.config.rootfs.diff_ids);
  });

  it("a docker-archive gzip'd as a whole", async () => {
    const out = join(dir, 'whole.docker.tar');
    skopeo('copy', `oci-archive:${src.tarball}`, `docker-archive:${out}:hello:latest`);
    execFileSync('gzip', ['-f', out]);
    const got = await importFile(`${out}.gz`);
    expect(got.format).toBe('docker');
    expect(diffTrees(treeOfImage(got.image), src.expected)).toEqual([]);
  });
});
