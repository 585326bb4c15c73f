// OCI Wasm artifacts: made as the oci-wasm crate makes them (wkg oci push, oci-tar-builder
// --as-artifact), read back from tarballs, validated, stored, and every kind of bad input
// refused with a message naming what is wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWharfError } from '../../../src/core/errors.ts';
import {
  MediaType,
  OCI_TITLE,
  canonicalJsonBytes,
  componentInterfaces,
  containerImage,
  convertLayers,
  createArtifact,
  describeNotWasm,
  exportImage,
  imageBlobs,
  importArchive,
  isWasmArtifact,
  listTar,
  parseJsonBytes,
  runConfig,
  sha256,
  validateImage,
  validateLayout,
  wasmKind,
  writeTar,
  type Descriptor,
  type Digest,
  type WasmArtifact,
} from '../../../src/core/oci/index.ts';
import { build, imageAsArtifact } from '../../../src/core/builder/index.ts';
import { RegistryClient, pullImage, pullToStore, pushImage } from '../../../src/core/registry/index.ts';
import { imageRootfs } from '../../../src/core/rootfs/index.ts';
import { planRun } from '../../../src/core/runtime/index.ts';
import { imageRecord, loadImage, openImage } from '../../../src/core/store-image.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { FakeRegistry } from '../registry/fake-registry.ts';
import { sampleImage, text } from './helpers.ts';

const fixtures = join(import.meta.dirname, '../../fixtures');
const MODULE = new Uint8Array(readFileSync(join(fixtures, 'hello.wasm')));
const COMPONENT = new Uint8Array(readFileSync(join(fixtures, 'artifact/run-ok.component.wasm')));

async function failure(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!isWharfError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected a failure, got success');
}

describe('the .wasm inside', () => {
  it('tells a module from a component by the first 8 bytes, as runwasi does', () => {
    expect(wasmKind(MODULE), 'wasmKind(hello.wasm)').toBe('module');
    expect(wasmKind(COMPONENT), 'wasmKind(run-ok.component.wasm)').toBe('component');
    expect(wasmKind(text('#!/bin/sh\n')), 'wasmKind(a script)').toBeUndefined();
    expect(describeNotWasm(text('#!/bin/sh\n'))).toBe('not WebAssembly (no \\0asm magic at its start)');
    const future = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0e, 0x00, 0x01, 0x00]);
    expect(wasmKind(future)).toBeUndefined();
    expect(describeNotWasm(future)).toMatch(/unknown version \(0e 00 01 00;/);
  });

  it("reads a component's world as wasm-tools prints it (component wit)", () => {
    expect(componentInterfaces(COMPONENT, 'run-ok')).toEqual({
      imports: ['wasi:cli/environment@0.2.0'],
      exports: ['wasi:cli/run@0.2.0'],
      target: null,
    });
    expect(() => componentInterfaces(MODULE, 'hello.wasm')).toThrow(/hello\.wasm: not WebAssembly|hello\.wasm: /);
    const cut = COMPONENT.slice(0, COMPONENT.length - 20);
    expect(() => componentInterfaces(cut, 'cut.wasm')).toThrow(/cut\.wasm: not a valid component: .*runs past the end/);
  });
});

