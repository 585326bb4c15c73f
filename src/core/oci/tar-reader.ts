// Tar reader for layers and archives: ustar, PAX (local and global) and GNU long names (L/K),
// as Docker, Go, GNU and bsdtar write them. File data are views into the input (no copies).
// Names are normalized to the TarEntry form; absolute names, ".." and links that climb out of
// the root are refused with PATH_UNSAFE, whiteout names (".wh.*") pass through untouched.
import { WharfError } from '../errors.ts';
import { BLOCK, F, TYPE, headerChecksum, headerChecksumSigned, padTo512 } from './tar-header.ts';
import { checkLinkTarget, normalizeEntryPath } from './paths.ts';
import type { TarEntry, TarEntryType } from './types.ts';

export interface TarReadOptions {
  /** Names the archive in error messages ("layer sha256:ab12..."); default "tar". */
  name?: string;
  /** Refuse links whose target climbs out of the root (default true). */
  checkLinks?: boolean;
}

const decoder = new TextDecoder();

function field(buf: Uint8Array, at: number, [off, len]: readonly [number, number]): Uint8Array {
  const b = buf.subarray(at + off, at + off + len);
  const nul = b.indexOf(0);
  return nul < 0 ? b : b.subarray(0, nul);
}

function text(buf: Uint8Array, at: number, f: readonly [number, number]): string {
  return decoder.decode(field(buf, at, f));
}

/** Octal (space/NUL padded) or GNU base-256 (high bit set) numbers. */
function numeric(buf: Uint8Array, at: number, [off, len]: readonly [number, number], what: () => string): number {
  const first = buf[at + off]!;
  if (first & 0x80) {
    if (first === 0xff) throw new WharfError('TAR_FORMAT', `${what()}: negative base-256 number`);
    let n = first & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + buf[at + off + i]!;
    if (!Number.isSafeInteger(n)) throw new WharfError('TAR_FORMAT', `${what()}: number too large`);
    return n;
  }
  let n = 0;
  let i = 0;
  while (i < len && (buf[at + off + i] === 0x20 || buf[at + off + i] === 0)) i++;
  for (; i < len; i++) {
    const c = buf[at + off + i]!;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37)
      throw new WharfError('TAR_FORMAT', `${what()}: "${String.fromCharCode(c)}" in an octal field`);
    n = n * 8 + (c - 0x30);
  }
  return n;
}

/** Names in messages: control characters and undecodable bytes shown as escapes, long names cut. */
function printable(s: string): string {
  const t = s.replace(/[\u0000-\u001f\u007f\ufffd]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return t.length > 200 ? `${t.slice(0, 200)}...` : t;
}

function isZeroBlock(buf: Uint8Array, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (buf[i] !== 0) return false;
  return true;
}

function parsePax(data: Uint8Array, what: () => string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    const len = sp < 0 ? NaN : Number(decoder.decode(data.subarray(i, sp)));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length || data[i + len - 1] !== 0x0a) {
      throw new WharfError('TAR_FORMAT', `${what()}: malformed PAX record at byte ${i}`);
    }
    const rec = decoder.decode(data.subarray(sp + 1, i + len - 1));
    const eq = rec.indexOf('=');
    if (eq <= 0) throw new WharfError('TAR_FORMAT', `${what()}: PAX record without "key=" at byte ${i}`);
    out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

function paxNumber(v: string | undefined, what: () => string, key: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === '' || !Number.isFinite(n))
    throw new WharfError('TAR_FORMAT', `${what()}: PAX ${key}="${v}" is not a number`);
  return key === 'mtime' ? Math.floor(n) : n;
}

function entryType(flag: number): TarEntryType {
  switch (flag) {
    case TYPE.file:
    case TYPE.oldFile:
    case TYPE.contiguous:
      return 'file';
    case TYPE.directory:
      return 'directory';
    case TYPE.symlink:
      return 'symlink';
    case TYPE.hardlink:
      return 'hardlink';
    default:
      return 'other';
  }
}

/**
 * One member as stored, before the names are made safe: what tar(1) lists and extracts by its
 * own rules ("./a", "dir/", "/abs" as written; the root "./" included).
 */
export interface TarRecord {
  /** The full name: PAX path, GNU long name, or ustar prefix + name, as written. */
  name: string;
  linkname: string;
  /** The typeflag byte ('0', '5', '2', ...), for what `type` leaves as 'other'. */
  typeflag: number;
  type: TarEntryType;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  uname: string;
  gname: string;
  /** The size field (link and directory records carry no data whatever it says). */
  size: number;
  data: Uint8Array;
  /** Byte offset of the member's own header. */
  offset: number;
}

