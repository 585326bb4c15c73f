// A small process model for the shell's tests: finds a program on PATH in the volume, runs a
// built-in stub (a Wasm module with a `wharf.builtin` section) as the TypeScript program it
// names, and any other Wasm module with runWasi over the same volume.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dirNode,
  fileNode,
  graft,
  openVolume,
  symlinkNode,
  type DirNode,
  type TreeNode,
  type Volume,
} from '../../../src/core/rootfs/index.ts';
import {
  BUILTIN_SECTION,
  bytesStdin,
  runWasi,
  type BuiltinProgram,
  type Processes,
  type ProcessSpec,
} from '../../../src/core/runtime/index.ts';
import { SHELL_PROGRAM_NAMES, shellPrograms } from '../../../src/core/userland/index.ts';

const fixtures = join(import.meta.dirname, '../../fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixtures, `${name}.wasm`)));
}

/** A built-in stub: the smallest Wasm module, with a custom section naming the program. */
export function stub(name: string): Uint8Array {
  const enc = new TextEncoder();
  const sectionName = enc.encode(BUILTIN_SECTION);
  const payload = enc.encode(name);
  const body = [sectionName.byteLength, ...sectionName, ...payload];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, body.length, ...body]);
}

const decoder = new TextDecoder();

export class TestProcesses implements Processes {
  readonly volume: Volume;
  readonly programs: ReadonlyMap<string, BuiltinProgram>;
  /** argv of every spawn, in order. */
  readonly spawned: string[][] = [];

  constructor(volume: Volume, programs: ReadonlyMap<string, BuiltinProgram> = shellPrograms()) {
    this.volume = volume;
    this.programs = programs;
  }

  async spawn(spec: ProcessSpec): Promise<number> {
    this.spawned.push(spec.argv);
    const name = spec.argv[0] ?? '';
    const bytes = this.#find(name, spec);
    if (!bytes) {
      spec.stderr(new TextEncoder().encode(`${name}: not found\n`));
      return 127;
    }
    const module = new WebAssembly.Module(new Uint8Array(bytes));
    const section = WebAssembly.Module.customSections(module, BUILTIN_SECTION)[0];
    if (section) {
      const program = this.programs.get(decoder.decode(section));
      if (!program) throw new Error(`no built-in ${decoder.decode(section)}`);
      return program(spec, this);
    }
    return runWasi({
      module,
      args: spec.argv,
      env: spec.env,
      root: this.volume,
      stdin: spec.stdin ?? bytesStdin(),
      stdout: spec.stdout,
      stderr: spec.stderr,
    }).code;
  }

  #find(name: string, spec: ProcessSpec): Uint8Array | null {
    const path = spec.env.find((kv) => kv.startsWith('PATH='))?.slice(5) ?? '/bin';
    const candidates = name.includes('/')
      ? [name.startsWith('/') ? name : `${spec.cwd}/${name}`]
      : path.split(':').map((d) => `${d}/${name}`);
    for (const c of candidates) {
      let node = this.#lookup(c);
      if (node?.kind === 'file') return node.content.bytes();
    }
    return null;
  }

  #lookup(path: string) {
    let node: ReturnType<Volume['root']['entries']['get']> = this.volume.root;
    for (const part of path.split('/').filter((p) => p !== '' && p !== '.')) {
      if (node?.kind !== 'dir') return undefined;
      let next = node.entries.get(part);
      let hops = 0;
      while (next?.kind === 'symlink' && hops++ < 8)
        next = this.#lookup(next.target.startsWith('/') ? next.target : `/${next.target}`);
      node = next;
    }
    return node;
  }
}

export type Files = Record<
  string,
  | string
  | Uint8Array
  | { data: string | Uint8Array; mode?: number }
  | { symlink: string }
  | { dir: true; mode?: number }
>;

/** A fixed clock: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000n * 1_000_000_000n;

/** An image tree with a stub in /bin for every shell program, plus `files`. */
export function image(files: Files = {}, withStubs = true): DirNode {
  let tree = dirNode({ mtime: 1_600_000_000 });
  if (withStubs) {
    for (const name of SHELL_PROGRAM_NAMES) tree = graft(tree, `/bin/${name}`, fileNode(stub(name), { mode: 0o755 }));
  }
  for (const [path, f] of Object.entries(files)) {
    let node: TreeNode;
    if (typeof f === 'string' || f instanceof Uint8Array) node = fileNode(f, { mtime: 1_600_000_000 });
    else if ('symlink' in f) node = symlinkNode(f.symlink, { mtime: 1_600_000_000 });
    else if ('dir' in f) node = dirNode({ mode: f.mode ?? 0o755, mtime: 1_600_000_000 });
    else node = fileNode(f.data, { mode: f.mode ?? 0o644, mtime: 1_600_000_000 });
    tree = graft(tree, path, node);
  }
  // Directories graft made along the way get the same time as everything else.
  const stamp = (d: DirNode): void => {
    if (d.mtime === 0) d.mtime = 1_600_000_000;
    for (const c of d.entries.values()) if (c.kind === 'dir') stamp(c);
  };
  stamp(tree);
  return tree;
}

export interface RunOutcome {
  code: number;
  out: string;
  err: string;
  volume: Volume;
  processes: TestProcesses;
}

export interface RunSetup {
  files?: Files;
  volume?: Volume;
  env?: string[];
  cwd?: string;
  stdin?: string;
}

/** Runs argv (a program in /bin, found on PATH) over a fresh volume, collecting its output. */
export async function run(argv: string[], o: RunSetup = {}): Promise<RunOutcome> {
  const volume = o.volume ?? openVolume(image(o.files), () => NOW);
  const processes = new TestProcesses(volume);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const code = await processes.spawn({
    argv,
    env: o.env ?? ['PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/root'],
    cwd: o.cwd ?? '/',
    stdin: bytesStdin(new TextEncoder().encode(o.stdin ?? '')),
    stdout: (c) => out.push(c.slice()),
    stderr: (c) => err.push(c.slice()),
  });
  const text = (chunks: Uint8Array[]): string => decoder.decode(concat(chunks));
  return { code, out: text(out), err: text(err), volume, processes };
}

/** `/bin/sh -c SCRIPT`, as a RUN step runs it. */
export function sh(script: string, o: RunSetup = {}): Promise<RunOutcome> {
  return run(['/bin/sh', '-c', script], o);
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The text of a file in the volume (following no symlinks), or undefined. */
export function read(volume: Volume, path: string): string | undefined {
  let node: ReturnType<Volume['root']['entries']['get']> = volume.root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (node?.kind !== 'dir') return undefined;
    node = node.entries.get(part);
  }
  return node?.kind === 'file' ? decoder.decode(node.content.bytes()) : undefined;
}

/** The node at an absolute path (no symlinks followed), for modes and kinds. */
export function node(volume: Volume, path: string) {
  let n: ReturnType<Volume['root']['entries']['get']> = volume.root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (n?.kind !== 'dir') return undefined;
    n = n.entries.get(part);
  }
  return n;
}
