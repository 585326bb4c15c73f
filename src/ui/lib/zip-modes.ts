// What a zip's central directory says about each entry's Unix file type and mode: the "version
// made by" byte names the system that wrote the entry, and a Unix one (3, or 19 for macOS) keeps
// st_mode in the high half of the external attributes (APPNOTE.TXT 4.4.2, 4.4.15), as Info-ZIP,
// macOS's Archive Utility and Python's zipfile write it. fflate's unzipSync does not report these.
// https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT

import { strFromU8 } from 'fflate';

export interface ZipMode {
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits (0o7777). */
  mode: number;
}

const UNIX = 3;
const MACOS = 19;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Entry name (as fflate's unzipSync names it) -> its Unix type and mode, for entries that carry one. */
export function zipModes(zip: Uint8Array): Map<string, ZipMode> {
  const out = new Map<string, ZipMode>();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) return out;
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  // Zip64: the real count and offset are in the zip64 end record the locator points to.
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const at = Number(view.getBigUint64(eocd - 12, true));
    if (at + 56 <= zip.length && view.getUint32(at, true) === 0x06064b50) {
      count = Number(view.getBigUint64(at + 32, true));
      offset = Number(view.getBigUint64(at + 48, true));
    }
  }
  for (let i = 0; i < count && offset + 46 <= zip.length; i++) {
    if (view.getUint32(offset, true) !== 0x02014b50) break;
    const madeBy = view.getUint8(offset + 5);
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const st = view.getUint32(offset + 38, true) >>> 16;
    const name = strFromU8(zip.subarray(offset + 46, offset + 46 + nameLength), !(flags & 0x800));
    if ((madeBy === UNIX || madeBy === MACOS) && st !== 0) {
      const kind = st & S_IFMT;
      out.set(name, {
        type: kind === S_IFLNK ? 'symlink' : kind === S_IFDIR || name.endsWith('/') ? 'dir' : 'file',
        mode: st & 0o7777,
      });
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** Zip attributes that record a Unix type and mode (for zipSync's per-file options). */
export function unixZipAttributes(type: ZipMode['type'], mode: number): { os: number; attrs: number } {
  const kind = type === 'dir' ? S_IFDIR : type === 'symlink' ? S_IFLNK : 0o100000;
  // The low byte keeps MS-DOS's directory bit, which Windows tools read.
  return { os: UNIX, attrs: (((kind | mode) << 16) | (type === 'dir' ? 0x10 : 0)) >>> 0 };
}
