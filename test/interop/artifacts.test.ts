// OCI Wasm artifacts through Debian's docker-registry on loopback, with the CLI as a user runs
// it: a .wasm pushed as wkg oci push writes it, pulled back with the same digests, inspected,
// run, written as a tarball that skopeo reads and copies; an image pushed --as-artifact; a
// component artifact running as a bare component runs; a bad artifact refused.
// skopeo's parsed `inspect` and umoci refuse every artifact by design (they read image configs
// only): the tests say so, so the README's word on it stays true.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MediaType,
  canonicalJsonBytes,
  createArtifact,
  exportImage,
  importArchive,
  isWasmArtifact,
  type WasmArtifact,
} from '../../src/core/oci/index.ts';
import { startRegistry, type TestRegistry } from '../support/registry.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures');
let dir: string;
let registry: TestRegistry;
let hello: WasmArtifact;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function wharf(args: string[]): Promise<Ran> {
  const child = spawn(process.execPath, wharfArgs(args), {
    cwd: dir,
    // Paths on the command line are relative to `dir`: the CLI reads them from INIT_CWD, as npm sets it.
    env: { ...process.env, INIT_CWD: dir, DOCKER_CONFIG: join(dir, 'no-docker-config'), SOURCE_DATE_EPOCH: '' },
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

async function ok(args: string[]): Promise<string> {
  const r = await wharf(args);
  expect(r.status, `wharf ${args.join(' ')}: exit ${r.status}, stderr:\n${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

function skopeo(...args: string[]): string {
  return execFileSync('skopeo', ['--insecure-policy', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A command's stderr when it fails (it must fail). */
function refusal(command: string, args: string[]): string {
  try {
    execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return String((e as { stderr?: string }).stderr);
  }
  throw new Error(`${command} ${args.join(' ')} succeeded, want a refusal`);
}

const sha = (b: Buffer | string | Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-artifacts-'));
  copyFileSync(join(fixtures, 'hello.wasm'), join(dir, 'hello.wasm'));
  copyFileSync(join(fixtures, 'artifact/run-ok.component.wasm'), join(dir, 'run-ok.component.wasm'));
  hello = await createArtifact(new Uint8Array(readFileSync(join(dir, 'hello.wasm'))), { title: 'hello.wasm' });
  registry = await startRegistry();
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a .wasm through a registry and back', () => {
  it('push (as wkg oci push writes it), pull, inspect, run, export: the same digests throughout', async () => {
    const ref = `${registry.host}/demo/hello:1`;
    expect(await ok(['push', '-q', 'hello.wasm', ref]), 'push digest').toBe(hello.manifestDigest);
    // The registry holds what wkg would have written: the Wasm config, one titled application/wasm layer.
    const manifest = JSON.parse(skopeo('inspect', '--raw', '--tls-verify=false', `docker://${ref}`)) as {
      config: { mediaType: string };
      layers: { mediaType: string; annotations?: Record<string, string> }[];
    };
    expect(manifest.config.mediaType).toBe(MediaType.wasmConfig);
    expect(manifest.layers.map((l) => [l.mediaType, l.annotations])).toEqual([
      ['application/wasm', { 'org.opencontainers.image.title': 'hello.wasm' }],
    ]);

    const out = join(dir, 'hello-artifact.tar');
    expect(await ok(['pull', '-q', ref, '-o', out]), 'pull digest').toBe(hello.manifestDigest);
    const inspected = JSON.parse(await ok(['inspect', out])) as {
      manifestDigest: string;
      config: Record<string, unknown>;
      index: { manifests: { platform: unknown }[] };
    };
    expect(inspected.manifestDigest).toBe(hello.manifestDigest);
    expect(inspected.config).toMatchObject({ architecture: 'wasm', os: 'wasip1', component: null });
    expect(inspected.index.manifests[0]!.platform).toEqual({ architecture: 'wasm', os: 'wasip1' });

    expect(await ok(['run', ref]), 'wharf run REF').toBe('Hello, Wasm!');
    expect(await ok(['run', out]), 'wharf run TARBALL').toBe('Hello, Wasm!');
  });

  it('skopeo reads the tarball Wharf writes and copies it to a dir and a registry unchanged', async () => {
    const tar = join(dir, 'export.tar');
    writeFileSync(tar, (await exportImage(hello, { ref: 'demo/hello:1' })).tar);
    expect(sha(skopeo('inspect', '--raw', `oci-archive:${tar}`)), 'manifest skopeo reads').toBe(hello.manifestDigest);
    expect(JSON.parse(skopeo('inspect', '--config', '--raw', `oci-archive:${tar}`))).toEqual(hello.config);
    const copied = join(dir, 'copied');
    skopeo('copy', '--quiet', `oci-archive:${tar}`, `dir:${copied}`);
    expect(readdirSync(copied).sort()).toEqual(
      [hello.configDigest.slice(7), hello.layers[0]!.digest.slice(7), 'manifest.json', 'version'].sort(),
    );
    expect(sha(readFileSync(join(copied, 'manifest.json')))).toBe(hello.manifestDigest);

    const ref = `${registry.host}/demo/skopeo-copied:1`;
    skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci-archive:${tar}`, `docker://${ref}`);
    expect(await ok(['pull', '-q', ref, '-o', join(dir, 'skopeo-copied.tar')])).toBe(hello.manifestDigest);
    expect(await ok(['run', ref])).toBe('Hello, Wasm!');

    // Tools that read image configs only refuse artifacts, whoever wrote them.
    expect(refusal('skopeo', ['inspect', `oci-archive:${tar}`])).toMatch(
      /unsupported image-specific operation on artifact with type \\?"application\/vnd\.wasm\.config\.v0\+json/,
    );
    const layout = join(dir, 'layout');
    mkdirSync(layout);
    execFileSync('tar', ['-xf', tar, '-C', layout]);
    expect(refusal('umoci', ['stat', '--image', `${layout}:1`])).toContain(
      'unknown config blob type: application/vnd.wasm.config.v0+json',
    );
  });

  it('an image pushed --as-artifact: its entrypoint module alone, as oci-tar-builder packs it', async () => {
    const ctx = join(dir, 'ctx');
    mkdirSync(ctx);
    copyFileSync(join(dir, 'hello.wasm'), join(ctx, 'hello.wasm'));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY hello.wasm /app/hello.wasm\nENV GREETING=hi\nENTRYPOINT ["/app/hello.wasm"]\n',
    );
    await ok(['build', '-q', '-o', join(dir, 'image.tar'), ctx]);
    const ref = `${registry.host}/demo/from-image:1`;
    const r = await wharf(['push', '--as-artifact', 'image.tar', ref]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim(), 'the same artifact as the .wasm pushed alone').toBe(hello.manifestDigest);
    expect(r.stderr).toContain('wharf push: the artifact carries /app/hello.wasm alone; left behind: Env ');
    expect(await ok(['run', ref, 'hello.wasm'])).toBe('Hello, Wasm!');
  });

  it('a component artifact: wasip2 with its world, and it runs where a component image runs', async () => {
    const ref = `${registry.host}/demo/run-ok:1`;
    await ok(['push', '-q', 'run-ok.component.wasm', ref]);
    const out = join(dir, 'run-ok.tar');
    await ok(['pull', '-q', ref, '-o', out]);
    const { image } = await importArchive(new Uint8Array(readFileSync(out)));
    expect(isWasmArtifact(image) && image.config).toMatchObject({
      os: 'wasip2',
      component: { exports: ['wasi:cli/run@0.2.0'], imports: ['wasi:cli/environment@0.2.0'] },
    });
    // The artifact's module goes where a bare component goes: it runs as the command it is
    // (run returns ok: exit 0), with the same outcome and words as the bare component.
    const bare = await wharf(['run', 'run-ok.component.wasm']);
    const art = await wharf(['run', ref]);
    expect(art.status, `wharf run ${ref}: stderr ${art.stderr}`).toBe(0);
    expect(art.status, `wharf run ${ref}`).toBe(bare.status);
    // Past the pull's progress lines ("d81e403cc9a7: Pull complete"), the same stderr.
    const own = (stderr: string) => stderr.split('\n').filter((l) => !/^[0-9a-f]{12}: /.test(l));
    expect(own(art.stderr), `wharf run ${ref}: stderr`).toEqual(own(bare.stderr));
    expect(art.stdout).toBe(bare.stdout);
  });

  it('a two-layer artifact is refused in one line and nothing is written', async () => {
    const layout = join(dir, 'two-layers');
    mkdirSync(join(layout, 'blobs/sha256'), { recursive: true });
    const put = (b: Uint8Array) => {
      writeFileSync(join(layout, 'blobs/sha256', sha(b).slice(7)), b);
      return { digest: sha(b), size: b.length };
    };
    const wasm = readFileSync(join(dir, 'hello.wasm'));
    const config = canonicalJsonBytes({ architecture: 'wasm', os: 'wasip1' });
    const manifest = canonicalJsonBytes({
      schemaVersion: 2,
      mediaType: MediaType.manifest,
      config: { mediaType: MediaType.wasmConfig, ...put(config) },
      layers: [
        { mediaType: 'application/wasm', ...put(wasm) },
        { mediaType: 'application/wasm', ...put(readFileSync(join(dir, 'run-ok.component.wasm'))) },
      ],
    });
    const m = put(manifest);
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(
      join(layout, 'index.json'),
      JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MediaType.manifest, ...m }] }),
    );
    const ref = `${registry.host}/demo/two:1`;
    skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}`, `docker://${ref}`);
    const out = join(dir, 'two.tar');
    const r = await wharf(['pull', '-q', ref, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `wharf pull: ${ref}: artifact config ${sha(config)}: an OCI Wasm artifact has exactly one layer (the .wasm), this one has 2`,
    );
    expect(existsSync(out), `${out} written`).toBe(false);
  });
});
