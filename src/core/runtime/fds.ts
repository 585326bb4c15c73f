// The open-file objects of a run, on the shim's Fd base class: regular files, directories
// (preopens included), stdin and the two output streams; and the table that numbers them.
import { Fd } from '@bjorn3/browser_wasi_shim';
import type { VolumeDir, VolumeFile, VolumeNode } from '../rootfs/index.ts';
import type { Filestat } from './abi.ts';
import { E, FDFLAGS, FILETYPE, STDIO_RIGHTS, WHENCE } from './defs.ts';
import type { OutputBuffer, StdinSource } from './stdio.ts';

export function filetypeOf(node: VolumeNode): number {
  return node.kind === 'file'
    ? FILETYPE.REGULAR_FILE
    : node.kind === 'dir'
      ? FILETYPE.DIRECTORY
      : FILETYPE.SYMBOLIC_LINK;
}

export function statOf(node: VolumeNode): Filestat {
  const size =
    node.kind === 'file'
      ? node.content.size
      : node.kind === 'symlink'
        ? new TextEncoder().encode(node.target).byteLength
        : 4096;
  return {
    dev: 1n,
    ino: node.ino,
    filetype: filetypeOf(node),
    nlink: BigInt(node.nlink),
    size: BigInt(size),
    atim: node.atim,
    mtim: node.mtim,
    ctim: node.ctim,
  };
}

/** Common to all our fds: rights and flags as fd_fdstat_get reports them. */
export abstract class HostFd extends Fd {
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags: number;
  abstract readonly filetype: number;

  constructor(rightsBase: bigint, rightsInheriting: bigint, fdflags = 0) {
    super();
    this.rightsBase = rightsBase;
    this.rightsInheriting = rightsInheriting;
    this.fdflags = fdflags;
  }

  can(right: bigint): boolean {
    return (this.rightsBase & right) === right;
  }

  abstract stat(): Filestat;
}

export class FileFd extends HostFd {
  readonly filetype = FILETYPE.REGULAR_FILE;
  readonly node: VolumeFile;
  readonly #now: () => bigint;
  position = 0;

  constructor(node: VolumeFile, rightsBase: bigint, rightsInheriting: bigint, fdflags: number, now: () => bigint) {
    super(rightsBase, rightsInheriting, fdflags);
    this.node = node;
    this.#now = now;
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    const data = this.node.content.read(this.position, size);
    this.position += data.byteLength;
    return { ret: E.SUCCESS, data };
  }

  override fd_pread(size: number, offset: bigint): { ret: number; data: Uint8Array } {
    return { ret: E.SUCCESS, data: this.node.content.read(Number(offset), size) };
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    if (this.fdflags & FDFLAGS.APPEND) this.position = this.node.content.size;
    const n = this.node.content.write(this.position, data);
    this.position += n;
    this.touch();
    return { ret: E.SUCCESS, nwritten: n };
  }

  override fd_pwrite(data: Uint8Array, offset: bigint): { ret: number; nwritten: number } {
    // POSIX says pwrite ignores O_APPEND's position rule (Linux appends anyway); preview1
    // hosts (wasmtime) write at the offset and leave the fd position alone.
    const n = this.node.content.write(Number(offset), data);
    this.touch();
    return { ret: E.SUCCESS, nwritten: n };
  }

  override fd_seek(offset: bigint, whence: number): { ret: number; offset: bigint } {
    let base: bigint;
    if (whence === WHENCE.SET) base = 0n;
    else if (whence === WHENCE.CUR) base = BigInt(this.position);
    else if (whence === WHENCE.END) base = BigInt(this.node.content.size);
    else return { ret: E.INVAL, offset: 0n };
    const next = base + offset;
    if (next < 0n) return { ret: E.INVAL, offset: 0n };
    if (next > BigInt(Number.MAX_SAFE_INTEGER)) return { ret: E.OVERFLOW, offset: 0n };
    this.position = Number(next);
    return { ret: E.SUCCESS, offset: next };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: E.SUCCESS, offset: BigInt(this.position) };
  }

  stat(): Filestat {
    return statOf(this.node);
  }

  touch(): void {
    const now = this.#now();
    this.node.mtim = now;
    this.node.ctim = now;
  }
}

