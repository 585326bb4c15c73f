import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCommand } from '../../../src/cli/build.ts';
import { inspectCommand } from '../../../src/cli/inspect.ts';

const HELLO = readFileSync(join(import.meta.dirname, '../../../public/examples/hello-world-prebuilt/hello-world.wasm'));

function context(dockerfile: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-cli-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'hello.wasm'), HELLO);
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

async function cli(command: (argv: string[]) => Promise<number>, argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await command(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('wharf build', () => {
  it('writes an OCI tarball and prints the manifest digest', async () => {
    const dir = context('FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n');
    const out = join(dir, 'out.tar');
    const r = await cli(buildCommand, ['-t', 'hello:1', '-o', out, dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(r.stderr).toContain('[2/3] COPY hello.wasm /hello.wasm');
    const inspected = await cli(inspectCommand, [out]);
    const doc = JSON.parse(inspected.stdout);
    expect(doc.refs).toEqual(['docker.io/library/hello:1']);
    expect(doc.manifestDigest + '\n').toBe(r.stdout);
    expect(doc.config.config.Entrypoint).toEqual(['/hello.wasm']);
    expect(doc.index.manifests[0].annotations['org.opencontainers.image.ref.name']).toBe('1');
  });

  it('is reproducible: two builds, same digest and same bytes', async () => {
    const dir = context('FROM scratch\nCOPY hello.wasm /\n');
    const a = await cli(buildCommand, ['-o', join(dir, 'a.tar'), dir]);
    const b = await cli(buildCommand, ['-o', join(dir, 'b.tar'), dir]);
    expect(a.stdout).toBe(b.stdout);
    expect(Buffer.compare(readFileSync(join(dir, 'a.tar')), readFileSync(join(dir, 'b.tar')))).toBe(0);
  });

  it('--compression uncompressed writes plain tar layers', async () => {
    const dir = context('FROM scratch\nCOPY hello.wasm /\n');
    const out = join(dir, 'o.tar');
    expect((await cli(buildCommand, ['--compression', 'uncompressed', '-o', out, dir])).code).toBe(0);
    const doc = JSON.parse((await cli(inspectCommand, [out])).stdout);
    expect(doc.manifest.layers[0].mediaType).toBe('application/vnd.oci.image.layer.v1.tar');
  });

  it.each([
    [
      'a missing COPY source',
      'FROM scratch\nCOPY nope.wasm /\n',
      /^Dockerfile:2: COPY source "nope.wasm" not found in the build context/m,
    ],
    ['an unknown instruction', 'FROM scratch\n\nFORM x\n', /^Dockerfile:3: unknown instruction: FORM/im],
    [
      'an unknown stage',
      'FROM scratch\nCOPY --from=builder /a /a\n',
      /^Dockerfile:2: COPY --from: "builder" is neither a build stage nor an image/m,
    ],
    ['a bad flag', 'FROM scratch\nCOPY --nope hello.wasm /\n', /^Dockerfile:2: .*nope/m],
    [
      'a RUN whose shell the image lacks',
      'FROM scratch\nRUN make\n',
      /^Dockerfile:2: process "\/bin\/sh -c make" did not complete successfully: exit code: 127 \(\/bin\/sh: not found in the image\)$/m,
    ],
  ])('%s: Dockerfile:LINE on stderr, exit 1, nothing written', async (_, df, want) => {
    const dir = context(df);
    const before = readdirSync(dir).sort();
    const r = await cli(buildCommand, ['-o', join(dir, 'out.tar'), dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(want);
    expect(existsSync(join(dir, 'out.tar'))).toBe(false);
    expect(readdirSync(dir).sort(), 'no temp file left behind').toEqual(before);
  });

  it('--target with an unknown stage fails', async () => {
    const dir = context('FROM scratch AS a\n');
    const r = await cli(buildCommand, ['--target', 'b', '-o', join(dir, 'out.tar'), dir]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(/target stage "b" could not be found/)]);
  });

  it('--check lints without building', async () => {
    const dir = context('FROM scratch\nCMD echo hi\nFORM x\n');
    const r = await cli(buildCommand, ['--check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Dockerfile:2: warning: JSONArgsRecommended: /m);
    expect(r.stdout).toMatch(/^Dockerfile:3: error: /m);
  });

  it('--check passes a clean Dockerfile', async () => {
    const dir = context('FROM scratch\nCOPY hello.wasm /\nENTRYPOINT ["/hello.wasm"]\n');
    const r = await cli(buildCommand, ['--check', dir]);
    expect([r.code, r.stdout]).toEqual([0, 'Check complete, no warnings found.\n']);
  });

  it('-f reads a Dockerfile outside the context', async () => {
    const dir = context('not used');
    const other = mkdtempSync(join(tmpdir(), 'wharf-df-'));
    writeFileSync(join(other, 'Wasm.Dockerfile'), 'FROM scratch\nCOPY hello.wasm /h.wasm\n');
    const r = await cli(buildCommand, ['-f', join(other, 'Wasm.Dockerfile'), '-o', join(dir, 'o.tar'), dir]);
    expect(r.code, r.stderr).toBe(0);
  });
});
