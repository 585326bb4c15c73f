// preview1's fd_* functions: operations on open file descriptors. What an fd does is its own
// class's (fds.ts); these check the arguments, call it and write its answer to guest memory.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
import { concatBytes } from '../bytes.ts';
import { DIRENT_SIZE, utf8 } from './abi.ts';
import { getFd, type HostContext } from './host-context.ts';
import { E, FDFLAGS } from './defs.ts';
import { filetypeOf, type HostFd } from './fds.ts';

type Imports = Record<string, (...args: never[]) => number>;

/** The largest gathered write joined into one buffer (bigger ones go out buffer by buffer). */
const GATHER_MAX = 64 * 1024;

export function fdImports(ctx: HostContext): Imports {
  const { mem } = ctx;

  const readInto = (f: HostFd, iovs: number, iovsLen: number, nreadPtr: number, offset: bigint | null): number => {
    let total = 0;
    for (const [buf, len] of mem.iovecs(iovs, iovsLen)) {
      if (len === 0) continue;
      // Input that is not there yet must not block a read that already has some.
      if (total > 0 && !f.hasInput()) break;
      const { ret, nread } = f.readInto(mem.u8, buf, len, offset === null ? null : offset + BigInt(total));
      if (ret !== E.SUCCESS) {
        if (total > 0) break;
        return ret;
      }
      total += nread;
      if (nread < len) break;
    }
    mem.u32(nreadPtr, total);
    return E.SUCCESS;
  };

  const writeFrom = (f: HostFd, iovs: number, iovsLen: number, nwrittenPtr: number, offset: bigint | null): number => {
    const parts = mem.iovecs(iovs, iovsLen).filter(([, len]) => len > 0);
    const u8 = mem.u8;
    for (const [buf, len] of parts) if (buf + len > u8.byteLength) return E.FAULT;
    // Small gathers go out as one write, as writev(2) does: a line-buffered printf hands over
    // the buffered text and the new line separately, and each write to a pipe or a socket
    // costs a system call and wakes its reader.
    // Views into guest memory: file and output writes copy them before they can change.
    const views = parts.map(([buf, len]) => u8.subarray(buf, buf + len));
    const size = parts.reduce((n, [, len]) => n + len, 0);
    const chunks = views.length > 1 && size <= GATHER_MAX ? [concatBytes(views)] : views;
    let total = 0;
    for (const data of chunks) {
      const { ret, nwritten } = offset === null ? f.fd_write(data) : f.fd_pwrite(data, offset + BigInt(total));
      if (ret !== E.SUCCESS) {
        if (total > 0) break;
        return ret;
      }
      total += nwritten;
      // A short write (a full socket) ends the call: what follows must not go out ahead of the rest.
      if (nwritten < data.byteLength) break;
    }
    mem.u32(nwrittenPtr, total);
    return E.SUCCESS;
  };

  return {
    fd_advise(fd: number, _offset: bigint, _len: bigint, advice: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (advice > 5) return E.INVAL;
      return f.fd_advise();
    },
    fd_allocate(fd: number, offset: bigint, len: bigint): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      return f.fd_allocate(offset, len);
    },
    fd_close(fd: number): number {
      const f = ctx.fds.get(fd);
      if (!f) return E.BADF;
      ctx.fds.remove(fd);
      return f.fd_close();
    },
    fd_datasync(fd: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      return f.fd_datasync();
    },
    fd_sync(fd: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      return f.fd_sync();
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
      return f.fd_fdstat_set_flags(flags);
    },
    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      return f.fd_fdstat_set_rights(base, inheriting);
    },
    fd_filestat_get(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      mem.filestat(ptr, f.stat());
      return E.SUCCESS;
    },
    fd_filestat_set_size(fd: number, size: bigint): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      return f.fd_filestat_set_size(size);
    },
    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      return f.fd_filestat_set_times(atim, mtim, flags);
    },
    fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const ret = f.readError(true);
      return ret === E.SUCCESS ? readInto(f, iovs, iovsLen, nreadPtr, offset) : ret;
    },
    fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const ret = f.writeError(true);
      return ret === E.SUCCESS ? writeFrom(f, iovs, iovsLen, nwrittenPtr, offset) : ret;
    },
    fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const ret = f.readError(false);
      return ret === E.SUCCESS ? readInto(f, iovs, iovsLen, nreadPtr, null) : ret;
    },
    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const ret = f.writeError(false);
      return ret === E.SUCCESS ? writeFrom(f, iovs, iovsLen, nwrittenPtr, null) : ret;
    },
    fd_prestat_get(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f.preopen === undefined) return E.BADF;
      mem.view.setUint32(ptr, 0, true); // preopentype dir
      mem.u32(ptr + 4, utf8(f.preopen).byteLength);
      return E.SUCCESS;
    },
    fd_prestat_dir_name(fd: number, ptr: number, len: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      if (f.preopen === undefined) return E.BADF;
      const name = utf8(f.preopen);
      if (name.byteLength > len) return E.NAMETOOLONG;
      mem.u8.set(name, ptr);
      return E.SUCCESS;
    },
    fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const { ret, listing } = f.readdir(cookie);
      if (ret !== E.SUCCESS) return ret;
      let used = 0;
      const u8 = mem.u8;
      for (let i = Number(cookie); i < listing.length && used < bufLen; i++) {
        const [name, node] = listing[i]!;
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
      ctx.fds.get(to)!.fd_close();
      ctx.fds.set(to, f);
      ctx.fds.remove(from);
      return E.SUCCESS;
    },
    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const { ret, offset: out } = f.fd_seek(offset, whence);
      if (ret !== E.SUCCESS) return ret;
      mem.u64(newOffsetPtr, out);
      return E.SUCCESS;
    },
    fd_tell(fd: number, ptr: number): number {
      const f = getFd(ctx, fd);
      if (typeof f === 'number') return f;
      const { ret, offset } = f.fd_tell();
      if (ret !== E.SUCCESS) return ret;
      mem.u64(ptr, offset);
      return E.SUCCESS;
    },
  };
}
