// The project model: the files of a build context, which one is the Dockerfile, and how to run.
// Projects are stored, shared and imported, so the shape is versioned and checked by a guard.

import { WharfError } from './errors.ts';

export const PROJECT_VERSION = 1;

export interface ProjectFile {
  /** Relative POSIX path inside the build context, e.g. "src/main.c". */
  path: string;
  /** Text files are strings; binaries (.wasm, images, archives) are bytes. */
  data: string | Uint8Array;
}

export interface RunOptions {
  /** Replace the image's Cmd when non-empty. */
  args: string[];
  /** KEY=VALUE, overlaid on the image's Env. */
  env: string[];
  /** Piped to the program's stdin. */
  stdin: string;
  /** Overrides WorkingDir when set. */
  workdir?: string;
  /** Overrides Entrypoint when set. */
  entrypoint?: string;
}

export interface Project {
  version: typeof PROJECT_VERSION;
  id: string;
  name: string;
  /** Path of the Dockerfile in `files`. */
  dockerfile: string;
  files: ProjectFile[];
  run: RunOptions;
  /** Image reference builds are tagged with, e.g. "hello-world:latest". */
  tag: string;
  buildArgs: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export function emptyRunOptions(): RunOptions {
  return { args: [], env: [], stdin: '' };
}

export function isBinaryPath(path: string): boolean {
  return /\.(wasm|png|jpe?g|gif|webp|ico|zip|tar|tgz|gz|bin|o|a|so)$/i.test(path);
}

/** Bytes of a file whatever its representation. */
export function fileBytes(f: ProjectFile): Uint8Array {
  return typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data;
}

/** A guard for projects read from storage, share links and imports: throws on any bad field. */
export function checkProject(value: unknown, source = 'project'): Project {
  const fail = (what: string): never => {
    throw new WharfError('IMAGE_FORMAT', `${source}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const p = value as Record<string, unknown>;
  if (p.version !== PROJECT_VERSION) fail(`unsupported version ${String(p.version)}`);
  for (const k of ['id', 'name', 'dockerfile', 'tag'] as const) {
    if (typeof p[k] !== 'string') fail(`"${k}" must be a string`);
  }
  if (!Array.isArray(p.files)) fail('"files" must be an array');
  const seen = new Set<string>();
  for (const f of p.files as unknown[]) {
    const file = f as Record<string, unknown>;
    if (typeof file?.path !== 'string' || !isSafeRelativePath(file.path)) {
      fail(`bad file path ${JSON.stringify(file?.path)}`);
    }
    if (seen.has(file.path as string)) fail(`duplicate file ${file.path as string}`);
    seen.add(file.path as string);
    if (typeof file.data !== 'string' && !(file.data instanceof Uint8Array)) {
      fail(`file ${file.path as string} has no data`);
    }
  }
  const run = p.run as Record<string, unknown> | undefined;
  if (typeof run !== 'object' || run === null) fail('"run" must be an object');
  const r = run as Record<string, unknown>;
  if (!isStringArray(r.args) || !isStringArray(r.env) || typeof r.stdin !== 'string') {
    fail('"run" must have args, env (string arrays) and stdin (string)');
  }
  if (typeof p.buildArgs !== 'object' || p.buildArgs === null) fail('"buildArgs" must be an object');
  if (typeof p.createdAt !== 'number' || typeof p.updatedAt !== 'number') fail('timestamps missing');
  return p as unknown as Project;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** A relative path with no "..", no empty segment and no leading "/". */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\0')) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}
