// `wharf push`, `pull`, `run REF` and `build` (FROM and COPY --from a registry image) against
// Debian's docker-registry (distribution 2.8) on loopback: anonymous, behind htpasswd Basic
// auth and behind a token service; skopeo reads what Wharf pushed and Wharf pulls what skopeo
// pushed, with the same manifest digests; bad logins and missing names fail in one line.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  containerImage,
  createImage,
  exportImage,
  importArchive,
  listTar,
  parseRef,
  writeTar,
  type ContainerImage,
} from '../../src/core/oci/index.ts';
import {
  RegistryClient,
  pullToStore,
  pushImage,
  type RegistryFetch,
  type TransferEvent,
} from '../../src/core/registry/index.ts';
import { MemoryStore } from '../../src/core/store-memory.ts';
import { startRegistry, startTokenServer, type TestRegistry, type TokenServer } from '../support/registry.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
let dir: string;
let tarball: string;
let image: ContainerImage;
let open: TestRegistry;
let basic: TestRegistry;
let tokens: TokenServer;
let bearer: TestRegistry;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in a child process, awaited: the token service answers from this process meanwhile. */
function wharf(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const child = spawn(process.execPath, wharfArgs(args), {
    cwd: root,
    // No Docker config of the machine's: each test says where credentials come from.
    env: { ...process.env, DOCKER_CONFIG: join(dir, 'no-docker-config'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function ok(args: string[], env?: Record<string, string>): Promise<string> {
  const r = await wharf(args, env);
  expect(r.status, `wharf ${args.join(' ')}: exit ${r.status}, stderr:\n${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

/** A failure must be one line on stderr and exit 1. */
async function fails(args: string[], env?: Record<string, string>): Promise<string> {
  const r = await wharf(args, env);
  expect(r.status, `wharf ${args.join(' ')}: exit status`).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, `wharf ${args.join(' ')}: stderr lines`).toHaveLength(1);
  return lines[0]!;
}

function skopeo(...args: string[]): string {
  return execFileSync('skopeo', ['--insecure-policy', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function digestOf(path: string): Promise<string> {
  return (await importArchive(new Uint8Array(readFileSync(path)), { name: path })).image.manifestDigest;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-registry-interop-'));
  const ctx = join(dir, 'hello');
  mkdirSync(ctx);
  copyFileSync(join(root, 'public/examples/hello-world-prebuilt/hello-world.wasm'), join(ctx, 'hello-world.wasm'));
  writeFileSync(
    join(ctx, 'Dockerfile'),
    'FROM scratch\nCOPY hello-world.wasm /hello-world.wasm\nENV GREETING=hi\nENTRYPOINT ["/hello-world.wasm"]\n',
  );
  tarball = join(dir, 'hello.tar');
  await ok(['build', '-q', '-t', 'hello:1', '-o', tarball, ctx]);
  image = containerImage(
    (await importArchive(new Uint8Array(readFileSync(tarball)), { name: tarball })).image,
    tarball,
  );
  open = await startRegistry();
  basic = await startRegistry({ users: { alice: 'secret' } });
  tokens = await startTokenServer({ bob: 'hunter2' });
  bearer = await startRegistry({ token: tokens });
}, 120_000);

afterAll(async () => {
  await Promise.all([open?.stop(), basic?.stop(), bearer?.stop(), tokens?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('push and pull with logins', () => {
  it('htpasswd Basic auth: push, pull back the same digests; a wrong password is one line', async () => {
    const ref = `${basic.host}/team/hello:1`;
    expect(await ok(['push', '--creds', 'alice:secret', tarball, ref]), 'push digest').toBe(image.manifestDigest);
    const out = join(dir, 'basic-pulled.tar');
    expect(await ok(['pull', '--creds', 'alice:secret', ref, '-o', out])).toBe(image.manifestDigest);
    expect(await digestOf(out), 'digest of the pulled tarball').toBe(image.manifestDigest);
    expect(await fails(['pull', '--creds', 'alice:wrong', ref, '-o', join(dir, 'x.tar')])).toBe(
      `wharf pull: registry ${basic.host} refused the login of "alice": wrong username or password`,
    );
    expect(await fails(['pull', ref, '-o', join(dir, 'x.tar')])).toBe(
      `wharf pull: registry ${basic.host} wants a login for pull of team/hello and no credentials were given for it`,
    );
  });

  it('a token service (Bearer): push and pull, tokens asked for the repository scope', async () => {
    const ref = `${bearer.host}/team/hello:1`;
    expect(await ok(['push', '--creds', 'bob:hunter2', tarball, ref])).toBe(image.manifestDigest);
    expect(tokens.requests.some((r) => r.status === 200 && r.scopes.includes('repository:team/hello:pull,push'))).toBe(
      true,
    );
    const out = join(dir, 'bearer-pulled.tar');
    await ok(['pull', '--creds', 'bob:hunter2', ref, '-o', out]);
    expect(await digestOf(out)).toBe(image.manifestDigest);
    expect(await fails(['push', '--creds', 'bob:nope', tarball, ref])).toBe(
      `wharf push: registry ${bearer.host} refused the login of "bob": wrong username or password`,
    );
  });

  it("credentials from Docker's config.json ($DOCKER_CONFIG)", async () => {
    const config = join(dir, 'docker-config');
    mkdirSync(config, { recursive: true });
    const auth = Buffer.from('alice:secret').toString('base64');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [basic.host]: { auth } } }));
    expect(await ok(['push', tarball, `${basic.host}/from-config:1`], { DOCKER_CONFIG: config })).toBe(
      image.manifestDigest,
    );
  });
});

describe('skopeo and Wharf read each other', () => {
  it('skopeo reads what Wharf pushed, with the same manifest digest', async () => {
    const ref = `${open.host}/wharf-pushed:1`;
    await ok(['push', tarball, ref]);
    const info = JSON.parse(skopeo('inspect', '--tls-verify=false', `docker://${ref}`)) as { Digest: string };
    expect(info.Digest).toBe(image.manifestDigest);
    const raw = skopeo('inspect', '--raw', '--tls-verify=false', `docker://${ref}`);
    expect(sha(raw), 'sha256 of the manifest skopeo reads').toBe(image.manifestDigest);
    skopeo(
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      `docker://${ref}`,
      `oci-archive:${join(dir, 'skopeo-copy.tar')}`,
    );
  });

  it('Wharf pulls what skopeo pushed (OCI and Docker schema 2), with the same manifest digests', async () => {
    for (const format of ['oci', 'v2s2']) {
      const ref = `${open.host}/skopeo-pushed:${format}`;
      skopeo(
        'copy',
        '--quiet',
        '--format',
        format,
        '--dest-tls-verify=false',
        `oci-archive:${tarball}`,
        `docker://${ref}`,
      );
      const theirs = sha(skopeo('inspect', '--raw', '--tls-verify=false', `docker://${ref}`));
      const out = join(dir, `skopeo-${format}.tar`);
      expect(await ok(['pull', ref, '-o', out]), `wharf pull ${ref}`).toBe(theirs);
      expect(await digestOf(out)).toBe(theirs);
      // And it runs.
      expect(await ok(['run', ref])).toBe('Hello, Wasm!');
    }
  });
});

describe('run and build from a registry', () => {
  it('wharf run REF pulls and runs it', async () => {
    await ok(['push', tarball, `${open.host}/runme:1`]);
    const r = await wharf(['run', `${open.host}/runme:1`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('Hello, Wasm!\n');
  });

  it('FROM REF and COPY --from=REF build on the pulled image', async () => {
    await ok(['push', tarball, `${open.host}/base:1`]);
    const ctx = join(dir, 'child');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'note.txt'), 'from the child\n');
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${open.host}/base:1\nCOPY note.txt /note.txt\nCOPY --from=${open.host}/base:1 /hello-world.wasm /copy.wasm\n`,
    );
    const out = join(dir, 'child.tar');
    await ok(['build', '-q', '-o', out, ctx]);
    const child = containerImage((await importArchive(new Uint8Array(readFileSync(out)), { name: out })).image, out);
    expect(child.config.config?.Env, 'Env inherited from the base').toContain('GREETING=hi');
    expect(child.config.rootfs.diff_ids.slice(0, 1), 'base layer first').toEqual(image.config.rootfs.diff_ids);
    expect(child.layers.length).toBe(3);
    expect(await ok(['run', out])).toBe('Hello, Wasm!');
  });

  it('a layer that is not what its diff_id says: push and pull move it as it is, run and build refuse it naming the layer', async () => {
    // The built layer's diff_id replaced in the config: its blob still matches its digest.
    const wrong = `sha256:${'0'.repeat(64)}` as const;
    const bad = await createImage({ ...image.config, rootfs: { type: 'layers', diff_ids: [wrong] } }, [
      { ...image.layers[0]!, diffId: wrong },
    ]);
    const badTar = join(dir, 'bad.tar');
    writeFileSync(badTar, (await exportImage(bad, { ref: 'bad:1', compression: 'as-is' })).tar);
    expect(await ok(['push', '-q', badTar, `${open.host}/bad:1`])).toBe(bad.manifestDigest);
    expect(await ok(['pull', '-q', `${open.host}/bad:1`, '-o', join(dir, 'bad-pulled.tar')])).toBe(bad.manifestDigest);
    const refusal = `layer 0 (${image.layers[0]!.digest}): uncompressed tar hashes to ${image.config.rootfs.diff_ids[0]}, but the config's diff_id is ${wrong}`;
    const run = await wharf(['run', `${open.host}/bad:1`]);
    expect(run.status, 'wharf run of the image: exit status').toBe(1);
    // The pull's progress lines come first; the refusal is the last line.
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`wharf run: ${refusal}`);
    const ctx = join(dir, 'on-bad');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${open.host}/bad:1\n`);
    expect(await fails(['build', '-q', '-o', join(dir, 'x.tar'), ctx])).toBe(
      `Dockerfile:1: image "${open.host}/bad:1": ${refusal}`,
    );
  });

  it('a tarball whose layer bytes do not match its digest: push refuses it in one line and the registry gets nothing', async () => {
    const layerPath = `blobs/sha256/${image.layers[0]!.digest.slice(7)}`;
    const entries = listTar(new Uint8Array(readFileSync(tarball))).filter((e) => e.type === 'file');
    const tampered = join(dir, 'tampered.tar');
    writeFileSync(
      tampered,
      writeTar(
        entries.map((e) => ({
          path: e.path,
          type: 'file' as const,
          data: e.path === layerPath ? e.data.map((b, i) => (i === e.data.length >> 1 ? b ^ 1 : b)) : e.data,
        })),
      ),
    );
    const line = await fails(['push', '-q', tampered, `${open.host}/tampered:1`]);
    expect(line).toMatch(
      new RegExp(
        `^wharf push: push layer ${image.layers[0]!.digest} to ${open.host}/tampered:1: its bytes hash to sha256:`,
      ),
    );
    expect(await fails(['pull', `${open.host}/tampered:1`, '-o', join(dir, 'x.tar')])).toBe(
      `wharf pull: ${open.host}/tampered: repository not found on registry ${open.host}`,
    );
  });

  it('a missing repository and a missing tag are one-line errors', async () => {
    expect(await fails(['pull', `${open.host}/no-such-repo:1`, '-o', join(dir, 'x.tar')])).toBe(
      `wharf pull: ${open.host}/no-such-repo: repository not found on registry ${open.host}`,
    );
    await ok(['push', tarball, `${open.host}/tagged:1`]);
    expect(await fails(['pull', `${open.host}/tagged:2`, '-o', join(dir, 'x.tar')])).toBe(
      `wharf pull: ${open.host}/tagged: tag "2" not found (it has 1)`,
    );
    expect(await fails(['run', `${open.host}/tagged:2`])).toBe(
      `wharf run: ${open.host}/tagged: tag "2" not found (it has 1)`,
    );
    const ctx = join(dir, 'missing');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${open.host}/tagged:2\n`);
    const r = await wharf(['build', '-q', '-o', join(dir, 'x.tar'), ctx]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Dockerfile:1: FROM: "${open.host}/tagged:2" is neither a build stage nor an image in the local store, and pulling it failed: ${open.host}/tagged: tag "2" not found (it has 1)`,
    );
  });
});

describe('nothing sent twice, nothing stored half', () => {
  const counting = (): { fetch: RegistryFetch; sent: string[] } => {
    const sent: string[] = [];
    return {
      sent,
      fetch: (url, init) => {
        sent.push(`${init.method} ${new URL(url).pathname}`);
        return fetch(url, init as RequestInit) as unknown as ReturnType<RegistryFetch>;
      },
    };
  };

  it('a second push of the same image uploads no blob', async () => {
    const dest = parseRef(`${open.host}/twice:1`);
    const first = counting();
    await pushImage(new RegistryClient(open.host, { fetch: first.fetch }), image, dest);
    expect(first.sent.filter((s) => s.startsWith('PUT') && s.includes('/blobs/'))).toHaveLength(2);
    const second = counting();
    const r = await pushImage(new RegistryClient(open.host, { fetch: second.fetch }), image, dest);
    expect(r).toMatchObject({ uploaded: [], mounted: [], manifestPut: false });
    expect(
      second.sent.filter((s) => !s.startsWith('HEAD')),
      'requests other than HEAD',
    ).toEqual([]);
  });

  it('a pull stopped halfway leaves the store as it was', async () => {
    const store = new MemoryStore();
    const stop = new AbortController();
    const seen: TransferEvent[] = [];
    const pulling = pullToStore(store, `${open.host}/base:1`, {
      fetch: fetch as unknown as RegistryFetch,
      signal: stop.signal,
      onProgress: (e) => {
        seen.push(e);
        if (e.kind === 'config' && e.status === 'done') stop.abort(new Error('stopped by the test'));
      },
    });
    await expect(pulling).rejects.toThrow('stopped by the test');
    expect(seen.length, 'progress events before the stop').toBeGreaterThan(0);
    expect(await store.list(), 'blobs after a stopped pull').toEqual([]);
    expect(await store.listRefs()).toEqual([]);
  });
});
