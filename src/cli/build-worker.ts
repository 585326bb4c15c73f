// The CLI build's thread: core's build with the CLI's store, registry access and toolchains,
// then the export written atomically. Events and the outcome go back to the command's thread.
import { parentPort } from 'node:worker_threads';
import { build, type BuildEvent } from '../core/builder/index.ts';
import { toolchainHost } from '../core/images/index.ts';
import { exportImageParts, type Compression, type WasmPlatform } from '../core/oci/index.ts';
import type { ProjectFile } from '../core/project.ts';
import { registryPuller } from '../core/registry/index.ts';
import { MemoryStore } from '../core/store-memory.ts';
import { writeFileAtomic } from './context-dir.ts';
import { DirStore, defaultStoreDir } from './dir-store.ts';
import { nodePackageSource } from './packages.ts';
import { progressLines, registryAccess } from './registry-access.ts';

export interface BuildJob {
  files: ProjectFile[];
  dockerfile: string;
  unreadable: Map<string, string>;
  buildArgs: Record<string, string>;
  tag: string | undefined;
  target: string | undefined;
  platform: WasmPlatform | undefined;
  sourceDateEpoch: number | undefined;
  compression: Compression;
  out: string;
  quiet: boolean;
  /** Build without the on-disk store: nothing read from or kept in the build cache. */
  noCache: boolean;
}

export type BuildWorkerMessage =
  | { type: 'event'; event: BuildEvent }
  | { type: 'done'; digest: string; bytes: number }
  | { type: 'error'; message: string };

const port = parentPort!;
const post = (m: BuildWorkerMessage): void => port.postMessage(m);

async function run(job: BuildJob): Promise<void> {
  const store = job.noCache ? new MemoryStore() : new DirStore(defaultStoreDir());
  const toolchains = toolchainHost(nodePackageSource());
  const result = await build({
    files: job.files,
    dockerfile: job.dockerfile,
    unreadable: job.unreadable,
    store,
    pull: registryPuller(store, {
      ...registryAccess(),
      ...(job.quiet ? {} : { onProgress: progressLines('pull') }),
      now: Date.now(),
    }),
    buildArgs: job.buildArgs,
    tag: job.tag,
    target: job.target,
    platform: job.platform,
    sourceDateEpoch: job.sourceDateEpoch,
    fetch: (url) => fetch(url),
    now: () => Date.now(),
    baseImages: toolchains.baseImages,
    run: toolchains.run,
    onEvent: (event) => post({ type: 'event', event }),
  });
  const exported = await exportImageParts(result.image, {
    compression: job.compression,
    ref: job.tag,
    mtime: job.sourceDateEpoch,
  });
  writeFileAtomic(job.out, exported.parts);
  post({ type: 'done', digest: exported.image.manifestDigest, bytes: exported.size });
}

port.once('message', (job: BuildJob) => {
  run(job).catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
});
