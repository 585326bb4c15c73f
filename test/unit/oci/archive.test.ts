import { describe, expect, it } from 'vitest';
import {
  MediaType,
  canonicalJsonBytes,
  containerImage,
  exportImage,
  gzip,
  importArchive,
  listTar,
  normalizeRef,
  familiarRef,
  sha256,
  validateImage,
  validateLayout,
  writeTar,
  type TarWriteEntry,
} from '../../../src/core/oci/index.ts';
import { isWharfError, type ErrorCode } from '../../../src/core/errors.ts';
import { imageRootfs } from '../../../src/core/rootfs/index.ts';
import { rawTar, sampleImage, text, zstdRaw } from './helpers.ts';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function importError(bytes: Uint8Array): Promise<unknown> {
  return importArchive(bytes, { name: 'hostile.tar' }).then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function expectImportError(bytes: Uint8Array, code: ErrorCode, message: RegExp, what: string) {
  const err = await importError(bytes);
  expect(isWharfError(err, code), `importArchive(${what}) threw ${String(err)}, want ${code}`).toBe(true);
  expect((err as Error).message, `importArchive(${what})`).toMatch(message);
}

/**
 * A docker archive of the sample image whose manifest.json lists the layers in reverse (index.json
 * dropped so the docker path with its diff_id check runs): every blob matches its name, no layer
 * its diff_id.
 */
async function swappedLayers(compression: 'uncompressed' | 'gzip'): Promise<Uint8Array> {
  const { tar } = await exportImage(await sampleImage(), { compression });
  return writeTar(
    listTar(tar)
      .filter((e) => e.type === 'file' && e.path !== 'index.json')
      .map((e) => {
        if (e.path !== 'manifest.json') return { path: e.path, type: 'file' as const, data: e.data };
        const m = JSON.parse(decode(e.data)) as { Layers: string[] }[];
        m[0]!.Layers.reverse();
        return { path: e.path, type: 'file' as const, data: text(JSON.stringify(m)) };
      }),
  );
}

describe('image references', () => {
  it('normalize as docker does', () => {
    const cases: [string, string, string][] = [
      ['hello', 'docker.io/library/hello:latest', 'hello:latest'],
      ['hello:1.0', 'docker.io/library/hello:1.0', 'hello:1.0'],
      ['me/hello', 'docker.io/me/hello:latest', 'me/hello:latest'],
      ['ghcr.io/me/hello:v2', 'ghcr.io/me/hello:v2', 'ghcr.io/me/hello:v2'],
      ['localhost:5000/x', 'localhost:5000/x:latest', 'localhost:5000/x:latest'],
      ['docker.io/library/hello:latest', 'docker.io/library/hello:latest', 'hello:latest'],
    ];
    for (const [input, full, familiar] of cases) {
      expect(normalizeRef(input), `normalizeRef(${input})`).toBe(full);
      expect(familiarRef(input), `familiarRef(${input})`).toBe(familiar);
    }
    expect(() => normalizeRef('Hello')).toThrow(/lowercase/);
    expect(() => normalizeRef('hello:bad tag')).toThrow(/not a valid tag/);
  });
});

describe('exportImage', () => {
  it('writes an OCI layout with docker manifest.json, gzip layers by default', async () => {
    const image = await sampleImage();
    const { tar, image: exported } = await exportImage(image, { ref: 'hello' });
    const entries = listTar(tar);
    const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.path, e.data]));
    expect(entries.map((e) => e.path)).toEqual([
      'blobs',
      'blobs/sha256',
      ...[exported.manifestDigest, exported.configDigest, ...exported.layers.map((l) => l.digest)]
        .map((d) => `blobs/sha256/${d.slice(7)}`)
        .sort(),
      'index.json',
      'manifest.json',
      'oci-layout',
    ]);
    expect(decode(files.get('oci-layout')!)).toBe('{"imageLayoutVersion":"1.0.0"}');
    const index = JSON.parse(decode(files.get('index.json')!)) as {
      manifests: { digest: string; mediaType: string; annotations: Record<string, string>; platform: unknown }[];
    };
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]!.digest).toBe(exported.manifestDigest);
    expect(index.manifests[0]!.mediaType).toBe(MediaType.manifest);
    expect(index.manifests[0]!.annotations).toEqual({
      'io.containerd.image.name': 'docker.io/library/hello:latest',
      'org.opencontainers.image.ref.name': 'latest',
    });
    expect(index.manifests[0]!.platform).toEqual({ architecture: 'wasm', os: 'wasi' });
    expect(JSON.parse(decode(files.get('manifest.json')!))).toEqual([
      {
        Config: `blobs/sha256/${exported.configDigest.slice(7)}`,
        RepoTags: ['hello:latest'],
        Layers: exported.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`),
      },
    ]);
    expect(exported.layers.map((l) => l.mediaType)).toEqual([MediaType.layerGzip, MediaType.layerGzip]);
    for (const [path, data] of files) {
      if (path.startsWith('blobs/')) expect(await sha256(data), path).toBe(`sha256:${path.slice(13)}`);
    }
    expect(await validateImage(exported)).toEqual([]);
    expect(await validateLayout(tar), 'validateLayout(export)').toEqual([]);
  });

  it('validateLayout catches layout-level problems', async () => {
    const { tar } = await exportImage(await sampleImage(), { ref: 'hello' });
    const entries = listTar(tar).filter((e) => e.type === 'file');
    const rewrite = (f: (path: string, data: Uint8Array) => Uint8Array | undefined) =>
      writeTar(
        entries.flatMap((e) => {
          const data = f(e.path, e.data);
          return data ? [{ path: e.path, type: 'file' as const, data }] : [];
        }),
      );
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'oci-layout spaced',
        rewrite((p, d) => (p === 'oci-layout' ? text('{ "imageLayoutVersion": "1.0.0" }') : d)),
        /oci-layout: .* want \{"imageLayoutVersion":"1.0.0"\}/,
      ],
      [
        'a blob renamed',
        rewrite((p, d) => (p.startsWith('blobs/') && d[0] !== 0x7b ? d.map((b, i) => (i === 20 ? b ^ 1 : b)) : d)),
        /content does not hash to its name/,
      ],
      [
        'manifest.json naming a missing blob',
        rewrite((p, d) => (p === 'manifest.json' ? text('[{"Config":"blobs/sha256/nope","Layers":[]}]') : d)),
        /manifest\.json\[0\]: "blobs\/sha256\/nope" is not in the archive/,
      ],
      [
        'index.json without its manifest blob',
        rewrite((p, d) =>
          p === 'index.json'
            ? text(`{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:${'0'.repeat(64)}","size":1}]}`)
            : d,
        ),
        /not in blobs\//,
      ],
    ];
    for (const [name, bad, want] of cases) {
      const problems = await validateLayout(bad);
      expect(
        problems.some((p) => want.test(p)),
        `validateLayout(${name}) = ${JSON.stringify(problems)}`,
      ).toBe(true);
    }
  });

  it('is deterministic and honours compression: uncompressed keeps the built digests', async () => {
    const a = await exportImage(await sampleImage(), { ref: 'hello:1' });
    const b = await exportImage(await sampleImage(), { ref: 'hello:1' });
    expect(await sha256(a.tar)).toBe(await sha256(b.tar));
    const image = await sampleImage();
    const plain = await exportImage(image, { ref: 'hello:1', compression: 'uncompressed' });
    expect(plain.image.manifestDigest).toBe(image.manifestDigest);
  });

  it('uses an injected compressor and reports progress', async () => {
    const image = await sampleImage({ big: 5 << 20 });
    const calls: number[] = [];
    let injected = 0;
    const { image: out } = await exportImage(image, {
      gzip: async (data, o) => {
        injected++;
        const { gzipChunked } = await import('../../../src/core/oci/index.ts');
        return gzipChunked(data, o);
      },
      onProgress: (done, total) => calls.push(done / total),
    });
    expect(injected).toBe(2);
    expect(calls.at(-1)).toBe(1);
    expect(
      calls.every((v, i) => i === 0 || v >= calls[i - 1]!),
      `progress ${calls.join(',')} is monotonic`,
    ).toBe(true);
    expect(await validateImage(out)).toEqual([]);
  });
});

