// `wharf run`: runs a bare .wasm, an image tarball or an image pulled from its registry (an OCI
// Wasm artifact too) the way runwasi runs a container, with this process's stdin, stdout and
// stderr, and exits with the module's exit code. A module's sockets are this host's, a wasi:http
// component is served (serve-http.ts); `-p` publishes a container port on a host port for both;
// Ctrl-C stops it.
import { existsSync, readFileSync, readdirSync, lstatSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { WharfError } from '../core/errors.ts';
import { artifactModule, importArchive, normalizeRef, parseRef, runConfig, type Image } from '../core/oci/index.ts';
import { clientFor, pullImage } from '../core/registry/index.ts';
import {
  dirNode,
  fileNode,
  graft,
  imageRootfs,
  ownChanges,
  planWriteBack,
  symlinkNode,
  type DirNode,
  type TreeNode,
} from '../core/rootfs/index.ts';
import {
  servesHttp,
  findModule,
  hasWasmMagic,
  planRun,
  wasm,
  wasmKind,
  type RunOverrides,
  type WasmModule,
} from '../core/runtime/index.ts';
import { NodeNetwork } from './net-node.ts';
import { parsePublish, type Publish } from './publish.ts';
import { runInWorker } from './run-node.ts';
import { serveHttp } from './serve-http.ts';
import { nodeInflate, progressLines, registryAccess } from './registry-access.ts';
import { applyVolumeChanges } from './volume-writeback.ts';

export interface RunArgs {
  env: string[];
  volumes: Array<{ host: string; guest: string }>;
  workdir?: string;
  entrypoint?: string;
  timeoutSec?: number;
  /** The container ports a server publishes (a wasi:http component's, a module's sockets'). */
  publish: Publish[];
  /** A wasi:http server's per-request limit. */
  requestTimeoutSec?: number;
  target: string;
  args: string[];
}

const USAGE =
  'usage: wharf run [-e K=V]... [-v HOSTDIR:GUESTDIR]... [-p [IP:][HOSTPORT:]CONTAINERPORT]... [-w DIR] ' +
  '[--entrypoint PATH] [--timeout SEC] [--request-timeout SEC] TARGET [ARGS...]';

/** Exit status of a run stopped with Ctrl-C: 128 + SIGINT, as a shell reports it. */
export const EXIT_INTERRUPTED = 130;

const seconds = (flag: string, v: string): number => {
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new WharfError('USAGE', `${flag}: expected a positive number of seconds`);
  return s;
};

export function parseRunArgs(argv: string[]): RunArgs {
  const out: RunArgs = { env: [], volumes: [], publish: [], target: '', args: [] };
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new WharfError('USAGE', `${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--') {
      i++;
      break;
    }
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const v = (): string => inline ?? value(flag);
    switch (flag) {
      case '-e':
      case '--env': {
        const kv = v();
        if (!kv.includes('=') || kv.startsWith('=')) throw new WharfError('USAGE', `-e "${kv}": expected KEY=VALUE`);
        out.env.push(kv);
        break;
      }
      case '-v':
      case '--volume': {
        const spec = v();
        const colon = spec.lastIndexOf(':');
        if (colon <= 0 || !spec.slice(colon + 1).startsWith('/')) {
          throw new WharfError('USAGE', `-v "${spec}": expected HOSTDIR:GUESTDIR with an absolute GUESTDIR`);
        }
        out.volumes.push({ host: spec.slice(0, colon), guest: spec.slice(colon + 1) });
        break;
      }
      case '-p':
      case '--publish':
        out.publish.push(parsePublish(v()));
        break;
      case '-w':
      case '--workdir':
        out.workdir = v();
        break;
      case '--entrypoint':
        out.entrypoint = v();
        break;
      case '--timeout':
        out.timeoutSec = seconds(flag, v());
        break;
      case '--request-timeout':
        out.requestTimeoutSec = seconds(flag, v());
        break;
      default:
        throw new WharfError('USAGE', `unknown option "${a}"\n${USAGE}`);
    }
  }
  const target = argv[i];
  if (target === undefined) throw new WharfError('USAGE', `no TARGET given\n${USAGE}`);
  out.target = target;
  out.args = argv.slice(i + 1);
  return out;
}

/** A host directory read into a tree (files by content; symlinks kept as symlinks). */
export function readHostDir(dir: string): DirNode {
  const read = (path: string): TreeNode => {
    const st = lstatSync(path);
    const meta = { mode: st.mode & 0o7777, uid: 0, gid: 0, mtime: Math.floor(st.mtimeMs / 1000) };
    if (st.isSymbolicLink()) return symlinkNode(readlinkSync(path), meta);
    if (st.isDirectory())
      return dirNode(
        meta,
        readdirSync(path)
          .sort()
          .map((name) => [name, read(join(path, name))]),
      );
    return fileNode(new Uint8Array(readFileSync(path)), meta);
  };
  const root = read(dir);
  if (root.kind !== 'dir') throw new WharfError('USAGE', `-v ${dir}: not a directory`);
  return root;
}

interface Loaded {
  tree: DirNode;
  moduleBytes: Uint8Array;
  argv: string[];
  env: string[];
  cwd: string;
}

/** A TARGET that is no file and reads as an image reference is pulled ("localhost:5000/app:1"). */
function isPullable(target: string): boolean {
  if (existsSync(target) || /^(\.{0,2}\/|~)/.test(target) || /\.(wasm|tar|tgz|tar\.gz)$/i.test(target)) return false;
  try {
    parseRef(target);
    return true;
  } catch {
    return false;
  }
}

async function pulled(target: string): Promise<Image> {
  const ref = parseRef(normalizeRef(target));
  return pullImage(clientFor(ref.domain, registryAccess()), ref, {
    onProgress: progressLines('pull'),
  });
}

async function load(a: RunArgs): Promise<Loaded> {
  const mount = (tree: DirNode): DirNode => a.volumes.reduce((t, v) => graft(t, v.guest, readHostDir(v.host)), tree);
  const overrides: RunOverrides = { env: a.env, workdir: a.workdir || undefined };
  if (isPullable(a.target)) return fromImage(await pulled(a.target), a.target, a, mount, overrides);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(a.target));
  } catch (e) {
    throw new WharfError('NOT_FOUND', `${a.target}: cannot read: ${(e as Error).message}`, { cause: e });
  }

  if (hasWasmMagic(bytes) || a.target.endsWith('.wasm')) {
    if (!hasWasmMagic(bytes))
      throw new WharfError('WASM_INVALID', `${a.target}: not a WebAssembly module (no \\0asm magic at its start)`);
    // A bare module: argv[0] is its file name, the root is empty unless a volume fills it.
    const name = a.entrypoint ?? basename(a.target);
    const plan = planRun({ Entrypoint: [name] }, { ...overrides, args: a.args });
    return { tree: mount(dirNode()), moduleBytes: bytes, argv: plan.argv, env: plan.env, cwd: plan.cwd };
  }
  // The layers' contents are checked once, as they are unpacked.
  const { image, refs } = await importArchive(bytes, { name: basename(a.target), layerChecks: 'digest' });
  return fromImage(image, refs[0], a, mount, overrides);
}

async function fromImage(
  image: Image,
  ref: string | undefined,
  a: RunArgs,
  mount: (tree: DirNode) => DirNode,
  overrides: RunOverrides,
): Promise<Loaded> {
  const tree = mount(await imageRootfs(image, nodeInflate));
  const plan = planRun(runConfig(image, ref), {
    ...overrides,
    args: a.args,
    entrypoint: a.entrypoint ? [a.entrypoint] : undefined,
  });
  return {
    tree,
    moduleBytes: artifactModule(image) ?? findModule(tree, plan.modulePath, plan.env, plan.cwd),
    argv: plan.argv,
    env: plan.env,
    cwd: plan.cwd,
  };
}

export async function runCommand(argv: string[]): Promise<number> {
  let a: RunArgs;
  let loaded: Loaded;
  let code: { module: WasmModule } | { component: Uint8Array };
  try {
    a = parseRunArgs(argv);
    loaded = await load(a);
    if (servesHttp(loaded.moduleBytes, loaded.argv[0] ?? a.target)) return await serve(a, loaded);
    // A component is transpiled (or found in the cache) and compiled by the run's thread.
    code =
      wasmKind(loaded.moduleBytes) === 'component'
        ? { component: loaded.moduleBytes }
        : {
            module: await wasm.compile(loaded.moduleBytes).catch((e: unknown) => {
              throw new WharfError('WASM_INVALID', `${loaded.argv[0]}: does not compile: ${(e as Error).message}`, {
                cause: e,
              });
            }),
          };
  } catch (e) {
    process.stderr.write(`wharf run: ${(e as Error).message}\n`);
    return e instanceof WharfError && e.code === 'USAGE' ? 2 : 1;
  }
  const writeBack = planWriteBack(a.volumes);
  const net = new NodeNetwork(a.publish, (line) => process.stderr.write(`wharf: ${line}\n`));
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  const result = await runInWorker({
    ...code,
    args: loaded.argv,
    env: loaded.env,
    cwd: loaded.cwd,
    root: loaded.tree,
    mounts: writeBack.length > 0 ? writeBack.map((v) => v.guest) : undefined,
    stdin: 'inherit',
    stdout: 'inherit',
    stderr: 'inherit',
    tty: process.stdout.isTTY === true,
    timeoutMs: a.timeoutSec ? a.timeoutSec * 1000 : undefined,
    // Components have no preview1 sockets (a wasi:http component is served otherwise).
    net: 'module' in code ? net : undefined,
    stop: { signal: interrupt.signal, code: EXIT_INTERRUPTED, reason: 'interrupted (Ctrl-C)' },
  })
    .catch((e: unknown) => {
      // A setup error in the run's thread (a component that does not transpile, or cannot run).
      process.stderr.write(`wharf run: ${(e as Error).message}\n`);
      return undefined;
    })
    .finally(() => {
      process.off('SIGINT', onSigint);
      net.close();
    });
  if (!result) return 1;
  try {
    result.changes?.forEach((changes, i) =>
      applyVolumeChanges(writeBack[i]!.host, ownChanges(changes, writeBack[i]!.exclude)),
    );
  } catch (e) {
    process.stderr.write(`wharf run: ${(e as Error).message}\n`);
    return result.code === 0 ? 1 : result.code;
  }
  return result.code;
}

async function serve(a: RunArgs, loaded: Loaded): Promise<number> {
  if (a.volumes.length > 0) {
    throw new WharfError(
      'USAGE',
      "-v: a wasi:http server's handlers get no preopened directories (as runwasi gives none)",
    );
  }
  if (a.args.length > 0)
    process.stderr.write(`wharf run: a wasi:http server gets no arguments; ignoring ${a.args.join(' ')}\n`);
  return serveHttp({
    component: loaded.moduleBytes,
    what: loaded.argv[0] ?? a.target,
    env: loaded.env,
    publish: a.publish,
    timeoutSec: a.timeoutSec,
    requestTimeoutSec: a.requestTimeoutSec,
  });
}
