// Runs an image in the page's own thread with the core WASI host: the stopgap until the runner
// Worker exists. It blocks the page while the module runs, so Stop cannot interrupt it.

import { applyLayers, type DirNode } from '../../core/rootfs/index.ts';
import { bytesStdin, findModule, planRun, reasonLine, runWasi, type WasmModule } from '../../core/runtime/index.ts';
import { layerTar, listTar, type Digest } from '../../core/oci/index.ts';
import { loadImage } from '../../core/store-image.ts';
import type { RunOptions } from '../../core/project.ts';
import type { IdbStore } from '../../store/index.ts';
import type { RunHandle, RunIO } from './types.ts';

/** Image trees and compiled modules by manifest digest: a re-run skips unpacking and compiling. */
const trees = new Map<Digest, DirNode>();
const modules = new Map<string, WasmModule>();
const KEEP = 4;

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > KEEP) map.delete(map.keys().next().value as K);
  return value;
}

export async function runInPage(store: IdbStore, ref: string, options: RunOptions, io: RunIO): Promise<RunHandle> {
  const image = await loadImage(store, ref);
  const tree = trees.get(image.manifestDigest) ?? remember(trees, image.manifestDigest, applyLayers(image.layers.map((l) => listTar(layerTar(l)))));
  const plan = planRun(image.config.config, {
    args: options.args,
    env: options.env,
    ...(options.workdir ? { workdir: options.workdir } : {}),
    ...(options.entrypoint ? { entrypoint: [options.entrypoint] } : {}),
  });
  const key = `${image.manifestDigest}:${plan.modulePath}`;
  const module = modules.get(key) ?? remember(modules, key, await WebAssembly.compile(findModule(tree, plan.modulePath) as Uint8Array<ArrayBuffer>));
  // Let the page paint "Running…" before the run takes the thread.
  await new Promise((r) => setTimeout(r, 0));
  const result = runWasi({
    module,
    args: plan.argv,
    env: plan.env,
    root: tree,
    stdin: bytesStdin(new TextEncoder().encode(options.stdin)),
    stdout: (b) => io.onStdout(b.slice()),
    stderr: (b) => io.onStderr(b.slice()),
  });
  if (result.reason) io.onStderr(reasonLine(result.reason));
  return { exited: Promise.resolve(result.code), stop() {} };
}
