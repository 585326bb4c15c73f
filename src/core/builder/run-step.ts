// RUN as BuildKit runs it: shell form through SHELL (default /bin/sh -c), exec form as written,
// the stage's ENV plus its ARGs as the environment, WORKDIR as the working directory, programs
// from the stage's own PATH; the program runs over a copy-on-write volume of the stage's tree
// and what it changed becomes the step's layer. --mount=type=bind|cache|tmpfs are mounted for
// the run and left out of the layer. https://docs.docker.com/reference/dockerfile/#run

import type { RunInstruction } from '../dockerfile/types.ts';
import { located } from '../errors.ts';
import { sha256 } from '../oci/digest.ts';
import {
  dirNode,
  freezeVolume,
  graft,
  lookup,
  openVolume,
  pathParts,
  realPath,
  volumeChanges,
  walkTree,
  type DirNode,
  type TreeNode,
  type Volume,
  type VolumeChange,
} from '../rootfs/index.ts';
import { bytesStdin, mergeEnv, type ProcessSpec } from '../runtime/index.ts';
import { clean, join } from '../path.ts';
import type { VertexLog } from './reporter.ts';
import type { StageState } from './stage-state.ts';
import type { StepEnv } from './steps.ts';
import type { BuildContext } from './build-context.ts';

/** Runs one program to completion over `volume` (the runtime's process model); its exit code. */
export type ProgramRunner = (volume: Volume, spec: ProcessSpec) => Promise<number>;

export interface RunStepEnv extends StepEnv {
  /** Absent where no process model is wired in: RUN then fails with a clear error. */
  run: ProgramRunner | undefined;
  context: BuildContext;
  /** The tree of a stage or image named by a mount's from=. */
  source(from: string, line: number): Promise<{ fs: DirNode; name: string }>;
  /** type=cache mounts by id: they outlive the build, never the layer. */
  cacheMounts: Map<string, DirNode>;
  /** SOURCE_DATE_EPOCH, seconds: the volume's clock, so the layer is the same every time. */
  epoch: number;
}

interface Mount {
  type: 'bind' | 'cache' | 'tmpfs';
  /** Absolute, cleaned. */
  target: string;
  /** What is mounted there: a directory, or one file (a bind of a file). */
  tree: TreeNode;
  /** type=cache: where the tree goes back after the run. */
  id?: string;
}

/** A RUN resolved against its stage: what runs, with what, and what its result depends on. */
export interface PreparedRun {
  argv: string[];
  env: string[];
  cwd: string;
  stdin?: Uint8Array;
  mounts: Mount[];
  /** The command as BuildKit names it in messages ("/bin/sh -c make"). */
  display: string;
  /** All the step's result depends on besides the stage before it: the cache key's part. */
  key: unknown[];
}

export async function prepareRun(ins: RunInstruction, s: StageState, env: RunStepEnv): Promise<PreparedRun> {
  const where = { file: env.file, line: ins.line };
  if (ins.network !== undefined && ins.network !== 'none' && ins.network !== 'default') {
    throw located(
      'BUILD_UNSUPPORTED',
      where,
      `RUN --network=${ins.network} is not supported: programs run here without a network`,
    );
  }
  if (ins.security === 'insecure') {
    throw located('BUILD_UNSUPPORTED', where, 'RUN --security=insecure is not supported here');
  }
  const config = s.image.config;
  const cwd = config.WorkingDir || '/';
  const { argv, stdin } = commandArgv(ins, config.Shell ?? ['/bin/sh', '-c']);
  if (argv.length === 0 || argv[0] === '') throw located('DOCKERFILE_SEMANTIC', where, 'RUN has no command');
  // ARGs reach RUN as environment variables, ENV of the same name wins (BuildKit).
  const args: string[] = [];
  for (const [k, v] of s.args) if (v !== undefined) args.push(`${k}=${v}`);
  const runEnv = mergeEnv(args, config.Env ?? []);
  const mounts: Mount[] = [];
  const mountKeys: unknown[] = [];
  for (const fields of ins.mounts) {
    const m = await resolveMount(fields, cwd, env, ins.line);
    mounts.push(m.mount);
    mountKeys.push(m.key);
  }
  return {
    argv,
    env: runEnv,
    cwd,
    stdin,
    mounts,
    display: argv.join(' '),
    key: [argv, runEnv, cwd, stdin === undefined ? null : await sha256(stdin), mountKeys],
  };
}

/** Runs a prepared RUN over the stage's tree: the tree it leaves and the changes for its layer. */
export async function executeRun(
  p: PreparedRun,
  s: StageState,
  env: RunStepEnv,
  log: VertexLog,
  line: number,
): Promise<{ tree: DirNode; changes: VolumeChange[] }> {
  const where = { file: env.file, line };
  if (!env.run) {
    throw located('BUILD_UNSUPPORTED', where, 'RUN cannot execute here: no process runner is available');
  }
  let root = s.fs;
  for (const m of p.mounts) root = graft(root, m.target, m.tree);
  const clock = BigInt(env.epoch) * 1_000_000_000n;
  const vol = openVolume(root, () => clock);
  let missing: string | undefined;
  const stderr = (chunk: Uint8Array): void => {
    log.output(2, chunk);
    missing ??= /(?:^|\n)(?:[^\n]*: )?([^\s:]+): not found\n/.exec(new TextDecoder().decode(chunk))?.[1];
  };
  const code = await env.run(vol, {
    argv: p.argv,
    env: p.env,
    cwd: p.cwd,
    stdin: p.stdin ? bytesStdin(p.stdin) : undefined,
    stdout: (chunk) => log.output(1, chunk),
    stderr,
  });
  if (code !== 0) {
    const hint = code === 127 && missing ? ` (${missing}: not found in the image)` : '';
    throw located(
      'BUILD_RUN',
      where,
      `process "${p.display}" did not complete successfully: exit code: ${code}${hint}`,
    );
  }
  let tree = freezeVolume(vol);
  for (const m of p.mounts) {
    if (m.type === 'cache') {
      const after = lookup(tree, m.target);
      env.cacheMounts.set(m.id!, after?.kind === 'dir' ? after : dirNode());
    }
    // The mount point stays as the stage had it (or as an empty directory, as BuildKit leaves it).
    const before = lookup(s.fs, m.target, false);
    tree = graft(tree, m.target, before ?? dirNode());
  }
  const under = (path: string, target: string): boolean => {
    const t = pathParts(target).join('/');
    return path.startsWith(`${t}/`);
  };
  const changes = volumeChanges(vol, s.fs, '/').filter((c) => !p.mounts.some((m) => under(c.path, m.target)));
  return { tree, changes };
}

