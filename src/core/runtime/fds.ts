// The open-file objects of a run, on the shim's Fd base class: regular files, directories
// (preopens included), stdin and the two output streams, each with its own behaviour for the
// fd_* functions; and the table that numbers them.
import { Fd } from '@bjorn3/browser_wasi_shim';
import type { VolumeDir, VolumeFile, VolumeNode } from '../rootfs/index.ts';
import type { Filestat } from './abi.ts';
import { E, EVENTRWFLAGS_HANGUP, FDFLAGS, FILETYPE, RIGHTS, STDIO_RIGHTS, WHENCE } from './defs.ts';
import type { OutputBuffer, StdinSource } from './stdio.ts';
import { setTimes } from './times.ts';

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

/** poll_oneoff's answer for one fd subscription. */
export interface Readiness {
  error: number;
  nbytes: bigint;
  flags: number;
}

const NOT_POLLABLE: Readiness = { error: E.BADF, nbytes: 0n, flags: 0 };
const WRITABLE: Readiness = { error: E.SUCCESS, nbytes: 0n, flags: 0 };

/**
 * Common to all our fds: rights and flags as fd_fdstat_get reports them, and what each fd_*
 * function does with an fd. The defaults are those of a stream that is neither a file nor a
 * directory (ESPIPE where a position is needed, EBADF where the fd cannot do it); the classes
 * below override what they do otherwise, as browser_wasi_shim's Fd classes do. The import
 * functions (imports-fd.ts) check the arguments, call the method and write the results out.
 */
export abstract class HostFd extends Fd {
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags: number;
  abstract readonly filetype: number;
  /** The preopen name ("/"), for fd_prestat_get; only preopened directories have one. */
  readonly preopen: string | undefined = undefined;

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

  fd_advise(): number {
    return E.SPIPE;
  }

  override fd_allocate(_offset: bigint, _len: bigint): number {
    return E.BADF;
  }

  fd_datasync(): number {
    return this.fd_sync();
  }

  override fd_sync(): number {
    return E.SUCCESS;
  }

  /** Sets the flags fd_fdstat_set_flags already checked. */
  override fd_fdstat_set_flags(flags: number): number {
    this.fdflags = flags;
    return E.SUCCESS;
  }

  override fd_fdstat_set_rights(base: bigint, inheriting: bigint): number {
    // Rights can only be dropped, never gained.
    if ((base & ~this.rightsBase) !== 0n || (inheriting & ~this.rightsInheriting) !== 0n) return E.NOTCAPABLE;
    this.rightsBase = base;
    this.rightsInheriting = inheriting;
    return E.SUCCESS;
  }

  override fd_filestat_set_size(_size: bigint): number {
    return E.BADF;
  }

  override fd_filestat_set_times(_atim: bigint, _mtim: bigint, flags: number): number {
    return flags & ~0xf ? E.INVAL : E.SUCCESS;
  }

  /** Why fd_read (`positional` false) or fd_pread cannot read this fd; SUCCESS when it can. */
  readError(positional: boolean): number {
    if (positional) return E.SPIPE;
    return this.can(RIGHTS.FD_READ) ? E.SUCCESS : E.BADF;
  }

  /** Why fd_write (`positional` false) or fd_pwrite cannot write this fd; SUCCESS when it can. */
  writeError(positional: boolean): number {
    if (positional) return E.SPIPE;
    return this.can(RIGHTS.FD_WRITE) ? E.SUCCESS : E.BADF;
  }

  /** Whether a read finds input now: a read that already has some stops rather than wait. */
  hasInput(): boolean {
    return true;
  }

  /**
   * Reads up to `len` bytes into `u8` (guest memory) at `buf`, from the fd's position (`offset`
   * null) or at `offset`. A buffer past the end of memory throws RangeError (EFAULT).
   */
  readInto(u8: Uint8Array, buf: number, len: number, offset: bigint | null): { ret: number; nread: number } {
    const { ret, data } = offset === null ? this.fd_read(len) : this.fd_pread(len, offset);
    if (ret !== E.SUCCESS) return { ret, nread: 0 };
    u8.set(data, buf);
    return { ret, nread: data.byteLength };
  }

