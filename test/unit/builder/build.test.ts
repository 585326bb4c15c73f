import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../../src/core/builder/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { listTar } from '../../../src/core/oci/tar-reader.ts';
import { convertLayers, createImage, imageBlobs, validateImage } from '../../../src/core/oci/index.ts';
import { imageRecord } from '../../../src/core/store-image.ts';
import type { ProjectFile } from '../../../src/core/project.ts';
import type { WharfError } from '../../../src/core/errors.ts';

const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

function files(dockerfile: string, extra: ProjectFile[] = []): ProjectFile[] {
  return [
    { path: 'Dockerfile', data: dockerfile, mode: 0o644 },
    { path: 'app.wasm', data: WASM, mode: 0o755 },
    ...extra,
  ];
}

async function run(dockerfile: string, extra: ProjectFile[] = [], opts: Partial<BuildOptions> = {}) {
  const store = (opts.store as MemoryStore | undefined) ?? new MemoryStore();
  const r = await build({ files: files(dockerfile, extra), store, tag: 'test', ...opts });
  expect(await validateImage(r.image), `validateImage(build of ${JSON.stringify(dockerfile)})`).toEqual([]);
  const layers = r.image.layers.map((l) =>
    listTar(l.blob).map((e) => `${e.type === 'directory' ? 'd' : e.type === 'symlink' ? 'l' : 'f'} ${e.path}`),
  );
  return { r, store, config: r.image.config, layers };
}

async function failure(
  dockerfile: string,
  extra: ProjectFile[] = [],
  opts: Partial<BuildOptions> = {},
): Promise<WharfError> {
  const store = new MemoryStore();
  try {
    await build({ files: files(dockerfile, extra), store, tag: 'test', ...opts });
  } catch (e) {
    expect(await store.listRefs(), 'a failed build leaves no ref').toEqual([]);
    expect(await store.list(), 'a failed build leaves no blob').toEqual([]);
    return e as WharfError;
  }
  throw new Error(`build of ${JSON.stringify(dockerfile)} succeeded, want an error`);
}

describe('build: the hello image', () => {
  it('makes a wasi/wasm image with BuildKit defaults', async () => {
    const { config, layers, r, store } = await run('FROM scratch\nCOPY app.wasm /app.wasm\nENTRYPOINT ["/app.wasm"]\n');
    expect(config.os).toBe('wasi');
    expect(config.architecture).toBe('wasm');
    expect(config.created).toBe('1970-01-01T00:00:00Z');
    expect(config.config?.Entrypoint).toEqual(['/app.wasm']);
    expect(config.config?.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(config.history?.map((h) => [h.created_by, h.empty_layer ?? false])).toEqual([
      ['COPY app.wasm /app.wasm # buildkit', false],
      ['ENTRYPOINT ["/app.wasm"]', true],
    ]);
    expect(layers).toEqual([['f app.wasm']]);
    expect(r.image.manifest.annotations).toEqual({ 'module.wasm.image/variant': 'compat-smart' });
    expect((await store.getRef('docker.io/library/test:latest'))?.manifest).toBe(r.image.manifestDigest);
  });

  it('is reproducible and an unchanged rebuild is cached at every step', async () => {
    const df = 'FROM scratch\nCOPY app.wasm /app.wasm\nENV A=1\nENTRYPOINT ["/app.wasm"]\n';
    const first = await run(df);
    const again = await run(df, [], { store: first.store });
    const fresh = await run(df);
    expect(again.r.image.manifestDigest).toBe(first.r.image.manifestDigest);
    expect(fresh.r.image.manifestDigest, 'a fresh store gives the same digest').toBe(first.r.image.manifestDigest);
    expect(again.r.cached, `cached steps = ${again.r.cached}, want all ${again.r.steps}`).toBe(again.r.steps);
    expect(first.r.cached).toBeLessThan(first.r.steps);
    // The store already held it under its ref: nothing written (the playground then reloads nothing).
    expect([first.r.committed, again.r.committed, fresh.r.committed]).toEqual([true, false, true]);
    await first.store.deleteRef('docker.io/library/test:latest');
    const afterDelete = await run(df, [], { store: first.store });
    expect(afterDelete.r.committed, 'the ref was deleted: written again').toBe(true);
    expect((await first.store.getRef('docker.io/library/test:latest'))?.manifest).toBe(first.r.image.manifestDigest);
  });

  it('a changed file changes the layer and the digest', async () => {
    const df = 'FROM scratch\nCOPY app.wasm /app.wasm\n';
    const a = await run(df);
    const b = await build({
      files: [
        { path: 'Dockerfile', data: df, mode: 0o644 },
        { path: 'app.wasm', data: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 1]), mode: 0o755 },
      ],
      store: a.store,
      tag: 'test',
    });
    expect(b.image.manifestDigest).not.toBe(a.r.image.manifestDigest);
    expect(b.cached).toBeLessThan(b.steps);
  });

  it('SOURCE_DATE_EPOCH sets created', async () => {
    const { config } = await run('FROM scratch\nCOPY app.wasm /\n', [], { sourceDateEpoch: 86400 });
    expect(config.created).toBe('1970-01-02T00:00:00Z');
  });

  it('platform option picks os/architecture', async () => {
    const { config } = await run('FROM scratch\nCOPY app.wasm /\n', [], { platform: 'wasip1/wasm' });
    expect([config.os, config.architecture]).toEqual(['wasip1', 'wasm']);
  });
});

