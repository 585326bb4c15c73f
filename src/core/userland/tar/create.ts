// tar -c: the members for the operands, walked as GNU tar walks them (a directory, then its
// entries; names as given, "./x" under "."), in byte order (GNU's --sort=name; readdir order
// would differ between hosts). Modes, owners, mtimes, symlinks as links (unless -h) and a
// second name of a file already archived as a hard link.
import type { VolumeNode } from '../../rootfs/index.ts';
import type { TarMember } from '../../oci/index.ts';
import { idNames, joinPath, strerror } from '../lib/index.ts';
import type { TarRun } from './members.ts';

/** An operand with the directory the -C options before it lead to (undefined: the cwd). */
export interface CreateOperand {
  name: string;
  dir: string | undefined;
}

/** Told of each member as it is added (for -v). */
type Say = (member: TarMember) => void;

export function createMembers(
  run: TarRun,
  operands: readonly CreateOperand[],
  archive: VolumeNode | undefined,
  say: Say,
): TarMember[] {
  const { c, o } = run;
  const fs = c.fs;
  const users = idNames(c.fs, '/etc/passwd');
  const groups = idNames(c.fs, '/etc/group');
  const members: TarMember[] = [];
  /** The first name each multiply-linked file was archived under. */
  const firstName = new Map<VolumeNode, string>();

  /** `label`: how a missing operand is named (as typed, without the -C directory). */
  const add = (path: string, name: string, label = name): void => {
    const node = fs.lookup(path, o.dereference);
    if (!node) {
      const errno = fs.lookup(path, false) ? 'ELOOP' : 'ENOENT';
      run.error(`${label}: Cannot stat: ${strerror(errno)}`);
      return;
    }
    if (run.excluded(name)) return;
    // GNU skips the archive it is writing without a word (`tar czf out.tgz .`).
    if (node === archive) return;
    const uid = o.owner?.[1] ?? node.uid;
    const gid = o.group?.[1] ?? node.gid;
    const meta = {
      mode: node.mode & 0o7777,
      uid,
      gid,
      mtime: o.mtime ?? Number(node.mtim / 1_000_000_000n),
      uname: o.numericOwner ? '' : (o.owner?.[0] ?? users.get(uid) ?? ''),
      gname: o.numericOwner ? '' : (o.group?.[0] ?? groups.get(gid) ?? ''),
    };
    if (node.kind === 'dir') {
      const dirName = name === '.' ? './' : name.endsWith('/') ? name : `${name}/`;
      members.push({ name: dirName, type: 'directory', ...meta });
      say(members[members.length - 1]!);
      if (!o.recursion) return;
      for (const child of fs.names(node)) add(joinPath(path, child), dirName + child);
      return;
    }
    const first = node.nlink > 1 ? firstName.get(node) : undefined;
    if (first !== undefined) {
      members.push({ name, type: 'hardlink', linkname: first, ...meta });
    } else if (node.kind === 'symlink') {
      members.push({ name, type: 'symlink', linkname: node.target, ...meta });
    } else {
      if (node.nlink > 1) firstName.set(node, name);
      members.push({ name, type: 'file', data: node.content.bytes(), ...meta });
    }
    say(members[members.length - 1]!);
  };

  for (const op of operands) {
    const trimmed = op.name.length > 1 ? op.name.replace(/\/+$/, '') : op.name;
    const path = op.dir === undefined || op.name.startsWith('/') ? trimmed : joinPath(op.dir, trimmed);
    add(path, run.safeName(trimmed, 'member names'), trimmed);
  }
  return members;
}
