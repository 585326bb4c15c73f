// Images that `wharf build` writes, through the real tools: skopeo inspects and copies them
// (to an OCI layout and to a docker-archive), umoci unpacks the same file bytes, and the
// docker-archive skopeo wrote imports back with the same config.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive, validateImage, type ImportResult } from '../../src/core/oci/index.ts';
import { helloWasm } from './source-image.ts';
import { diffTrees, treeOfDir, treeOfImage, type Tree } from './tree.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
let dir: string;
let tarball: string;
let ours: ImportResult;
let expected: Tree;

function skopeo(...args: string[]): string {
  return execFileSync('skopeo', ['--insecure-policy', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function wharf(...args: string[]): string {
  return execFileSync(process.execPath, wharfArgs(args), {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const text = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-cli-interop-'));
  const ctx = join(dir, 'context');
  mkdirSync(join(ctx, 'static/css'), { recursive: true });
  const wasm = helloWasm(dir);
  const long = `${'very-long-directory-name-'.repeat(5)}/file-${'n'.repeat(120)}.txt`;
  writeFileSync(join(ctx, 'hello.wasm'), wasm);
  writeFileSync(join(ctx, 'static/index.html'), '<h1>ünïcødé ✓</h1>\n');
  writeFileSync(join(ctx, 'static/css/site.css'), 'h1 { color: teal }\n');
  writeFileSync(join(ctx, 'ignored.log'), 'not in the image\n');
  writeFileSync(join(ctx, '.dockerignore'), '*.log\n');
  mkdirSync(join(ctx, long, '..'), { recursive: true });
  writeFileSync(join(ctx, long), 'long\n');
  writeFileSync(
    join(ctx, 'Dockerfile'),
    [
      'FROM scratch AS assets',
      'COPY static/ /srv/www/',
      `COPY ${long} /srv/long/`,
      'FROM scratch',
      'COPY --chmod=755 hello.wasm /hello.wasm',
      'COPY --from=assets /srv /srv',
      'WORKDIR /data',
      'ENV GREETING=hi',
      'ENTRYPOINT ["/hello.wasm"]',
      '',
    ].join('\n'),
  );
  tarball = join(dir, 'image.tar');
  wharf('build', '-t', 'cli-interop:1', '-o', tarball, ctx);
  ours = await importArchive(new Uint8Array(readFileSync(tarball)), { name: tarball });
  expect(await validateImage(ours.image)).toEqual([]);
  expected = new Map<string, Uint8Array | null>([
    ['hello.wasm', wasm],
    ['srv', null],
    ['srv/www', null],
    ['srv/www/index.html', text('<h1>ünïcødé ✓</h1>\n')],
    ['srv/www/css', null],
    ['srv/www/css/site.css', text('h1 { color: teal }\n')],
    ['srv/long', null],
    [`srv/long/${long.split('/').at(-1)!}`, text('long\n')],
    ['data', null],
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skopeo and umoci read what wharf build writes', () => {
  it('our import sees the expected rootfs (the control case)', () => {
    expect(diffTrees(treeOfImage(ours.image), expected)).toEqual([]);
    expect(ours.refs).toEqual(['docker.io/library/cli-interop:1']);
  });

  it('skopeo inspect oci-archive: and docker-archive:', () => {
    const oci = JSON.parse(skopeo('inspect', `oci-archive:${tarball}`)) as {
      Digest: string;
      Os: string;
      Architecture: string;
      Layers: string[];
      Env: string[];
    };
    expect(`${oci.Os}/${oci.Architecture}`).toBe('wasi/wasm');
    expect(oci.Digest).toBe(ours.image.manifestDigest);
    expect(oci.Layers).toEqual(ours.image.layers.map((l) => l.digest));
    expect(oci.Env).toContain('GREETING=hi');
    const docker = JSON.parse(skopeo('inspect', `docker-archive:${tarball}`)) as {
      RepoTags: string[];
      Layers: string[];
    };
    expect(docker.Layers).toHaveLength(ours.image.layers.length);
  });

  it('skopeo copy oci-archive: -> oci:DIR, and umoci unpacks identical file bytes', () => {
    const layout = join(dir, 'layout');
    skopeo('copy', `oci-archive:${tarball}`, `oci:${layout}:cli`);
    const bundle = join(dir, 'bundle');
    // `umoci unpack` also generates a runtime-spec config.json and rejects os "wasi" there;
    // `umoci raw unpack` is the same layer extraction without that step.
    execFileSync('umoci', ['raw', 'unpack', '--rootless', '--image', `${layout}:cli`, bundle], { stdio: 'pipe' });
    expect(diffTrees(treeOfDir(bundle), expected)).toEqual([]);
    expect(readFileSync(join(bundle, 'hello.wasm')).equals(Buffer.from(expected.get('hello.wasm')!))).toBe(true);
  });

  it('skopeo copy oci-archive: -> docker-archive:, which imports back with the same config and files', async () => {
    const out = join(dir, 'docker.tar');
    skopeo('copy', `oci-archive:${tarball}`, `docker-archive:${out}:cli-interop:1`);
    const back = await importArchive(new Uint8Array(readFileSync(out)), { name: out });
    expect(back.format).toBe('docker');
    expect(back.image.configDigest).toBe(ours.image.configDigest);
    expect(diffTrees(treeOfImage(back.image), expected)).toEqual([]);
  });
});
