// An image's rootfs: its layers, uncompressed, checked against their diff_ids and read as tar,
// folded in order.
import { readTar, unpackLayer, type AsyncInflate, type Image } from '../oci/index.ts';
import { applyLayers } from './apply-layers.ts';
import type { DirNode } from './tree.ts';

export async function imageRootfs(image: Image, inflate?: AsyncInflate): Promise<DirNode> {
  const layers = [];
  for (const [i, l] of image.layers.entries()) {
    const what = `layer ${i} (${l.digest})`;
    layers.push([...readTar(await unpackLayer(l, what, inflate), { name: `layer ${i}` })]);
  }
  return applyLayers(layers);
}
