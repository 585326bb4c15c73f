// Runs a case of test/fixtures/debian/{diffutils,patch}/cases.mjs through Wharf's programs as
// generate.mjs runs it through Debian's (files under a working directory, LC_ALL=C, TZ=UTC) and
// gives back the same record: status, stdout, stderr and what happened to the files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesOf, changes, record, type Case, type Entry } from '../../../fixtures/debian/diffutils/cases.mjs';
import { openVolume, type VolumeDir } from '../../../../src/core/rootfs/index.ts';
import { bytesStdin } from '../../../../src/core/runtime/index.ts';
import { concat, image, NOW, TestProcesses, type Files } from '../processes.ts';

export type Recorded = string | { hex: string };

export interface Outcome {
  status: number;
  stdout: Recorded;
  stderr: Recorded;
  files?: Record<string, Recorded | { dir: true } | { symlink: string } | null>;
  modes?: Record<string, string>;
}

const fixtures = join(import.meta.dirname, '../../../fixtures/debian');

/** The outcomes generate.mjs recorded, by case name. */
export function expected(file: string): Record<string, Outcome> {
  return JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as Record<string, Outcome>;
}

const WORK = '/w';

/** Every file, directory and symlink under `dir`, by relative path: kind, mode and contents. */
function snapshot(dir: VolumeDir, prefix = '', into = new Map<string, Entry>()): Map<string, Entry> {
  for (const [name, node] of dir.entries) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const mode = node.mode & 0o7777;
    if (node.kind === 'dir') {
      into.set(path, { kind: 'dir', mode, key: `dir:${mode}` });
      snapshot(node, path, into);
    } else if (node.kind === 'file') {
      const hex = Buffer.from(node.content.bytes()).toString('hex');
      into.set(path, { kind: 'file', mode, hex, key: `${hex}:${mode}` });
    } else if (node.kind === 'symlink')
      into.set(path, { kind: 'symlink', target: node.target, key: `symlink:${node.target}` });
  }
  return into;
}

export async function runCase(c: Case): Promise<Outcome> {
  const files: Files = {};
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const at = `${WORK}/${name}`;
    if (typeof content === 'object' && 'dir' in content) files[at] = { dir: true, mode: c.modes?.[name] ?? 0o755 };
    else if (typeof content === 'object' && 'symlink' in content) files[at] = { symlink: content.symlink };
    else files[at] = { data: bytesOf(content), mode: c.modes?.[name] ?? 0o644 };
  }
  const volume = openVolume(image({ [WORK]: { dir: true }, ...files }), () => NOW);
  const work = volume.root.entries.get('w') as VolumeDir;
  for (const [name, seconds] of Object.entries(c.mtimes ?? {})) {
    let node: VolumeDir | ReturnType<VolumeDir['entries']['get']> = work;
    for (const part of name.split('/')) node = node?.kind === 'dir' ? node.entries.get(part) : undefined;
    if (node) node.mtim = BigInt(seconds) * 1_000_000_000n;
  }
  const before = snapshot(work);
  const processes = new TestProcesses(volume);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const status = await processes.spawn({
    argv: c.sh !== undefined ? ['sh', '-c', c.sh] : c.args!,
    env: ['LC_ALL=C', 'TZ=UTC', 'PATH=/usr/bin:/bin', 'HOME=/root'],
    cwd: WORK,
    stdin: bytesStdin(new TextEncoder().encode(c.stdin ?? '')),
    stdout: (chunk) => out.push(chunk.slice()),
    stderr: (chunk) => err.push(chunk.slice()),
  });
  return {
    status,
    stdout: record(concat(out)),
    stderr: record(concat(err)),
    ...changes(before, snapshot(work)),
  };
}
