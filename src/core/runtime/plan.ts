// From an image config and run options to what the module sees: argv, env, and where the
// module is. The rules are runwasi's (and Docker's where runwasi has none); see DESIGN.md
// "Run semantics".
import { WharfError } from '../errors.ts';
import type { ContainerConfig } from '../oci/types.ts';
import { lookup, type DirNode } from '../rootfs/index.ts';

export interface RunOverrides {
  /** Replaces the image's Cmd when non-empty (`docker run IMAGE ARGS...`). */
  args?: string[];
  /** Replaces the image's Entrypoint (`--entrypoint`); also drops the image's Cmd, as Docker does. */
  entrypoint?: string[];
  /** KEY=VALUE, overlaid on the image's Env. */
  env?: string[];
  /** Replaces WorkingDir (`-w`). */
  workdir?: string;
}

export interface RunPlan {
  argv: string[];
  env: string[];
  /** The module's path in the rootfs: argv[0] as written. */
  modulePath: string;
}

/** Overlays KEY=VALUE lists: later keys win, order of first appearance kept. */
export function mergeEnv(base: readonly string[], over: readonly string[]): string[] {
  const map = new Map<string, string>();
  for (const kv of [...base, ...over]) {
    const i = kv.indexOf('=');
    const key = i < 0 ? kv : kv.slice(0, i);
    map.set(key, i < 0 ? '' : kv.slice(i + 1));
  }
  return [...map].map(([k, v]) => `${k}=${v}`);
}

export function planRun(config: ContainerConfig | undefined, o: RunOverrides = {}): RunPlan {
  const entrypoint = o.entrypoint ?? config?.Entrypoint ?? [];
  const cmd = o.args && o.args.length > 0 ? o.args : o.entrypoint ? [] : (config?.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0 || argv[0] === '') {
    throw new WharfError('USAGE', 'nothing to run: the image has no Entrypoint or Cmd, and none was given');
  }
  let env = mergeEnv(config?.Env ?? [], o.env ?? []);
  const workdir = o.workdir ?? config?.WorkingDir;
  // preview1 has no current directory; Go's wasip1 runtime (and our convention) reads PWD.
  if (workdir && !env.some((kv) => kv.startsWith('PWD='))) env = [...env, `PWD=${workdir}`];
  return { argv, env, modulePath: argv[0]! };
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function hasWasmMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

/** The module file at `path` in the image tree (relative paths resolve against "/"), checked by its magic. */
export function findModule(tree: DirNode, path: string): Uint8Array {
  const node = lookup(tree, path);
  if (!node) throw new WharfError('NOT_FOUND', `${path}: no such file in the image`);
  if (node.kind !== 'file') throw new WharfError('WASM_INVALID', `${path}: is a directory, not a WebAssembly module`);
  if (!hasWasmMagic(node.data)) {
    throw new WharfError('WASM_INVALID', `${path}: not a WebAssembly module (no \\0asm magic at its start)`);
  }
  return node.data;
}