describe('createArtifact', () => {
  it('a module: the config oci-wasm writes (wasip1, layerDigests, component null), one application/wasm layer titled', async () => {
    const a = await createArtifact(MODULE, { title: 'hello.wasm' });
    const digest = await sha256(MODULE);
    expect(parseJsonBytes(a.configBytes, 'config')).toEqual({
      created: '1970-01-01T00:00:00Z',
      author: null,
      architecture: 'wasm',
      os: 'wasip1',
      layerDigests: [digest],
      component: null,
    });
    expect(a.manifest).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.manifest,
      config: { mediaType: MediaType.wasmConfig, digest: a.configDigest, size: a.configBytes.length },
      layers: [
        { mediaType: 'application/wasm', digest, size: MODULE.length, annotations: { [OCI_TITLE]: 'hello.wasm' } },
      ],
    });
    expect(a.layers[0]!.blob, 'the layer is the .wasm itself').toBe(MODULE);
    expect(await validateImage(a), 'validateImage(artifact)').toEqual([]);
    expect(isWasmArtifact(a)).toBe(true);
    expect((await createArtifact(MODULE, { title: 'hello.wasm' })).manifestDigest, 'reproducible').toBe(
      a.manifestDigest,
    );
  });

  it('a component: wasip2 and its imports and exports', async () => {
    const a = await createArtifact(COMPONENT, { annotations: { 'org.opencontainers.image.version': '1.0.0' } });
    expect(a.config).toMatchObject({
      os: 'wasip2',
      component: { exports: ['wasi:cli/run@0.2.0'], imports: ['wasi:cli/environment@0.2.0'], target: null },
    });
    expect(a.manifest.annotations).toEqual({ 'org.opencontainers.image.version': '1.0.0' });
    expect(a.manifest.layers[0]!.annotations, 'no title when none is given').toBeUndefined();
    expect(await validateImage(a)).toEqual([]);
  });

  it('refuses what is not Wasm, naming the file', async () => {
    expect(await failure(createArtifact(text('hello'), { title: 'notes.txt' }))).toEqual({
      code: 'WASM_INVALID',
      message: 'notes.txt: not WebAssembly (no \\0asm magic at its start)',
    });
  });
});

describe('running an artifact', () => {
  it('argv is Cmd [its title], replaced whole by run arguments (runwasi takes argv verbatim); no env; no filesystem', async () => {
    const a = await createArtifact(MODULE, { title: 'hello.wasm' });
    expect(planRun(runConfig(a)).argv, 'no arguments').toEqual(['hello.wasm']);
    expect(planRun(runConfig(a), { args: ['wasi-demo.wasm', 'echo', 'hi'] }).argv, 'ctr run IMG ID ARGS').toEqual([
      'wasi-demo.wasm',
      'echo',
      'hi',
    ]);
    expect(planRun(runConfig(a), { entrypoint: ['app.wasm'], args: ['echo'] }).argv, '--entrypoint').toEqual([
      'app.wasm',
      'echo',
    ]);
    expect(planRun(runConfig(a), { env: ['A=1'] }).env).toEqual(['A=1']);
    const root = await imageRootfs(a);
    expect(root.entries.size, 'rootfs of an artifact').toBe(0);
    expect(() => containerImage(a, 'image "x"')).toThrow(
      'image "x" is an OCI Wasm artifact (application/vnd.wasm.config.v0+json): a single .wasm with no filesystem',
    );
  });

  it("without a title, argv[0] is the file wkg oci pull would write (the repository's path, / as _)", async () => {
    const a = await createArtifact(MODULE);
    expect(runConfig(a, 'localhost:5000/team/hello:1')?.Cmd).toEqual(['team_hello.wasm']);
    expect(runConfig(a)?.Cmd).toEqual(['module.wasm']);
  });

  it('an image keeps its own config', async () => {
    const image = await sampleImage();
    expect(runConfig(image)).toBe(image.config.config);
  });
});

/** An OCI layout tarball holding `manifest` and these blobs, as a tool other than Wharf might write it. */
async function layout(manifest: unknown, blobs: Uint8Array[]): Promise<Uint8Array> {
  const manifestBytes = canonicalJsonBytes(manifest);
  const digest = await sha256(manifestBytes);
  const index = {
    schemaVersion: 2,
    manifests: [{ mediaType: MediaType.manifest, digest, size: manifestBytes.length }],
  };
  const entries = [
    { path: 'oci-layout', type: 'file' as const, data: text('{"imageLayoutVersion":"1.0.0"}') },
    { path: 'index.json', type: 'file' as const, data: canonicalJsonBytes(index) },
  ];
  for (const b of [manifestBytes, ...blobs])
    entries.push({ path: `blobs/sha256/${(await sha256(b)).slice(7)}`, type: 'file', data: b });
  return writeTar(entries);
}

async function descriptor(mediaType: string, b: Uint8Array): Promise<Descriptor> {
  return { mediaType, digest: await sha256(b), size: b.length };
}

