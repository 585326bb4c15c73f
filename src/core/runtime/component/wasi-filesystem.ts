// wasi:filesystem (types, preopens) over a run's copy-on-write Volume: the same tree, path
// resolution (paths.ts) and rules as the preview1 host, in WASI 0.2's shapes (descriptors,
// streams, error-code names). https://github.com/WebAssembly/wasi-filesystem/blob/v0.2.0/wit/types.wit
import type { Volume, VolumeDir, VolumeFile, VolumeNode } from '../../rootfs/index.ts';
import { E } from '../defs.ts';
import { isAncestor, resolve, type Resolved } from '../paths.ts';
import { UMASK } from '../process.ts';
import { InputStream, IoError, OutputStream, WasiResultError, type Blocking } from './wasi-io.ts';

type ErrorCode = string;
type DescriptorType = 'directory' | 'regular-file' | 'symbolic-link';
interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
interface PathFlags {
  symlinkFollow?: boolean;
}
interface OpenFlags {
  create?: boolean;
  directory?: boolean;
  exclusive?: boolean;
  truncate?: boolean;
}
interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  mutateDirectory?: boolean;
}

/** preview1 errno -> wasi:filesystem error-code, as wasmtime maps them. */
const CODES = new Map<number, ErrorCode>([
  [E.ACCES, 'access'],
  [E.AGAIN, 'would-block'],
  [E.BADF, 'bad-descriptor'],
  [E.BUSY, 'busy'],
  [E.EXIST, 'exist'],
  [E.FBIG, 'file-too-large'],
  [E.ILSEQ, 'illegal-byte-sequence'],
  [E.INVAL, 'invalid'],
  [E.IO, 'io'],
  [E.ISDIR, 'is-directory'],
  [E.LOOP, 'loop'],
  [E.NAMETOOLONG, 'name-too-long'],
  [E.NOENT, 'no-entry'],
  [E.NOSYS, 'unsupported'],
  [E.NOTSUP, 'unsupported'],
  [E.NOTDIR, 'not-directory'],
  [E.NOTEMPTY, 'not-empty'],
  [E.OVERFLOW, 'overflow'],
  [E.PERM, 'not-permitted'],
  [E.SPIPE, 'invalid-seek'],
  [E.XDEV, 'cross-device'],
  [E.NOTCAPABLE, 'not-permitted'],
]);

const fail = (code: ErrorCode): WasiResultError<ErrorCode> => new WasiResultError(code);
const errno = (e: number): WasiResultError<ErrorCode> => fail(CODES.get(e) ?? 'io');

function typeOf(node: VolumeNode): DescriptorType {
  return node.kind === 'file' ? 'regular-file' : node.kind === 'dir' ? 'directory' : 'symbolic-link';
}

