// An image as an OCI Wasm artifact, as runwasi's oci-tar-builder `--as-artifact` packs a module:
// the module a run of the image would start (argv[0] found in its rootfs as a run finds it), as
// the artifact's one layer, titled with its file name. What an artifact cannot carry (Env, the
// arguments after argv[0], the other files) is listed, so a caller can say it stays behind.
import {
  containerImage,
  createArtifact,
  isWasmArtifact,
  type AsyncInflate,
  type Image,
  type WasmArtifact,
} from '../oci/index.ts';
import { imageRootfs, treeStats } from '../rootfs/index.ts';
import { findModule, planRun } from '../runtime/index.ts';

export interface ImageArtifact {
  artifact: WasmArtifact;
  /** The module's path in the image ("/hello-world.wasm"); undefined when the image was an artifact already. */
  module?: string;
  /** What of the image the artifact leaves behind ("Env GREETING=hi", "2 other files"), empty when nothing. */
  leftBehind: string[];
}

export interface ImageArtifactOptions {
  /** How gzip'd layers are inflated (Node's zlib in the CLI). */
  inflate?: AsyncInflate;
  /** The artifact manifest's annotations. */
  annotations?: Record<string, string>;
}

/** `image`'s entrypoint module as an artifact (an artifact is returned as it is). */
export async function imageAsArtifact(image: Image, options: ImageArtifactOptions = {}): Promise<ImageArtifact> {
  if (isWasmArtifact(image)) return { artifact: image, leftBehind: [] };
  const c = containerImage(image, 'image').config;
  const plan = planRun(c.config);
  const tree = await imageRootfs(image, options.inflate);
  const wasm = findModule(tree, plan.modulePath, plan.env, plan.cwd);
  const title = plan.modulePath.split('/').filter(Boolean).at(-1) ?? plan.modulePath;
  const artifact = await createArtifact(wasm, {
    title,
    ...(c.created ? { created: c.created } : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
  });
  const leftBehind: string[] = [];
  if (plan.env.length > 0) leftBehind.push(`Env ${plan.env.join(' ')}`);
  if (plan.argv.length > 1) leftBehind.push(`the arguments after argv[0] (${plan.argv.slice(1).join(' ')})`);
  const stats = treeStats(tree);
  const others = stats.files + stats.symlinks - 1;
  if (others > 0) leftBehind.push(`${others} other file${others === 1 ? '' : 's'}`);
  return { artifact, module: plan.modulePath, leftBehind };
}