/** An artifact manifest over `config` and `layers` (media type, bytes), with the blobs to go with it. */
async function artifactParts(config: unknown, layers: [string, Uint8Array][]) {
  const configBytes = canonicalJsonBytes(config);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    config: await descriptor(MediaType.wasmConfig, configBytes),
    layers: await Promise.all(layers.map(([t, b]) => descriptor(t, b))),
  };
  return layout(manifest, [configBytes, ...layers.map(([, b]) => b)]);
}

const goodConfig = async (blob: Uint8Array) => ({
  architecture: 'wasm',
  os: 'wasip1',
  layerDigests: [await sha256(blob)],
});

describe('artifacts in OCI layout tarballs', () => {
  it('export and import round-trip: same digests, the layer kept as it is, index platform wasip1/wasm', async () => {
    const a = await createArtifact(MODULE, { title: 'hello.wasm' });
    expect(await convertLayers(a, 'gzip'), 'convertLayers leaves an artifact as it is').toBe(a);
    const { tar, image } = await exportImage(a, { ref: 'localhost:5000/hello:1' });
    expect(image.manifestDigest, 'exported as stored').toBe(a.manifestDigest);
    expect(await validateLayout(tar), 'validateLayout(exported artifact)').toEqual([]);
    const files = new Map(listTar(tar).map((e) => [e.path, e.data]));
    const index = parseJsonBytes(files.get('index.json')!, 'index') as { manifests: Descriptor[] };
    expect(index.manifests[0]!.platform).toEqual({ architecture: 'wasm', os: 'wasip1' });
    const back = await importArchive(tar, { name: 'hello.tar' });
    expect(back.refs).toEqual(['localhost:5000/hello:1']);
    expect(back.image.manifestDigest).toBe(a.manifestDigest);
    expect(isWasmArtifact(back.image)).toBe(true);
    expect(back.image.layers[0]!.blob).toEqual(MODULE);
    expect(await validateImage(back.image)).toEqual([]);
  });

  it('reads the media type runwasi first used and an artifactType on the manifest', async () => {
    const configBytes = canonicalJsonBytes(await goodConfig(MODULE));
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.manifest,
      artifactType: 'application/vnd.wasm.module.v1+wasm',
      config: await descriptor(MediaType.wasmConfig, configBytes),
      layers: [await descriptor(MediaType.wasmComponentLayer, MODULE)],
    };
    const { image } = await importArchive(await layout(manifest, [configBytes, MODULE]));
    expect(image.layers[0]!.mediaType).toBe(MediaType.wasmComponentLayer);
    expect(await validateImage(image)).toEqual([]);
  });

  const bad: [string, () => Promise<Uint8Array>, RegExp][] = [
    [
      'two layers',
      async () =>
        artifactParts(await goodConfig(MODULE), [
          ['application/wasm', MODULE],
          ['application/wasm', COMPONENT],
        ]),
      /artifact config: an OCI Wasm artifact has exactly one layer \(the \.wasm\), this one has 2/,
    ],
    [
      'a tar layer',
      async () => artifactParts(await goodConfig(MODULE), [[MediaType.layer, MODULE]]),
      /layer 0: media type "application\/vnd\.oci\.image\.layer\.v1\.tar" is not a Wasm layer \(application\/wasm or application\/vnd\.bytecodealliance\.wasm\.component\.layer\.v0\+wasm\)/,
    ],
    [
      'a config for another architecture',
      async () =>
        artifactParts({ ...(await goodConfig(MODULE)), architecture: 'amd64' }, [['application/wasm', MODULE]]),
      /artifact config: architecture "amd64" is not "wasm"/,
    ],
    [
      'an os that is no WASI',
      async () => artifactParts({ ...(await goodConfig(MODULE)), os: 'linux' }, [['application/wasm', MODULE]]),
      /artifact config: os "linux" is not "wasip1" or "wasip2"/,
    ],
    [
      'layerDigests naming another blob',
      async () => artifactParts(await goodConfig(COMPONENT), [['application/wasm', MODULE]]),
      /layerDigests \[sha256:\w+\] do not match the manifest's layers \[sha256:\w+\]/,
    ],
    [
      'a blob that is not Wasm',
      async () => artifactParts(await goodConfig(text('not wasm')), [['application/wasm', text('not wasm')]]),
      /layer 0 \(sha256:\w+\): the application\/wasm layer is not WebAssembly \(no \\0asm magic at its start\)/,
    ],
  ];
  for (const [name, make, want] of bad) {
    it(`refuses ${name}, saying what is wrong`, async () => {
      const f = await failure(importArchive(await make(), { name: 'art.tar' }));
      expect(f.code, `importArchive(${name}).code`).toBe('IMAGE_FORMAT');
      expect(f.message, `importArchive(${name})`).toMatch(want);
      expect(f.message.startsWith('art.tar: '), 'names the archive').toBe(true);
    });
  }

  it('collects every problem of a config at once', async () => {
    const tar = await artifactParts({ architecture: 'x86', layerDigests: 'none' }, [['application/wasm', MODULE]]);
    const { message } = await failure(importArchive(tar, { name: 'art.tar' }));
    expect(message).toMatch(/architecture "x86" is not "wasm"; os is missing .*; layerDigests is not a list/);
  });

  it('a Wasm layer in an image (an image config) says where it belongs', async () => {
    const configBytes = canonicalJsonBytes({
      architecture: 'wasm',
      os: 'wasip1',
      rootfs: { type: 'layers', diff_ids: [] },
    });
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.manifest,
      config: await descriptor(MediaType.config, configBytes),
      layers: [await descriptor('application/wasm', MODULE)],
    };
    const { message } = await failure(importArchive(await layout(manifest, [configBytes, MODULE]), { name: 'x.tar' }));
    expect(message).toMatch(
      /unsupported layer media type "application\/wasm": a Wasm layer belongs in an OCI Wasm artifact, whose config is application\/vnd\.wasm\.config\.v0\+json/,
    );
  });
});