  override fd_seek(_offset: bigint, _whence: number): { ret: number; offset: bigint } {
    return { ret: E.SPIPE, offset: 0n };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: E.SPIPE, offset: 0n };
  }

  /** fd_readdir's listing from cookie 0: ".", ".." and the entries. */
  readdir(_cookie: bigint): { ret: number; listing: Array<[string, VolumeNode]> } {
    return { ret: E.NOTDIR, listing: [] };
  }

  /** poll_oneoff's answer for FD_READ; null while a read would wait for input. */
  pollRead(): Readiness | null {
    return NOT_POLLABLE;
  }

  /** poll_oneoff's answer for FD_WRITE; null while a write would wait (a socket's full buffer). */
  pollWrite(): Readiness | null {
    return NOT_POLLABLE;
  }

  /** Waits up to `ms` for input pollRead answered null for; true once there is some (or its end). */
  waitForInput(_ms: number): boolean {
    return true;
  }

  /** What waitForInput waits on: fds that share one (a network's sockets) need only one wait. */
  waitKey(): unknown {
    return this;
  }
}

/** An fd over a node of the volume: its stat and timestamps are the node's. */
abstract class NodeFd<N extends VolumeFile | VolumeDir> extends HostFd {
  readonly node: N;
  protected readonly now: () => bigint;

  constructor(node: N, rightsBase: bigint, rightsInheriting: bigint, fdflags: number, now: () => bigint) {
    super(rightsBase, rightsInheriting, fdflags);
    this.node = node;
    this.now = now;
  }

  stat(): Filestat {
    return statOf(this.node);
  }

  override fd_filestat_set_times(atim: bigint, mtim: bigint, flags: number): number {
    return setTimes(this.node, atim, mtim, flags, this.now());
  }
}

export class FileFd extends NodeFd<VolumeFile> {
  readonly filetype = FILETYPE.REGULAR_FILE;
  position = 0;

  override fd_advise(): number {
    return E.SUCCESS;
  }

  override fd_allocate(offset: bigint, len: bigint): number {
    if (!this.can(RIGHTS.FD_WRITE)) return E.BADF;
    const end = offset + len;
    if (end > BigInt(this.node.content.size)) this.node.content.resize(Number(end));
    return E.SUCCESS;
  }

  override fd_datasync(): number {
    return this.can(RIGHTS.FD_WRITE) ? E.SUCCESS : E.BADF;
  }

  override fd_filestat_set_size(size: bigint): number {
    if (!this.can(RIGHTS.FD_WRITE)) return E.BADF;
    if (size > BigInt(2 ** 32)) return E.FBIG;
    this.node.content.resize(Number(size));
    this.touch();
    return E.SUCCESS;
  }

  override readError(): number {
    return this.can(RIGHTS.FD_READ) ? E.SUCCESS : E.BADF;
  }

  override writeError(): number {
    return this.can(RIGHTS.FD_WRITE) ? E.SUCCESS : E.BADF;
  }

  /** Straight from the file's storage into guest memory: no intermediate copy. */
  override readInto(u8: Uint8Array, buf: number, len: number, offset: bigint | null): { ret: number; nread: number } {
    const at = offset === null ? this.position : Number(offset);
    const n = this.node.content.readInto(at, u8.subarray(buf, buf + len));
    if (offset === null) this.position += n;
    return { ret: E.SUCCESS, nread: n };
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
    // A seek that only asks for the position needs the tell right alone.
    if (!this.can(RIGHTS.FD_SEEK) && !(offset === 0n && whence === WHENCE.CUR && this.can(RIGHTS.FD_TELL))) {
      return { ret: E.BADF, offset: 0n };
    }
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
    if (!this.can(RIGHTS.FD_TELL)) return { ret: E.BADF, offset: 0n };
    return { ret: E.SUCCESS, offset: BigInt(this.position) };
  }

  override pollRead(): Readiness {
    return { error: E.SUCCESS, nbytes: BigInt(Math.max(0, this.node.content.size - this.position)), flags: 0 };
  }

  override pollWrite(): Readiness {
    return WRITABLE;
  }

