// From an image config and run options to what the module sees: argv, env, and where the
// module is. The rules are runwasi's (and Docker's where runwasi has none); see DESIGN.md
// "Run semantics".
import { WharfError } from '../errors.ts';
import type { ContainerConfig } from '../oci/types.ts';
import { openVolume, type DirNode } from '../rootfs/index.ts';
import { hasWasmMagic, mergeEnv } from './process.ts';
import { findProgram } from './program-lookup.ts';

export interface RunOverrides {
  /** Replaces the image's Cmd when non-empty (`docker run IMAGE ARGS...`). */
  args?: string[];
  /** Replaces the image's Entrypoint (`--entrypoint`); also drops the image's Cmd, as Docker does. */
  entrypoint?: string[];
  /** KEY=VALUE, overlaid on the image's Env. */
  env?: string[];
  /**
   * `-w`: run standing in this directory (the working-directory emulation: relative paths
   * resolve there, PWD names it). Without it a run starts at "/", whatever the image's
   * WorkingDir says, as runwasi's shims start every module.
   */
  workdir?: string;
}

export interface RunPlan {
  argv: string[];
  env: string[];
  /** argv[0] as written: a path, or a bare name found on the image's PATH (findModule). */
  modulePath: string;
  /** Where relative paths resolve: `-w`, else "/" (runwasi ignores WorkingDir). */
  cwd: string;
}

export function planRun(config: ContainerConfig | undefined, o: RunOverrides = {}): RunPlan {
  const entrypoint = o.entrypoint ?? config?.Entrypoint ?? [];
  const cmd = o.args && o.args.length > 0 ? o.args : o.entrypoint ? [] : (config?.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0 || argv[0] === '') {
    throw new WharfError('USAGE', 'nothing to run: the image has no Entrypoint or Cmd, and none was given');
  }
  let env = mergeEnv(config?.Env ?? [], o.env ?? []);
  // runwasi's shims preopen "/" only and start every module there: the image's WorkingDir is
  // not used. An explicit -w asks for a working directory; preview1 has none, so Go's wasip1
  // runtime (and wasi-libc programs that look) learn it from PWD.
  const workdir = o.workdir;
  if (workdir && !env.some((kv) => kv.startsWith('PWD='))) env = [...env, `PWD=${workdir}`];
  return { argv, env, modulePath: argv[0]!, cwd: workdir || '/' };
}

/**
 * The module file argv[0] names in the image tree, found as execvp(3) finds programs (a bare
 * name on the PATH of `env`, then in `cwd` as runwasi would; a relative path against `cwd`),
 * checked by its magic.
 */
export function findModule(tree: DirNode, path: string, env: readonly string[] = [], cwd = '/'): Uint8Array {
  const volume = openVolume(tree);
  let found = findProgram(volume, path, cwd, env);
  // runwasi's shims take a bare name as a file in the rootfs: not on PATH, try it there.
  if (!found.found && found.code === 127 && !path.includes('/')) found = findProgram(volume, `./${path}`, cwd, env);
  if (!found.found) {
    if (found.code === 126) throw new WharfError('WASM_INVALID', `${path}: is a directory, not a WebAssembly module`);
    const where = path.includes('/') ? 'no such file in the image' : "not found on the image's PATH";
    throw new WharfError('NOT_FOUND', `${path}: ${where}`);
  }
  const bytes = found.file.content.bytes();
  if (!hasWasmMagic(bytes)) {
    throw new WharfError('WASM_INVALID', `${path}: not a WebAssembly module (no \\0asm magic at its start)`);
  }
  return bytes;
}
