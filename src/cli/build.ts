// `wharf build`: build a context directory into an OCI image tarball, printing BuildKit-style
// progress on stderr (FROM and COPY --from images that are not stages are pulled from their
// registries); `wharf build --check` only parses and lints, as `docker build --check`. The
// build itself runs in a worker_thread (build-worker.ts): a RUN step's program runs without
// yielding, so --timeout can only end one by ending its thread.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, relative, resolve, join } from 'node:path';
import type { BuildEvent } from '../core/builder/index.ts';
import { formatEvent } from '../core/builder/index.ts';
import { formatDiagnostic, parseDockerfile } from '../core/dockerfile/index.ts';
import { WharfError } from '../core/errors.ts';
import { parsePlatform, type Compression, type WasmPlatform } from '../core/oci/index.ts';
import { contextFiles, type ProjectFile } from '../core/project.ts';
import { has, many, one, parseArgs, type FlagSpec } from './args.ts';
import type { BuildJob, BuildWorkerMessage } from './build-worker.ts';
import { readContextDir, type LoadedContext } from './context-dir.ts';
import { startWorker } from './worker-thread.ts';

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
  { names: ['--timeout'], kind: 'string' },
  { names: ['--no-cache'], kind: 'boolean' },
];

const USAGE = `usage: wharf build [-f DOCKERFILE] [-t REF] [--build-arg K=V]... [--target STAGE] [--platform P]
                   [--compression gzip|uncompressed] [--timeout SEC] [--no-cache] -o OUT.tar CONTEXT
       wharf build --check [-f DOCKERFILE] CONTEXT`;

export async function buildCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.positionals.length !== 1) throw new WharfError('USAGE', `expected one CONTEXT directory\n${USAGE}`);
    const contextDir = resolve(args.positionals[0]!);
    const { files, dockerfile, unreadable } = loadContext(contextDir, one(args, '--file'));
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
    const timeout = one(args, '--timeout');
    const timeoutSec = timeout === undefined ? undefined : Number(timeout);
    if (timeoutSec !== undefined && !(timeoutSec > 0)) {
      throw new WharfError('USAGE', `--timeout must be a number of seconds above 0, not "${timeout}"`);
    }
    return await buildInWorker(
      {
        files,
        dockerfile,
        unreadable,
        buildArgs,
        tag: one(args, '--tag'),
        target: one(args, '--target'),
        platform: platform as WasmPlatform | undefined,
        sourceDateEpoch: epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : undefined,
        compression,
        out,
        quiet,
        noCache: has(args, '--no-cache'),
      },
      timeoutSec,
    );
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** The context's entries, with the Dockerfile under the path diagnostics will name. */
function loadContext(contextDir: string, file: string | undefined): LoadedContext & { dockerfile: string } {
  const { files, unreadable } = readContextDir(contextDir);
  const path = file === undefined ? join(contextDir, 'Dockerfile') : resolve(file);
  if (!existsSync(path))
    throw new WharfError('NOT_FOUND', `Dockerfile not found: ${file ?? join(contextDir, 'Dockerfile')}`);
  const rel = relative(contextDir, path);
  if (!rel.startsWith('..') && !rel.startsWith('/')) {
    const dockerfile = rel.split('\\').join('/');
    const why = unreadable.get(dockerfile);
    if (why !== undefined) throw new WharfError('NOT_FOUND', `cannot read the Dockerfile: ${why}`);
    return { files, unreadable, dockerfile };
  }
  // A Dockerfile outside the context is read from where it is, as docker does.
  const name = basename(path);
  const data = new Uint8Array(readFileSync(path));
  const mode = statSync(path).mode & 0o7777;
  return { files: [...files.filter((f) => f.path !== name), { path: name, data, mode }], unreadable, dockerfile: name };
}

function check(files: ProjectFile[], dockerfile: string): number {
  const f = contextFiles(files).find((x) => x.path === dockerfile)!;
  const text = typeof f.data === 'string' ? f.data : new TextDecoder().decode(f.data);
  const result = parseDockerfile(text, { file: dockerfile });
  for (const d of result.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
  if (result.diagnostics.length === 0) process.stdout.write('Check complete, no warnings found.\n');
  return result.ok ? 0 : 1;
}

/**
 * Runs the build in its thread, printing its events; a RUN step that outlives `timeoutSec`
 * ends the thread, and with it the build, which has written nothing.
 */
async function buildInWorker(job: BuildJob, timeoutSec: number | undefined): Promise<number> {
  const worker = await startWorker(new URL('./build-worker.ts', import.meta.url));
  return new Promise<number>((resolve) => {
    const timers = new Map<number, ReturnType<typeof setTimeout>>();
    let finished = false;
    const finish = (code: number, message?: string): void => {
      if (finished) return;
      finished = true;
      for (const t of timers.values()) clearTimeout(t);
      if (message !== undefined) process.stderr.write(`${message}\n`);
      void worker.terminate();
      resolve(code);
    };
    const show = (e: BuildEvent): void => {
      if (!job.quiet || e.type === 'warning') process.stderr.write(formatEvent(e).join('\n') + '\n');
    };
    const watch = (e: BuildEvent): void => {
      if (timeoutSec === undefined || e.type !== 'step') return;
      if (e.status === 'running' && /^\[[^\]]*\] run\b/i.test(e.name)) {
        timers.set(
          e.id,
          setTimeout(() => {
            show({ type: 'step', id: e.id, name: e.name, status: 'error', error: `timed out after ${timeoutSec} s` });
            const where = e.line === undefined ? '' : `${job.dockerfile}:${e.line}: `;
            finish(1, `${where}${e.name.replace(/^\[[^\]]*\] /, '')}: timed out after ${timeoutSec} s (--timeout)`);
          }, timeoutSec * 1000),
        );
      } else if (e.status !== 'running') {
        clearTimeout(timers.get(e.id));
        timers.delete(e.id);
      }
    };
    worker.on('message', (m: BuildWorkerMessage) => {
      if (m.type === 'event') {
        show(m.event);
        watch(m.event);
      } else if (m.type === 'done') {
        if (!job.quiet) process.stderr.write(`wrote ${job.out} (${m.bytes} bytes)\n`);
        process.stdout.write(`${m.digest}\n`);
        finish(0);
      } else finish(1, m.message);
    });
    worker.on('error', (e) => finish(1, e.message));
    worker.on('exit', () => finish(1, 'wharf build: the build thread ended unexpectedly'));
    worker.postMessage(job);
  });
}
