// The distribution client against a fake registry: pull and push round trips, auth (Basic,
// Bearer tokens renewed on 401), redirects that must not carry Authorization to another host,
// chunked uploads resumed after a dropped chunk, and bytes that do not match their digest.
import { describe, expect, it } from 'vitest';
import { isWharfError } from '../../../src/core/errors.ts';
import {
  MediaType,
  buildConfig,
  canonicalJsonBytes,
  convertLayers,
  createImage,
  layerFromTar,
  writeTar,
  type ContainerImage,
} from '../../../src/core/oci/index.ts';
import {
  RegistryClient,
  pullImage,
  pullToStore,
  pushImage,
  type RegistryFetch,
  type TransferEvent,
} from '../../../src/core/registry/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { imageRootfs } from '../../../src/core/rootfs/index.ts';
import { parseRef } from '../../../src/core/oci/index.ts';
import { wasmLike } from '../oci/helpers.ts';
import { FakeRegistry, HandleBody } from './fake-registry.ts';

async function sampleImage(bigLayer = 40_000): Promise<ContainerImage> {
  const l1 = await layerFromTar(writeTar([{ path: 'app.wasm', type: 'file', mode: 0o755, data: wasmLike(bigLayer) }]));
  const l2 = await layerFromTar(writeTar([{ path: 'etc/motd', type: 'file', data: new TextEncoder().encode('hi\n') }]));
  const config = buildConfig({ diff_ids: [l1.diffId, l2.diffId], config: { Entrypoint: ['/app.wasm'] } });
  return convertLayers(await createImage(config, [l1, l2]), 'gzip');
}

async function seeded(reg: FakeRegistry, repo = 'team/app', tag = 'v1'): Promise<ContainerImage> {
  const image = await sampleImage();
  reg.putImage(repo, tag, image.manifestBytes, MediaType.manifest, [
    image.configBytes,
    ...image.layers.map((l) => l.blob),
  ]);
  return image;
}

const client = (reg: FakeRegistry, extra: Partial<ConstructorParameters<typeof RegistryClient>[1]> = {}) =>
  new RegistryClient(reg.host, { fetch: reg.fetch, insecure: true, ...extra });

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (!isWharfError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected a failure, got success');
}

