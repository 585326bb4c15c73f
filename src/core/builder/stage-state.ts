// What a stage carries from one instruction to the next.

import type { Digest } from '../oci/types.ts';
import type { ImageState } from './image-state.ts';
import type { DirNode } from '../rootfs/index.ts';

export interface LayerRef {
  /** Digest of the uncompressed layer tar: its blob digest in the store and its diff_id. */
  digest: Digest;
  size: number;
}

export interface StageState {
  index: number;
  name: string | undefined;
  /** The stage's file tree after the last instruction (immutable: each step makes a new one). */
  fs: DirNode;
  image: ImageState;
  layers: LayerRef[];
  /** ARGs declared in this stage, with their values (undefined: declared without a value). */
  args: Map<string, string | undefined>;
  /** Cache key of the state after the last instruction. */
  key: string;
  /** Current WORKDIR ("/" when none). */
  get workdir(): string;
}

/** The lookup used to expand words in a stage: ENV wins over ARG of the same name. */
export function stageLookup(s: StageState): (name: string) => string | undefined {
  const env = s.image.envMap();
  return (name) => env.get(name) ?? s.args.get(name);
}