describe('validateImage of an artifact', () => {
  const mutate = async (f: (a: WasmArtifact) => WasmArtifact) =>
    validateImage(f(await createArtifact(MODULE, { title: 'hello.wasm' })));

  it('finds a layer that is not Wasm, a diffId that is not its digest, a missing layerDigests', async () => {
    const problems = await mutate((a) => {
      const configBytes = canonicalJsonBytes({ ...a.config, layerDigests: undefined });
      return {
        ...a,
        config: { ...a.config, layerDigests: undefined },
        configBytes,
        layers: [{ ...a.layers[0]!, blob: text('junk'), diffId: `sha256:${'0'.repeat(64)}` as Digest }],
      };
    });
    for (const want of [
      /config: layerDigests is missing/,
      /layer 0: blob hashes to/,
      /layer 0: a Wasm layer's diffId is its digest/,
      /layer 0: the \.wasm is not WebAssembly/,
      /manifest: config digest .* but the config hashes to/,
    ])
      expect(
        problems.some((p) => want.test(p)),
        `validateImage = ${JSON.stringify(problems)}, want one matching ${want}`,
      ).toBe(true);
  });
});

describe('artifacts in the store', () => {
  it('stored and read back like an image; garbage collection keeps its blobs while a ref names it', async () => {
    const store = new MemoryStore();
    const a = await createArtifact(COMPONENT, { title: 'run-ok.wasm' });
    await store.commit(imageRecord(a, 'localhost:5000/run-ok:1', 0), imageBlobs(a));
    const head = await openImage(store, 'localhost:5000/run-ok:1');
    expect(head.config).toEqual(a.config);
    const loaded = await loadImage(store, 'localhost:5000/run-ok:1');
    expect(isWasmArtifact(loaded)).toBe(true);
    expect(loaded.layers[0]).toEqual(a.layers[0]);
    expect(await validateImage(loaded)).toEqual([]);
    expect(await store.collectGarbage(), 'gc with the ref in place').toEqual([]);
    await store.deleteRef('localhost:5000/run-ok:1');
    expect((await store.collectGarbage()).sort(), 'gc after the ref is gone').toEqual(
      [a.manifestDigest, a.configDigest, a.layers[0]!.digest].sort(),
    );
  });
});

