// The preopened directories of a run, which is how a WASI preview1 program gets a working
// directory. preview1 has none, and wasi-libc starts every program at "/" whatever PWD says:
// it maps each path to the preopen with the longest matching name, after stripping leading
// "/" and "./" from both, so "/src/a.c" and "src/a.c" look alike, and a preopen named "." (the
// empty name) catches whatever no other name matches. Preopening both "/" and "." cannot work:
// both names are empty (wasi-libc#484). So a run with a working directory other than "/" gets:
// - each top-level entry of the root preopened under its absolute name ("/opt", "/tmp", ...),
//   except names the working directory also has;
// - the working directory as ".", where a name not found is then looked for from the root.
// Absolute paths find their top-level preopen, relative ones the working directory; where a
// first name is in both ("bin" in the working directory and "/bin"), what exists wins, and a new
// file goes to the working directory. Each preopen resolves from the volume root through its own
// path (DirFd's rootPath), so ".." and absolute symlinks behave as on POSIX.
// Known gaps, inherent in wasi-libc without chdir: a new file at an absolute path whose first
// name did not exist at the start ("/out.txt"), or whose first name is also in the working
// directory, is created in the working directory; a relative path whose first name exists only
// at the root ("tmp/x" with no ./tmp) reaches the root's.
// https://github.com/WebAssembly/wasi-libc/blob/main/libc-bottom-half/sources/preopens.c
import { WharfError } from '../errors.ts';
import { clean } from '../path.ts';
import type { Volume, VolumeDir } from '../rootfs/index.ts';
import { ALL_RIGHTS, DIR_RIGHTS } from './defs.ts';
import { DirFd } from './fds.ts';
import { resolve } from './paths.ts';

/**
 * The preopened directory fds (3, 4, ...) of a run over `volume` standing in `cwd`; `now` dates
 * the timestamps fd_filestat_set_times sets to now.
 */
export function preopenFds(volume: Volume, cwd: string, now: () => bigint): DirFd[] {
  const root = volume.root;
  const rel = normalizeAbsolute(cwd).slice(1);
  if (rel === '') return [new DirFd(root, DIR_RIGHTS, ALL_RIGHTS, now, '/')];
  const here = ensureDir(volume, rel, cwd);
  const fds: DirFd[] = [];
  for (const name of [...root.entries.keys()].sort()) {
    if (here.entries.has(name)) continue;
    const r = resolve(root, name, true, root);
    const node = typeof r !== 'number' && r.node?.kind === 'dir' ? r.node : root;
    fds.push(new DirFd(node, DIR_RIGHTS, ALL_RIGHTS, now, `/${name}`, name));
  }
  fds.push(new DirFd(here, DIR_RIGHTS, ALL_RIGHTS, now, '.', rel, true));
  return fds;
}

/** "/a/./b/../c/" -> "/a/c": the lexical clean-up a shell applies to PWD; only absolute paths. */
export function normalizeAbsolute(path: string): string {
  if (!path.startsWith('/')) {
    throw new WharfError('USAGE', `working directory "${path}" is not an absolute path`);
  }
  return clean(path);
}

/** The directory at `rel` (from the root), created with its parents when missing, as runc does for cwd. */
function ensureDir(volume: Volume, rel: string, shown: string): VolumeDir {
  const root = volume.root;
  const parts = rel.split('/');
  let dir = root;
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    let r = resolve(root, path, true, root);
    if (typeof r !== 'number' && r.node === undefined) {
      r.dir.entries.set(r.name, volume.newDir(r.dir));
      r = resolve(root, path, true, root);
    }
    if (typeof r === 'number' || r.node?.kind !== 'dir') {
      throw new WharfError('USAGE', `working directory "${shown}": "/${path}" is not a directory`);
    }
    dir = r.node;
  }
  return dir;
}
