// --chown=user[:group] as Docker resolves it: numbers are used as they are, names are looked
// up in the destination stage's /etc/passwd and /etc/group; a user without a group uses the
// user's number for the group too (Docker documents this for numeric and named users alike).

import { WharfError } from '../errors.ts';
import { lookup, type DirNode } from '../rootfs/index.ts';

export function resolveChown(spec: string, fs: DirNode): { uid: number; gid: number } {
  const [user = '', group] = spec.split(':', 2);
  if (user === '') throw new WharfError('DOCKERFILE_SEMANTIC', `invalid --chown "${spec}": no user`);
  const uid = idOf(user, fs, 'etc/passwd', 'user');
  const gid = group === undefined || group === '' ? uid : idOf(group, fs, 'etc/group', 'group');
  return { uid, gid };
}

function idOf(name: string, fs: DirNode, file: string, what: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const node = lookup(fs, file);
  if (node?.kind === 'file') {
    const data = node.data;
    for (const line of new TextDecoder().decode(data).split('\n')) {
      const fields = line.split(':');
      if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
    }
  }
  throw new WharfError('DOCKERFILE_SEMANTIC', `unable to find ${what} ${name}: no matching entries in /${file}`);
}
