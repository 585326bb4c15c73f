// A run's writable view of an image tree: nodes are created lazily as the run walks into
// directories, and file bytes are shared with the image until written (file-content.ts).
// Opening a volume costs O(1) whatever the image size; the image tree is never changed.
import type { DirNode, NodeMeta, TreeNode } from './tree.ts';
import { FileContent } from './file-content.ts';

/** Nanoseconds since the epoch. */
export type Clock = () => bigint;

abstract class VolumeNodeBase {
  readonly ino: bigint;
  mode: number;
  uid: number;
  gid: number;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
  /** Names that refer to this node (hardlinks); a removed node has 0. */
  nlink = 1;

  constructor(ino: bigint, meta: NodeMeta | undefined, now: bigint) {
    this.ino = ino;
    this.mode = meta?.mode ?? 0o644;
    this.uid = meta?.uid ?? 0;
    this.gid = meta?.gid ?? 0;
    const t = meta ? BigInt(meta.mtime) * 1_000_000_000n : now;
    this.atim = t;
    this.mtim = t;
    this.ctim = t;
  }
}

export class VolumeFile extends VolumeNodeBase {
  readonly kind = 'file';
  readonly content: FileContent;
  constructor(ino: bigint, content: FileContent, meta: NodeMeta | undefined, now: bigint) {
    super(ino, meta, now);
    this.content = content;
  }
}

export class VolumeSymlink extends VolumeNodeBase {
  readonly kind = 'symlink';
  readonly target: string;
  constructor(ino: bigint, target: string, meta: NodeMeta | undefined, now: bigint) {
    super(ino, meta, now);
    this.target = target;
  }
}

export class VolumeDir extends VolumeNodeBase {
  readonly kind = 'dir';
  /** The containing directory; the root is its own parent. */
  parent: VolumeDir;
  readonly #volume: Volume;
  #image: DirNode | null;
  #entries: Map<string, VolumeNode> | null = null;

  constructor(
    volume: Volume,
    ino: bigint,
    image: DirNode | null,
    parent: VolumeDir | null,
    meta: NodeMeta | undefined,
    now: bigint,
  ) {
    super(ino, meta, now);
    this.#volume = volume;
    this.#image = image;
    this.parent = parent ?? this;
  }

  /** False while nothing looked inside: the directory is still exactly the image's. */
  get opened(): boolean {
    return this.#entries !== null;
  }

  /** The image directory this one still is, while unopened. */
  get unopened(): DirNode | null {
    return this.#entries === null ? this.#image : null;
  }

  /** The directory's entries; the first call wraps the image's children (not their contents). */
  get entries(): Map<string, VolumeNode> {
    if (!this.#entries) {
      const map = new Map<string, VolumeNode>();
      if (this.#image) for (const [name, child] of this.#image.entries) map.set(name, this.#volume.wrap(child, this));
      this.#entries = map;
      this.#image = null;
    }
    return this.#entries;
  }
}

export type VolumeNode = VolumeFile | VolumeDir | VolumeSymlink;

export class Volume {
  readonly root: VolumeDir;
  readonly clock: Clock;
  #nextIno = 1n;
  /** Image node -> its node in this volume, so hardlinks stay one node. */
  readonly #wrapped = new Map<TreeNode, VolumeNode>();
  /** The reverse: which image node a volume node stands for (none for nodes the run made). */
  readonly #origin = new WeakMap<VolumeNode, TreeNode>();

  constructor(image: DirNode, clock: Clock = () => BigInt(Date.now()) * 1_000_000n) {
    this.clock = clock;
    this.root = new VolumeDir(this, this.#ino(), image, null, image, clock());
    this.#origin.set(this.root, image);
  }

  #ino(): bigint {
    return this.#nextIno++;
  }

  /** This volume's node for an image node (created once). */
  wrap(node: TreeNode, parent: VolumeDir): VolumeNode {
    const known = this.#wrapped.get(node);
    if (known) {
      known.nlink++; // one more name for a hardlinked file
      return known;
    }
    const now = this.clock();
    let out: VolumeNode;
    if (node.kind === 'file') {
      out = new VolumeFile(this.#ino(), new FileContent(node.data), node, now);
    } else if (node.kind === 'symlink') {
      out = new VolumeSymlink(this.#ino(), node.target, node, now);
    } else {
      out = new VolumeDir(this, this.#ino(), node, parent, node, now);
    }
    this.#wrapped.set(node, out);
    this.#origin.set(out, node);
    return out;
  }

  /** The image node `node` was opened from; undefined for nodes this volume made. */
  origin(node: VolumeNode): TreeNode | undefined {
    return this.#origin.get(node);
  }

  /** A new file; `data` is shared until written, as image bytes are. */
  newFile(mode = 0o644, data: Uint8Array = new Uint8Array(0)): VolumeFile {
    const f = new VolumeFile(this.#ino(), new FileContent(data), undefined, this.clock());
    f.mode = mode;
    return f;
  }

  newDir(parent: VolumeDir, mode = 0o755): VolumeDir {
    const d = new VolumeDir(this, this.#ino(), null, parent, undefined, this.clock());
    d.mode = mode;
    return d;
  }

  newSymlink(target: string): VolumeSymlink {
    const s = new VolumeSymlink(this.#ino(), target, undefined, this.clock());
    s.mode = 0o777;
    return s;
  }
}

/** A fresh writable view of `image` for one run. */
export function openVolume(image: DirNode, clock?: Clock): Volume {
  return new Volume(image, clock);
}