/** One record as a TarEntry (names normalized and checked); undefined for the root "./". */
function toEntry(r: TarRecord, archive: string, checkLinks: boolean): TarEntry | undefined {
  const { name, linkname, offset } = r;
  const path = normalizeEntryPath(name);
  if (path === undefined) {
    throw new WharfError(
      'PATH_UNSAFE',
      `${archive}: entry "${printable(name)}" at offset ${offset} is absolute or climbs out with ".."`,
    );
  }
  if (path === '') return undefined;
  const { type } = r;
  const entry: TarEntry = {
    path,
    type,
    mode: r.mode,
    uid: r.uid,
    gid: r.gid,
    mtime: r.mtime,
    data: type === 'file' ? r.data : r.data.subarray(0, 0),
  };
  if (type === 'symlink' || type === 'hardlink') {
    if (linkname === '')
      throw new WharfError('TAR_FORMAT', `${archive}: ${type} "${path}" at offset ${offset} has no target`);
    if (checkLinks) checkLinkTarget(path, type, linkname, `${archive}: offset ${offset}`);
    entry.linkname = type === 'hardlink' ? (normalizeEntryPath(linkname) ?? linkname) : linkname;
  }
  return entry;
}

/** Yields the entries of a tar archive in order. Throws TAR_FORMAT / PATH_UNSAFE naming the entry. */
export function* readTar(buf: Uint8Array, options: TarReadOptions = {}): Generator<TarEntry> {
  const archive = options.name ?? 'tar';
  for (const r of readTarRecords(buf, options)) {
    const entry = toEntry(r, archive, options.checkLinks !== false);
    if (entry !== undefined) yield entry; // undefined: "./", the root itself
  }
}

/** Yields the members of a tar archive as stored. Throws TAR_FORMAT naming the header. */
export function* readTarRecords(buf: Uint8Array, options: Pick<TarReadOptions, 'name'> = {}): Generator<TarRecord> {
  const archive = options.name ?? 'tar';
  const global = new Map<string, string>();
  let local = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  let at = 0;
  while (at + BLOCK <= buf.length) {
    if (isZeroBlock(buf, at)) return;
    const header = at;
    const rawName = () => text(buf, header, F.name);
    const where = () => `${archive}: entry "${printable(rawName())}" at offset ${header}`;
    let stored = -1;
    try {
      stored = numeric(buf, at, F.chksum, where);
    } catch {
      // Not even octal: reported below as a checksum mismatch, the one sign of "not a tar".
    }
    if (stored !== headerChecksum(buf, at) && stored !== headerChecksumSigned(buf, at)) {
      throw new WharfError(
        'TAR_FORMAT',
        `${archive}: header at offset ${header}: header checksum mismatch (not a tar archive, or corrupt)`,
      );
    }
    const flag = buf[at + F.typeflag[0]]!;
    const pax = new Map([...global, ...local]);
    const size = paxNumber(pax.get('size'), where, 'size') ?? numeric(buf, at, F.size, where);
    const dataStart = at + BLOCK;
    // Link entries carry no data whatever their size field says (old writers put the target's size there).
    const dataSize = flag === TYPE.hardlink || flag === TYPE.symlink || flag === TYPE.directory ? 0 : size;
    if (dataStart + dataSize > buf.length) {
      throw new WharfError(
        'TAR_FORMAT',
        `${where()}: declares ${dataSize} bytes of data but the archive ends after ${buf.length - dataStart} (truncated)`,
      );
    }
    const data = buf.subarray(dataStart, dataStart + dataSize);
    at = dataStart + padTo512(dataSize);
    if (flag === TYPE.paxLocal || flag === TYPE.paxGlobal) {
      const records = parsePax(data, where);
      if (flag === TYPE.paxGlobal) for (const [k, v] of records) global.set(k, v);
      else local = records;
      continue;
    }
    if (flag === TYPE.gnuLongName || flag === TYPE.gnuLongLink) {
      const nul = data.indexOf(0);
      const s = decoder.decode(nul < 0 ? data : data.subarray(0, nul));
      if (flag === TYPE.gnuLongName) longName = s;
      else longLink = s;
      continue;
    }
    const magic = text(buf, header, F.magic);
    const prefix = magic === 'ustar' && buf[header + F.version[0]] === 0x30 ? text(buf, header, F.prefix) : '';
    const name = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${rawName()}` : rawName());
    const linkname = pax.get('linkpath') ?? longLink ?? text(buf, header, F.linkname);
    local = new Map();
    longName = undefined;
    longLink = undefined;
    let type = entryType(flag);
    if (type === 'file' && flag === TYPE.oldFile && name.endsWith('/')) type = 'directory';
    yield {
      name,
      linkname,
      typeflag: flag,
      type,
      mode: numeric(buf, header, F.mode, where) & 0o7777,
      uid: paxNumber(pax.get('uid'), where, 'uid') ?? numeric(buf, header, F.uid, where),
      gid: paxNumber(pax.get('gid'), where, 'gid') ?? numeric(buf, header, F.gid, where),
      mtime: paxNumber(pax.get('mtime'), where, 'mtime') ?? numeric(buf, header, F.mtime, where),
      uname: pax.get('uname') ?? text(buf, header, F.uname),
      gname: pax.get('gname') ?? text(buf, header, F.gname),
      size,
      data,
      offset: header,
    };
  }
  if (at < buf.length) {
    throw new WharfError('TAR_FORMAT', `${archive}: ${buf.length - at} stray bytes at offset ${at} (truncated header)`);
  }
}

/** All entries of a tar archive. */
export function listTar(buf: Uint8Array, options: TarReadOptions = {}): TarEntry[] {
  return [...readTar(buf, options)];
}
