// argv[0] -> the program file, as execvp(3) finds it: a name with a "/" is a path (relative
// ones against the working directory), a bare name is searched on PATH; symlinks are followed
// inside the volume. What is not there, or is a directory, comes back as the exit status and
// message a shell prints. The one PATH search of Wharf: the process model, the shell, `.`,
// `which` and `env` all find programs here.
import { clean } from '../path.ts';
import type { Volume, VolumeFile, VolumeNode } from '../rootfs/index.ts';
import { resolve } from './paths.ts';

/** The PATH a process gets when its environment has none (Docker's default for Linux images). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type Lookup =
  | {
      found: true;
      /** Absolute path as looked up (symlinks not resolved, "." and ".." cleaned away). */
      path: string;
      /** The path as PATH spells it (`/usr/bin/cc`, `./x` for an empty entry), or the name itself when it has a "/". */
      written: string;
      file: VolumeFile;
    }
  | { found: false; /** 127 not found, 126 found but not runnable. */ code: 126 | 127; message: string };

export interface LookupOptions {
  /**
   * Only a regular file with an execute bit will do, as a shell and which(1) ask. A name found
   * without one (or found as a directory) fails with 126 `NAME: Permission denied` when no
   * later PATH entry has it. Without this, any regular file is the program (the runtime runs
   * a module whatever its mode) and a directory with the name is passed over.
   */
  executable?: boolean;
}

/** Finds the program `name` names, for a process standing in `cwd` with environment `env`. */
export function findProgram(
  volume: Volume,
  name: string,
  cwd: string,
  env: readonly string[],
  o: LookupOptions = {},
): Lookup {
  let denied = false;
  for (const c of candidates(name, cwd, env)) {
    const node = nodeAt(volume, c.path);
    if (!node) continue;
    if (node.kind === 'file' && (!o.executable || (node.mode & 0o111) !== 0)) return { found: true, ...c, file: node };
    if (o.executable) denied = true;
    else if (name.includes('/')) return { found: false, code: 126, message: `${name}: is a directory` };
  }
  return denied
    ? { found: false, code: 126, message: `${name}: Permission denied` }
    : { found: false, code: 127, message: `${name}: not found` };
}

/** Every executable file a bare `name` names on PATH, in PATH's order (`which -a`), as written. */
export function everyProgram(volume: Volume, name: string, cwd: string, env: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of candidates(name, cwd, env)) {
    const node = nodeAt(volume, c.path);
    if (node?.kind === 'file' && (node.mode & 0o111) !== 0) out.push(c.written);
  }
  return out;
}

/** The entries of PATH in `env` (DEFAULT_PATH when unset). */
export function searchPath(env: readonly string[]): string[] {
  let value = DEFAULT_PATH;
  for (const kv of env) if (kv.startsWith('PATH=')) value = kv.slice('PATH='.length); // the last one wins
  return value.split(':');
}

/** The paths `name` may lead to, in the order they are tried. */
function* candidates(name: string, cwd: string, env: readonly string[]): Generator<{ path: string; written: string }> {
  if (name.includes('/')) {
    yield { path: absolute(name, cwd), written: name };
    return;
  }
  for (const dir of searchPath(env)) {
    // An empty PATH entry means the working directory, as POSIX keeps it.
    const written = `${dir === '' ? '.' : dir.replace(/\/+$/, '')}/${name}`;
    yield { path: absolute(written, cwd), written };
  }
}

function absolute(path: string, cwd: string): string {
  return clean(path.startsWith('/') ? path : `${cwd}/${path}`);
}

function nodeAt(volume: Volume, absolute: string): VolumeNode | undefined {
  const rel = absolute.slice(1);
  if (rel === '') return volume.root;
  const r = resolve(volume.root, rel, true, volume.root);
  return typeof r === 'number' ? undefined : r.node;
}
