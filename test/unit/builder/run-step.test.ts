// RUN steps with real programs: compiled C fixtures run by the runtime over the stage's volume.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, formatEvent, LayerMemo, type BuildEvent, type BuildOptions } from '../../../src/core/builder/index.ts';
import type { ProgramRunner } from '../../../src/core/builder/run-step.ts';
import { validateImage } from '../../../src/core/oci/index.ts';
import { listTar } from '../../../src/core/oci/tar-reader.ts';
import type { ProjectFile } from '../../../src/core/project.ts';
import { volumeLookup } from '../../../src/core/rootfs/index.ts';
import { runWasi, wasm, type WasmModule } from '../../../src/core/runtime/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';

const fixtures = resolve(import.meta.dirname, '../../fixtures');
const mutate = new Uint8Array(readFileSync(join(fixtures, 'mutate.wasm')));
const compiled = new WeakMap<Uint8Array, WasmModule>();

/** Runs argv[0] (an absolute path to a Wasm module in the volume) with the runtime. */
const runner: ProgramRunner = async (volume, spec) => {
  const node = volumeLookup(volume, spec.argv[0]!);
  if (node?.kind !== 'file') {
    spec.stderr(new TextEncoder().encode(`${spec.argv[0]}: not found\n`));
    return 127;
  }
  const bytes = node.content.bytes();
  let module = compiled.get(bytes);
  if (!module) compiled.set(bytes, (module = await wasm.compile(bytes)));
  return runWasi({ module, args: spec.argv, env: spec.env, root: volume, stdout: spec.stdout, stderr: spec.stderr })
    .code;
};

const dataFiles: ProjectFile[] = [
  { path: 'mutate.wasm', data: mutate, mode: 0o755 },
  { path: 'data/rewrite.txt', data: 'old\n', mode: 0o644 },
  { path: 'data/append.txt', data: 'first\n', mode: 0o644 },
  { path: 'data/old-name.txt', data: 'moved\n', mode: 0o644 },
  { path: 'data/gone.txt', data: 'bye\n', mode: 0o644 },
  { path: 'data/tree/leaf.txt', data: 'leaf\n', mode: 0o644 },
];

async function runBuild(dockerfile: string, o: Partial<BuildOptions> = {}, files = dataFiles) {
  const events: BuildEvent[] = [];
  const store = (o.store as MemoryStore | undefined) ?? new MemoryStore();
  const r = await build({
    files: [{ path: 'Dockerfile', data: dockerfile, mode: 0o644 }, ...files],
    store,
    tag: 'run-test',
    run: runner,
    memo: new LayerMemo(),
    cacheMounts: new Map(),
    onEvent: (e) => events.push(e),
    ...o,
  });
  expect(await validateImage(r.image), `validateImage(build of ${JSON.stringify(dockerfile)})`).toEqual([]);
  const log = events.flatMap(formatEvent);
  const layers = r.image.layers.map((l) =>
    listTar(l.blob).map((e) => `${e.type === 'directory' ? 'd' : e.type === 'symlink' ? 'l' : 'f'} ${e.path}`),
  );
  return { r, store, log, layers };
}

const MUTATE = 'FROM scratch\nCOPY mutate.wasm /bin/mutate\nCOPY data /data\nRUN ["/bin/mutate", "/data"]\n';

