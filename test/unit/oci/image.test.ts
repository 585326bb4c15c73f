import { describe, expect, it } from 'vitest';
import {
  MediaType,
  buildConfig,
  canonicalJson,
  convertLayers,
  imageBlobs,
  layerTar,
  rfc3339,
  sha256,
  validateImage,
  type ContainerImage,
} from '../../../src/core/oci/index.ts';
import { sampleImage } from './helpers.ts';
import { imageRecord } from '../../../src/core/store-image.ts';

describe('config, manifest, image', () => {
  it('config defaults: wasi/wasm, created at epoch 0, rootfs, history', async () => {
    const image = await sampleImage();
    const c = JSON.parse(new TextDecoder().decode(image.configBytes)) as Record<string, unknown>;
    expect(c.architecture).toBe('wasm');
    expect(c.os).toBe('wasi');
    expect(c.created).toBe('1970-01-01T00:00:00Z');
    expect((c.rootfs as { type: string }).type).toBe('layers');
    expect(Object.keys(c), 'canonical key order').toEqual([...Object.keys(c)].sort());
  });

  it('platform options and SOURCE_DATE_EPOCH', async () => {
    for (const [p, os, arch] of [
      ['wasip1/wasm', 'wasip1', 'wasm'],
      ['wasi/wasm32', 'wasi', 'wasm32'],
    ] as const) {
      const c = buildConfig({ diff_ids: [], platform: p });
      expect(`${c.os}/${c.architecture}`, `buildConfig({platform: ${p}})`).toBe(`${os}/${arch}`);
    }
    expect(() => buildConfig({ diff_ids: [], platform: 'linux/amd64' as never })).toThrow(
      /platform "linux\/amd64" is not supported/,
    );
    expect(rfc3339(1_700_000_000)).toBe('2023-11-14T22:13:20Z');
    expect(buildConfig({ diff_ids: [], created: 1_700_000_000 }).created).toBe('2023-11-14T22:13:20Z');
  });

  it('manifest: OCI media types, compat-smart annotation, descriptors match blobs', async () => {
    const image = await sampleImage();
    const m = image.manifest;
    expect(m.mediaType).toBe(MediaType.manifest);
    expect(m.config.mediaType).toBe(MediaType.config);
    expect(m.annotations).toEqual({ 'module.wasm.image/variant': 'compat-smart' });
    expect(m.config.digest).toBe(await sha256(image.configBytes));
    expect(m.layers.map((l) => l.mediaType)).toEqual([MediaType.layer, MediaType.layer]);
    expect(image.manifestDigest).toBe(await sha256(image.manifestBytes));
    expect(new TextDecoder().decode(image.manifestBytes)).toBe(canonicalJson(m));
  });

  it('is reproducible: building twice gives the same manifest digest', async () => {
    expect((await sampleImage()).manifestDigest).toBe((await sampleImage()).manifestDigest);
    expect((await sampleImage({ created: 5 })).manifestDigest).not.toBe((await sampleImage()).manifestDigest);
  });

  it('convertLayers to gzip changes layer digests and the manifest digest, not diff_ids', async () => {
    const plain = await sampleImage();
    const gz = await convertLayers(plain, 'gzip');
    expect(gz.layers.map((l) => l.mediaType)).toEqual([MediaType.layerGzip, MediaType.layerGzip]);
    expect(gz.layers.map((l) => l.diffId)).toEqual(plain.layers.map((l) => l.diffId));
    expect(gz.configDigest).toBe(plain.configDigest);
    expect(gz.manifestDigest).not.toBe(plain.manifestDigest);
    expect(await validateImage(gz), 'validate(gzip image)').toEqual([]);
    const back = await convertLayers(gz, 'uncompressed');
    expect(back.manifestDigest, 'gzip then uncompressed = the original').toBe(plain.manifestDigest);
    expect(Buffer.from(layerTar(gz.layers[0]!)).equals(Buffer.from(plain.layers[0]!.blob))).toBe(true);
  });

  it('imageBlobs and imageRecord give what Store.commit takes', async () => {
    const image = await sampleImage();
    const blobs = imageBlobs(image);
    expect([...blobs.keys()].sort()).toEqual(
      [image.manifestDigest, image.configDigest, ...image.layers.map((l) => l.digest)].sort(),
    );
    for (const [d, b] of blobs) expect(await sha256(b), `blob ${d}`).toBe(d);
    const r = imageRecord(image, 'docker.io/library/hello:latest', 42);
    expect(r).toEqual({
      ref: 'docker.io/library/hello:latest',
      manifest: image.manifestDigest,
      config: image.configDigest,
      size: image.configBytes.length + image.layers[0]!.blob.length + image.layers[1]!.blob.length,
      created: '1970-01-01T00:00:00Z',
      updatedAt: 42,
    });
  });
});

