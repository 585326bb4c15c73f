// preview1's fd_* functions: operations on open file descriptors.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
import { DIRENT_SIZE, utf8 } from './abi.ts';
import { getDir, getFd, getFile, type HostContext } from './host-context.ts';
import { E, FDFLAGS, RIGHTS } from './defs.ts';
import { DirFd, FileFd, OutputFd, StdinFd, filetypeOf, type HostFd } from './fds.ts';
import { setTimes } from './times.ts';

type Imports = Record<string, (...args: never[]) => number>;

export function fdImports(ctx: HostContext): Imports {
  const { mem } = ctx;

  const readInto = (f: HostFd, iovs: number, iovsLen: number, nreadPtr: number, offset: bigint | null): number => {
    let total = 0;
    for (const [buf, len] of mem.iovecs(iovs, iovsLen)) {
      if (len === 0) continue;
      // Input that is not there yet must not block a read that already has some.
      if (total > 0 && f instanceof StdinFd && f.source.available() <= 0) break;
      let n: number;
      if (f instanceof FileFd) {
        // Straight from the file's storage into guest memory: no intermediate copy.
        const at = offset === null ? f.position : Number(offset) + total;
        n = f.node.content.readInto(at, mem.u8.subarray(buf, buf + len));
        if (offset === null) f.position += n;
      } else {
        const { ret, data } = offset === null ? f.fd_read(len) : f.fd_pread(len, offset + BigInt(total));
        if (ret !== E.SUCCESS) {
          if (total > 0) break;
          return ret;
        }
        mem.u8.set(data, buf);
        n = data.byteLength;
      }
      total += n;
      if (n < len) break;
    }
    mem.u32(nreadPtr, total);
    return E.SUCCESS;
  };

  const writeFrom = (f: HostFd, iovs: number, iovsLen: number, nwrittenPtr: number, offset: bigint | null): number => {
    let total = 0;
    for (const [buf, len] of mem.iovecs(iovs, iovsLen)) {
      if (len === 0) continue;
      // A view into guest memory: file and output writes copy it before it can change.
      const data = mem.u8.subarray(buf, buf + len);
      if (data.byteLength !== len) return E.FAULT;
      const { ret, nwritten } = offset === null ? f.fd_write(data) : f.fd_pwrite(data, offset + BigInt(total));
      if (ret !== E.SUCCESS) {
        if (total > 0) break;
        return ret;
      }
      total += nwritten;
    }
    mem.u32(nwrittenPtr, total);
    return E.SUCCESS;
  };

  return {
    fd_advise(fd: number, _offset: bigint, _len: bigint, advice: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (advice > 5) return E.INVAL;
      if (f instanceof DirFd) return E.BADF;
      if (!(f instanceof FileFd)) return E.SPIPE;
      return E.SUCCESS;
    },
    fd_allocate(fd: number, offset: bigint, len: bigint): number {
      const f = getFile(ctx, fd);
      if (typeof f === 'number') return f === E.ISDIR ? E.BADF : f;
      if (!f.can(RIGHTS.FD_WRITE)) return E.BADF;
      const end = offset + len;
      if (end > BigInt(f.node.content.size)) f.node.content.resize(Number(end));
      return E.SUCCESS;
    },
    fd_close(fd: number): number {
      if (!ctx.fds.get(fd)) return E.BADF;
      ctx.fds.remove(fd);
      return E.SUCCESS;
    },
    fd_datasync(fd: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof FileFd && !f.can(RIGHTS.FD_WRITE)) return E.BADF;
      if (f instanceof OutputFd) f.out.flush();
      return E.SUCCESS;
    },
    fd_sync(fd: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof OutputFd) f.out.flush();
      return E.SUCCESS;
    },
    fd_fdstat_get(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      mem.fdstat(ptr, {
        filetype: f.filetype,
        flags: f.fdflags,
        rights_base: f.rightsBase,
        rights_inheriting: f.rightsInheriting,
      });
      return E.SUCCESS;
    },
    fd_fdstat_set_flags(fd: number, flags: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (flags & ~0x1f) return E.INVAL;
      // Only append and non-blocking mean anything here; the sync flags cannot be changed
      // after open on Linux either.
      if (flags & (FDFLAGS.DSYNC | FDFLAGS.RSYNC | FDFLAGS.SYNC)) return E.NOTSUP;
      if (f instanceof DirFd && flags !== 0) return E.BADF;
      f.fdflags = flags;
      return E.SUCCESS;
    },
    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      // Rights can only be dropped, never gained.
      if ((base & ~f.rightsBase) !== 0n || (inheriting & ~f.rightsInheriting) !== 0n) return E.NOTCAPABLE;
      f.rightsBase = base;
      f.rightsInheriting = inheriting;
      return E.SUCCESS;
    },
    fd_filestat_get(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      mem.filestat(ptr, f.stat());
      return E.SUCCESS;
    },
    fd_filestat_set_size(fd: number, size: bigint): number {
      const f = getFile(ctx, fd);
      if (typeof f === 'number') return f === E.ISDIR ? E.BADF : f;
      if (!f.can(RIGHTS.FD_WRITE)) return E.BADF;
      if (size > BigInt(2 ** 32)) return E.FBIG;
      f.node.content.resize(Number(size));
      f.touch();
      return E.SUCCESS;
    },
    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof FileFd || f instanceof DirFd) return setTimes(f.node, atim, mtim, flags, ctx.clocks.realtime());
      return flags & ~0xf ? E.INVAL : E.SUCCESS;
    },
    fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof DirFd) return E.ISDIR;
      if (!(f instanceof FileFd)) return E.SPIPE;
      if (!f.can(RIGHTS.FD_READ)) return E.BADF;
      return readInto(f, iovs, iovsLen, nreadPtr, offset);
    },
    fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof DirFd) return E.ISDIR;
      if (!(f instanceof FileFd)) return E.SPIPE;
      if (!f.can(RIGHTS.FD_WRITE)) return E.BADF;
      return writeFrom(f, iovs, iovsLen, nwrittenPtr, offset);
    },
    fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof DirFd) return E.ISDIR;
      if (f instanceof OutputFd || !f.can(RIGHTS.FD_READ)) return E.BADF;
      if (f instanceof StdinFd) ctx.flush();
      return readInto(f, iovs, iovsLen, nreadPtr, null);
    },
    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof DirFd) return E.ISDIR;
      if (f instanceof StdinFd || !f.can(RIGHTS.FD_WRITE)) return E.BADF;
      return writeFrom(f, iovs, iovsLen, nwrittenPtr, null);
    },
    fd_prestat_get(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (!(f instanceof DirFd) || f.preopen === undefined) return E.BADF;
      mem.view.setUint32(ptr, 0, true); // preopentype dir
      mem.u32(ptr + 4, utf8(f.preopen).byteLength);
      return E.SUCCESS;
    },
    fd_prestat_dir_name(fd: number, ptr: number, len: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (!(f instanceof DirFd) || f.preopen === undefined) return E.BADF;
      const name = utf8(f.preopen);
      if (name.byteLength > len) return E.NAMETOOLONG;
      mem.u8.set(name, ptr);
      return E.SUCCESS;
    },
    fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
      const d = getDir(ctx, fd);
      if (typeof d === 'number') return d;
      if (!d.can(RIGHTS.FD_READDIR)) return E.BADF;
      if (cookie === 0n || !d.listing) {
        d.listing = [['.', d.node], ['..', d.node.parent], ...d.node.entries];
      }
      let used = 0;
      const u8 = mem.u8;
      for (let i = Number(cookie); i < d.listing.length && used < bufLen; i++) {
        const [name, node] = d.listing[i]!;
        const nameBytes = utf8(name);
        const entry = new Uint8Array(DIRENT_SIZE + nameBytes.byteLength);
        const v = new DataView(entry.buffer);
        v.setBigUint64(0, BigInt(i + 1), true);
        v.setBigUint64(8, node.ino, true);
        v.setUint32(16, nameBytes.byteLength, true);
        v.setUint8(20, filetypeOf(node));
        entry.set(nameBytes, DIRENT_SIZE);
        // A last entry that does not fit is cut short: a full buffer tells the guest to ask again.
        const n = Math.min(entry.byteLength, bufLen - used);
        u8.set(entry.subarray(0, n), buf + used);
        used += n;
      }
      mem.u32(bufusedPtr, used);
      return E.SUCCESS;
    },
    fd_renumber(from: number, to: number): number {
      const f = ctx.fds.get(from);
      if (!f || !ctx.fds.get(to)) return E.BADF;
      if (from === to) return E.SUCCESS;
      ctx.fds.set(to, f);
      ctx.fds.remove(from);
      return E.SUCCESS;
    },
    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof DirFd) return E.BADF;
      if (!(f instanceof FileFd)) return E.SPIPE;
      if (!f.can(RIGHTS.FD_SEEK) && !(offset === 0n && whence === 1 && f.can(RIGHTS.FD_TELL))) return E.BADF;
      const { ret, offset: out } = f.fd_seek(offset, whence);
      if (ret !== E.SUCCESS) return ret;
      mem.u64(newOffsetPtr, out);
      return E.SUCCESS;
    },
    fd_tell(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f instanceof DirFd) return E.BADF;
      if (!(f instanceof FileFd)) return E.SPIPE;
      if (!f.can(RIGHTS.FD_TELL)) return E.BADF;
      mem.u64(ptr, BigInt(f.position));
      return E.SUCCESS;
    },
  };
}