describe('pull', () => {
  it('pulls an image with the same digests and reports each blob', async () => {
    const reg = new FakeRegistry();
    const image = await seeded(reg);
    const events: TransferEvent[] = [];
    const got = await pullImage(client(reg), parseRef('registry.test/team/app:v1'), {
      onProgress: (e) => events.push(e),
    });
    expect(got.manifestDigest, 'pullImage().manifestDigest').toBe(image.manifestDigest);
    expect(got.layers.map((l) => l.diffId)).toEqual(image.layers.map((l) => l.diffId));
    const last = new Map(events.map((e) => [e.digest, e.status]));
    expect(
      [...last.values()].every((s) => s === 'done'),
      `final statuses ${[...last.values()]}`,
    ).toBe(true);
    expect(last.size, 'blobs reported').toBe(4);
  });

  it('picks the wasi/wasm image out of an index', async () => {
    const reg = new FakeRegistry();
    const image = await seeded(reg, 'multi', 'only-wasm');
    const index = canonicalJsonBytes({
      schemaVersion: 2,
      mediaType: MediaType.index,
      manifests: [
        {
          mediaType: MediaType.manifest,
          digest: `sha256:${'1'.repeat(64)}`,
          size: 10,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: MediaType.manifest,
          digest: image.manifestDigest,
          size: image.manifestBytes.length,
          platform: { os: 'wasip1', architecture: 'wasm' },
        },
      ],
    });
    reg.putImage('multi', 'latest', index, MediaType.index, []);
    const got = await pullImage(client(reg), parseRef('registry.test/multi'));
    expect(got.manifestDigest).toBe(image.manifestDigest);
  });

  it('follows a blob redirect to another host without sending Authorization there', async () => {
    const reg = new FakeRegistry();
    reg.auth = 'basic';
    reg.users.set('alice', 'secret');
    reg.redirectBlobsTo = 'http://cdn.test';
    await seeded(reg);
    await pullImage(
      client(reg, { credentials: { username: 'alice', password: 'secret' } }),
      parseRef('registry.test/team/app:v1'),
    );
    const cdn = reg.log.filter((l) => l.url.startsWith('http://cdn.test/'));
    expect(cdn.length, 'requests to the redirect target').toBe(3);
    expect(cdn.map((l) => l.headers.Authorization)).toEqual([undefined, undefined, undefined]);
    const own = reg.requests('GET', '/blobs/');
    expect(
      own.every((l) => l.headers.Authorization?.startsWith('Basic ')),
      'Authorization on the registry itself',
    ).toBe(true);
  });

  it('renews a Bearer token when the registry answers 401 to it', async () => {
    const reg = new FakeRegistry();
    reg.auth = 'bearer';
    reg.tokenUses = 2;
    const image = await seeded(reg);
    const got = await pullImage(client(reg), parseRef('registry.test/team/app:v1'));
    expect(got.manifestDigest).toBe(image.manifestDigest);
    const tokens = reg.log.filter((l) => l.url.startsWith('http://auth.test/'));
    // The first token serves the manifest and config; both layers, fetched in parallel, get a 401
    // and share one renewal.
    expect(tokens.length, 'token requests').toBe(2);
    expect(new URL(tokens[0]!.url).searchParams.getAll('scope')).toEqual(['repository:team/app:pull']);
    expect(reg.log.filter((l) => l.status === 401).length, '401s from the registry').toBe(3);
  });

  it('says the password is wrong, with Basic and with a token service', async () => {
    for (const auth of ['basic', 'bearer'] as const) {
      const reg = new FakeRegistry();
      reg.auth = auth;
      reg.users.set('alice', 'secret');
      await seeded(reg);
      const f = await failure(
        pullImage(
          client(reg, { credentials: { username: 'alice', password: 'nope' } }),
          parseRef('registry.test/team/app:v1'),
        ),
      );
      expect(f, `pull with a wrong password (${auth})`).toEqual({
        code: 'REGISTRY_AUTH',
        message: 'registry registry.test refused the login of "alice": wrong username or password',
      });
    }
  });

  it('tells a missing repository from a missing tag', async () => {
    const reg = new FakeRegistry();
    await seeded(reg);
    expect(await failure(pullImage(client(reg), parseRef('registry.test/nope:v1')))).toEqual({
      code: 'NOT_FOUND',
      message: 'registry.test/nope: repository not found on registry registry.test',
    });
    expect(await failure(pullImage(client(reg), parseRef('registry.test/team/app:v2')))).toEqual({
      code: 'NOT_FOUND',
      message: 'registry.test/team/app: tag "v2" not found (it has v1)',
    });
  });

  it('refuses a blob whose bytes do not match its digest, and stores nothing', async () => {
    const reg = new FakeRegistry();
    const image = await seeded(reg);
    const layer = image.layers[0]!;
    const bad = layer.blob.slice();
    bad[bad.length >> 1]! ^= 0xff;
    reg.corrupt.set(layer.digest, bad);
    const store = new MemoryStore();
    const f = await failure(pullToStore(store, 'registry.test/team/app:v1', { fetch: reg.fetch, insecure: true }));
    expect(f.code).toBe('DIGEST_MISMATCH');
    expect(f.message).toContain(`layer ${layer.digest}`);
    expect(await store.list(), 'blobs stored after a failed pull').toEqual([]);
    expect(await store.listRefs(), 'refs stored after a failed pull').toEqual([]);
  });

  it('moves a layer whose contents do not match its diff_id as it is; unpacking it refuses it, naming the layer', async () => {
    const reg = new FakeRegistry();
    const good = await sampleImage();
    // The config names the layers' diff_ids crosswise: every blob matches its digest, no tar its diff_id.
    const swapped = [good.layers[1]!.diffId, good.layers[0]!.diffId];
    const config = { ...good.config, rootfs: { type: 'layers' as const, diff_ids: swapped } };
    const bad = await createImage(
      config,
      good.layers.map((l, i) => ({ ...l, diffId: swapped[i]! })),
    );
    reg.putImage('team/bad', 'v1', bad.manifestBytes, MediaType.manifest, [
      bad.configBytes,
      ...bad.layers.map((l) => l.blob),
    ]);
    const got = await pullImage(client(reg), parseRef('registry.test/team/bad:v1'));
    expect(got.manifestDigest, 'a pull moves the image unchanged').toBe(bad.manifestDigest);
    const f = await failure(imageRootfs(got));
    expect(f.code, 'imageRootfs(crosswise diff_ids).code').toBe('DIGEST_MISMATCH');
    expect(f.message).toContain(
      `layer 0 (${bad.layers[0]!.digest}): uncompressed tar hashes to ${good.layers[0]!.diffId}`,
    );
  });

  it('says when the page is refused by CORS, naming the registry', async () => {
    const reg = new FakeRegistry();
    reg.cors = true;
    const f = await failure(pullImage(client(reg), parseRef('registry.test/team/app:v1')));
    expect(f.code).toBe('REGISTRY_CORS');
    expect(f.message).toMatch(/^registry registry\.test refuses requests from this page: it sends no CORS headers/);
  });

  it('a page refused by CORS where no probe can tell (a cross-origin isolated page) names both causes', async () => {
    const reg = new FakeRegistry();
    reg.cors = true;
    const blocked: RegistryFetch = async (url, init) => {
      if (init.mode === 'no-cors') throw new TypeError('Failed to fetch');
      return reg.fetch(url, init);
    };
    const f = await failure(pullImage(new RegistryClient(reg.host, { fetch: blocked }), parseRef('registry.test/a:1')));
    expect(f).toEqual({
      code: 'REGISTRY_CORS',
      message:
        'registry registry.test refuses requests from this page, or is not running: a page may only use registries that send CORS headers (Access-Control-Allow-Origin) and answer the preflight (OPTIONS) request',
    });
  });

  it('a registry that is down, seen from Node, is a network error with its reason', async () => {
    const down: RegistryFetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const f = await failure(pullImage(new RegistryClient('localhost:1', { fetch: down }), parseRef('localhost:1/a:1')));
    expect(f).toEqual({
      code: 'REGISTRY',
      message: 'cannot reach registry localhost:1 at http://localhost:1 (ECONNREFUSED)',
    });
  });

  it('does not download blobs the store holds', async () => {
    const reg = new FakeRegistry();
    await seeded(reg);
    const store = new MemoryStore();
    await pullToStore(store, 'registry.test/team/app:v1', { fetch: reg.fetch, insecure: true });
    const before = reg.requests('GET', '/blobs/').length;
    const again = await pullToStore(store, 'registry.test/team/app:v1', { fetch: reg.fetch, insecure: true });
    expect(again.ref).toBe('registry.test/team/app:v1');
    expect(reg.requests('GET', '/blobs/').length - before, 'blob GETs on the second pull').toBe(0);
  });
});

