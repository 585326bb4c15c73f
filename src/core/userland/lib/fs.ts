// The volume as the shell and its commands see it: absolute and cwd-relative paths with
// Linux's rules, which differ from the WASI host's fd-relative resolution (paths.ts): "/.."
// is "/", and an absolute symlink target restarts at the root. Changes stamp times from the
// volume's clock and keep link counts, so what a RUN step writes becomes its layer as is.
import { clean } from '../../path.ts';
import type { Volume, VolumeDir, VolumeFile, VolumeNode } from '../../rootfs/index.ts';
import { UMASK } from '../../runtime/process.ts';
import type { Sink } from '../../runtime/stdio.ts';
import type { Errno } from './errno.ts';
import { FsError } from './errors.ts';

/** The runtime's file mode creation mask, which every program here runs with too. */
export { UMASK };

const MAX_SYMLINKS = 40;

export interface Found {
  /** The directory holding `name`. */
  dir: VolumeDir;
  /** The last name; "." or ".." when the path ends so (then `node` is that directory). */
  name: string;
  node: VolumeNode | undefined;
  trailingSlash: boolean;
}

export function isDevNull(abs: string): boolean {
  return clean(abs) === '/dev/null';
}

export class Fs {
  readonly volume: Volume;
  readonly cwd: string;
  /** The mode bits files and directories made here lose: a shell's own, after `umask`. */
  readonly umask: number;

  constructor(volume: Volume, cwd: string, umask = UMASK) {
    this.volume = volume;
    this.cwd = cwd.startsWith('/') ? cwd : `/${cwd}`;
    this.umask = umask;
  }

  now(): bigint {
    return this.volume.clock();
  }

  abs(path: string): string {
    if (path.startsWith('/')) return path;
    return this.cwd === '/' ? `/${path}` : `${this.cwd}/${path}`;
  }

  /** Resolves `path`, following a symlink in the last position when `follow`; an errno on failure. */
  find(path: string, follow: boolean): Found | Errno {
    if (path === '') return 'ENOENT';
    if (path.includes('\0')) return 'EINVAL';
    const abs = this.abs(path);
    const root = this.volume.root;
    let trailingSlash = abs.length > 1 && (abs.endsWith('/') || abs.endsWith('/.'));
    let parts = split(abs);
    let stack: VolumeDir[] = [root];
    let links = 0;
    if (parts.length === 0) return { dir: root, name: '.', node: root, trailingSlash: false };
    while (parts.length > 0) {
      const name = parts.shift()!;
      const top = stack[stack.length - 1]!;
      const last = parts.length === 0;
      if (name === '..') {
        if (stack.length > 1) stack.pop();
        if (last) {
          const d = stack[stack.length - 1]!;
          return { dir: d.parent, name: '..', node: d, trailingSlash };
        }
        continue;
      }
      const node = top.entries.get(name);
      if (node?.kind === 'symlink' && (!last || follow || trailingSlash)) {
        if (++links > MAX_SYMLINKS) return 'ELOOP';
        if (node.target === '') return 'ENOENT';
        if (node.target.startsWith('/')) stack = [root];
        if (last && node.target.endsWith('/')) trailingSlash = true;
        parts = [...split(node.target), ...parts];
        if (parts.length === 0) {
          const d = stack[stack.length - 1]!;
          return { dir: d.parent, name: '.', node: d, trailingSlash };
        }
        continue;
      }
      if (last) {
        if (trailingSlash && node && node.kind !== 'dir') return 'ENOTDIR';
        return { dir: top, name, node, trailingSlash };
      }
      if (!node) return 'ENOENT';
      if (node.kind !== 'dir') return 'ENOTDIR';
      stack.push(node);
    }
    return 'ENOENT'; // unreachable: the loop returns on the last name
  }

  /** Like `find`, but throws FsError. */
  resolve(path: string, follow = true): Found {
    const r = this.find(path, follow);
    if (typeof r === 'string') throw new FsError(r, path);
    return r;
  }

  /**
   * The canonical absolute path: no symlinks, "." or "..". `missingLast`: the last name may
   * be missing (readlink -f); otherwise every name must exist.
   */
  realpath(path: string, missingLast = false): string {
    const root = this.volume.root;
    let parts = split(this.abs(path));
    const names: string[] = [];
    const dirs: VolumeDir[] = [root];
    let links = 0;
    while (parts.length > 0) {
      const name = parts.shift()!;
      if (name === '..') {
        if (names.length > 0) {
          names.pop();
          dirs.pop();
        }
        continue;
      }
      const node = dirs[dirs.length - 1]!.entries.get(name);
      if (!node) {
        if (missingLast && parts.length === 0) names.push(name);
        else throw new FsError('ENOENT', path);
        break;
      }
      if (node.kind === 'symlink') {
        if (++links > MAX_SYMLINKS) throw new FsError('ELOOP', path);
        if (node.target.startsWith('/')) {
          names.length = 0;
          dirs.length = 1;
        }
        parts = [...split(node.target), ...parts];
        continue;
      }
      names.push(name);
      if (node.kind === 'file') {
        if (parts.length > 0) throw new FsError('ENOTDIR', path);
        break;
      }
      dirs.push(node);
    }
    return '/' + names.join('/');
  }

