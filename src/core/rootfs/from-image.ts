// An image's rootfs: its layers, uncompressed and read as tar, folded in order.
import { layerTar, readTar, type Image } from '../oci/index.ts';
import { applyLayers } from './apply-layers.ts';
import type { DirNode } from './tree.ts';

export function imageRootfs(image: Image): DirNode {
  return applyLayers(image.layers.map((l, i) => [...readTar(layerTar(l), { name: `layer ${i}` })]));
}