describe('importArchive', () => {
  it("round-trips our OCI export (gzip and plain, and the whole tarball gzip'd)", async () => {
    const image = await sampleImage();
    for (const compression of ['gzip', 'uncompressed'] as const) {
      const { tar, image: exported } = await exportImage(image, { ref: 'ghcr.io/me/hello:v1', compression });
      for (const outer of [tar, gzip(tar)]) {
        const got = await importArchive(outer);
        expect(got.format).toBe('oci');
        expect(got.refs).toEqual(['ghcr.io/me/hello:v1']);
        expect(got.image.manifestDigest).toBe(exported.manifestDigest);
        expect(got.image.configDigest).toBe(image.configDigest);
        expect(await validateImage(got.image)).toEqual([]);
      }
    }
  });

  it('imports a docker-archive in the legacy <id>/layer.tar layout', async () => {
    const image = await sampleImage();
    const entries: TarWriteEntry[] = [
      { path: `${image.configDigest.slice(7)}.json`, type: 'file', data: image.configBytes },
      { path: 'aaaa/layer.tar', type: 'file', data: image.layers[0]!.blob },
      { path: 'bbbb/layer.tar', type: 'symlink', linkname: '../cccc/layer.tar' },
      { path: 'cccc/layer.tar', type: 'file', data: image.layers[1]!.blob },
      { path: 'repositories', type: 'file', data: text('{"hello":{"latest":"x"}}') },
      {
        path: 'manifest.json',
        type: 'file',
        data: text(
          JSON.stringify([
            {
              Config: `${image.configDigest.slice(7)}.json`,
              RepoTags: ['hello:latest'],
              Layers: ['aaaa/layer.tar', 'bbbb/layer.tar'],
            },
          ]),
        ),
      },
    ];
    const got = await importArchive(writeTar(entries));
    expect(got.format).toBe('docker');
    expect(got.refs).toEqual(['docker.io/library/hello:latest']);
    expect(got.image.configDigest).toBe(image.configDigest);
    expect(got.image.layers.map((l) => l.digest)).toEqual(image.layers.map((l) => l.digest));
    expect(await validateImage(got.image)).toEqual([]);
  });

  it('picks the wasi/wasm manifest from a nested multi-platform index', async () => {
    const wasm = await sampleImage();
    const other = await sampleImage({ platform: 'wasi/wasm32', created: 9 });
    const blob = (b: Uint8Array, d: string): TarWriteEntry => ({
      path: `blobs/sha256/${d.slice(7)}`,
      type: 'file',
      data: b,
    });
    const child = canonicalJsonBytes({
      schemaVersion: 2,
      mediaType: MediaType.index,
      manifests: [
        {
          mediaType: MediaType.manifest,
          digest: other.manifestDigest,
          size: other.manifestBytes.length,
          platform: { architecture: 'amd64', os: 'linux' },
        },
        {
          mediaType: MediaType.manifest,
          digest: wasm.manifestDigest,
          size: wasm.manifestBytes.length,
          platform: { architecture: 'wasm', os: 'wasi' },
        },
      ],
    });
    const childDigest = await sha256(child);
    const entries: TarWriteEntry[] = [
      { path: 'oci-layout', type: 'file', data: text('{"imageLayoutVersion":"1.0.0"}') },
      {
        path: 'index.json',
        type: 'file',
        data: canonicalJsonBytes({
          schemaVersion: 2,
          manifests: [
            {
              mediaType: MediaType.index,
              digest: childDigest,
              size: child.length,
              annotations: { 'io.containerd.image.name': 'docker.io/library/multi:1' },
            },
          ],
        }),
      },
      blob(child, childDigest),
      ...[wasm, other].flatMap((i) => [
        blob(i.manifestBytes, i.manifestDigest),
        blob(i.configBytes, i.configDigest),
        ...i.layers.map((l) => blob(l.blob, l.digest)),
      ]),
    ];
    const got = await importArchive(writeTar(entries));
    expect(got.image.manifestDigest).toBe(wasm.manifestDigest);
    expect(got.refs).toEqual(['docker.io/library/multi:1']);
  });
});