describe('push', () => {
  it('pushes an image the registry serves back with the same digests; a second push sends no blob', async () => {
    const reg = new FakeRegistry();
    const image = await sampleImage();
    const dest = parseRef('registry.test/me/app:v1');
    const first = await pushImage(client(reg), image, dest);
    expect(first.digest).toBe(image.manifestDigest);
    expect(first.uploaded.length, 'blobs uploaded').toBe(3);
    expect(reg.manifests.get(image.manifestDigest)?.mediaType).toBe(MediaType.manifest);
    // POST then PUT: the POST carries no body.
    expect(reg.requests('POST').every((l) => !('body' in l))).toBe(true);
    const puts = reg.requests('PUT', '/blobs/uploads/').length;
    const second = await pushImage(client(reg), image, dest);
    expect(second, 'second push').toMatchObject({ uploaded: [], mounted: [], manifestPut: false });
    expect(second.existing.length).toBe(3);
    expect(reg.requests('PUT', '/blobs/uploads/').length - puts, 'blob PUTs on the second push').toBe(0);
    const back = await pullImage(client(reg), dest);
    expect(back.manifestDigest).toBe(image.manifestDigest);
  });

  it('mounts blobs from another repository of the same registry', async () => {
    const reg = new FakeRegistry();
    const image = await seeded(reg, 'team/app', 'v1');
    const r = await pushImage(client(reg), image, parseRef('registry.test/other/app:v1'), { mountFrom: ['team/app'] });
    expect(r.mounted.length, 'blobs mounted').toBe(3);
    expect(r.uploaded).toEqual([]);
  });

  it('sends the host handles on layers (stored Blobs) without their bytes, in one PUT or in chunks', async () => {
    for (const chunkSize of [undefined, 64 << 10]) {
      const reg = new FakeRegistry();
      const image = await sampleImage(300_000);
      const bodies = new Map(image.layers.map((l) => [l.digest, new HandleBody(l.blob)]));
      const unread = { ...image, layers: image.layers.map((l) => ({ digest: l.digest })) };
      const dest = parseRef('registry.test/me/handles:v1');
      const how = chunkSize ? 'in chunks' : 'in one PUT';
      const r = await pushImage(client(reg), unread, dest, {
        hashed: true,
        bodies,
        ...(chunkSize ? { chunkSize } : {}),
      });
      expect(r.digest, how).toBe(image.manifestDigest);
      for (const l of image.layers) expect(reg.blobs.get(l.digest), `${how}: ${l.digest}`).toEqual(l.blob);
      expect(reg.requests('PATCH').length > 0, `${how}: PATCHes`).toBe(chunkSize !== undefined);
      expect((await pullImage(client(reg), dest)).manifestDigest, how).toBe(image.manifestDigest);
    }
    // A handle cannot be hashed here: without `hashed` the push refuses before sending anything.
    const reg = new FakeRegistry();
    const image = await sampleImage();
    const unread = { ...image, layers: image.layers.map((l) => ({ digest: l.digest })) };
    const bodies = new Map(image.layers.map((l) => [l.digest, new HandleBody(l.blob)]));
    const f = await failure(pushImage(client(reg), unread, parseRef('registry.test/me/x:v1'), { bodies }));
    expect(f.code).toBe('INTERNAL');
    expect(reg.log).toEqual([]);
  });

  it('uploads a big blob in PATCH chunks and resumes from the Range after a dropped chunk', async () => {
    const reg = new FakeRegistry();
    reg.dropPatch = 1;
    const image = await sampleImage(300_000);
    const r = await pushImage(client(reg), image, parseRef('registry.test/me/big:v1'), { chunkSize: 64 << 10 });
    expect(r.uploaded).toContain(image.layers[0]!.digest);
    expect(reg.blobs.get(image.layers[0]!.digest)).toEqual(image.layers[0]!.blob);
    const patches = reg.requests('PATCH');
    const failed = patches.findIndex((p) => p.status === 'network error');
    expect(failed, 'the dropped PATCH').toBe(1);
    // The client asked where the upload stands, then sent from the byte after the registry's Range.
    const status = reg.log[reg.log.indexOf(patches[1]!) + 1]!;
    expect(status.method, 'request after the dropped chunk').toBe('GET');
    const taken = (64 << 10) + (64 << 10) / 2;
    const size = image.layers[0]!.blob.length;
    expect(patches[2]!.headers['Content-Range']).toBe(`${taken}-${Math.min(size, taken + (64 << 10)) - 1}`);
  });

  it('never commits a blob whose bytes do not match its digest: no blob, no manifest, no upload left open', async () => {
    for (const chunkSize of [undefined, 64 << 10]) {
      const reg = new FakeRegistry();
      const image = await sampleImage(300_000);
      const good = image.layers[0]!;
      const bytes = good.blob.slice();
      bytes[bytes.length >> 1]! ^= 0xff;
      const bad: ContainerImage = { ...image, layers: [{ ...good, blob: bytes }, ...image.layers.slice(1)] };
      // The registry has every other blob: the bad layer is the only one to send.
      reg.putImage('me/bad', 'old', image.manifestBytes, MediaType.manifest, [
        image.configBytes,
        ...image.layers.slice(1).map((l) => l.blob),
      ]);
      const f = await failure(
        pushImage(client(reg), bad, parseRef('registry.test/me/bad:v1'), chunkSize ? { chunkSize } : {}),
      );
      const how = chunkSize ? 'in PATCH chunks' : 'in one PUT';
      expect(f.code, how).toBe('DIGEST_MISMATCH');
      expect(f.message, how).toMatch(new RegExp(`^push layer ${good.digest} to .*: its bytes hash to sha256:`));
      expect(reg.blobs.has(good.digest), `${how}: the bad blob is in the registry`).toBe(false);
      expect(reg.requests('PUT', '/manifests/'), `${how}: manifest PUTs`).toEqual([]);
      const closing = reg.requests('PUT', '/blobs/uploads/').filter((r) => r.url.includes(good.digest.slice(7)));
      expect(closing, `${how}: uploads of the bad blob closed`).toEqual([]);
      if (chunkSize) {
        // Hashed while its chunks went up: the upload was never closed, and was ended.
        expect(reg.requests('PATCH').length, `${how}: chunks sent`).toBeGreaterThan(0);
        expect(reg.requests('DELETE', '/blobs/uploads/').length, `${how}: uploads ended`).toBe(1);
      } else {
        // A small blob is hashed before anything is sent: no upload was opened for it.
        expect(reg.requests('POST', '/blobs/uploads/'), `${how}: uploads opened`).toEqual([]);
      }
    }
  });

  it('logs in once, then sends the credentials up front: no upload is answered 401', async () => {
    const reg = new FakeRegistry();
    reg.auth = 'basic';
    reg.users.set('alice', 'secret');
    const image = await sampleImage();
    await pushImage(
      client(reg, { credentials: { username: 'alice', password: 'secret' } }),
      image,
      parseRef('registry.test/me/app:v1'),
    );
    expect(reg.requests('PUT', '/blobs/uploads/').every((l) => l.headers.Authorization?.startsWith('Basic '))).toBe(
      true,
    );
    expect(reg.log.filter((l) => l.status === 401).length, '401s in the whole push').toBe(1);
  });
});
