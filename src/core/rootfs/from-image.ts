// An image's rootfs: its layers, uncompressed, checked against their diff_ids and read as tar,
// folded in order. An OCI Wasm artifact has none: none of its layers is a tar, so containerd
// unpacks nothing for it and runwasi's shims preopen an empty root.
import { isWasmArtifact, readTar, unpackLayer, type AsyncInflate, type Image } from '../oci/index.ts';
import { applyLayers } from './apply-layers.ts';
import { dirNode, type DirNode } from './tree.ts';

export async function imageRootfs(image: Image, inflate?: AsyncInflate): Promise<DirNode> {
  if (isWasmArtifact(image)) return dirNode();
  const layers = [];
  for (const [i, l] of image.layers.entries()) {
    const what = `layer ${i} (${l.digest})`;
    layers.push([...readTar(await unpackLayer(l, what, inflate), { name: `layer ${i}` })]);
  }
  return applyLayers(layers);
}
