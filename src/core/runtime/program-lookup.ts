// argv[0] -> the program file, as execvp(3) finds it: a name with a "/" is a path (relative
// ones against the working directory), a bare name is searched on PATH; symlinks are followed
// inside the volume. What is not there, or is a directory, comes back as the exit status and
// message a shell prints.
import type { Volume, VolumeFile, VolumeNode } from '../rootfs/index.ts';
import { resolve } from './paths.ts';
import { normalizeAbsolute } from './preopens.ts';

/** The PATH a process gets when its environment has none (Docker's default for Linux images). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type Lookup =
  | { found: true; /** Absolute path as looked up (symlinks not resolved). */ path: string; file: VolumeFile }
  | { found: false; /** 127 not found, 126 found but not runnable. */ code: 126 | 127; message: string };

/** Finds the program `name` names, for a process standing in `cwd` with environment `env`. */
export function findProgram(volume: Volume, name: string, cwd: string, env: readonly string[]): Lookup {
  if (name === '') return { found: false, code: 127, message: ': not found' };
  if (name.includes('/')) {
    const path = normalizeAbsolute(name.startsWith('/') ? name : `${cwd}/${name}`);
    const node = nodeAt(volume, path);
    if (!node) return { found: false, code: 127, message: `${name}: not found` };
    if (node.kind !== 'file') return { found: false, code: 126, message: `${name}: is a directory` };
    return { found: true, path, file: node };
  }
  for (const dir of searchPath(env)) {
    // An empty PATH entry means the working directory, as POSIX keeps it.
    const path = normalizeAbsolute(`${dir === '' ? cwd : dir.startsWith('/') ? dir : `${cwd}/${dir}`}/${name}`);
    const node = nodeAt(volume, path);
    if (node?.kind === 'file') return { found: true, path, file: node };
  }
  return { found: false, code: 127, message: `${name}: not found` };
}

/** The entries of PATH in `env` (DEFAULT_PATH when unset). */
export function searchPath(env: readonly string[]): string[] {
  let value = DEFAULT_PATH;
  for (const kv of env) if (kv.startsWith('PATH=')) value = kv.slice('PATH='.length); // the last one wins
  return value.split(':');
}

function nodeAt(volume: Volume, absolute: string): VolumeNode | undefined {
  const rel = absolute.slice(1);
  if (rel === '') return volume.root;
  const r = resolve(volume.root, rel, true, volume.root);
  return typeof r === 'number' ? undefined : r.node;
}
