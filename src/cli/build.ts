// `wharf build`: build a context directory into an OCI image tarball, printing BuildKit-style
// progress on stderr; `wharf build --check` only parses and lints, as `docker build --check`.

import { existsSync, readFileSync } from 'node:fs';
import { basename, relative, resolve, join } from 'node:path';
import { build, formatEvent } from '../core/builder/index.ts';
import { formatDiagnostic, parseDockerfile } from '../core/dockerfile/index.ts';
import { WharfError } from '../core/errors.ts';
import { exportImage, parsePlatform, type Compression, type WasmPlatform } from '../core/oci/index.ts';
import type { ProjectFile } from '../core/project.ts';
import { MemoryStore } from '../core/store-memory.ts';
import { has, many, one, parseArgs, type FlagSpec } from './args.ts';
import { readContextDir, writeFileAtomic } from './context-dir.ts';
import { nodePackageSource } from './packages.ts';
import { toolchainHost, type ToolchainHost } from '../core/images/index.ts';

const FLAGS: FlagSpec[] = [
  { names: ['-f', '--file'], kind: 'string' },
  { names: ['-t', '--tag'], kind: 'string' },
  { names: ['--build-arg'], kind: 'list' },
  { names: ['--target'], kind: 'string' },
  { names: ['--platform'], kind: 'string' },
  { names: ['--compression'], kind: 'string' },
  { names: ['-o', '--output'], kind: 'string' },
  { names: ['--check'], kind: 'boolean' },
  { names: ['-q', '--quiet'], kind: 'boolean' },
];

const USAGE = `usage: wharf build [-f DOCKERFILE] [-t REF] [--build-arg K=V]... [--target STAGE] [--platform P]
                   [--compression gzip|uncompressed] -o OUT.tar CONTEXT
       wharf build --check [-f DOCKERFILE] CONTEXT`;

export async function buildCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.positionals.length !== 1) throw new WharfError('USAGE', `expected one CONTEXT directory\n${USAGE}`);
    const contextDir = resolve(args.positionals[0]!);
    const { files, dockerfile } = loadContext(contextDir, one(args, '--file'));
    if (has(args, '--check')) return check(files, dockerfile);

    const out = one(args, '--output');
    if (out === undefined) throw new WharfError('USAGE', `-o OUT.tar is required\n${USAGE}`);
    const compression = (one(args, '--compression') ?? 'gzip') as Compression;
    if (compression !== 'gzip' && compression !== 'uncompressed') {
      throw new WharfError('USAGE', `--compression must be gzip or uncompressed, not "${compression as string}"`);
    }
    const platform = one(args, '--platform');
    if (platform !== undefined) parsePlatform(platform);
    const buildArgs: Record<string, string> = {};
    for (const kv of many(args, '--build-arg')) {
      const eq = kv.indexOf('=');
      // `--build-arg NAME` takes the value from the environment, as docker does.
      if (eq < 0) {
        const v = process.env[kv];
        if (v !== undefined) buildArgs[kv] = v;
      } else buildArgs[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const quiet = has(args, '--quiet');
    const epoch = process.env.SOURCE_DATE_EPOCH;
    const tag = one(args, '--tag');
    const target = one(args, '--target');
    const result = await build({
      files,
      dockerfile,
      store: new MemoryStore(),
      buildArgs,
      tag,
      target,
      platform: platform as WasmPlatform | undefined,
      ...(epoch !== undefined && /^\d+$/.test(epoch) ? { sourceDateEpoch: Number(epoch) } : {}),
      fetch: (url) => fetch(url),
      now: () => Date.now(),
      ...toolchains(),
      onEvent: (e) => {
        if (!quiet || e.type === 'warning') process.stderr.write(formatEvent(e).join('\n') + '\n');
      },
    });
    const exported = await exportImage(result.image, {
      compression,
      ref: tag,
      ...(epoch !== undefined && /^\d+$/.test(epoch) ? { mtime: Number(epoch) } : {}),
    });
    writeFileAtomic(out, exported.tar);
    if (!quiet) process.stderr.write(`wrote ${out} (${exported.tar.byteLength} bytes)\n`);
    process.stdout.write(`${exported.image.manifestDigest}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** The context's files, with the Dockerfile under the path diagnostics will name. */
function loadContext(contextDir: string, file: string | undefined): { files: ProjectFile[]; dockerfile: string } {
  const files = readContextDir(contextDir);
  const path = file === undefined ? join(contextDir, 'Dockerfile') : resolve(file);
  if (!existsSync(path))
    throw new WharfError('NOT_FOUND', `Dockerfile not found: ${file ?? join(contextDir, 'Dockerfile')}`);
  const rel = relative(contextDir, path);
  if (!rel.startsWith('..') && !rel.startsWith('/')) return { files, dockerfile: rel.split('\\').join('/') };
  // A Dockerfile outside the context is read from where it is, as docker does.
  const name = basename(path);
  const data = new Uint8Array(readFileSync(path));
  return { files: [...files.filter((f) => f.path !== name), { path: name, data }], dockerfile: name };
}

function check(files: ProjectFile[], dockerfile: string): number {
  const f = files.find((x) => x.path === dockerfile)!;
  const text = typeof f.data === 'string' ? f.data : new TextDecoder().decode(f.data);
  const result = parseDockerfile(text, { file: dockerfile });
  for (const d of result.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
  if (result.diagnostics.length === 0) process.stdout.write('Check complete, no warnings found.\n');
  return result.ok ? 0 : 1;
}

let host: ToolchainHost | undefined;

/** Built-in images and RUN's program runner, from the toolchain packages in node_modules. */
function toolchains(): Pick<ToolchainHost, 'baseImages' | 'run'> {
  host ??= toolchainHost(nodePackageSource());
  return { baseImages: host.baseImages, run: host.run };
}