describe('build: instructions', () => {
  it('ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL, CMD, HEALTHCHECK, SHELL, MAINTAINER', async () => {
    const df = [
      'FROM scratch',
      'ENV GREETING=hello NAME="big world"',
      'ENV OLD style value',
      'LABEL org.example.v="1" other=$GREETING',
      'WORKDIR /srv',
      'WORKDIR app',
      'USER 1000:1000',
      'EXPOSE 80 53/udp 8000-8001',
      'VOLUME ["/data"]',
      'STOPSIGNAL SIGTERM',
      'SHELL ["/bin/bash", "-c"]',
      'HEALTHCHECK --interval=5s --retries=2 CMD ["/app.wasm", "--check"]',
      'MAINTAINER someone',
      'COPY app.wasm ./',
      'CMD ["--flag"]',
      'ENTRYPOINT ["/srv/app/app.wasm"]',
    ].join('\n');
    const { config, layers } = await run(df);
    const c = config.config!;
    expect(c.Env).toContain('GREETING=hello');
    expect(c.Env).toContain('NAME=big world');
    expect(c.Env).toContain('OLD=style value');
    expect(c.Labels).toEqual({ 'org.example.v': '1', other: 'hello' });
    expect(c.WorkingDir).toBe('/srv/app');
    expect(c.User).toBe('1000:1000');
    expect(Object.keys(c.ExposedPorts ?? {}).sort()).toEqual(['53/udp', '80/tcp', '8000/tcp', '8001/tcp']);
    expect(c.Volumes).toEqual({ '/data': {} });
    expect(c.StopSignal).toBe('SIGTERM');
    expect(c.Shell).toEqual(['/bin/bash', '-c']);
    expect(c.Healthcheck).toEqual({ Test: ['CMD', '/app.wasm', '--check'], Interval: 5e9, Retries: 2 });
    expect(config.author).toBe('someone');
    // CMD set in this stage survives a later ENTRYPOINT.
    expect(c.Cmd).toEqual(['--flag']);
    expect(c.Entrypoint).toEqual(['/srv/app/app.wasm']);
    expect(layers).toEqual([['d srv'], ['d srv', 'd srv/app'], ['d srv', 'd srv/app', 'f srv/app/app.wasm']]);
  });

  it('shell-form CMD/ENTRYPOINT use the SHELL (and the parser warns)', async () => {
    const { config, r } = await run('FROM scratch\nCMD echo hi\n');
    expect(config.config?.Cmd).toEqual(['/bin/sh', '-c', 'echo hi']);
    expect(r.warnings.join('\n')).toMatch(/JSON/);
  });

  it('ARG: global in FROM, stage-scoped, --build-arg wins, ENV wins over ARG', async () => {
    const df = [
      'ARG BASE=scratch',
      'ARG V=global',
      'FROM ${BASE}',
      'ARG V',
      'ARG D=default',
      'ARG X=x',
      'ENV X=env',
      'LABEL v=$V d=$D x=$X t=$TARGETPLATFORM',
      'ARG TARGETOS',
      'LABEL os=$TARGETOS',
    ].join('\n');
    const { config } = await run(df, [], { buildArgs: { D: 'cli' } });
    expect(config.config?.Labels).toEqual({ v: 'global', d: 'cli', x: 'env', t: '', os: 'wasi' });
  });

  it('warns about a build arg nothing consumed', async () => {
    const { r } = await run('FROM scratch\n', [], { buildArgs: { NOPE: '1' } });
    expect(r.warnings).toContain('build-arg "NOPE" was not consumed by any ARG');
  });

  it('COPY heredoc makes a file, expanded unless the delimiter is quoted', async () => {
    const df =
      'FROM scratch\nENV WHO=world\nCOPY <<EOF /hello.txt\nhello $WHO\nEOF\nCOPY <<"EOF" /raw.txt\nhello $WHO\nEOF\n';
    const { r } = await run(df);
    const text = (i: number) =>
      new TextDecoder().decode(listTar(r.image.layers[i]!.blob).find((e) => e.type === 'file')!.data);
    expect(text(0)).toBe('hello world\n');
    expect(text(1)).toBe('hello $WHO\n');
  });

  it('ADD unpacks a local tar archive', async () => {
    const { writeTar } = await import('../../../src/core/oci/tar-writer.ts');
    const tar = writeTar([{ path: 'pkg/readme.txt', type: 'file', data: new TextEncoder().encode('hi') }]);
    const { layers } = await run('FROM scratch\nADD bundle.tar /opt/\n', [
      { path: 'bundle.tar', data: tar, mode: 0o644 },
    ]);
    expect(layers).toEqual([['d opt', 'd opt/pkg', 'f opt/pkg/readme.txt']]);
  });

  it('.dockerignore hides files from COPY . /', async () => {
    const { layers } = await run('FROM scratch\nCOPY . /ctx/\n', [
      { path: '.dockerignore', data: '*.md\nDockerfile\n', mode: 0o644 },
      { path: 'notes.md', data: 'x', mode: 0o644 },
      { path: 'keep.txt', data: 'y', mode: 0o644 },
    ]);
    expect(layers).toEqual([['f ctx/.dockerignore', 'd ctx', 'f ctx/app.wasm', 'f ctx/keep.txt'].sort()]);
  });
});