  /** The node at `path`, or undefined when anything is missing. */
  lookup(path: string, follow = true): VolumeNode | undefined {
    const r = this.find(path, follow);
    return typeof r === 'string' ? undefined : r.node;
  }

  /** The node at `path`; throws ENOENT when missing. */
  stat(path: string, follow = true): VolumeNode {
    const r = this.resolve(path, follow);
    if (!r.node) throw new FsError('ENOENT', path);
    return r.node;
  }

  readFile(path: string): Uint8Array {
    if (isDevNull(this.abs(path))) return new Uint8Array(0);
    const node = this.stat(path);
    if (node.kind === 'dir') throw new FsError('EISDIR', path);
    if (node.kind !== 'file') throw new FsError('EINVAL', path);
    node.atim = this.now();
    return node.content.bytes();
  }

  /** The regular file at `path`, created (mode & ~umask) when missing: open(O_CREAT). */
  create(path: string, mode = 0o666, exclusive = false): VolumeFile {
    const r = this.resolve(path, true);
    if (r.node) {
      if (exclusive) throw new FsError('EEXIST', path);
      if (r.node.kind === 'dir') throw new FsError('EISDIR', path);
      if (r.node.kind !== 'file') throw new FsError('EINVAL', path);
      return r.node;
    }
    if (r.trailingSlash) throw new FsError('EISDIR', path);
    const f = this.volume.newFile(mode & ~this.umask & 0o7777);
    this.#attach(r.dir, r.name, f);
    return f;
  }

  /** Replaces (or creates) the file's bytes. */
  writeFile(path: string, data: Uint8Array, mode = 0o666): VolumeFile {
    const f = this.create(path, mode);
    f.content.resize(0);
    f.content.write(0, data);
    this.touch(f);
    return f;
  }

  /**
   * `data` written to a new `output` that takes `input`'s mode, owner and times, as bzip2 and xz
   * leave a file they decompress (bzip2's applySavedFileAttrToOutputFile); `input` goes unless
   * `keep`.
   */
  replaceDecompressed(input: string, output: string, data: Uint8Array, keep: boolean): void {
    const source = this.stat(input);
    if (this.lookup(output, false)) this.unlink(output);
    const f = this.writeFile(output, data);
    f.mode = source.mode;
    f.uid = source.uid;
    f.gid = source.gid;
    f.atim = source.atim;
    f.mtim = source.mtim;
    if (!keep) this.unlink(input);
  }

  /** A sink writing into `path` (created; truncated unless `append`), as `>`/`>>` do. */
  openSink(path: string, append: boolean): Sink {
    if (isDevNull(this.abs(path))) return () => undefined;
    const f = this.create(path);
    if (!append) {
      f.content.resize(0);
      this.touch(f);
    }
    let position = f.content.size;
    return (chunk) => {
      if (append) position = f.content.size;
      f.content.write(position, chunk);
      position += chunk.byteLength;
      this.touch(f);
    };
  }

  mkdir(path: string, mode = 0o777): VolumeDir {
    const r = this.resolve(path, false);
    if (r.node) throw new FsError('EEXIST', path);
    const d = this.volume.newDir(r.dir, mode & ~this.umask & 0o7777);
    this.#attach(r.dir, r.name, d);
    return d;
  }

  /** `mkdir -p`: missing parents get 0777 & ~umask, the last directory exactly `mode`. */
  mkdirParents(path: string, mode: number): void {
    const parts = this.abs(path)
      .split('/')
      .filter((x) => x !== '');
    let prefix = '';
    parts.forEach((part, i) => {
      prefix += `/${part}`;
      const node = this.lookup(prefix);
      if (node?.kind === 'dir') return;
      if (node) throw new FsError(i === parts.length - 1 ? 'EEXIST' : 'ENOTDIR', path);
      const d = this.mkdir(prefix);
      if (i === parts.length - 1) d.mode = mode;
    });
  }

  symlink(target: string, path: string): void {
    const r = this.resolve(path, false);
    if (r.node) throw new FsError('EEXIST', path);
    if (r.trailingSlash) throw new FsError('ENOENT', path);
    this.#attach(r.dir, r.name, this.volume.newSymlink(target));
  }

  /** A hard link: one more name for the same node. */
  link(existing: VolumeNode, path: string): void {
    if (existing.kind === 'dir') throw new FsError('EPERM', path);
    const r = this.resolve(path, false);
    if (r.node) throw new FsError('EEXIST', path);
    existing.nlink++;
    existing.ctim = this.now();
    this.#attach(r.dir, r.name, existing);
  }