/** argv, and a script on stdin for a heredoc that names its interpreter (#!). */
function commandArgv(ins: RunInstruction, shell: string[]): { argv: string[]; stdin?: Uint8Array } {
  if (ins.command.form === 'exec') return { argv: [...ins.command.args] };
  const text = ins.command.args.join(' ');
  const [only] = ins.heredocs;
  if (ins.heredocs.length === 1 && only && /^<<-?\s*["']?[^"'\s]+["']?\s*$/.test(text.trim())) {
    const body = only.chomp ? only.content.replace(/^\t+/gm, '') : only.content;
    const shebang = /^#!\s*(\S+)(.*)\n/.exec(body);
    if (shebang) {
      // The interpreter reads the script from its standard input (sh, python and friends do).
      const words = shebang[2]!.trim().split(/\s+/).filter(Boolean);
      const argv = shebang[1]!.endsWith('/env') ? words : [shebang[1]!, ...words];
      return { argv, stdin: new TextEncoder().encode(body) };
    }
    return { argv: [...shell, body] };
  }
  // Heredocs after a command go to the shell with the command, as a shell script would have them.
  const script = ins.heredocs.reduce((acc, h) => `${acc}\n${h.content}${h.name}`, text);
  return { argv: [...shell, script] };
}

async function resolveMount(
  fields: Record<string, string>,
  cwd: string,
  env: RunStepEnv,
  line: number,
): Promise<{ mount: Mount; key: unknown }> {
  const where = { file: env.file, line };
  const type = fields.type ?? 'bind';
  const rawTarget = fields.target ?? fields.dst ?? fields.destination;
  if (type === 'secret' || type === 'ssh') {
    throw located('BUILD_UNSUPPORTED', where, `RUN --mount=type=${type} is not supported here`);
  }
  if (type !== 'bind' && type !== 'cache' && type !== 'tmpfs') {
    throw located('DOCKERFILE_SEMANTIC', where, `unsupported mount type "${type}"`);
  }
  if (!rawTarget) throw located('DOCKERFILE_SEMANTIC', where, `RUN --mount=type=${type} needs a target`);
  const target = clean(rawTarget.startsWith('/') ? rawTarget : join(cwd, rawTarget));
  if (type === 'tmpfs') return { mount: { type, target, tree: dirNode() }, key: ['tmpfs', target] };
  if (type === 'cache') {
    const id = fields.id ?? target;
    const mode = fields.mode === undefined ? 0o755 : parseInt(fields.mode, 8);
    const owner = { uid: Number(fields.uid ?? 0), gid: Number(fields.gid ?? 0) };
    const tree = env.cacheMounts.get(id) ?? dirNode({ mode, ...owner });
    // What a cache mount holds is not an input of the step (BuildKit keys it by id alone).
    return { mount: { type, target, tree, id }, key: ['cache', target, id] };
  }
  const from = fields.from;
  const src = from === undefined ? { fs: env.context.root, name: 'build context' } : await env.source(from, line);
  const sourcePath = fields.source ?? fields.src ?? '/';
  const real = realPath(src.fs, sourcePath);
  const node: TreeNode | undefined = real === undefined ? undefined : lookup(src.fs, real, false);
  if (!node) throw located('BUILD_SOURCE', where, `RUN --mount: source "${sourcePath}" not found in the ${src.name}`);
  if (from === undefined) {
    // A mount of the context holds every file under it: one the host could not read fails here.
    for (const [path, n] of node.kind === 'dir' ? walkTree(node) : [[sourcePath, node] as const]) {
      const why = env.context.unreadable.get(n);
      if (why !== undefined) {
        throw located('BUILD_SOURCE', where, `RUN --mount: cannot read "${path}" from the build context: ${why}`);
      }
      env.context.used.add(n);
    }
  }
  const key = node.kind === 'dir' ? await treeKey(node) : await treeKey(dirNode({}, [['', node]]));
  return { mount: { type: 'bind', target, tree: node }, key: ['bind', target, from ?? null, key] };
}

/** A digest of a tree's paths, modes, link targets and file contents: a bind mount's identity. */
async function treeKey(tree: DirNode): Promise<string> {
  const parts: string[] = [];
  for (const [path, n] of walkTree(tree)) {
    const what = n.kind === 'file' ? await sha256(n.data) : n.kind === 'symlink' ? n.target : '';
    parts.push(`${path}\0${n.kind}\0${n.mode}\0${what}`);
  }
  return sha256(new TextEncoder().encode(parts.sort().join('\n')));
}