  touch(): void {
    const now = this.now();
    this.node.mtim = now;
    this.node.ctim = now;
  }
}

export class DirFd extends NodeFd<VolumeDir> {
  readonly filetype = FILETYPE.DIRECTORY;
  override readonly preopen: string | undefined;
  /**
   * Set on the preopens of a run with a working directory (preopens.ts): the path from the
   * volume root this fd stands for. Names beneath it resolve from the root through this path,
   * so ".." climbs above it and absolute symlinks work, as they do for a process's cwd.
   */
  readonly rootPath: string | undefined;
  /** The working directory's preopen: a name not found beneath it is looked for from the root (preopens.ts). */
  readonly fallbackToRoot: boolean;
  /** The listing fd_readdir pages through, taken at cookie 0 so cookies stay stable. */
  #listing: Array<[string, VolumeNode]> | null = null;

  constructor(
    node: VolumeDir,
    rightsBase: bigint,
    rightsInheriting: bigint,
    now: () => bigint,
    preopen?: string,
    rootPath?: string,
    fallbackToRoot = false,
  ) {
    super(node, rightsBase, rightsInheriting, 0, now);
    this.preopen = preopen;
    this.rootPath = rootPath;
    this.fallbackToRoot = fallbackToRoot;
  }

  override fd_advise(): number {
    return E.BADF;
  }

  override fd_fdstat_set_flags(flags: number): number {
    return flags === 0 ? super.fd_fdstat_set_flags(flags) : E.BADF;
  }

  override readError(): number {
    return E.ISDIR;
  }

  override writeError(): number {
    return E.ISDIR;
  }

  override fd_seek(): { ret: number; offset: bigint } {
    return { ret: E.BADF, offset: 0n };
  }

  override fd_tell(): { ret: number; offset: bigint } {
    return { ret: E.BADF, offset: 0n };
  }

  override readdir(cookie: bigint): { ret: number; listing: Array<[string, VolumeNode]> } {
    if (!this.can(RIGHTS.FD_READDIR)) return { ret: E.BADF, listing: [] };
    if (cookie === 0n || !this.#listing) {
      this.#listing = [['.', this.node], ['..', this.node.parent], ...this.node.entries];
    }
    return { ret: E.SUCCESS, listing: this.#listing };
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
  /** Called before every read, so prompts written so far reach the user before it waits. */
  readonly beforeRead: () => void;

  constructor(source: StdinSource, tty: boolean, beforeRead: () => void) {
    super(STDIO_RIGHTS, 0n);
    this.source = source;
    this.filetype = tty ? FILETYPE.CHARACTER_DEVICE : FILETYPE.UNKNOWN;
    this.beforeRead = beforeRead;
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    this.beforeRead();
    if (this.source.available() === 0 && this.fdflags & FDFLAGS.NONBLOCK) {
      return { ret: E.AGAIN, data: new Uint8Array(0) };
    }
    return { ret: E.SUCCESS, data: this.source.read(size) };
  }

  override fd_write(): { ret: number; nwritten: number } {
    return { ret: E.BADF, nwritten: 0 };
  }

  override writeError(positional: boolean): number {
    return positional ? E.SPIPE : E.BADF;
  }

  override hasInput(): boolean {
    return this.source.available() > 0;
  }

  override pollRead(): Readiness | null {
    const n = this.source.available();
    if (n === 0) return null;
    return { error: E.SUCCESS, nbytes: BigInt(Math.max(n, 0)), flags: n < 0 ? EVENTRWFLAGS_HANGUP : 0 };
  }

  override waitForInput(ms: number): boolean {
    this.source.wait(ms);
    return this.source.available() !== 0;
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

  override fd_sync(): number {
    this.out.flush();
    return E.SUCCESS;
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    this.out.write(data);
    return { ret: E.SUCCESS, nwritten: data.byteLength };
  }

  override fd_read(): { ret: number; data: Uint8Array } {
    return { ret: E.BADF, data: new Uint8Array(0) };
  }

  override readError(positional: boolean): number {
    return positional ? E.SPIPE : E.BADF;
  }

  override pollWrite(): Readiness {
    return WRITABLE;
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