describe('build: stages', () => {
  const df = [
    'FROM scratch AS build',
    'COPY app.wasm /out/app.wasm',
    'COPY data.txt /out/',
    'FROM scratch AS unused',
    'COPY missing-file /',
    'FROM build AS test',
    'LABEL stage=test',
    'FROM scratch',
    'COPY --from=build /out/app.wasm /app.wasm',
    'COPY --from=0 /out/data.txt /data.txt',
    'ENTRYPOINT ["/app.wasm"]',
  ].join('\n');
  const extra = [{ path: 'data.txt', data: 'data', mode: 0o644 }];

  it('builds only the stages the target needs and copies between them', async () => {
    const { layers } = await run(df, extra);
    expect(layers).toEqual([['f app.wasm'], ['f data.txt']]);
  });

  it('--target picks a stage, which inherits its base stage', async () => {
    const { layers, config } = await run(df, extra, { target: 'test' });
    expect(config.config?.Labels).toEqual({ stage: 'test' });
    expect(layers).toEqual([
      ['d out', 'f out/app.wasm'],
      ['d out', 'f out/data.txt'],
    ]);
  });

  it('FROM an image in the store', async () => {
    const store = new MemoryStore();
    await build({ files: files('FROM scratch\nCOPY app.wasm /base.wasm\nENV FROM_BASE=1\n'), store, tag: 'base:v1' });
    const r = await build({ files: files('FROM base:v1\nCOPY app.wasm /child.wasm\n'), store, tag: 'child' });
    expect(r.image.layers.length).toBe(2);
    expect(r.image.config.config?.Env).toContain('FROM_BASE=1');
  });

  it('FROM and COPY --from an image whose layers are not what its diff_ids say: an error on that line, nothing stored', async () => {
    const store = new MemoryStore();
    const two = await build({
      files: files('FROM scratch\nCOPY app.wasm /a.wasm\nCOPY Dockerfile /b\n'),
      store,
      tag: 'two',
    });
    // Gzip the layers as a pulled image has them, then name their diff_ids crosswise.
    const gz = await convertLayers(two.image, 'gzip');
    const swapped = [gz.layers[1]!.diffId, gz.layers[0]!.diffId];
    const bad = await createImage(
      { ...gz.config, rootfs: { type: 'layers', diff_ids: swapped } },
      gz.layers.map((l, i) => ({ ...l, diffId: swapped[i]! })),
    );
    await store.commit(imageRecord(bad, 'docker.io/library/bad:latest', 0), imageBlobs(bad));
    const before = (await store.list()).length;
    for (const [dockerfile, line] of [
      ['FROM bad\n', 1],
      ['FROM scratch\nCOPY --from=bad /a.wasm /a.wasm\n', 2],
    ] as const) {
      const err = await build({ files: files(dockerfile), store, tag: 'child' }).then(
        () => undefined,
        (e: unknown) => e as WharfError,
      );
      expect(err?.code, `build of ${JSON.stringify(dockerfile)}`).toBe('DIGEST_MISMATCH');
      expect(err?.line, 'the line naming the image').toBe(line);
      expect(err?.message).toMatch(/image "bad": layer 0 \(sha256:\w+\): uncompressed tar hashes to/);
    }
    expect((await store.list()).length, 'blobs after the failed builds').toBe(before);
    expect(await store.getRef('docker.io/library/child:latest')).toBeUndefined();
  });

  it('ONBUILD triggers run in the child, which does not inherit them', async () => {
    const store = new MemoryStore();
    await build({ files: files('FROM scratch\nONBUILD COPY app.wasm /onbuild.wasm\n'), store, tag: 'base' });
    const r = await build({ files: files('FROM base\n'), store, tag: 'child' });
    expect(listTar(r.image.layers[0]!.blob).map((e) => e.path)).toEqual(['onbuild.wasm']);
    expect(r.image.config.config?.OnBuild ?? null).toBeNull();
  });

  it('ONBUILD adds a trigger and no history entry, as BuildKit', async () => {
    const { config } = await run('FROM scratch\nONBUILD COPY app.wasm /x.wasm\nENV A=1\n');
    expect(config.config?.OnBuild).toEqual(['COPY app.wasm /x.wasm']);
    expect(config.history?.map((h) => h.created_by)).toEqual(['ENV A=1']);
  });
});

