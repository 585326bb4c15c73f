// `npm run bench registry`: push and pull of a 75 MB image over loopback (Debian's
// docker-registry) beside `skopeo copy` of the same tarball in the same run. Same input, same
// output on both sides: push starts from the image tarball, pull ends with one written to disk.
// Node runs the CLI's own push and pull commands; Chromium runs the playground's paths (pull in
// the builder Worker into IndexedDB, push from the page). Each push goes to a fresh registry, so
// neither side finds blobs already there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench, Figure } from './context.ts';
import {
  buildConfig,
  createImage,
  exportImage,
  importArchive,
  layerFromTar,
  parseRef,
  writeTar,
  type Digest,
} from '../src/core/oci/index.ts';
import { RegistryClient, pushImage } from '../src/core/registry/index.ts';
import { httpFetch } from '../src/cli/http-fetch.ts';
import { nodeHasher, nodeInflate } from '../src/cli/registry-access.ts';
import { pullCommand } from '../src/cli/pull.ts';
import { pushCommand } from '../src/cli/push.ts';
import { startRegistry, type TestRegistry } from '../test/support/registry.ts';
import { wasmLike } from '../test/unit/oci/helpers.ts';

const MB = 1 << 20;
const SIZE = 75 * MB;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function time(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Runs a CLI command as `wharf` would (its stdout line, the digest, held back); fails on exit 1. */
async function cli(command: (argv: string[]) => Promise<number>, argv: string[]): Promise<void> {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    if ((await command(argv)) !== 0) throw new Error(`wharf ${argv.join(' ')} failed`);
  } finally {
    process.stdout.write = write;
  }
}

/** What the CLI's HTTP does with no client around it: POST and one PUT per blob. */
async function bareUpload(host: string, blobs: { digest: Digest; bytes: Uint8Array }[]): Promise<void> {
  for (const b of blobs) {
    const post = await httpFetch(`http://${host}/v2/big/blobs/uploads/`, {
      method: 'POST',
      headers: {},
      redirect: 'manual',
    });
    await post.arrayBuffer();
    const at = new URL(post.headers.get('location')!, `http://${host}`);
    at.searchParams.set('digest', b.digest);
    const put = await httpFetch(at.href, {
      method: 'PUT',
      body: b.bytes,
      headers: { 'Content-Type': 'application/octet-stream' },
      redirect: 'manual',
    });
    await put.arrayBuffer();
    if (put.status !== 201) throw new Error(`bare upload: PUT answered ${put.status}`);
  }
}

/** What the CLI's HTTP does with no client around it: one GET per blob, the bytes written to a file. */
async function bareDownload(host: string, blobs: { digest: Digest }[], out: string): Promise<void> {
  const got: Uint8Array[] = [];
  for (const b of blobs) {
    const res = await httpFetch(`http://${host}/v2/big/blobs/${b.digest}`, {
      method: 'GET',
      headers: {},
      redirect: 'manual',
    });
    got.push(new Uint8Array(await res.arrayBuffer()));
  }
  writeFileSync(out, Buffer.concat(got));
}

function skopeo(...args: string[]): void {
  execFileSync('skopeo', ['--insecure-policy', ...args], { stdio: 'ignore' });
}

