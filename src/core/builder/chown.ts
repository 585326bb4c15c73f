// --chown=user[:group] as Docker resolves it: numbers are used as they are, names are looked
// up in the destination stage's /etc/passwd and /etc/group; a user without a group uses the
// user's number for the group too (Docker documents this for numeric and named users alike).

import { WharfError } from '../errors.ts';
import type { Snapshot } from './snapshot.ts';

export function resolveChown(spec: string, fs: Snapshot): { uid: number; gid: number } {
  const [user = '', group] = spec.split(':', 2);
  if (user === '') throw new WharfError('DOCKERFILE_SEMANTIC', `invalid --chown "${spec}": no user`);
  const uid = lookup(user, fs, 'etc/passwd', 'user');
  const gid = group === undefined || group === '' ? uid : lookup(group, fs, 'etc/group', 'group');
  return { uid, gid };
}

function lookup(name: string, fs: Snapshot, file: string, what: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const data = fs.stat(file)?.data;
  if (data) {
    for (const line of new TextDecoder().decode(data).split('\n')) {
      const fields = line.split(':');
      if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
    }
  }
  throw new WharfError('DOCKERFILE_SEMANTIC', `unable to find ${what} ${name}: no matching entries in /${file}`);
}