describe('importArchive, layouts other tools write', () => {
  const blob = (b: Uint8Array, d: string): TarWriteEntry => ({
    path: `blobs/sha256/${d.slice(7)}`,
    type: 'file',
    data: b,
  });

  it('buildx -o type=docker: an OCI layout holding Docker schema 2 media types, re-exported as is', async () => {
    const { convertLayers } = await import('../../../src/core/oci/index.ts');
    const image = await convertLayers(await sampleImage(), 'gzip');
    const manifest = canonicalJsonBytes({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, digest: image.configDigest, size: image.configBytes.length },
      layers: image.layers.map((l) => ({
        mediaType: MediaType.dockerLayerGzip,
        digest: l.digest,
        size: l.blob.length,
      })),
    });
    const md = await sha256(manifest);
    const tar = writeTar([
      { path: 'oci-layout', type: 'file', data: text('{"imageLayoutVersion":"1.0.0"}') },
      {
        path: 'index.json',
        type: 'file',
        data: canonicalJsonBytes({
          schemaVersion: 2,
          mediaType: MediaType.index,
          manifests: [
            {
              mediaType: MediaType.dockerManifest,
              digest: md,
              size: manifest.length,
              annotations: {
                'io.containerd.image.name': 'docker.io/library/dock:1',
                'org.opencontainers.image.ref.name': '1',
              },
            },
          ],
        }),
      },
      blob(manifest, md),
      blob(image.configBytes, image.configDigest),
      ...image.layers.map((l) => blob(l.blob, l.digest)),
    ]);
    const got = await importArchive(tar);
    expect(got.image.manifestDigest).toBe(md);
    expect(got.refs).toEqual(['docker.io/library/dock:1']);
    expect(await validateImage(got.image)).toEqual([]);
    const again = await exportImage(got.image, { ref: 'dock:1' });
    const index = JSON.parse(decode(listTar(again.tar).find((e) => e.path === 'index.json')!.data)) as {
      manifests: { mediaType: string }[];
    };
    expect(index.manifests[0]!.mediaType, 'index descriptor of a re-exported docker manifest').toBe(
      MediaType.dockerManifest,
    );
    expect((await importArchive(again.tar)).image.manifestDigest).toBe(md);
  });

  it('several manifests without descriptor platforms: the Wasm one is found through its config', async () => {
    const wasm = await sampleImage();
    const { buildConfig, createImage } = await import('../../../src/core/oci/index.ts');
    const linuxCfg = {
      ...buildConfig({ diff_ids: wasm.layers.map((l) => l.diffId) }),
      os: 'linux',
      architecture: 'amd64',
    };
    const linux = await createImage(linuxCfg, wasm.layers);
    const tar = writeTar([
      { path: 'oci-layout', type: 'file', data: text('{"imageLayoutVersion":"1.0.0"}') },
      {
        path: 'index.json',
        type: 'file',
        data: canonicalJsonBytes({
          schemaVersion: 2,
          manifests: [linux, wasm].map((i) => ({
            mediaType: MediaType.manifest,
            digest: i.manifestDigest,
            size: i.manifestBytes.length,
          })),
        }),
      },
      ...[linux, wasm].flatMap((i) => [blob(i.manifestBytes, i.manifestDigest), blob(i.configBytes, i.configDigest)]),
      ...wasm.layers.map((l) => blob(l.blob, l.digest)),
    ]);
    expect((await importArchive(tar)).image.manifestDigest).toBe(wasm.manifestDigest);
  });
});