function datetime(ns: bigint): Datetime {
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

function statOf(node: VolumeNode) {
  const size =
    node.kind === 'file'
      ? node.content.size
      : node.kind === 'symlink'
        ? new TextEncoder().encode(node.target).byteLength
        : 4096;
  return {
    type: typeOf(node),
    linkCount: BigInt(node.nlink),
    size: BigInt(size),
    dataAccessTimestamp: datetime(node.atim),
    dataModificationTimestamp: datetime(node.mtim),
    statusChangeTimestamp: datetime(node.ctim),
  };
}

/** What descriptors share: the volume, the clock and how streams block. */
interface FsContext {
  volume: Volume;
  blocking: Blocking;
  now(): bigint;
}

export class DirectoryEntryStream {
  readonly #entries: Array<[string, VolumeNode]>;
  #next = 0;
  constructor(entries: Array<[string, VolumeNode]>) {
    this.#entries = entries;
  }
  readDirectoryEntry(): { type: DescriptorType; name: string } | undefined {
    const e = this.#entries[this.#next++];
    return e && { type: typeOf(e[1]), name: e[0] };
  }
}

export class Descriptor {
  readonly node: VolumeFile | VolumeDir;
  readonly #flags: DescriptorFlags;
  readonly #ctx: FsContext;

  constructor(node: VolumeFile | VolumeDir, flags: DescriptorFlags, ctx: FsContext) {
    this.node = node;
    this.#flags = flags;
    this.#ctx = ctx;
  }

  #file(need: 'read' | 'write'): VolumeFile {
    if (this.node.kind !== 'file') throw fail('is-directory');
    if (!this.#flags[need]) throw fail('bad-descriptor');
    return this.node;
  }

  #dir(): VolumeDir {
    if (this.node.kind !== 'dir') throw fail('not-directory');
    return this.node;
  }

  #mutableDir(): VolumeDir {
    const d = this.#dir();
    if (!this.#flags.mutateDirectory) throw fail('not-permitted');
    return d;
  }

  #at(path: string, follow: boolean): Resolved {
    const root = this.#ctx.volume.root;
    const r = resolve(this.#dir(), path, follow, root);
    if (typeof r === 'number') throw errno(r);
    return r;
  }

  #touch(node: VolumeNode): void {
    node.mtim = this.#ctx.now();
    node.ctim = node.mtim;
  }

  readViaStream(offset: bigint): InputStream {
    const file = this.#file('read');
    let pos = Number(offset);
    const take = (max: number): Uint8Array | null => {
      const out = file.content.read(pos, max).slice();
      pos += out.byteLength;
      return out.byteLength === 0 && max > 0 ? null : out;
    };
    return new InputStream({ tryRead: take, read: take, readiness: { ready: () => true } }, this.#ctx.blocking);
  }

  writeViaStream(offset: bigint): OutputStream {
    return this.#writer(() => Number(offset));
  }

  appendViaStream(): OutputStream {
    return this.#writer(null);
  }

  #writer(start: (() => number) | null): OutputStream {
    const file = this.#file('write');
    let pos = start ? start() : 0;
    const sink = {
      write: (bytes: Uint8Array) => {
        if (!start) pos = file.content.size;
        pos += file.content.write(pos, bytes);
        this.#touch(file);
      },
      flush: () => undefined,
    };
    return new OutputStream(sink, this.#ctx.blocking);
  }

  advise(): void {}
  syncData(): void {}
  sync(): void {}

  getFlags(): DescriptorFlags {
    return { ...this.#flags };
  }

  getType(): DescriptorType {
    return typeOf(this.node);
  }

  setSize(size: bigint): void {
    const file = this.#file('write');
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw fail('file-too-large');
    file.content.resize(Number(size));
    this.#touch(file);
  }

  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    this.#setTimes(this.node, atime, mtime);
  }

  #setTimes(node: VolumeNode, atime: NewTimestamp, mtime: NewTimestamp): void {
    const now = this.#ctx.now();
    const value = (t: NewTimestamp, old: bigint): bigint =>
      t.tag === 'no-change' ? old : t.tag === 'now' ? now : t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
    node.atim = value(atime, node.atim);
    node.mtim = value(mtime, node.mtim);
    node.ctim = now;
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const file = this.#file('read');
    const max = Number(length > 1n << 30n ? 1n << 30n : length);
    const out = file.content.read(Number(offset), max).slice();
    return [out, Number(offset) + out.byteLength >= file.content.size];
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    const file = this.#file('write');
    const n = file.content.write(Number(offset), buffer);
    this.#touch(file);
    return BigInt(n);
  }

  readDirectory(): DirectoryEntryStream {
    return new DirectoryEntryStream([...this.#dir().entries]);
  }

  createDirectoryAt(path: string): void {
    this.#mutableDir();
    const r = this.#at(path, false);
    if (r.node) throw fail('exist');
    r.dir.entries.set(r.name, this.#ctx.volume.newDir(r.dir, 0o777 & ~UMASK));
    this.#touch(r.dir);
  }

  stat() {
    return statOf(this.node);
  }

  statAt(flags: PathFlags, path: string) {
    const r = this.#at(path, flags.symlinkFollow ?? false);
    if (!r.node) throw fail('no-entry');
    return statOf(r.node);
  }

  setTimesAt(flags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): void {
    const r = this.#at(path, flags.symlinkFollow ?? false);
    if (!r.node) throw fail('no-entry');
    this.#setTimes(r.node, atime, mtime);
  }

  linkAt(oldFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    this.#mutableDir();
    newDescriptor.#mutableDir();
    const from = this.#at(oldPath, oldFlags.symlinkFollow ?? false);
    const to = newDescriptor.#at(newPath, false);
    if (!from.node) throw fail('no-entry');
    if (from.node.kind === 'dir') throw fail('not-permitted');
    if (to.node) throw fail('exist');
    if (from.trailingSlash || to.trailingSlash) throw fail('no-entry');
    to.dir.entries.set(to.name, from.node);
    from.node.nlink++;
    from.node.ctim = this.#ctx.now();
    this.#touch(to.dir);
  }

  openAt(flags: PathFlags, path: string, open: OpenFlags, want: DescriptorFlags): Descriptor {
    const r = this.#at(path, flags.symlinkFollow ?? false);
    let node = r.node;
    if (!node) {
      if (!open.create) throw fail('no-entry');
      if (open.directory || r.trailingSlash) throw fail('is-directory');
      this.#mutableDir();
      node = this.#ctx.volume.newFile(0o666 & ~UMASK);
      r.dir.entries.set(r.name, node);
      this.#touch(r.dir);
    } else {
      if (open.create && open.exclusive) throw fail('exist');
      if (node.kind === 'symlink') throw fail(open.directory ? 'not-directory' : 'loop');
      if (open.directory && node.kind !== 'dir') throw fail('not-directory');
    }
    if (node.kind === 'dir') {
      if (open.truncate || want.write) throw fail('is-directory');
      // Directories opened from a writable one stay writable: the volume is the run's own.
      return new Descriptor(node, { read: true, mutateDirectory: this.#flags.mutateDirectory }, this.#ctx);
    }
    if (want.write && !this.#flags.mutateDirectory) throw fail('not-permitted');
    if (open.truncate) {
      if (!want.write) throw fail('not-permitted');
      node.content.resize(0);
    }
    return new Descriptor(node, { read: want.read, write: want.write }, this.#ctx);
  }

  readlinkAt(path: string): string {
    const r = this.#at(path, false);
    if (!r.node) throw fail('no-entry');
    if (r.node.kind !== 'symlink') throw fail('invalid');
    return r.node.target;
  }

  removeDirectoryAt(path: string): void {
    this.#mutableDir();
    const r = this.#at(path, false);
    if (!r.node) throw fail('no-entry');
    if (r.name === '.') throw fail('invalid');
    if (r.name === '..') throw fail('not-empty');
    if (r.node.kind !== 'dir') throw fail('not-directory');
    if (r.node.entries.size > 0) throw fail('not-empty');
    r.dir.entries.delete(r.name);
    r.node.nlink = 0;
    this.#touch(r.dir);
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    this.#mutableDir();
    newDescriptor.#mutableDir();
    const from = this.#at(oldPath, false);
    const to = newDescriptor.#at(newPath, false);
    const node = from.node;
    if (!node) throw fail('no-entry');
    if (from.name === '.' || from.name === '..' || to.name === '.' || to.name === '..') throw fail('busy');
    if (node.kind !== 'dir' && (from.trailingSlash || to.trailingSlash)) throw fail('not-directory');
    const target = to.node;
    if (target === node) return;
    if (node.kind === 'dir') {
      if (isAncestor(node, to.dir)) throw fail('invalid');
      if (target && target.kind !== 'dir') throw fail('not-directory');
      if (target?.kind === 'dir' && target.entries.size > 0) throw fail('not-empty');
    } else if (target?.kind === 'dir') {
      throw fail('is-directory');
    }
    from.dir.entries.delete(from.name);
    if (target) target.nlink = Math.max(0, target.nlink - 1);
    to.dir.entries.set(to.name, node);
    if (node.kind === 'dir') node.parent = to.dir;
    node.ctim = this.#ctx.now();
    this.#touch(from.dir);
    this.#touch(to.dir);
  }

  symlinkAt(oldPath: string, newPath: string): void {
    this.#mutableDir();
    const r = this.#at(newPath, false);
    if (r.node) throw fail('exist');
    if (r.trailingSlash) throw fail('no-entry');
    // An absolute target could only ever escape the descriptor: refused, as wasmtime does.
    if (oldPath.startsWith('/')) throw fail('not-permitted');
    r.dir.entries.set(r.name, this.#ctx.volume.newSymlink(oldPath));
    this.#touch(r.dir);
  }

  unlinkFileAt(path: string): void {
    this.#mutableDir();
    const r = this.#at(path, false);
    if (!r.node) throw fail('no-entry');
    if (r.node.kind === 'dir') throw fail('is-directory');
    if (r.trailingSlash) throw fail('not-directory');
    r.dir.entries.delete(r.name);
    r.node.nlink = Math.max(0, r.node.nlink - 1);
    r.node.ctim = this.#ctx.now();
    this.#touch(r.dir);
  }

  isSameObject(other: Descriptor): boolean {
    return other.node === this.node;
  }

  metadataHash(): { lower: bigint; upper: bigint } {
    return { lower: this.node.ino, upper: 1n };
  }

  metadataHashAt(flags: PathFlags, path: string): { lower: bigint; upper: bigint } {
    const r = this.#at(path, flags.symlinkFollow ?? false);
    if (!r.node) throw fail('no-entry');
    return { lower: r.node.ino, upper: 1n };
  }
}

/** wasi:filesystem's imports: the volume's root preopened as "/" (none without a volume). */
export function filesystemImports(
  volume: Volume | null,
  blocking: Blocking,
  now: () => bigint,
): Record<string, Record<string, unknown>> {
  const ctx: FsContext | null = volume && { volume, blocking, now };
  return {
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      // No stream of this host fails with last-operation-failed, so no io error names a code.
      filesystemErrorCode: (_e: IoError): ErrorCode | undefined => undefined,
    },
    'wasi:filesystem/preopens': {
      getDirectories: (): Array<[Descriptor, string]> =>
        ctx ? [[new Descriptor(ctx.volume.root, { read: true, mutateDirectory: true }, ctx), '/']] : [],
    },
  };
}
