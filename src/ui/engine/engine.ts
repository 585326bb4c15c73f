// The Engine over the core and its Workers: parsing in the page (it is fast and feeds live
// markers), builds, image imports and registry pulls in the builder Worker, runs in the runner
// Worker (one kept warm), export and push gzip in the worker pool (registry.ts has the
// registry side); all against the page's store (IndexedDB for the playground,
// memory for an embed).

import { formatEvent } from '../../core/builder/index.ts';
import { parseDockerfile } from '../../core/dockerfile/index.ts';
import {
  artifactModule,
  exportImageParts,
  exportLayout,
  isArtifactManifest,
  isGzip,
  listTar,
  normalizeRef,
  runConfig,
  type Digest,
  type ExportedLayout,
  type Image,
} from '../../core/oci/index.ts';
import { imageView } from '../lib/inspect-image.ts';
import { graft, imageRootfs, ownChanges, planWriteBack, type DirNode } from '../../core/rootfs/index.ts';
import {
  EXIT_STOPPED,
  VirtualNetwork,
  findModule,
  planRun,
  reasonLine,
  servesHttp,
  type RunOverrides,
} from '../../core/runtime/index.ts';
import type { RunOptions } from '../../core/project.ts';
import { loadImage, openImage } from '../../core/store-image.ts';
import type { PageStore } from '../../store/index.ts';
import type { RegistryLogins } from '../lib/registry-logins.ts';
import { BuilderClient } from '../../worker/builder-client.ts';
import { createChunkedGzip } from '../../worker/gzip-pool-client.ts';
import { RunnerClient } from '../../worker/runner-client.ts';
import { SocketServerClient } from '../../worker/preview-server.ts';
import { applyChangesToHandle, readHandleTree } from '../lib/fs-handle.ts';
import { slug } from '../lib/new-project.ts';
import { RegistryDoor, logCorsHelp, pullLogger } from './registry.ts';
import type { Marker, Engine, MountTree, RunHandle, RunIO } from './types.ts';

const TREES_KEPT = 4; // unpacked image trees kept: a re-run of one of them reads no layer

/** The images a Dockerfile's FROM lines name, as written (the builder keeps the built-in ones). */
export function fromImages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*([^\s$]\S*)/gim)].map((m) => m[1]!);
}

/** What a wasi:http server leaves out of a run's options, as runwasi serves it: said on its stderr. */
function notesForServer(options: RunOptions, mounts: readonly MountTree[]): string[] {
  const notes: string[] = [];
  if (options.args.length > 0) notes.push(`a wasi:http server gets no arguments; ignoring ${options.args.join(' ')}`);
  if (options.stdin)
    notes.push("a wasi:http server's handlers read no standard input; ignoring the Run options' stdin");
  if (mounts.length > 0)
    notes.push(
      `a wasi:http server's handlers get no preopened directories; ignoring the mount at ${mounts.map((m) => m.guest).join(', ')}`,
    );
  return notes;
}

/**
 * A wasi:http component serves until Stop: handler Workers (HttpServerClient, loaded with the
 * first server), whose output goes to the run's stdout and stderr.
 */
async function serveComponent(
  component: Uint8Array,
  what: string,
  env: string[],
  io: RunIO,
  notes: string[],
): Promise<RunHandle> {
  const enc = new TextEncoder();
  for (const n of notes) io.onStderr(enc.encode(`wharf: ${n}\n`));
  const { HttpServerClient } = await import('../../worker/http-server-client.ts');
  const server = await HttpServerClient.start({
    component,
    what,
    env,
    onStdout: (chunk) => io.onStdout(chunk),
    onStderr: (chunk) => io.onStderr(chunk),
    onLog: io.onRequest,
    onProgress: io.onProgress,
  });
  io.onServe?.({ server, kind: 'http' });
  let stop = (): void => undefined;
  const exited = new Promise<number>((resolve) => {
    stop = () => {
      stop = () => undefined;
      server.close();
      io.onStderr(reasonLine('stopped'));
      resolve(EXIT_STOPPED);
    };
  });
  return { exited, stop: () => stop() };
}