  /** Removes a name that is not a directory. */
  unlink(path: string): void {
    const r = this.resolve(path, false);
    if (!r.node) throw new FsError('ENOENT', path);
    if (r.node.kind === 'dir') throw new FsError('EISDIR', path);
    this.#detach(r.dir, r.name);
  }

  /** Removes an empty directory. */
  rmdir(path: string): void {
    const r = this.resolve(path, false);
    if (!r.node) throw new FsError('ENOENT', path);
    if (r.node.kind !== 'dir') throw new FsError('ENOTDIR', path);
    if (r.name === '.' || r.node === this.volume.root) throw new FsError('EBUSY', path);
    if (r.node.entries.size > 0) throw new FsError('ENOTEMPTY', path);
    this.#detach(r.dir, r.name);
  }

  /** Removes `path` and, when it is a directory, everything under it (symlinks not followed). */
  removeTree(path: string): void {
    const r = this.resolve(path, false);
    if (!r.node) throw new FsError('ENOENT', path);
    if (r.node === this.volume.root || r.name === '.' || r.name === '..') throw new FsError('EBUSY', path);
    const clear = (dir: VolumeDir): void => {
      for (const [name, child] of dir.entries) {
        if (child.kind === 'dir') clear(child);
        this.#detach(dir, name);
      }
    };
    if (r.node.kind === 'dir') clear(r.node);
    this.#detach(r.dir, r.name);
  }

  /** rename(2): replaces a file, or an empty directory with a directory. */
  rename(from: string, to: string): void {
    const a = this.resolve(from, false);
    const b = this.resolve(to, false);
    const node = a.node;
    if (!node) throw new FsError('ENOENT', from);
    if (['.', '..'].includes(a.name) || ['.', '..'].includes(b.name)) throw new FsError('EBUSY', from);
    const target = b.node;
    if (target === node) return;
    if (node.kind === 'dir') {
      if (isAncestorOrSelf(node, b.dir)) throw new FsError('EINVAL', to);
      if (target && target.kind !== 'dir') throw new FsError('ENOTDIR', to);
      if (target?.kind === 'dir' && target.entries.size > 0) throw new FsError('ENOTEMPTY', to);
    } else if (target?.kind === 'dir') {
      throw new FsError('EISDIR', to);
    }
    a.dir.entries.delete(a.name);
    this.touch(a.dir);
    if (target) this.#detach(b.dir, b.name);
    b.dir.entries.set(b.name, node);
    if (node.kind === 'dir') node.parent = b.dir;
    node.ctim = this.now();
    this.touch(b.dir);
  }

  /** Entry names of a directory, in byte order (listings here are sorted, for determinism). */
  names(dir: VolumeDir): string[] {
    return [...dir.entries.keys()].sort(compareNames);
  }

  touch(node: VolumeNode): void {
    node.mtim = this.now();
    node.ctim = node.mtim;
  }

  #attach(dir: VolumeDir, name: string, node: VolumeNode): void {
    dir.entries.set(name, node);
    this.touch(dir);
  }

  #detach(dir: VolumeDir, name: string): void {
    const node = dir.entries.get(name);
    dir.entries.delete(name);
    if (node) {
      node.nlink = Math.max(0, node.nlink - 1);
      node.ctim = this.now();
    }
    this.touch(dir);
  }
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

function isAncestorOrSelf(node: VolumeNode, dir: VolumeDir): boolean {
  let d = dir;
  for (;;) {
    if (d === node) return true;
    if (d.parent === d) return false;
    d = d.parent;
  }
}

/** Byte order of names (UTF-16 order agrees with UTF-8 byte order outside surrogates). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ls-style type letter and permission string: "drwxr-xr-x". */
export function modeString(node: VolumeNode): string {
  return (node.kind === 'dir' ? 'd' : node.kind === 'symlink' ? 'l' : '-') + permissionString(node.mode);
}

/** The nine permission letters of a mode, with setuid/setgid/sticky: "rwsr-xr-t". */
export function permissionString(m: number): string {
  const rwx = (shift: number, special: number, ch: string): string => {
    const r = m & (4 << shift) ? 'r' : '-';
    const w = m & (2 << shift) ? 'w' : '-';
    const x = m & (1 << shift);
    const s = m & special;
    return r + w + (s ? (x ? ch : ch.toUpperCase()) : x ? 'x' : '-');
  };
  return rwx(6, 0o4000, 's') + rwx(3, 0o2000, 's') + rwx(0, 0o1000, 't');
}

export function fileSize(node: VolumeNode): number {
  if (node.kind === 'file') return node.content.size;
  if (node.kind === 'symlink') return new TextEncoder().encode(node.target).byteLength;
  return 4096;
}
