// Users and groups by name, from /etc/passwd and /etc/group in the volume (root is 0 without
// them): what ls, stat, chown, install and tar show and take.
import type { Fs } from './fs.ts';
import { fromUtf8 } from './io.ts';

/** Names for uids and gids, from /etc/passwd and /etc/group in the volume. */
export function idNames(fs: Fs, file: string): Map<number, string> {
  const names = new Map<number, string>([[0, 'root']]);
  try {
    for (const line of fromUtf8(fs.readFile(file)).split('\n')) {
      const f = line.split(':');
      if (f[0] && f[2] && /^[0-9]+$/.test(f[2]) && !names.has(Number(f[2]))) names.set(Number(f[2]), f[0]);
    }
  } catch {
    // No such file: numbers it is.
  }
  return names;
}

/** A user or group name (or number) from /etc/passwd or /etc/group in the volume. */
export function lookupId(fs: Fs, file: '/etc/passwd' | '/etc/group', name: string): number | null {
  if (/^[0-9]+$/.test(name)) return Number(name);
  if (name === 'root') return 0;
  let text = '';
  try {
    text = fromUtf8(fs.readFile(file));
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined && /^[0-9]+$/.test(f[2])) return Number(f[2]);
  }
  return null;
}