describe('zstd layers (BuildKit compression=zstd, skopeo --dest-compress-format zstd)', () => {
  const blob = (b: Uint8Array, d: string): TarWriteEntry => ({
    path: `blobs/sha256/${d.slice(7)}`,
    type: 'file',
    data: b,
  });

  /** An OCI layout of the sample image whose layers are zstd frames, as tools write them. */
  async function zstdLayout(
    options: { frame?: number; mediaType?: string; blobOf?: (tar: Uint8Array) => Uint8Array } = {},
  ) {
    const { assembleImage } = await import('../../../src/core/oci/index.ts');
    const plain = await sampleImage({ big: 300_000 });
    const layers = await Promise.all(
      plain.layers.map(async (l) => {
        const b = options.blobOf
          ? options.blobOf(l.blob)
          : zstdRaw(l.blob, options.frame ? { frame: options.frame } : {});
        return {
          mediaType: options.mediaType ?? MediaType.layerZstd,
          blob: b,
          digest: await sha256(b),
          diffId: l.diffId,
        };
      }),
    );
    const image = await assembleImage(plain.config, plain.configBytes, layers);
    const tar = writeTar([
      { path: 'oci-layout', type: 'file', data: text('{"imageLayoutVersion":"1.0.0"}') },
      {
        path: 'index.json',
        type: 'file',
        data: canonicalJsonBytes({
          schemaVersion: 2,
          manifests: [
            { mediaType: MediaType.manifest, digest: image.manifestDigest, size: image.manifestBytes.length },
          ],
        }),
      },
      blob(image.manifestBytes, image.manifestDigest),
      blob(image.configBytes, image.configDigest),
      ...image.layers.map((l) => blob(l.blob, l.digest)),
    ]);
    return { plain, image, tar };
  }

  it('import keeps the zstd layers and their digests; the files read back as the tars had them', async () => {
    const { layerTar } = await import('../../../src/core/oci/index.ts');
    const { plain, image, tar } = await zstdLayout({ frame: 100_000 });
    const got = await importArchive(tar, { name: 'zstd.tar' });
    expect(got.image.manifestDigest).toBe(image.manifestDigest);
    expect(got.image.layers.map((l) => l.mediaType)).toEqual([MediaType.layerZstd, MediaType.layerZstd]);
    expect(got.image.layers.map((l) => layerTar(l))).toEqual(plain.layers.map((l) => l.blob));
    expect(await validateImage(got.image)).toEqual([]);
  });

  it('export writes gzip layers with the same diff_ids, which import again', async () => {
    const { image, tar } = await zstdLayout();
    const imported = (await importArchive(tar)).image;
    const out = await exportImage(imported, { ref: 'z:1' });
    expect(out.image.layers.map((l) => l.mediaType)).toEqual([MediaType.layerGzip, MediaType.layerGzip]);
    expect(containerImage(out.image, 'export').config.rootfs.diff_ids).toEqual(image.config.rootfs.diff_ids);
    expect(out.image.configDigest).toBe(image.configDigest);
    expect((await importArchive(out.tar)).image.manifestDigest).toBe(out.image.manifestDigest);
  });

  it('a layer the manifest calls zstd that is gzip is refused, naming both', async () => {
    const { tar } = await zstdLayout({ blobOf: (t) => gzip(t) });
    await expectImportError(
      tar,
      'IMAGE_FORMAT',
      /layer 0 .*the manifest says application\/vnd\.oci\.image\.layer\.v1\.tar\+zstd, but the blob is gzip/,
      'zstd named, gzip inside',
    );
  });

  it('a truncated zstd layer is refused as corrupt', async () => {
    const { tar } = await zstdLayout({ blobOf: (t) => zstdRaw(t).subarray(0, 5000) });
    await expectImportError(tar, 'IMAGE_FORMAT', /layer 0 .*corrupt or truncated zstd/, 'truncated zstd');
  });

  it('a layer media type nothing here can read is refused', async () => {
    const { tar } = await zstdLayout({ mediaType: 'application/vnd.oci.image.layer.v1.tar+lz4' });
    await expectImportError(
      tar,
      'IMAGE_FORMAT',
      /unsupported layer media type "application\/vnd\.oci\.image\.layer\.v1\.tar\+lz4"/,
      'lz4',
    );
  });
});

