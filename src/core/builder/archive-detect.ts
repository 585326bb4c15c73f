// ADD's local-archive rule: a local tar (plain or gzip) is unpacked into the destination, as
// Docker does; anything else is copied as a file. bzip2 and xz archives are recognized but not
// unpacked here, so they fail loudly instead of landing as opaque files.

import { gunzipSync } from 'fflate';
import { WharfError } from '../errors.ts';

export type ArchiveKind = 'tar' | 'tar+gzip' | 'bzip2' | 'xz' | 'none';

export function detectArchive(data: Uint8Array): ArchiveKind {
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      return isTar(gunzipSync(data)) ? 'tar+gzip' : 'none';
    } catch {
      return 'none';
    }
  }
  if (data[0] === 0x42 && data[1] === 0x5a && data[2] === 0x68) return 'bzip2';
  if (data[0] === 0xfd && data[1] === 0x37 && data[2] === 0x7a && data[3] === 0x58 && data[4] === 0x5a) return 'xz';
  return isTar(data) ? 'tar' : 'none';
}

/** The uncompressed tar bytes of an archive ADD should unpack. */
export function tarBytes(data: Uint8Array, kind: ArchiveKind, name: string): Uint8Array {
  switch (kind) {
    case 'tar':
      return data;
    case 'tar+gzip':
      return gunzipSync(data);
    default:
      throw new WharfError(
        'BUILD_UNSUPPORTED',
        `ADD cannot unpack "${name}": ${kind} archives are not supported (use a .tar or .tar.gz)`,
      );
  }
}

function isTar(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  // "ustar" magic at 257 (POSIX and GNU), or a valid checksum for old v7 archives.
  const magic = String.fromCharCode(...b.subarray(257, 262));
  if (magic === 'ustar') return true;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[i]!;
  const field = String.fromCharCode(...b.subarray(148, 156))
    .replace(/[\0 ]+$/, '')
    .trim();
  return field !== '' && /^[0-7]+$/.test(field) && parseInt(field, 8) === sum;
}
