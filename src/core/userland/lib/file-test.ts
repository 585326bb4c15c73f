// The file tests of test(1), [ and bash's conditionals (-e, -f, -d, -O and the rest) over the
// volume, so that every shell and program answers alike. Every process of a RUN step is root:
// -r and -w ask only whether the file exists, and -O and -G whether root owns it (uid or gid 0),
// as they do for root on Linux.
import type { VolumeNode } from '../../rootfs/index.ts';

/** `lookup(path, follow)`: the node, or undefined when anything on the way is missing. */
export type Lookup = (path: string, follow: boolean) => VolumeNode | undefined;

/** Whether unary file test `op` holds for `path` (false for an operator that is not one). */
export function fileTest(op: string, path: string, lookup: Lookup): boolean {
  if (path === '') return false;
  if (op === '-h' || op === '-L') return lookup(path, false)?.kind === 'symlink';
  const n = lookup(path, true);
  if (!n) return false;
  switch (op) {
    case '-e':
    case '-r':
    case '-w':
      return true;
    case '-f':
      return n.kind === 'file';
    case '-d':
      return n.kind === 'dir';
    case '-s':
      return n.kind !== 'file' || n.content.size > 0;
    case '-x':
      return n.kind === 'dir' || (n.mode & 0o111) !== 0;
    case '-u':
      return (n.mode & 0o4000) !== 0;
    case '-g':
      return (n.mode & 0o2000) !== 0;
    case '-k':
      return (n.mode & 0o1000) !== 0;
    case '-O':
      return n.uid === 0;
    case '-G':
      return n.gid === 0;
    case '-N':
      return n.mtim > n.atim;
    default:
      return false; // -b -c -p -S: the volume has no devices, pipes or sockets
  }
}