describe('validateImage catches each kind of problem', () => {
  const mutate = async (f: (i: ContainerImage) => ContainerImage | Promise<ContainerImage>) =>
    validateImage(await f(await sampleImage()));
  const utf8 = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

  it('a good image has no problems', async () => {
    expect(await validateImage(await sampleImage())).toEqual([]);
  });

  const cases: [string, (i: ContainerImage) => ContainerImage | Promise<ContainerImage>, RegExp][] = [
    [
      'config bytes changed',
      (i) => ({ ...i, configBytes: utf8({ ...i.config, os: 'linux' }), config: { ...i.config, os: 'linux' } }),
      /config digest sha256:\w+, but the config hashes to/,
    ],
    [
      'config size wrong',
      (i) => ({ ...i, manifest: { ...i.manifest, config: { ...i.manifest.config, size: 1 } } }),
      /config size 1/,
    ],
    [
      'layer digest wrong',
      (i) => ({ ...i, layers: [{ ...i.layers[0]!, blob: i.layers[1]!.blob }, i.layers[1]!] }),
      /layer 0: blob hashes to/,
    ],
    [
      'layer size wrong',
      (i) => ({
        ...i,
        manifest: { ...i.manifest, layers: [{ ...i.manifest.layers[0]!, size: 3 }, i.manifest.layers[1]!] },
      }),
      /layer 0: manifest says size 3/,
    ],
    [
      'diff_id wrong',
      (i) => ({ ...i, layers: [i.layers[0]!, { ...i.layers[1]!, diffId: i.layers[0]!.diffId }] }),
      /layer 1: uncompressed tar hashes to sha256:\w+, but its diffId is/,
    ],
    [
      'manifest bytes disagree',
      (i) => ({ ...i, manifest: { ...i.manifest, annotations: {} } }),
      /manifest: bytes and parsed manifest disagree/,
    ],
    ['manifest digest wrong', (i) => ({ ...i, manifestDigest: i.configDigest }), /manifest: bytes do not hash to/],
    [
      'layer media type',
      (i) => ({ ...i, layers: [{ ...i.layers[0]!, mediaType: 'text/plain' }, i.layers[1]!] }),
      /layer 0: mediaType "text\/plain" is not a tar layer/,
    ],
    [
      'gzip media type on a plain tar',
      (i) => ({ ...i, layers: [{ ...i.layers[0]!, mediaType: MediaType.layerGzip }, i.layers[1]!] }),
      /mediaType says gzip but the blob is not gzip/,
    ],
    [
      'non-Wasm platform',
      (i) => ({ ...i, config: { ...i.config, os: 'linux', architecture: 'amd64' } }),
      /platform linux\/amd64 is not a Wasm platform/,
    ],
    [
      'history count',
      (i) => ({ ...i, config: { ...i.config, history: [] } }),
      /history has 0 non-empty entries for 2 diff_ids/,
    ],
    ['missing layer', (i) => ({ ...i, layers: [i.layers[0]!] }), /manifest: 2 layers, but the image has 1/],
  ];
  for (const [name, f, want] of cases) {
    it(name, async () => {
      const problems = await mutate(f);
      expect(
        problems.some((p) => want.test(p)),
        `validate(${name}) = ${JSON.stringify(problems)}, want one matching ${want}`,
      ).toBe(true);
    });
  }

  it('collects several problems at once', async () => {
    const problems = await mutate((i) => ({
      ...i,
      config: { ...i.config, os: 'linux' },
      layers: [{ ...i.layers[0]!, blob: i.layers[1]!.blob }, i.layers[1]!],
    }));
    expect(problems.length, JSON.stringify(problems)).toBeGreaterThanOrEqual(3);
  });
});