describe('build: what BuildKit writes', () => {
  it('WorkingDir is "/" when no WORKDIR is given, as BuildKit\'s empty image has it', async () => {
    const { config } = await run('FROM scratch\nCOPY app.wasm /app.wasm\n');
    expect(config.config?.WorkingDir).toBe('/');
    expect((await run('FROM scratch\nWORKDIR app\n')).config.config?.WorkingDir).toBe('/app');
    expect((await run('FROM scratch AS a\nFROM a\nENV A=1\n')).config.config?.WorkingDir).toBe('/');
  });

  it("layers carry the context's modes, symlinks and empty directories", async () => {
    const r = await build({
      files: [
        {
          path: 'Dockerfile',
          data: 'FROM scratch\nCOPY . /ctx/\nCOPY --chmod=u=rwx,g=rx,o= run.sh /bin/\n',
          mode: 0o644,
        },
        { path: 'run.sh', data: 'echo\n', mode: 0o600 },
        { path: 'app.wasm', data: WASM, mode: 0o644 },
        { kind: 'dir', path: 'empty', mode: 0o750 },
        { kind: 'symlink', path: 'latest.wasm', target: 'app.wasm' },
      ],
      store: new MemoryStore(),
    });
    const entries = r.image.layers.map((l) =>
      listTar(l.blob).map((e) => `${e.type} ${e.path} ${e.mode.toString(8)}${e.linkname ? ` -> ${e.linkname}` : ''}`),
    );
    expect(entries).toEqual([
      [
        'directory ctx 755',
        'file ctx/Dockerfile 644',
        'file ctx/app.wasm 644',
        'directory ctx/empty 750',
        'symlink ctx/latest.wasm 777 -> app.wasm',
        'file ctx/run.sh 600',
      ],
      ['directory bin 755', 'file bin/run.sh 750'],
    ]);
  });

  it('an unreadable context file fails only the COPY that needs it, at its line', async () => {
    const unreadable = new Map([['secret.txt', "EACCES: permission denied, open '/ctx/secret.txt'"]]);
    const ok = await run('FROM scratch\nCOPY app.wasm /\n', [], { unreadable });
    expect(ok.layers).toEqual([['f app.wasm']]);
    const e = await failure('FROM scratch\nCOPY app.wasm /\nCOPY . /all/\n', [], { unreadable });
    expect(e.message).toBe(
      `Dockerfile:3: COPY cannot read "secret.txt" from the build context: EACCES: permission denied, open '/ctx/secret.txt'`,
    );
  });
});

