// preview1's path_* functions: names resolved beneath a directory fd (paths.ts).
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
import { utf8 } from './abi.ts';
import { getDir, type HostContext } from './host-context.ts';
import { DIR_RIGHTS, E, FILE_RIGHTS, LOOKUP_SYMLINK_FOLLOW, OFLAGS, RIGHTS } from './defs.ts';
import { UMASK } from './process.ts';
import { DirFd, FileFd, statOf } from './fds.ts';
import { isAncestor, resolve, type Resolved } from './paths.ts';
import { setTimes } from './times.ts';

type Imports = Record<string, (...args: never[]) => number>;

export function pathImports(ctx: HostContext): Imports {
  const { mem } = ctx;
  const root = ctx.volume.root;

  /** Resolves (fd, path) or returns an errno. */
  const at = (fd: number, ptr: number, len: number, follow: boolean, right?: bigint): Resolved | number => {
    const d = getDir(ctx, fd);
    if (typeof d === 'number') return d;
    if (right !== undefined && !d.can(right)) return E.NOTCAPABLE;
    const path = mem.string(ptr, len);
    if (path === null) return E.ILSEQ;
    if (d.rootPath !== undefined && path !== '' && !path.startsWith('/')) {
      const r = resolve(root, path === '.' ? d.rootPath : `${d.rootPath}/${path}`, follow, root);
      if (d.fallbackToRoot && path !== '.' && (r === E.NOENT || (typeof r !== 'number' && r.node === undefined))) {
        const alt = resolve(root, path, follow, root);
        if (typeof alt !== 'number' && alt.node !== undefined) return alt;
      }
      return r;
    }
    return resolve(d.node, path, follow, root);
  };
  const now = (): bigint => ctx.clocks.realtime();
  const touchDir = (r: Resolved): void => {
    r.dir.mtim = now();
    r.dir.ctim = r.dir.mtim;
  };

  return {
    path_create_directory(fd: number, ptr: number, len: number): number {
      const r = at(fd, ptr, len, false, RIGHTS.PATH_CREATE_DIRECTORY);
      if (typeof r === 'number') return r;
      if (r.node) return E.EXIST;
      r.dir.entries.set(r.name, ctx.volume.newDir(r.dir, 0o777 & ~UMASK));
      touchDir(r);
      return E.SUCCESS;
    },
    path_filestat_get(fd: number, flags: number, ptr: number, len: number, out: number): number {
      const r = at(fd, ptr, len, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0, RIGHTS.PATH_FILESTAT_GET);
      if (typeof r === 'number') return r;
      if (!r.node) return E.NOENT;
      mem.filestat(out, statOf(r.node));
      return E.SUCCESS;
    },
    path_filestat_set_times(
      fd: number,
      flags: number,
      ptr: number,
      len: number,
      atim: bigint,
      mtim: bigint,
      fst: number,
    ): number {
      const r = at(fd, ptr, len, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0, RIGHTS.PATH_FILESTAT_SET_TIMES);
      if (typeof r === 'number') return r;
      if (!r.node) return E.NOENT;
      return setTimes(r.node, atim, mtim, fst, now());
    },
    path_link(
      oldFd: number,
      oldFlags: number,
      oldPtr: number,
      oldLen: number,
      newFd: number,
      newPtr: number,
      newLen: number,
    ): number {
      const from = at(oldFd, oldPtr, oldLen, (oldFlags & LOOKUP_SYMLINK_FOLLOW) !== 0, RIGHTS.PATH_LINK_SOURCE);
      if (typeof from === 'number') return from;
      const to = at(newFd, newPtr, newLen, false, RIGHTS.PATH_LINK_TARGET);
      if (typeof to === 'number') return to;
      if (!from.node) return E.NOENT;
      if (from.node.kind === 'dir') return E.PERM;
      if (to.node) return E.EXIST;
      if (from.trailingSlash || to.trailingSlash) return E.NOENT;
      to.dir.entries.set(to.name, from.node);
      from.node.nlink++;
      from.node.ctim = now();
      touchDir(to);
      return E.SUCCESS;
    },
    path_open(
      fd: number,
      dirflags: number,
      ptr: number,
      len: number,
      oflags: number,
      rightsBase: bigint,
      rightsInheriting: bigint,
      fdflags: number,
      openedPtr: number,
    ): number {
      const r = at(fd, ptr, len, (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0, RIGHTS.PATH_OPEN);
      if (typeof r === 'number') return r;
      let node = r.node;
      if (!node) {
        if (!(oflags & OFLAGS.CREAT)) return E.NOENT;
        if (oflags & OFLAGS.DIRECTORY || r.trailingSlash) return E.ISDIR;
        const parent = getDir(ctx, fd) as DirFd;
        if (!parent.can(RIGHTS.PATH_CREATE_FILE)) return E.NOTCAPABLE;
        node = ctx.volume.newFile(0o666 & ~UMASK);
        r.dir.entries.set(r.name, node);
        touchDir(r);
      } else {
        if (oflags & OFLAGS.CREAT && oflags & OFLAGS.EXCL) return E.EXIST;
        if (node.kind === 'symlink') return oflags & OFLAGS.DIRECTORY ? E.NOTDIR : E.LOOP;
        if (oflags & OFLAGS.DIRECTORY && node.kind !== 'dir') return E.NOTDIR;
      }
      if (node.kind === 'dir') {
        if (oflags & OFLAGS.TRUNC || (rightsBase & RIGHTS.FD_WRITE) !== 0n) return E.ISDIR;
        const d = new DirFd(node, rightsBase & DIR_RIGHTS, rightsInheriting, now);
        d.fdflags = fdflags;
        mem.u32(openedPtr, ctx.fds.add(d));
        return E.SUCCESS;
      }
      const base = rightsBase & FILE_RIGHTS;
      if (oflags & OFLAGS.TRUNC) {
        // Truncating at open is the directory's right (path_filestat_set_size), as in wasmtime.
        if (!(getDir(ctx, fd) as DirFd).can(RIGHTS.PATH_FILESTAT_SET_SIZE)) return E.NOTCAPABLE;
        node.content.resize(0);
      }
      const f = new FileFd(node, base, rightsInheriting, fdflags, now);
      mem.u32(openedPtr, ctx.fds.add(f));
      return E.SUCCESS;
    },
    path_readlink(fd: number, ptr: number, len: number, buf: number, bufLen: number, nreadPtr: number): number {
      const r = at(fd, ptr, len, false, RIGHTS.PATH_READLINK);
      if (typeof r === 'number') return r;
      if (!r.node) return E.NOENT;
      if (r.node.kind !== 'symlink') return E.INVAL;
      const target = utf8(r.node.target);
      const n = Math.min(target.byteLength, bufLen);
      mem.u8.set(target.subarray(0, n), buf);
      mem.u32(nreadPtr, n);
      return E.SUCCESS;
    },
    path_remove_directory(fd: number, ptr: number, len: number): number {
      const r = at(fd, ptr, len, false, RIGHTS.PATH_REMOVE_DIRECTORY);
      if (typeof r === 'number') return r;
      if (!r.node) return E.NOENT;
      if (r.name === '.') return E.INVAL;
      if (r.name === '..') return E.NOTEMPTY;
      if (r.node.kind !== 'dir') return E.NOTDIR;
      if (r.node.entries.size > 0) return E.NOTEMPTY;
      r.dir.entries.delete(r.name);
      r.node.nlink = 0;
      touchDir(r);
      return E.SUCCESS;
    },
    path_rename(oldFd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const from = at(oldFd, oldPtr, oldLen, false, RIGHTS.PATH_RENAME_SOURCE);
      if (typeof from === 'number') return from;
      const to = at(newFd, newPtr, newLen, false, RIGHTS.PATH_RENAME_TARGET);
      if (typeof to === 'number') return to;
      const node = from.node;
      if (!node) return E.NOENT;
      if (from.name === '.' || from.name === '..' || to.name === '.' || to.name === '..') return E.BUSY;
      if (node.kind !== 'dir' && (from.trailingSlash || to.trailingSlash)) return E.NOTDIR;
      const target = to.node;
      if (target === node) return E.SUCCESS;
      if (node.kind === 'dir') {
        if (isAncestor(node, to.dir)) return E.INVAL;
        if (target && target.kind !== 'dir') return E.NOTDIR;
        if (target && target.kind === 'dir' && target.entries.size > 0) return E.NOTEMPTY;
      } else if (target?.kind === 'dir') {
        return E.ISDIR;
      }
      from.dir.entries.delete(from.name);
      if (target) target.nlink = Math.max(0, target.nlink - 1);
      to.dir.entries.set(to.name, node);
      if (node.kind === 'dir') node.parent = to.dir;
      node.ctim = now();
      touchDir(from);
      touchDir(to);
      return E.SUCCESS;
    },
    path_symlink(oldPtr: number, oldLen: number, fd: number, newPtr: number, newLen: number): number {
      const target = mem.string(oldPtr, oldLen);
      if (target === null) return E.ILSEQ;
      const r = at(fd, newPtr, newLen, false, RIGHTS.PATH_SYMLINK);
      if (typeof r === 'number') return r;
      if (r.node) return E.EXIST;
      if (r.trailingSlash) return E.NOENT;
      // An absolute target could only ever escape the directory fd: refused, as wasmtime does.
      if (target.startsWith('/')) return E.PERM;
      r.dir.entries.set(r.name, ctx.volume.newSymlink(target));
      touchDir(r);
      return E.SUCCESS;
    },
    path_unlink_file(fd: number, ptr: number, len: number): number {
      const r = at(fd, ptr, len, false, RIGHTS.PATH_UNLINK_FILE);
      if (typeof r === 'number') return r;
      if (!r.node) return E.NOENT;
      if (r.node.kind === 'dir') return E.ISDIR;
      if (r.trailingSlash) return E.NOTDIR;
      r.dir.entries.delete(r.name);
      r.node.nlink = Math.max(0, r.node.nlink - 1);
      r.node.ctim = now();
      touchDir(r);
      return E.SUCCESS;
    },
  };
}