describe('artifacts through a registry', () => {
  it('push and pull: the same digests, stored as one commit', async () => {
    const reg = new FakeRegistry();
    const client = new RegistryClient(reg.host, { fetch: reg.fetch, insecure: true });
    const a = await createArtifact(MODULE, { title: 'hello.wasm' });
    const pushed = await pushImage(client, a, { domain: reg.host, path: 'team/hello', tag: '1' });
    expect(pushed.digest).toBe(a.manifestDigest);
    const back = await pullImage(client, { domain: reg.host, path: 'team/hello', tag: '1' });
    expect(back.manifestDigest).toBe(a.manifestDigest);
    expect(back.layers[0]!.blob).toEqual(MODULE);
    expect(await validateImage(back)).toEqual([]);
  });

  it('a bad artifact is refused before its layer is fetched, and nothing is stored', async () => {
    const reg = new FakeRegistry();
    const configBytes = canonicalJsonBytes({ architecture: 'wasm', os: 'wasip1' });
    const manifest = canonicalJsonBytes({
      schemaVersion: 2,
      mediaType: MediaType.manifest,
      config: await descriptor(MediaType.wasmConfig, configBytes),
      layers: [await descriptor('application/wasm', MODULE), await descriptor('application/wasm', COMPONENT)],
    });
    reg.putImage('two', 'latest', manifest, MediaType.manifest, [configBytes, MODULE, COMPONENT]);
    const store = new MemoryStore();
    const f = await failure(pullToStore(store, `${reg.host}/two`, { fetch: reg.fetch, insecure: true }));
    expect(f.message).toBe(
      `${reg.host}/two:latest: artifact config ${await sha256(configBytes)}: an OCI Wasm artifact has exactly one layer (the .wasm), this one has 2`,
    );
    const moduleDigest = await sha256(MODULE);
    expect(
      reg.log.filter((l) => l.url.includes(`/blobs/${moduleDigest}`)),
      'layer requests',
    ).toEqual([]);
    expect(await store.list(), 'blobs stored').toEqual([]);
    expect(await store.listRefs(), 'refs stored').toEqual([]);
  });
});

describe('building from an artifact', () => {
  it('FROM and COPY --from an artifact fail at their line: there is no filesystem to build on', async () => {
    const store = new MemoryStore();
    const a = await createArtifact(MODULE, { title: 'hello.wasm' });
    await store.commit(imageRecord(a, 'art:1', 0), imageBlobs(a));
    for (const [dockerfile, line] of [
      ['FROM art:1\n', 'Dockerfile:1: FROM'],
      ['FROM scratch\nCOPY --from=art:1 /hello.wasm /\n', 'Dockerfile:2: COPY --from'],
    ] as const) {
      const f = await failure(build({ files: [{ path: 'Dockerfile', data: dockerfile, mode: 0o644 }], store }));
      expect(f.message, `build(${JSON.stringify(dockerfile)})`).toBe(
        `${line}: image "art:1" is an OCI Wasm artifact (application/vnd.wasm.config.v0+json): a single .wasm with no filesystem, nothing to build on`,
      );
    }
  });
});

describe('an image as an artifact (oci-tar-builder --as-artifact)', () => {
  it('carries the module a run would start, titled with its name, and lists what stays behind', async () => {
    const store = new MemoryStore();
    const { image } = await build({
      files: [
        {
          path: 'Dockerfile',
          data: 'FROM scratch\nCOPY hello.wasm /app/hello.wasm\nCOPY notes.txt /notes.txt\nENTRYPOINT ["/app/hello.wasm"]\nCMD ["x"]\n',
          mode: 0o644,
        },
        { path: 'hello.wasm', data: MODULE, mode: 0o755 },
        { path: 'notes.txt', data: 'n', mode: 0o644 },
      ],
      store,
    });
    const made = await imageAsArtifact(image);
    expect(made.module).toBe('/app/hello.wasm');
    expect(made.artifact.manifestDigest, 'the artifact of the .wasm alone').toBe(
      (await createArtifact(MODULE, { title: 'hello.wasm' })).manifestDigest,
    );
    expect(made.leftBehind).toEqual([
      'Env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'the arguments after argv[0] (x)',
      '1 other file',
    ]);
    expect((await imageAsArtifact(made.artifact)).artifact, 'an artifact stays as it is').toBe(made.artifact);
  });
});