describe('RUN', () => {
  it('runs the program over the stage and makes its changes the layer, removals as whiteouts', async () => {
    const { r, layers, log } = await runBuild(MUTATE);
    expect(layers[2], 'RUN layer').toEqual([
      'd data',
      'f data/.wh.gone.txt',
      'f data/.wh.old-name.txt',
      'f data/.wh.tree',
      'f data/append.txt',
      'l data/link',
      'd data/made',
      'f data/made/inner.txt',
      'f data/new-name.txt',
      'f data/new.txt',
      'f data/rewrite.txt',
    ]);
    expect(
      log.some((l) => /^#\d+ \d+\.\d{3} done$/.test(l)),
      `the program's output is in the log:\n${log.join('\n')}`,
    ).toBe(true);
    expect(r.image.config.history?.at(-1)?.created_by).toBe('RUN /bin/mutate /data # buildkit');
    expect(await validateImage(r.image), 'validateImage(RUN image)').toEqual([]);
  });

  it('is reproducible, and an unchanged rebuild serves RUN from the cache (a fresh memo, the same store)', async () => {
    const first = await runBuild(MUTATE);
    const fresh = await runBuild(MUTATE);
    const again = await runBuild(MUTATE, { store: first.store });
    expect(fresh.r.image.manifestDigest, 'two builds, two stores').toBe(first.r.image.manifestDigest);
    expect(again.r.image.manifestDigest, 'rebuild from the cache').toBe(first.r.image.manifestDigest);
    const runVertex = again.log.filter((l) => l.includes('RUN ["/bin/mutate"')).map((l) => l.split(' ')[0]);
    expect(
      again.log.some((l) => l.startsWith(`${runVertex[0]} CACHED`)),
      `the RUN step ${runVertex[0]} is CACHED:\n${again.log.join('\n')}`,
    ).toBe(true);
    expect(
      again.log.some((l) => /^#\d+ \d+\.\d{3} done$/.test(l)),
      'a cached RUN does not run',
    ).toBe(false);
  });

  it('a RUN in a build stage is served from the cache on a fresh memo: its layer went into the store', async () => {
    const df = `${MUTATE.replace('FROM scratch', 'FROM scratch AS b')}FROM scratch\nCOPY --from=b /data/new.txt /new.txt\n`;
    const first = await runBuild(df);
    const again = await runBuild(df, { store: first.store });
    expect(
      again.log.some((l) => /^#\d+ \d+\.\d{3} done$/.test(l)),
      `the RUN did not run again:\n${again.log.join('\n')}`,
    ).toBe(false);
    expect(again.r.image.manifestDigest).toBe(first.r.image.manifestDigest);
  });

  it('a changed input of an earlier COPY reruns the RUN after it', async () => {
    const first = await runBuild(MUTATE);
    const changed = dataFiles.map((f) => (f.path === 'data/append.txt' ? { ...f, data: 'other\n' } : f));
    const second = await runBuild(MUTATE, { store: first.store }, changed);
    expect(
      second.log.some((l) => /^#\d+ \d+\.\d{3} done$/.test(l)),
      'the RUN ran again',
    ).toBe(true);
    expect(second.r.image.manifestDigest).not.toBe(first.r.image.manifestDigest);
  });

  it('a failing program fails the build at its line as BuildKit reports it, and leaves nothing', async () => {
    const store = new MemoryStore();
    const e = await runBuild('FROM scratch\nCOPY mutate.wasm /bin/mutate\nRUN ["/bin/mutate", "/nowhere"]\n', {
      store,
    }).catch((x: unknown) => x as Error);
    expect((e as Error).message).toBe(
      'Dockerfile:3: process "/bin/mutate /nowhere" did not complete successfully: exit code: 1',
    );
    expect(await store.list(), 'blobs after a failed build').toEqual([]);
  });

  it('a step that fails in a stage another stage waits on: ERROR once at that step, the waiting step CANCELED', async () => {
    const events: BuildEvent[] = [];
    const e = await runBuild(
      'FROM scratch AS build\nCOPY mutate.wasm /bin/mutate\nRUN ["/bin/mutate", "/nowhere"]\n' +
        'FROM scratch\nCOPY --from=build /bin/mutate /m\n',
      { onEvent: (x) => events.push(x) },
    ).catch((x: unknown) => x as Error);
    const log = events.flatMap(formatEvent);
    const message = 'Dockerfile:3: process "/bin/mutate /nowhere" did not complete successfully: exit code: 1';
    expect((e as Error).message, 'the error').toBe(message);
    expect(
      log.filter((l) => / (ERROR|CANCELED)\b/.test(l)),
      'ERROR and CANCELED lines',
    ).toEqual([`#7 ERROR: ${message}`, '#4 CANCELED']);
    expect(
      log.find((l) => l.startsWith('#4 ')),
      'step #4',
    ).toBe('#4 [stage-1 2/2] COPY --from=build /bin/mutate /m');
  });

  it('a program that is not in the image: exit 127 named at the line', async () => {
    const e = await runBuild('FROM scratch\nRUN ["apt-get", "install", "clang"]\n').catch((x: unknown) => x as Error);
    expect((e as Error).message).toBe(
      'Dockerfile:2: process "apt-get install clang" did not complete successfully: exit code: 127 (apt-get: not found in the image)',
    );
  });

  it('shell form goes through SHELL', async () => {
    const { r } = await runBuild(
      'FROM scratch\nCOPY mutate.wasm /bin/mutate\nCOPY data /data\nSHELL ["/bin/mutate"]\nRUN /data\n',
    );
    expect(r.image.config.history?.at(-1)?.created_by).toBe('RUN /bin/mutate /data # buildkit');
  });

  it('a bind mount is there for the run and out of the layer; its mount point stays, empty', async () => {
    const { layers } = await runBuild(
      'FROM scratch\nCOPY mutate.wasm /bin/mutate\nRUN --mount=type=bind,source=data,target=/data,rw ["/bin/mutate", "/data"]\n',
    );
    expect(layers[1], 'RUN layer').toEqual(['d data']);
  });

  it('a bind mount of the context fails at its line when a file under it could not be read', async () => {
    const unreadable = new Map([['data/tree/leaf.txt', 'EACCES: permission denied']]);
    const df =
      'FROM scratch\nCOPY mutate.wasm /bin/mutate\nRUN --mount=type=bind,source=data,target=/data,rw ["/bin/mutate", "/data"]\n';
    const e = await runBuild(df, { unreadable }).catch((x: unknown) => x as Error);
    expect((e as Error).message).toBe(
      'Dockerfile:3: RUN --mount: cannot read "tree/leaf.txt" from the build context: EACCES: permission denied',
    );
  });

  it('--network=host and secret mounts are refused at the line', async () => {
    const net = await runBuild('FROM scratch\nRUN --network=host ["/x"]\n').catch((x: unknown) => x as Error);
    expect((net as Error).message).toMatch(/^Dockerfile:2: RUN --network=host is not supported/);
    const secret = await runBuild('FROM scratch\nRUN --mount=type=secret,id=a ["/x"]\n').catch(
      (x: unknown) => x as Error,
    );
    expect((secret as Error).message).toBe('Dockerfile:2: RUN --mount=type=secret is not supported here');
  });
});