describe('build: errors say where', () => {
  it.each([
    ['FROM scratch\nCOPY nope.wasm /\n', /^Dockerfile:2: COPY source "nope.wasm" not found in the build context/],
    ['FROM scratch\nRUN echo hi\n', /^Dockerfile:2: RUN cannot execute here/],
    [
      'FROM scratch\nCOPY --from=nowhere /a /a\n',
      /^Dockerfile:2: COPY --from: "nowhere" is neither a build stage nor an image/,
    ],
    ['FROM alpine\n', /^Dockerfile:1: FROM: "alpine" is neither a build stage nor an image/],
    ['FROM scratch\nCOPY --bogus=1 app.wasm /\n', /^Dockerfile:2: .*bogus/],
    ['FROM scratch\nFORM x\n', /^Dockerfile:2: unknown instruction: FORM/i],
    ['FROM scratch\nCOPY --chown=nobody app.wasm /\n', /^Dockerfile:2: unable to find user nobody/],
    ['FROM scratch\nCOPY --chmod=u+q app.wasm /\n', /^Dockerfile:2: invalid chmod parameter: 'u\+q': invalid syntax/],
    ['FROM scratch\nCOPY --chmod=8 app.wasm /\n', /^Dockerfile:2: invalid chmod parameter: '8'. it should be octal/],
  ])('%j', async (df, want) => {
    const e = await failure(df);
    expect(e.message).toMatch(want);
  });

  it('an unknown --target', async () => {
    const e = await failure('FROM scratch AS a\n', [], { target: 'b' });
    expect(e.message).toMatch(/target stage "b" could not be found/);
  });
});

describe('build: sources no step uses', () => {
  it('warns about a source file no COPY, ADD or RUN --mount used: its edits would not reach the image', async () => {
    const prebuilt = await run('FROM scratch\nCOPY app.wasm /app.wasm\n', [
      { path: 'app.c', data: 'int main(){}', mode: 0o644 },
    ]);
    expect(prebuilt.r.warnings).toEqual([
      'app.c is in the build context but no COPY, ADD or RUN --mount of this build uses it: editing it does not change the image',
    ]);
    const copied = await run('FROM scratch\nCOPY . /src/\n', [{ path: 'app.c', data: 'int main(){}', mode: 0o644 }]);
    expect(copied.r.warnings, 'COPY . uses every file').toEqual([]);
  });
});
