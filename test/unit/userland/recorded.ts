// Cases recorded from Debian's own tools (test/fixtures/debian/record.mjs), run again through
// Wharf's programs: each case's command under Wharf's /bin/sh over an in-memory volume holding
// the same files, its stdout, stderr and exit status compared with Debian's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { openVolume } from '../../../src/core/rootfs/index.ts';
import { bytesStdin } from '../../../src/core/runtime/index.ts';
import { concat, image, NOW, TestProcesses, type Files } from './processes.ts';

type Data = string | { base64: string };

export interface RecordedCase {
  cmd: string;
  files?: Record<string, Data>;
  stdin?: string;
}

export interface RecordedCases {
  files?: Record<string, Data>;
  cases: RecordedCase[];
  /** Regexes (source, flags) whose matches are replaced by "…" in both outputs: what differs between runs for a stated reason. */
  normalise?: Array<[string, string]>;
}

interface Outcome {
  stdout: Data;
  stderr: Data;
  status: number;
}

const root = join(import.meta.dirname, '../../fixtures/debian');
const WORKDIR = '/work';

function bytesOf(d: Data): Uint8Array {
  return typeof d === 'string' ? new TextEncoder().encode(d) : new Uint8Array(Buffer.from(d.base64, 'base64'));
}

/** Bytes as the recorder keeps them: UTF-8 text when they are, else base64. */
function encode(b: Uint8Array): Data {
  const text = Buffer.from(b).toString('utf8');
  return Buffer.from(text, 'utf8').equals(Buffer.from(b)) ? text : { base64: Buffer.from(b).toString('base64') };
}

function inputFiles(dir: string): Record<string, Data> {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return {};
  }
  return Object.fromEntries(names.map((n) => [n, encode(new Uint8Array(readFileSync(join(dir, n))))]));
}

async function runCase(c: RecordedCase, shared: Record<string, Data>): Promise<Outcome> {
  const files: Files = { [WORKDIR]: { dir: true } };
  for (const [name, d] of Object.entries({ ...shared, ...(c.files ?? {}) })) files[`${WORKDIR}/${name}`] = bytesOf(d);
  const volume = openVolume(image(files), () => NOW);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const status = await new TestProcesses(volume).spawn({
    argv: ['/bin/sh', '-c', c.cmd],
    env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LC_ALL=C', 'HOME=/root', 'TZ=UTC'],
    cwd: WORKDIR,
    stdin: bytesStdin(new TextEncoder().encode(c.stdin ?? '')),
    stdout: (b) => out.push(b.slice()),
    stderr: (b) => err.push(b.slice()),
  });
  return { stdout: encode(concat(out)), stderr: encode(concat(err)), status };
}

/**
 * The cases of test/fixtures/debian/NAME.cases.mjs with NAME.expected.json, loaded; the function
 * it gives registers one test per case (call it inside a describe).
 */
export async function recordedCases(name: string): Promise<() => void> {
  const file = join(root, `${name}.cases.mjs`);
  const spec = ((await import(pathToFileURL(file).href)) as { default: RecordedCases }).default;
  const expected = JSON.parse(readFileSync(join(root, `${name}.expected.json`), 'utf8')) as Record<string, Outcome>;
  const shared = { ...inputFiles(join(root, `${name}.inputs`)), ...(spec.files ?? {}) };
  const rules = (spec.normalise ?? []).map(([source, flags]) => new RegExp(source, flags));
  const normal = (d: Data): Data => (typeof d === 'string' ? rules.reduce((s, r) => s.replace(r, '…'), d) : d);
  return () =>
    it.each(spec.cases.map((c) => [c.cmd, c] as const))('%s', async (cmd, c) => {
      const want = expected[cmd];
      if (!want) throw new Error(`${name}: "${cmd}" has no recorded outcome: run node test/fixtures/debian/record.mjs`);
      const got = await runCase(c, shared);
      expect(
        { stdout: normal(got.stdout), stderr: normal(got.stderr), status: got.status },
        `sh -c ${JSON.stringify(cmd)}`,
      ).toEqual({ stdout: normal(want.stdout), stderr: normal(want.stderr), status: want.status });
    });
}