const bench: Bench = {
  name: 'registry',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-registry-'));
    const registries: TestRegistry[] = [];
    const fresh = async (options = {}): Promise<TestRegistry> => {
      const r = await startRegistry(options);
      registries.push(r);
      return r;
    };
    try {
      const layer = await layerFromTar(
        writeTar([{ path: 'app.wasm', type: 'file', mode: 0o755, data: wasmLike(SIZE) }]),
      );
      const config = buildConfig({ diff_ids: [layer.diffId], config: { Entrypoint: ['/app.wasm'] } });
      const { tar } = await exportImage(await createImage(config, [layer]), { ref: 'bench/big:1' });
      const tarball = join(dir, 'big.tar');
      writeFileSync(tarball, tar);

      const push = { wharf: [] as number[], skopeo: [] as number[], floor: [] as number[] };
      const pull = { wharf: [] as number[], skopeo: [] as number[], floor: [] as number[] };
      const image = (await importArchive(tar, { name: 'big.tar', inflate: nodeInflate })).image;
      const blobs = [
        { digest: image.configDigest, bytes: image.configBytes },
        ...image.layers.map((l) => ({ digest: l.digest, bytes: l.blob })),
      ];
      let source: TestRegistry | undefined;
      for (let i = 0; i < RUNS; i++) {
        const a = await fresh();
        push.skopeo.push(
          await time(() =>
            skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci-archive:${tarball}`, `docker://${a.host}/big:1`),
          ),
        );
        const b = await fresh();
        push.wharf.push(await time(() => cli(pushCommand, ['-q', tarball, `${b.host}/big:1`])));
        source = b;
        const c = await fresh();
        push.floor.push(
          await time(async () => {
            readFileSync(tarball); // the read a push of a tarball cannot skip; the blobs are these bytes
            await bareUpload(c.host, blobs);
          }),
        );
      }
      const ref = `${source!.host}/big:1`;
      for (let i = 0; i < RUNS; i++) {
        const out = join(dir, `skopeo-pulled-${i}.tar`);
        pull.skopeo.push(
          await time(() =>
            skopeo('copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `oci-archive:${out}`),
          ),
        );
        rmSync(out);
        // Every side writes a new file and deletes it untimed: freeing a file's blocks is not the pull's work.
        const ours = join(dir, `wharf-pulled-${i}.tar`);
        pull.wharf.push(await time(() => cli(pullCommand, ['-q', ref, '-o', ours])));
        rmSync(ours);
        const bare = join(dir, `bare-pulled-${i}`);
        pull.floor.push(await time(() => bareDownload(source!.host, blobs, bare)));
        rmSync(bare);
      }
      const mbps = (ms: number) => SIZE / MB / (ms / 1000);
      const figure = (name: string, ours: number[], theirs: number[]): Figure => ({
        name,
        host: 'node',
        value: median(ours),
        unit: 'ms',
        limit: { name: `skopeo copy (${mbps(median(theirs)).toFixed(0)} MB/s)`, value: median(theirs) },
        goal: { ratio: 1 },
      });
      ctx.report(figure('push 75 MB image tarball to a loopback registry', push.wharf, push.skopeo));
      ctx.report({
        ...figure(
          "floor: node:http alone uploads the tarball's blobs (read, POST, PUT; no checks)",
          push.floor,
          push.skopeo,
        ),
        goal: {},
      });
      ctx.report(figure('pull 75 MB image from a loopback registry to a tarball', pull.wharf, pull.skopeo));
      ctx.report({
        ...figure('floor: node:http alone downloads the blobs to a file (GET; no checks)', pull.floor, pull.skopeo),
        goal: {},
      });

      // The playground's paths, against a registry that lets the page in.
      const cors = await fresh({ cors: '*' });
      await pushImage(
        new RegistryClient(cors.host, { fetch: httpFetch, hasher: nodeHasher }),
        (await importArchive(tar, { name: 'big.tar', inflate: nodeInflate })).image,
        parseRef(`${cors.host}/big:1`),
      );
      const page = await ctx.page();
      const targets = await Promise.all(Array.from({ length: RUNS }, () => fresh({ cors: '*' })));
      const bareTargets = await Promise.all(Array.from({ length: RUNS }, () => fresh({ cors: '*' })));
      const inPage = (await page.evaluate(`(async () => {
        const { openIdbStore } = await import('/src/store/index.ts');
        const { BuilderClient } = await import('/src/worker/builder-client.ts');
        const { loadImage, openImage } = await import('/src/core/store-image.ts');
        const { RegistryDoor } = await import('/src/ui/engine/registry.ts');
        const { RegistryLogins } = await import('/src/ui/lib/registry-logins.ts');
        const { imageRootfs } = await import('/src/core/rootfs/index.ts');
        const { gunzip } = await import('/src/core/oci/index.ts');
        const pulls = [], pushes = [], bare = [], unpacks = [], fflate = [];
        // The page's fetch with no client around it: POST and one PUT per blob, as Blobs.
        const bareUpload = async (host, blobs) => {
          for (const b of blobs) {
            const post = await fetch('http://' + host + '/v2/big/blobs/uploads/', { method: 'POST' });
            await post.arrayBuffer();
            const at = new URL(post.headers.get('location'), 'http://' + host);
            at.searchParams.set('digest', b.digest);
            const put = await fetch(at, { method: 'PUT', body: b.body, headers: { 'Content-Type': 'application/octet-stream' } });
            await put.arrayBuffer();
            if (put.status !== 201) throw new Error('bare upload: PUT answered ' + put.status);
          }
        };
        const stores = [];
        for (let i = 0; i < ${RUNS}; i++) {
          const store = await openIdbStore('wharf-bench-registry-' + i);
          const client = new BuilderClient(store);
          await client.pullImage('${cors.host}/warm:0', {}, () => {}).catch(() => {}); // start the worker
          const t0 = performance.now();
          const ref = await client.pullImage('${cors.host}/big:1', {}, () => {});
          pulls.push(performance.now() - t0);
          client.dispose();
          stores.push({ store, ref });
        }
        const hosts = ${JSON.stringify(targets.map((t) => t.host))};
        const bareHosts = ${JSON.stringify(bareTargets.map((t) => t.host))};
        const push = async ({ store, ref }, i) => {
          const t0 = performance.now();
          await new RegistryDoor(store, new RegistryLogins()).push(ref, hosts[i] + '/big:1', () => {});
          pushes.push(performance.now() - t0);
        };
        // The floor takes the stored blobs from the store as the push does (IndexedDB's Blobs).
        const floor = async ({ store, ref }, i) => {
          const t0 = performance.now();
          const { manifest } = await openImage(store, ref);
          const blobs = [];
          for (const d of [manifest.config, ...manifest.layers]) blobs.push({ digest: d.digest, body: await store.getBlob(d.digest) });
          await bareUpload(bareHosts[i], blobs);
          bare.push(performance.now() - t0);
        };
        // Each goes first in turn: the second read of a store may find it warmer.
        for (let i = 0; i < ${RUNS}; i++) {
          if (i % 2) { await floor(stores[i], i); await push(stores[i], i); }
          else { await push(stores[i], i); await floor(stores[i], i); }
        }
        // What the first Run of a pulled image does in the page: inflate, check the diff_id, read the tar.
        for (let i = 0; i < ${RUNS}; i++) {
          const pulled = await loadImage(stores[i].store, stores[i].ref);
          let t0 = performance.now();
          await imageRootfs(pulled);
          unpacks.push(performance.now() - t0);
          t0 = performance.now();
          await imageRootfs(pulled, gunzip);
          fflate.push(performance.now() - t0);
        }
        return { pulls, pushes, bare, unpacks, fflate };
      })()`)) as { pulls: number[]; pushes: number[]; bare: number[]; unpacks: number[]; fflate: number[] };
      ctx.report({
        name: 'pull 75 MB image in the builder Worker into IndexedDB (Pull button)',
        host: 'chromium',
        value: median(inPage.pulls),
        unit: 'ms',
        limit: { name: 'skopeo copy to a tarball, same run', value: median(pull.skopeo) },
        goal: { ratio: 1 },
      });
      ctx.report({
        name: 'unpack the pulled 75 MB image for its first Run (gzip layer: DecompressionStream, diff_id, tar)',
        host: 'chromium',
        value: median(inPage.unpacks),
        unit: 'ms',
        limit: { name: "the same with core's JS gunzip (fflate)", value: median(inPage.fflate) },
      });
      ctx.report({
        name: 'push 75 MB stored image from the page (Push button; gzip layer, as exported)',
        host: 'chromium',
        value: median(inPage.pushes),
        unit: 'ms',
        limit: { name: 'skopeo copy from a tarball, same run', value: median(push.skopeo) },
        goal: { ratio: 1 },
      });
      ctx.report({
        name: "floor: the page's fetch alone uploads the stored blobs (IndexedDB's Blobs; POST, PUT; no checks)",
        host: 'chromium',
        value: median(inPage.bare),
        unit: 'ms',
        limit: { name: 'skopeo copy from a tarball, same run', value: median(push.skopeo) },
      });
    } finally {
      await Promise.all(registries.map((r) => r.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
