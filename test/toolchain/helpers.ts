// The built-in images made from the installed packages, and processes over a fresh volume of
// one of them: what a RUN step does, minus the shell (argv comes expanded from the image env).
import { nodePackageSource } from '../../src/cli/packages.ts';
import { builtinImage, builtinImageFiles, type BuiltinImageName } from '../../src/core/images/index.ts';
import type { ContainerImage, Image } from '../../src/core/oci/index.ts';
import {
  fileNode,
  graft,
  imageRootfs,
  openVolume,
  type DirNode,
  type Volume,
  type VolumeDir,
} from '../../src/core/rootfs/index.ts';
import { ModuleCache, createProcesses, type BuiltinProgram } from '../../src/core/runtime/index.ts';

export const COMMANDS = ['sh', 'echo', 'cat', 'ls', 'rm'];

export async function makeImage(name: BuiltinImageName, modules?: ModuleCache): Promise<ContainerImage> {
  const files = await nodePackageSource().load(builtinImageFiles(name));
  return builtinImage(name, 'latest', files, { commands: COMMANDS, modules });
}

/** `$NAME` and `${NAME}` from KEY=VALUE env, as a shell would expand them in a simple word. */
export function expand(word: string, env: readonly string[]): string {
  return word.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, k: string) => {
    const kv = env.find((e) => e.startsWith(`${k}=`));
    return kv ? kv.slice(k.length + 1) : '';
  });
}

/** A command line split on spaces after expansion (words with no quoting: enough for these tests). */
export function words(line: string, env: readonly string[]): string[] {
  return expand(line, env)
    .split(' ')
    .filter((w) => w !== '');
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export class Sandbox {
  readonly volume: Volume;
  readonly env: readonly string[];
  readonly #modules: ModuleCache;
  readonly #builtins: ReadonlyMap<string, BuiltinProgram>;

  constructor(tree: DirNode, env: readonly string[], modules: ModuleCache, files: Record<string, string> = {}) {
    let t = tree;
    for (const [path, text] of Object.entries(files)) t = graft(t, path, fileNode(text));
    this.volume = openVolume(t);
    this.env = env;
    this.#modules = modules;
    this.#builtins = new Map();
  }

  async run(argv: string[], cwd: string): Promise<Ran> {
    let stdout = '';
    let stderr = '';
    const decoder = new TextDecoder();
    const p = createProcesses({ volume: this.volume, builtins: this.#builtins, modules: this.#modules });
    const code = await p.spawn({
      argv,
      env: [...this.env],
      cwd,
      stdout: (c) => (stdout += decoder.decode(c)),
      stderr: (c) => (stderr += decoder.decode(c)),
    });
    return { code, stdout, stderr };
  }

  /** Names in a directory of the volume (symlinks followed); [] when there is none. */
  list(path: string): string[] {
    const d = this.#dir(path.split('/').filter(Boolean), 0);
    return d ? [...d.entries.keys()].sort() : [];
  }

  #dir(parts: string[], links: number): VolumeDir | undefined {
    let d = this.volume.root;
    for (let i = 0; i < parts.length; i++) {
      const n = d.entries.get(parts[i]!);
      if (n?.kind === 'symlink' && links < 40) {
        const base = n.target.startsWith('/') ? [] : [...this.#pathOf(d)];
        return this.#dir([...base, ...n.target.split('/').filter(Boolean), ...parts.slice(i + 1)], links + 1);
      }
      if (n?.kind !== 'dir') return undefined;
      d = n;
    }
    return d;
  }

  #pathOf(d: VolumeDir): string[] {
    const names: string[] = [];
    for (let cur = d; cur.parent !== cur; cur = cur.parent) {
      for (const [name, node] of cur.parent.entries) if (node === cur) names.unshift(name);
    }
    return names;
  }
}

export function rootfsOf(image: Image): Promise<DirNode> {
  return imageRootfs(image);
}
