// Timestamp updates shared by fd_filestat_set_times and path_filestat_set_times.
import type { VolumeNode } from '../rootfs/index.ts';
import { E, FSTFLAGS } from './defs.ts';

export function setTimes(node: VolumeNode, atim: bigint, mtim: bigint, flags: number, now: bigint): number {
  if (flags & ~0xf) return E.INVAL;
  if (flags & FSTFLAGS.ATIM && flags & FSTFLAGS.ATIM_NOW) return E.INVAL;
  if (flags & FSTFLAGS.MTIM && flags & FSTFLAGS.MTIM_NOW) return E.INVAL;
  if (flags & FSTFLAGS.ATIM) node.atim = atim;
  else if (flags & FSTFLAGS.ATIM_NOW) node.atim = now;
  if (flags & FSTFLAGS.MTIM) node.mtim = mtim;
  else if (flags & FSTFLAGS.MTIM_NOW) node.mtim = now;
  node.ctim = now;
  return E.SUCCESS;
}
