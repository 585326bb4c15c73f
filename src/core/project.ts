// The project model: the entries of a build context (files with their modes, symlinks,
// directories), which one is the Dockerfile, and how to run. Projects are stored, shared and
// imported, so the shape is versioned and checked by a guard; older versions upgrade on the way in.

import { WharfError } from './errors.ts';

export const PROJECT_VERSION = 2;

/** A regular file. `kind` may be left out: an entry without one is a file. */
export interface ContextFile {
  kind?: 'file';
  /** Relative POSIX path inside the build context, e.g. "src/main.c". */
  path: string;
  /** Text files are strings; binaries (.wasm, images, archives) are bytes. */
  data: string | Uint8Array;
  /** Permission bits (0o7777 mask) as the context has them; files made in the editor get 0o644. */
  mode: number;
}

/** A symbolic link, kept as a link with its target as written (BuildKit sends contexts so). */
export interface ContextSymlink {
  kind: 'symlink';
  path: string;
  target: string;
}

/** A directory with its mode: needed for empty ones and for modes other than 0o755. */
export interface ContextDir {
  kind: 'dir';
  path: string;
  mode: number;
}

export type ProjectFile = ContextFile | ContextSymlink | ContextDir;

export interface RunOptions {
  /** Replace the image's Cmd when non-empty. */
  args: string[];
  /** KEY=VALUE, overlaid on the image's Env. */
  env: string[];
  /** Piped to the program's stdin. */
  stdin: string;
  /** `-w`: the run stands here; unset, it starts at "/" as runwasi starts it (WorkingDir unused). */
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

/** The mode of a file made in the editor, as `touch` makes one. */
export const EDITOR_FILE_MODE = 0o644;

export function emptyRunOptions(): RunOptions {
  return { args: [], env: [], stdin: '' };
}

export function isBinaryPath(path: string): boolean {
  return /\.(wasm|png|jpe?g|gif|webp|ico|zip|tar|tgz|gz|bin|o|a|so)$/i.test(path);
}

/**
 * The mode of a file whose source does not say (a file picked in a browser, an example fetched
 * over HTTP, a project saved before projects carried modes): 0o755 for a module, as wasm-ld
 * writes one, 0o644 otherwise. Older projects and links get exactly the modes Wharf gave them
 * then, so they build the same image they always built.
 */
export function assumedMode(path: string): number {
  return path.endsWith('.wasm') ? 0o755 : 0o644;
}

export function isContextFile(f: ProjectFile): f is ContextFile {
  return f.kind === undefined || f.kind === 'file';
}

/** The regular files of a project (what an editor, a size count or a zip of sources wants). */
export function contextFiles(files: readonly ProjectFile[]): ContextFile[] {
  return files.filter(isContextFile);
}

/** Bytes of a file whatever its representation. */
export function fileBytes(f: ContextFile): Uint8Array {
  return typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data;
}

/** `mode` with every execute bit set (as `chmod +x` under the usual umask 022) or cleared (`chmod -x`). */
export function withExecutable(mode: number, on: boolean): number {
  return on ? mode | 0o111 : mode & ~0o111;
}

export function isExecutable(mode: number): boolean {
  return (mode & 0o111) !== 0;
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
    const problem = entryProblem(f);
    if (problem) fail(problem);
    const path = (f as ProjectFile).path;
    if (seen.has(path)) fail(`duplicate file ${path}`);
    seen.add(path);
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

/** What is wrong with one entry of `files`, or undefined when it is a valid ProjectFile. */
function entryProblem(value: unknown): string | undefined {
  const f = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof f.path !== 'string' || !isSafeRelativePath(f.path)) return `bad file path ${JSON.stringify(f.path)}`;
  const path = f.path;
  switch (f.kind) {
    case undefined:
    case 'file':
      if (typeof f.data !== 'string' && !(f.data instanceof Uint8Array)) return `file ${path} has no data`;
      return isMode(f.mode) ? undefined : `file ${path} has no mode (0 to 0o7777)`;
    case 'dir':
      return isMode(f.mode) ? undefined : `directory ${path} has no mode (0 to 0o7777)`;
    case 'symlink':
      return typeof f.target === 'string' && f.target !== '' && !f.target.includes('\0')
        ? undefined
        : `symlink ${path} has no target`;
    default:
      return `${path} is of unknown kind ${JSON.stringify(f.kind)}`;
  }
}

function isMode(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0o7777;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * A project record of an older version brought to this one (unchanged when it is not an older
 * project). Version 1 had regular files only, without modes: each gets `assumedMode`.
 */
export function upgradeProject(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const p = value as Record<string, unknown>;
  if (p.version !== 1 || !Array.isArray(p.files)) return value;
  const files = (p.files as unknown[]).map((f) => {
    const file = f as Record<string, unknown>;
    return typeof file?.path === 'string' && file.mode === undefined ? { ...file, mode: assumedMode(file.path) } : f;
  });
  return { ...p, version: PROJECT_VERSION, files };
}

/** A relative path with no "..", no empty segment and no leading "/". */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\0')) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}