export class DirFd extends HostFd {
  readonly filetype = FILETYPE.DIRECTORY;
  readonly node: VolumeDir;
  /** The preopen name ("/"), for fd_prestat_get; undefined for directories the guest opened. */
  readonly preopen: string | undefined;
  /**
   * Set on the preopens of a run with a working directory (preopens.ts): the path from the
   * volume root this fd stands for. Names beneath it resolve from the root through this path,
   * so ".." climbs above it and absolute symlinks work, as they do for a process's cwd.
   */
  readonly rootPath: string | undefined;
  /** The working directory's preopen: a name not found beneath it is looked for from the root (preopens.ts). */
  readonly fallbackToRoot: boolean;
  /** The listing fd_readdir pages through, taken at cookie 0 so cookies stay stable. */
  listing: Array<[string, VolumeNode]> | null = null;

  constructor(
    node: VolumeDir,
    rightsBase: bigint,
    rightsInheriting: bigint,
    preopen?: string,
    rootPath?: string,
    fallbackToRoot = false,
  ) {
    super(rightsBase, rightsInheriting, 0);
    this.node = node;
    this.preopen = preopen;
    this.rootPath = rootPath;
    this.fallbackToRoot = fallbackToRoot;
  }

  stat(): Filestat {
    return statOf(this.node);
  }
}

const STDIO_STAT = (ino: bigint, filetype: number): Filestat => ({
  dev: 0n,
  ino,
  filetype,
  nlink: 1n,
  size: 0n,
  atim: 0n,
  mtim: 0n,
  ctim: 0n,
});

export class StdinFd extends HostFd {
  readonly filetype: number;
  readonly source: StdinSource;
  /** Called before blocking for input, so prompts written so far reach the user. */
  readonly beforeBlock: () => void;

  constructor(source: StdinSource, tty: boolean, beforeBlock: () => void) {
    super(STDIO_RIGHTS, 0n);
    this.source = source;
    this.filetype = tty ? FILETYPE.CHARACTER_DEVICE : FILETYPE.UNKNOWN;
    this.beforeBlock = beforeBlock;
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    if (this.source.available() === 0) {
      if (this.fdflags & FDFLAGS.NONBLOCK) return { ret: E.AGAIN, data: new Uint8Array(0) };
      this.beforeBlock();
    }
    return { ret: E.SUCCESS, data: this.source.read(size) };
  }

  override fd_write(): { ret: number; nwritten: number } {
    return { ret: E.BADF, nwritten: 0 };
  }

  stat(): Filestat {
    return STDIO_STAT(0n, this.filetype);
  }
}

export class OutputFd extends HostFd {
  readonly filetype: number;
  readonly out: OutputBuffer;
  readonly #ino: bigint;

  constructor(out: OutputBuffer, tty: boolean, ino: bigint) {
    super(STDIO_RIGHTS, 0n);
    this.out = out;
    this.filetype = tty ? FILETYPE.CHARACTER_DEVICE : FILETYPE.UNKNOWN;
    this.#ino = ino;
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    this.out.write(data);
    return { ret: E.SUCCESS, nwritten: data.byteLength };
  }

  override fd_read(): { ret: number; data: Uint8Array } {
    return { ret: E.BADF, data: new Uint8Array(0) };
  }

  stat(): Filestat {
    return STDIO_STAT(this.#ino, this.filetype);
  }
}

/** Numbered fds; new ones take the lowest free number, as POSIX open() does. */
export class FdTable {
  readonly #fds: Array<HostFd | undefined> = [];

  constructor(initial: HostFd[]) {
    this.#fds.push(...initial);
  }

  get(fd: number): HostFd | undefined {
    return this.#fds[fd];
  }

  add(f: HostFd): number {
    let i = 0;
    while (i < this.#fds.length && this.#fds[i] !== undefined) i++;
    this.#fds[i] = f;
    return i;
  }

  remove(fd: number): void {
    this.#fds[fd] = undefined;
    while (this.#fds.length > 0 && this.#fds[this.#fds.length - 1] === undefined) this.#fds.pop();
  }

  set(fd: number, f: HostFd): void {
    this.#fds[fd] = f;
  }
}
