// Image layers -> one file tree (whiteouts, opaque directories, hardlinks), and a run's
// copy-on-write view of it. https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md
export { applyLayers, applyLayer } from './apply-layers.ts';
export {
  dirNode,
  fileNode,
  symlinkNode,
  graft,
  lookup,
  pathParts,
  treeStats,
  realPath,
  walkTree,
  type DirNode,
  type FileNode,
  type SymlinkNode,
  type TreeNode,
  type NodeMeta,
} from './tree.ts';
export { FileContent } from './file-content.ts';
export { Volume, VolumeDir, VolumeFile, VolumeSymlink, openVolume, type VolumeNode, type Clock } from './volume.ts';
export { imageRootfs } from './from-image.ts';
export {
  volumeChanges,
  planWriteBack,
  ownChanges,
  type VolumeChange,
  type Mount,
  type WriteBack,
} from './volume-changes.ts';
export { freezeVolume } from './freeze.ts';
export { changesLayer } from './layer-changes.ts';
export { volumeLookup, volumeMkdirAll, volumeSet } from './volume-paths.ts';
export { applyLayerOnto } from './apply-onto.ts';