describe('importArchive refuses hostile or broken tarballs', () => {
  async function layoutWith(layerTar: Uint8Array): Promise<Uint8Array> {
    // A valid layout whose one layer is `layerTar` (digests all correct), to reach the layer checks.
    const { buildConfig, createImage, layerFromTar } = await import('../../../src/core/oci/index.ts');
    const layer = await layerFromTar(layerTar);
    const image = await createImage(buildConfig({ diff_ids: [layer.diffId] }), [layer]);
    return (await exportImage(image, { ref: 'evil', compression: 'uncompressed' })).tar;
  }

  it('a layer with ../escape', async () => {
    await expectImportError(
      await layoutWith(rawTar([{ name: '../escape', data: text('x') }])),
      'PATH_UNSAFE',
      /layer 0 .*"\.\.\/escape"/,
      '../escape',
    );
  });
  it('a layer with an absolute name', async () => {
    await expectImportError(
      await layoutWith(rawTar([{ name: '/abs', data: text('x') }])),
      'PATH_UNSAFE',
      /"\/abs"/,
      '/abs',
    );
  });
  it('a layer with a symlink to ../../etc', async () => {
    await expectImportError(
      await layoutWith(rawTar([{ name: 'etc/x', typeflag: '2', linkname: '../../etc' }])),
      'PATH_UNSAFE',
      /symlink "etc\/x"/,
      'symlink out',
    );
  });
  it('a layer with a hardlink out', async () => {
    await expectImportError(
      await layoutWith(rawTar([{ name: 'x', typeflag: '1', linkname: '../outside' }])),
      'PATH_UNSAFE',
      /hardlink "x"/,
      'hardlink out',
    );
  });
  it('an outer archive entry with ../escape', async () => {
    await expectImportError(
      rawTar([{ name: '../oci-layout', data: text('{}') }]),
      'PATH_UNSAFE',
      /"\.\.\/oci-layout"/,
      'outer ../',
    );
  });

  it('a blob whose bytes do not match its digest', async () => {
    const image = await sampleImage();
    const { tar, image: exported } = await exportImage(image, { compression: 'uncompressed' });
    const path = `blobs/sha256/${exported.layers[1]!.digest.slice(7)}`;
    const entries = listTar(tar).filter((e) => e.type === 'file');
    const tampered = writeTar(
      entries.map((e) => ({
        path: e.path,
        type: 'file',
        data: e.path === path ? e.data.map((b, i) => (i === 600 ? b ^ 1 : b)) : e.data,
      })),
    );
    await expectImportError(tampered, 'DIGEST_MISMATCH', new RegExp(`layer 1 ${path} hashes to`), 'bad digest');
    const digestOnly = await importArchive(tampered, { layerChecks: 'digest' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isWharfError(digestOnly, 'DIGEST_MISMATCH'), "layerChecks 'digest' hashes every blob").toBe(true);
    // 'sender' takes the blob as named: the push that asked for it hashes it as it goes up.
    const taken = await importArchive(tampered, { layerChecks: 'sender' });
    expect(taken.image.layers[1]!.digest).toBe(exported.layers[1]!.digest);
    expect(taken.image.layers[1]!.blob).not.toEqual(exported.layers[1]!.blob);
  });

  it('a diff_id that does not match the layer', async () => {
    const swapped = await swappedLayers('uncompressed');
    await expectImportError(
      swapped,
      'DIGEST_MISMATCH',
      /uncompressed tar hashes to sha256:\w+, but the config's diff_id is/,
      'swapped layers',
    );
  });

  it('a gzip layer whose diff_id does not match: refused at import, or (contents left to unpack) where it is unpacked', async () => {
    const swapped = await swappedLayers('gzip');
    const mismatch = /layer 0 \(.*\): uncompressed tar hashes to sha256:\w+, but the config's diff_id is/;
    await expectImportError(swapped, 'DIGEST_MISMATCH', mismatch, 'swapped gzip layers');
    const { image: moved } = await importArchive(swapped, { name: 'hostile.tar', layerChecks: 'digest' });
    const err = await imageRootfs(moved).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isWharfError(err, 'DIGEST_MISMATCH'), `imageRootfs(swapped gzip layers) threw ${String(err)}`).toBe(true);
    expect((err as Error).message).toMatch(/^layer 0 \(sha256:\w+\): uncompressed tar hashes to/);
  });

  it('a truncated tarball', async () => {
    const { tar } = await exportImage(await sampleImage({ big: 300_000 }));
    await expectImportError(tar.subarray(0, tar.length >> 1), 'TAR_FORMAT', /truncated/, 'truncated');
  });

  it('a truncated gzip tarball', async () => {
    const { tar } = await exportImage(await sampleImage({ big: 300_000 }));
    const gz = gzip(tar);
    await expectImportError(
      gz.subarray(0, gz.length - 100),
      'IMAGE_FORMAT',
      /hostile\.tar: corrupt or truncated gzip|hostile\.tar: .*truncated/,
      'truncated gzip',
    );
  });

  it('not a tar at all', async () => {
    await expectImportError(
      text('just some text that is certainly no tarball at all, padded'.repeat(20)),
      'TAR_FORMAT',
      /hostile\.tar: header at offset 0: header checksum mismatch/,
      'text',
    );
  });

  it('a huge declared size', async () => {
    await expectImportError(
      rawTar([{ name: 'index.json', size: 0o7777777777 }]),
      'TAR_FORMAT',
      /declares 1073741823 bytes/,
      'huge size',
    );
  });

  it('a tar that is neither layout', async () => {
    await expectImportError(
      writeTar([{ path: 'readme', type: 'file', data: text('hi') }]),
      'IMAGE_FORMAT',
      /neither an OCI image layout/,
      'plain tar',
    );
  });
});