export function createEngine(store: PageStore, logins: RegistryLogins): Engine {
  const builder = new BuilderClient(store);
  const registry = new RegistryDoor(store, logins);
  const runner = new RunnerClient();
  /** Unpacked image trees by manifest digest: a re-run of the same image reads no layer. */
  const trees = new Map<Digest, DirNode>();
  let runs = 0;
  // Listing a plain tar is a walk over its headers; only inflating takes long, so it is the
  // builder Worker's.
  const plainTar = async (bytes: Uint8Array): Promise<Uint8Array> =>
    isGzip(bytes) ? builder.gunzip(bytes, 'import') : bytes;
  // The export of an image as last computed: inspecting and then downloading compresses once.
  let layout: { key: string; value: Promise<ExportedLayout> } | undefined;
  const layoutOf = (
    image: Image,
    ref: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ExportedLayout> => {
    const key = `${image.manifestDigest} ${ref}`;
    if (layout?.key === key) return layout.value;
    // gzip in a worker per core: compression, not hashing, is what an export waits on.
    const pool = createChunkedGzip();
    const value = exportLayout(image, { ref, gzip: pool.gzip, onProgress }).finally(() => pool.close());
    layout = { key, value };
    value.catch(() => {
      if (layout?.value === value) layout = undefined;
    });
    return value;
  };
  const keepTree = (digest: Digest, tree: DirNode): DirNode => {
    trees.set(digest, tree);
    while (trees.size > TREES_KEPT) trees.delete(trees.keys().next().value as Digest);
    return tree;
  };
  return {
    async parse(text, file) {
      return parseDockerfile(text, { file }).diagnostics.map((d): Marker => ({
        line: d.line,
        col: d.col,
        endLine: d.endLine,
        severity: d.severity,
        message: d.rule ? `${d.message} (${d.rule})` : d.message,
      }));
    },

    prepare(project) {
      builder.prepare(project.files);
      const dockerfile = project.files.find((f) => f.path === project.dockerfile);
      if (dockerfile && 'data' in dockerfile && typeof dockerfile.data === 'string')
        builder.warm(fromImages(dockerfile.data));
    },

    async build(project, log) {
      try {
        const summary = await builder.build(
          project.files,
          {
            dockerfile: project.dockerfile,
            tag: project.tag,
            buildArgs: project.buildArgs,
            credentials: registry.credentials(),
          },
          (e) => {
            for (const line of formatEvent(e)) log(line);
          },
          pullLogger(log),
        );
        return {
          ref: summary.ref,
          manifest: summary.manifestDigest,
          warnings: summary.warnings,
          committed: summary.committed,
        };
      } catch (e) {
        logCorsHelp(e, log, location.origin);
        throw e;
      }
    },

    async pullImage(ref, onTransfer) {
      return builder.pullImage(normalizeRef(ref), registry.credentials(), (_, e) => onTransfer(e));
    },

    async pushImage(ref, dest, onTransfer, onStage, asArtifact) {
      return registry.push(ref, dest, onTransfer, onStage, asArtifact);
    },

    stopBuild() {
      // A RUN step runs synchronously in the builder Worker: ending the Worker is the only stop.
      builder.dispose();
    },

    async run(ref, options, io, interactive = false, mounts = []) {
      const image = await openImage(store, ref);
      const imageRoot =
        trees.get(image.manifestDigest) ?? keepTree(image.manifestDigest, await imageRootfs(await image.load()));
      // A folder handle is read afresh for every run: the user may have changed it meanwhile.
      const mounted = await Promise.all(mounts.map((m) => ('handle' in m ? readHandleTree(m.handle) : m.tree)));
      // Grafting shares every directory off the mount paths with the cached image tree.
      const root = mounts.reduce((t, m, i) => graft(t, m.guest, mounted[i]!), imageRoot);
      const writeBack = planWriteBack(
        mounts.map((m) => ({ host: 'handle' in m ? m.handle : null, guest: m.guest })),
      ).filter((w) => w.host !== null);
      const fresh = mounts.some((m) => 'handle' in m);
      // An OCI Wasm artifact runs its one layer, over an empty root, as runwasi's shims run it.
      const module = isArtifactManifest(image.manifest) ? artifactModule(await image.load()) : undefined;
      const config = runConfig(image, ref);
      const overrides: RunOverrides = {
        args: options.args,
        env: options.env,
        workdir: options.workdir || undefined,
        entrypoint: options.entrypoint ? [options.entrypoint] : undefined,
      };
      const plan = planRun(config, overrides);
      const bytes = module ?? findModule(root, plan.modulePath, plan.env, plan.cwd);
      const what = plan.argv[0] ?? ref;
      if (servesHttp(bytes, what)) return serveComponent(bytes, what, plan.env, io, notesForServer(options, mounts));
      // A module's sockets listen on the page's own network: the first port it listens on is
      // what the Preview shows. When the run ends, its connections end after what the module
      // wrote, and each request open then gets its response or says what was cut short.
      const net = new VirtualNetwork();
      let socket: SocketServerClient | undefined;
      net.onlisten = (local) => {
        if (socket) return;
        socket = new SocketServerClient({ net, port: local.port, onLog: io.onRequest });
        io.onServe?.({ server: socket, kind: 'socket', port: local.port });
      };
      const handle = runner.startImage({
        config,
        root,
        module: bytes,
        // Compile once per image, module path and mounts (a mount may hold the module); a
        // folder read at each run may hold a new one each time.
        digest: `${image.manifestDigest}:${options.entrypoint ?? ''}${mounts.map((m) => `:${m.id}`).join('')}${fresh ? `:${++runs}` : ''}`,
        mounts: writeBack.length > 0 ? writeBack.map((w) => w.guest) : undefined,
        ...overrides,
        ...(interactive
          ? { interactive: true }
          : options.stdin
            ? { stdin: new TextEncoder().encode(options.stdin) }
            : {}),
        onStdout: io.onStdout,
        onStderr: io.onStderr,
        onProgress: io.onProgress,
        net,
      });
      // Written back before the run counts as ended, so the next run reads the new contents.
      const exited = handle.exited.then(async (x) => {
        if (!x.changes) return x.code;
        try {
          for (const [i, w] of writeBack.entries()) {
            const skipped = await applyChangesToHandle(w.host!, ownChanges(x.changes[i] ?? [], w.exclude));
            for (const c of skipped)
              io.onStderr(
                new TextEncoder().encode(
                  `wharf: ${w.guest}/${c.path}: symlinks cannot be written to a folder here; not written back\n`,
                ),
              );
          }
          return x.code;
        } catch (e) {
          io.onStderr(
            new TextEncoder().encode(`wharf: writing back to the mounted folder failed: ${(e as Error).message}\n`),
          );
          return x.code === 0 ? 1 : x.code;
        }
      });
      return {
        exited,
        stop: () => handle.stop(),
        ...(handle.stdinMode === 'interactive'
          ? { stdin: { write: (b: Uint8Array) => handle.writeStdin(b), close: () => handle.closeStdin() } }
          : {}),
      };
    },

    async exportImage(ref, onProgress) {
      const image = await loadImage(store, ref);
      // The Blob takes the layers' own bytes: no second copy of the image in the page.
      const { parts } = await exportImageParts(image, { ref }, await layoutOf(image, ref, onProgress));
      return new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/x-tar' });
    },

    async inspect(ref, onProgress) {
      const image = await loadImage(store, ref);
      return imageView(ref, image, await layoutOf(image, ref, onProgress));
    },

    async importImage(bytes, fileName) {
      return builder.importImage(
        bytes,
        fileName,
        normalizeRef(`${slug(fileName.replace(/\.tar(\.gz)?$/i, ''))}:latest`),
      );
    },

    async isImageTarball(bytes) {
      try {
        const tar = await plainTar(bytes);
        return listTar(tar).some(
          (e) => e.path === 'oci-layout' || e.path === 'manifest.json' || e.path === 'index.json',
        );
      } catch {
        return false;
      }
    },

    async readTar(bytes) {
      return listTar(await plainTar(bytes)).map((e) => ({
        path: e.path,
        type: e.type,
        mode: e.mode,
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
        data: e.data.slice(),
      }));
    },
  };
}
