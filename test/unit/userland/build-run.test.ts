// The shell under the builder's RUN: a Dockerfile whose stage has the stubs in /bin, built with
// the test process model as its program runner. What the shell writes is the step's layer.
import { describe, expect, it } from 'vitest';
import { build, formatEvent, LayerMemo, type BuildEvent } from '../../../src/core/builder/index.ts';
import { listTar } from '../../../src/core/oci/tar-reader.ts';
import type { ProjectFile } from '../../../src/core/project.ts';
import { SHELL_PROGRAM_NAMES } from '../../../src/core/userland/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { stub, TestProcesses } from './processes.ts';

const stubs: ProjectFile[] = SHELL_PROGRAM_NAMES.map((name) => ({
  path: `bin/${name}`,
  data: stub(name),
  mode: 0o644,
}));

async function runBuild(dockerfile: string) {
  const events: BuildEvent[] = [];
  const r = await build({
    files: [
      { path: 'Dockerfile', data: dockerfile, mode: 0o644 },
      { path: 'notes.txt', data: 'b\na\n', mode: 0o644 },
      ...stubs,
    ],
    store: new MemoryStore(),
    tag: 'shell-run',
    run: (volume, spec) => new TestProcesses(volume).spawn(spec),
    memo: new LayerMemo(),
    cacheMounts: new Map(),
    onEvent: (e) => events.push(e),
  });
  const layers = r.image.layers.map((l) =>
    listTar(l.blob).map(
      (e) => `${e.type === 'directory' ? 'd' : e.type === 'symlink' ? 'l' : 'f'} ${e.path} ${e.mode.toString(8)}`,
    ),
  );
  return { r, layers, log: events.flatMap(formatEvent) };
}

const BASE = 'FROM scratch\nCOPY --chmod=755 bin /bin\nWORKDIR /app\nCOPY notes.txt .\n';

describe('RUN through the shell', () => {
  it('a shell-form RUN: its files, modes and removals are the layer; its output is in the log', async () => {
    const { layers, log } = await runBuild(
      BASE +
        'ENV GREETING=hello\n' +
        'RUN echo "$GREETING from $(pwd)" && sort notes.txt > sorted.txt && mkdir -p bin && printf "#!/bin/sh\\necho tool\\n" > bin/tool && chmod +x bin/tool && ./bin/tool && rm notes.txt && ln -s sorted.txt latest\n',
    );
    expect(layers[layers.length - 1], 'RUN layer').toEqual([
      'd app 755',
      'f app/.wh.notes.txt 0',
      'd app/bin 755',
      'f app/bin/tool 755',
      'l app/latest 777',
      'f app/sorted.txt 644',
    ]);
    expect(
      log.filter((l) => /hello from|tool$/.test(l)).map((l) => l.replace(/^#\d+ \d+\.\d+ /, '')),
      'output',
    ).toEqual(['hello from /app', 'tool']);
  });

  it('a failing command fails the build as BuildKit words it; a missing program is named', async () => {
    const failing = await runBuild(BASE + 'RUN set -e; echo start; false; echo never\n').catch((e: unknown) => e);
    expect((failing as Error).message, 'set -e').toBe(
      'Dockerfile:5: process "/bin/sh -c set -e; echo start; false; echo never" did not complete successfully: exit code: 1',
    );
    const missing = await runBuild(BASE + 'RUN apt-get update\n').catch((e: unknown) => e);
    expect((missing as Error).message, 'apt-get').toBe(
      'Dockerfile:5: process "/bin/sh -c apt-get update" did not complete successfully: exit code: 127 (apt-get: not found in the image)',
    );
  });

  it('RUN heredocs and exec form', async () => {
    const { layers } = await runBuild(
      BASE + 'RUN <<EOF\nfor i in 1 2; do echo $i >> count.txt; done\nEOF\nRUN ["touch", "exec-form"]\n',
    );
    expect(layers.slice(-2), 'the two RUN layers').toEqual([
      ['d app 755', 'f app/count.txt 644'],
      ['d app 755', 'f app/exec-form 644'],
    ]);
  });

  it('the same Dockerfile gives the same image digest twice (date, mktemp and times included)', async () => {
    const df = BASE + 'RUN mkdir /tmp && date > built-at && mktemp > tmp-name && ls -l > listing\n';
    const a = await runBuild(df);
    const b = await runBuild(df);
    expect(b.r.image.manifestDigest, 'digest').toBe(a.r.image.manifestDigest);
    const entries = listTar(a.r.image.layers[a.r.image.layers.length - 1]!.blob);
    const text = (path: string): string => new TextDecoder().decode(entries.find((e) => e.path === path)?.data);
    expect(text('app/built-at'), 'date at SOURCE_DATE_EPOCH (0 by default)').toBe('Thu Jan  1 00:00:00 UTC 1970\n');
    expect(text('app/listing'), 'ls -l').toMatch(/^total 12\n-rw-r--r-- 1 root root 29 Jan {2}1 00:00 built-at\n/);
  });
});
