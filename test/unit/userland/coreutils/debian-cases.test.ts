// Every case of test/fixtures/debian/coreutils/*.cases.json run through Wharf's program over an
// in-memory volume, compared with what Debian's coreutils 9.1 printed for it (recorded by
// test/fixtures/debian/generate.mjs): stdout, stderr, exit status and the files left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVolume } from '../../../../src/core/rootfs/index.ts';
import { bytesStdin } from '../../../../src/core/runtime/index.ts';
import { materialise, record } from '../../../fixtures/debian/content.mjs';
import { concat, image, NOW, TestProcesses, type Files } from '../processes.ts';

interface Case {
  name: string;
  args?: string[];
  sh?: string;
  files?: Record<string, unknown>;
  stdin?: unknown;
}

interface Outcome {
  status: number;
  stdout: unknown;
  stderr: unknown;
  files?: Record<string, unknown>;
}

const here = join(import.meta.dirname, '../../../fixtures/debian/coreutils');
const CWD = '/w';

async function runCase(program: string, c: Case): Promise<Outcome> {
  // The working directory exists even when a case has no input files (split's pieces land there).
  const files: Files = { [CWD]: { dir: true } };
  const inputs = new Map<string, string>();
  for (const [name, spec] of Object.entries(c.files ?? {})) {
    const bytes = materialise(spec);
    files[`${CWD}/${name}`] = bytes;
    inputs.set(name, JSON.stringify(record(bytes)));
  }
  const volume = openVolume(image(files), () => NOW);
  const processes = new TestProcesses(volume);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const status = await processes.spawn({
    argv: c.sh !== undefined ? ['sh', '-c', c.sh] : [program, ...(c.args ?? [])],
    env: ['PATH=/usr/bin:/bin', 'HOME=/root'],
    cwd: CWD,
    stdin: bytesStdin(c.stdin === undefined ? new Uint8Array(0) : materialise(c.stdin)),
    stdout: (chunk) => out.push(chunk.slice()),
    stderr: (chunk) => err.push(chunk.slice()),
  });
  const outcome: Outcome = { status, stdout: record(concat(out)), stderr: record(concat(err)) };
  const dir = volume.root.entries.get('w');
  const left: Record<string, unknown> = {};
  if (dir?.kind === 'dir') {
    for (const name of [...dir.entries.keys()].sort()) {
      const node = dir.entries.get(name)!;
      if (node.kind !== 'file') continue;
      const got = record(node.content.bytes());
      if (inputs.get(name) !== JSON.stringify(got)) left[name] = got;
    }
  }
  if (Object.keys(left).length > 0) outcome.files = left;
  return outcome;
}

for (const file of readdirSync(here).filter((f) => f.endsWith('.cases.json'))) {
  const { program, cases } = JSON.parse(readFileSync(join(here, file), 'utf8')) as { program: string; cases: Case[] };
  const expected = JSON.parse(
    readFileSync(join(here, file.replace('.cases.json', '.expected.json')), 'utf8'),
  ) as Record<string, Outcome>;
  describe(program, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const want = expected[c.name];
      expect(want, `${file}: no recorded outcome for ${c.name}: run test/fixtures/debian/generate.mjs`).toBeDefined();
      const call = c.sh !== undefined ? `sh -c ${JSON.stringify(c.sh)}` : `${program} ${JSON.stringify(c.args)}`;
      const got = await runCase(program, c);
      expect(got, `${call} = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toEqual(want);
    });
  });
}
