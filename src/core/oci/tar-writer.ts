// Deterministic tar writer: entries sorted by path (UTF-8 byte order), parents before children,
// one fixed mtime, ustar headers with PAX extended headers only where ustar cannot say it
// (long or non-ASCII names, big sizes or ids), the way Go's archive/tar chooses. The archive is
// laid out as views (`writeTarParts`), so a big file costs one copy or, written out part by
// part, none.
import { concatBytes } from '../bytes.ts';
import { WharfError } from '../errors.ts';
import { BLOCK, F, TYPE, headerChecksum, padTo512 } from './tar-header.ts';
import { normalizeEntryPath, parentDir } from './paths.ts';
import type { TarEntryType } from './types.ts';

export interface TarWriteEntry {
  /** Relative path ("app/main.wasm"); "./" and trailing "/" are tolerated and normalized away. */
  path: string;
  type: Exclude<TarEntryType, 'other'>;
  /** Permission bits; default 0o644 for files, 0o755 for directories, 0o777 for symlinks. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Used only with `preserveMtime`; otherwise every entry gets `TarWriteOptions.mtime`. */
  mtime?: number;
  /** Symlink target as written, or the path of the hardlinked entry. */
  linkname?: string;
  data?: Uint8Array;
}

/**
 * A member for `writeTarMembers`: named exactly as tar(1) stores it ("./a", "dir/"), with its
 * own mtime and owner names; the caller has already made the name safe.
 */
export interface TarMember {
  name: string;
  type: Exclude<TarEntryType, 'other'>;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  uname: string;
  gname: string;
  /** Symlink target, or the stored name of the member a hardlink names. */
  linkname?: string;
  data?: Uint8Array;
}

export interface TarWriteOptions {
  /** Seconds since the epoch for every entry (SOURCE_DATE_EPOCH); default 0. */
  mtime?: number;
  /** Keep each entry's own mtime (falling back to `mtime`). */
  preserveMtime?: boolean;
  /** Mode for parent directories the writer adds; default 0o755. */
  parentMode?: number;
}

const encoder = new TextEncoder();
const MAX_OCTAL_8 = 0o7777777;
const MAX_OCTAL_12 = 0o77777777777;

interface Planned {
  name: Uint8Array; // UTF-8 of the normalized path (+ "/" for directories)
  key: Uint8Array; // UTF-8 of the normalized path (sort key)
  type: Exclude<TarEntryType, 'other'>;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  link: Uint8Array;
  data: Uint8Array;
  pax: Uint8Array | undefined;
  ustarName: [Uint8Array, Uint8Array] | undefined; // [prefix, name] when ustar can hold the name
  uname: Uint8Array;
  gname: Uint8Array;
}

function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80 || b[i] === 0) return false;
  return true;
}

/** What old readers that ignore PAX see: the name with non-ASCII bytes as "_", cut to fit. */
function asciiFallback(b: Uint8Array, max: number): Uint8Array {
  return b.subarray(0, max).map((c) => (c < 0x80 && c > 0 ? c : 0x5f));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** ustar's name/prefix split (prefix <= 155, name <= 100, split at a "/"), as Go's splitUSTARPath. */
function splitUstar(name: Uint8Array): [Uint8Array, Uint8Array] | undefined {
  if (!isAscii(name)) return undefined;
  if (name.length <= 100) return [new Uint8Array(0), name];
  let i = Math.min(name.length - 1, 155);
  while (i > 0 && name[i] !== 0x2f) i--;
  if (i <= 0) return undefined;
  const prefix = name.subarray(0, i);
  const rest = name.subarray(i + 1);
  if (rest.length === 0 || rest.length > 100) return undefined;
  return [prefix, rest];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = encoder.encode(body).length;
  let len = bodyLen + String(bodyLen).length;
  if (String(len).length + bodyLen !== len) len = String(len + 1).length + bodyLen;
  return `${len}${body}`;
}

function plan(e: TarWriteEntry, path: string, options: TarWriteOptions): Planned {
  const key = encoder.encode(path);
  const name = e.type === 'directory' ? encoder.encode(path + '/') : key;
  const linkText = e.type === 'hardlink' ? normalizeEntryPath(e.linkname ?? '') : (e.linkname ?? '');
  if (linkText === undefined) {
    throw new WharfError('PATH_UNSAFE', `tar: hardlink "${path}" -> "${e.linkname}" points outside the root`);
  }
  if ((e.type === 'symlink' || e.type === 'hardlink') && linkText === '') {
    throw new WharfError('USAGE', `tar: ${e.type} "${path}" has no target`);
  }
  const mode = (e.mode ?? (e.type === 'directory' ? 0o755 : e.type === 'symlink' ? 0o777 : 0o644)) & 0o7777;
  const mtime = options.preserveMtime ? Math.floor(e.mtime ?? options.mtime ?? 0) : Math.floor(options.mtime ?? 0);
  const member = { ...e, mode, uid: e.uid ?? 0, gid: e.gid ?? 0, mtime, uname: '', gname: '' };
  return planMember(member, key, name, linkText);
}

function planMember(e: Omit<TarMember, 'name'>, key: Uint8Array, name: Uint8Array, linkText: string): Planned {
  const data = e.type === 'file' ? (e.data ?? new Uint8Array(0)) : new Uint8Array(0);
  const link = encoder.encode(linkText);
  const { mode, uid, gid, mtime } = e;
  const records: string[] = [];
  // Keys in byte order, as Go writes them, so the bytes never depend on insertion order.
  if (!(gid >= 0 && gid <= MAX_OCTAL_8)) records.push(paxRecord('gid', String(gid)));
  if (!isAscii(link) || link.length > 100) records.push(paxRecord('linkpath', linkText));
  if (!(mtime >= 0 && mtime <= MAX_OCTAL_12)) records.push(paxRecord('mtime', String(mtime)));
  const ustarName = splitUstar(name);
  if (!ustarName) records.push(paxRecord('path', new TextDecoder().decode(name)));
  if (data.length > MAX_OCTAL_12) records.push(paxRecord('size', String(data.length)));
  if (!(uid >= 0 && uid <= MAX_OCTAL_8)) records.push(paxRecord('uid', String(uid)));
  const pax = records.length ? encoder.encode(records.join('')) : undefined;
  const uname = encoder.encode(e.uname);
  const gname = encoder.encode(e.gname);
  return { name, key, type: e.type, mode, uid, gid, mtime, link, data, pax, ustarName, uname, gname };
}

function putBytes(buf: Uint8Array, at: number, [off, len]: readonly [number, number], b: Uint8Array): void {
  buf.set(b.length > len ? b.subarray(0, len) : b, at + off);
}

function putOctal(buf: Uint8Array, at: number, [off, len]: readonly [number, number], n: number): void {
  // Out-of-range values travel in the PAX header; the ustar field then holds 0.
  const max = len === 8 ? MAX_OCTAL_8 : MAX_OCTAL_12;
  const v = n >= 0 && n <= max ? n : 0;
  const s = v.toString(8).padStart(len - 1, '0');
  for (let i = 0; i < s.length; i++) buf[at + off + i] = s.charCodeAt(i);
  buf[at + off + len - 1] = 0;
}

function writeHeader(
  buf: Uint8Array,
  at: number,
  prefix: Uint8Array,
  name: Uint8Array,
  typeflag: number,
  p: Pick<Planned, 'mode' | 'uid' | 'gid' | 'mtime' | 'link' | 'uname' | 'gname'>,
  size: number,
): void {
  putBytes(buf, at, F.name, name);
  putOctal(buf, at, F.mode, p.mode);
  putOctal(buf, at, F.uid, p.uid);
  putOctal(buf, at, F.gid, p.gid);
  putOctal(buf, at, F.size, size);
  putOctal(buf, at, F.mtime, p.mtime);
  buf[at + F.typeflag[0]] = typeflag;
  if (isAscii(p.link)) putBytes(buf, at, F.linkname, p.link);
  putBytes(buf, at, F.magic, encoder.encode('ustar\0'));
  putBytes(buf, at, F.version, encoder.encode('00'));
  putBytes(buf, at, F.uname, p.uname);
  putBytes(buf, at, F.gname, p.gname);
  putOctal(buf, at, F.devmajor, 0);
  putOctal(buf, at, F.devminor, 0);
  putBytes(buf, at, F.prefix, prefix);
  const sum = headerChecksum(buf, at).toString(8).padStart(6, '0');
  for (let i = 0; i < 6; i++) buf[at + F.chksum[0] + i] = sum.charCodeAt(i);
  buf[at + F.chksum[0] + 6] = 0;
  buf[at + F.chksum[0] + 7] = 0x20;
}

const TYPEFLAG = {
  file: TYPE.file,
  directory: TYPE.directory,
  symlink: TYPE.symlink,
  hardlink: TYPE.hardlink,
} as const;

/** Sorted, de-duplicated (last entry for a path wins) plan, with missing parent directories added. */
function planAll(entries: readonly TarWriteEntry[], options: TarWriteOptions): Planned[] {
  const byPath = new Map<string, TarWriteEntry>();
  for (const e of entries) {
    const path = normalizeEntryPath(e.path);
    if (path === undefined || path === '') {
      throw new WharfError('PATH_UNSAFE', `tar: entry name "${e.path}" is absolute, empty or climbs out with ".."`);
    }
    byPath.set(path, e);
  }
  for (const path of [...byPath.keys()]) {
    for (let dir = parentDir(path); dir !== '' && !byPath.has(dir); dir = parentDir(dir)) {
      byPath.set(dir, { path: dir, type: 'directory', mode: options.parentMode ?? 0o755 });
    }
  }
  const planned = [...byPath].map(([path, e]) => plan(e, path, options));
  return linksAfterTargets(planned.sort((a, b) => compareBytes(a.key, b.key)));
}

/**
 * Moves each hardlink whose target is in the archive but sorts after it to just behind that
 * target: extractors can only link to a file they have already written.
 */
function linksAfterTargets(sorted: Planned[]): Planned[] {
  const decoder = new TextDecoder();
  const present = new Set(sorted.map((p) => decoder.decode(p.key)));
  const emitted = new Set<string>();
  const waiting = new Map<string, Planned[]>();
  const out: Planned[] = [];
  const emit = (p: Planned) => {
    const path = decoder.decode(p.key);
    out.push(p);
    emitted.add(path);
    const links = waiting.get(path);
    waiting.delete(path);
    for (const l of links ?? []) emit(l);
  };
  for (const p of sorted) {
    const target = p.type === 'hardlink' ? decoder.decode(p.link) : undefined;
    if (target !== undefined && present.has(target) && !emitted.has(target)) {
      waiting.set(target, [...(waiting.get(target) ?? []), p]);
    } else emit(p);
  }
  // Links in a cycle (a -> b -> a) never got a written target; keep them, in sorted order.
  for (const links of waiting.values()) out.push(...links);
  return out;
}

/** A tar archive of `entries`; the same entries and options give the same bytes everywhere. */
export function writeTar(entries: readonly TarWriteEntry[], options: TarWriteOptions = {}): Uint8Array {
  return concatBytes(writeTarParts(entries, options));
}

/**
 * `writeTar`'s bytes as views to be written one after another (writev, a Blob): the headers in
 * one buffer, each file's data the caller's own array, never copied. An image tarball of a big
 * layer is then written out with no second copy of the layer in memory. Read-only views.
 */
export function writeTarParts(entries: readonly TarWriteEntry[], options: TarWriteOptions = {}): Uint8Array[] {
  return partsOf(planAll(entries, options));
}

/**
 * tar(1)'s archive: the members in the order given, names as given (no sorting, no added
 * parents, no normalizing), each with its own mtime and owner names. As views, as `writeTarParts`.
 */
export function writeTarMembers(members: readonly TarMember[]): Uint8Array[] {
  return partsOf(
    members.map((m) => {
      const name = encoder.encode(m.name);
      return planMember(m, name, name, m.linkname ?? '');
    }),
  );
}

function partsOf(planned: readonly Planned[]): Uint8Array[] {
  let headerBytes = 0;
  for (const p of planned) headerBytes += BLOCK + (p.pax ? BLOCK + padTo512(p.pax.length) : 0);
  const headers = new Uint8Array(headerBytes);
  const zeros = new Uint8Array(2 * BLOCK);
  const parts: Uint8Array[] = [];
  let at = 0;
  let run = 0; // where the headers not yet in `parts` start
  for (const p of planned) {
    if (p.pax) {
      const base = p.key.subarray(p.key.lastIndexOf(0x2f) + 1);
      const paxName = concat(encoder.encode('PaxHeaders.0/'), asciiFallback(base, 80));
      writeHeader(
        headers,
        at,
        new Uint8Array(0),
        paxName,
        TYPE.paxLocal,
        { ...p, mode: 0o644, link: new Uint8Array(0), uname: new Uint8Array(0), gname: new Uint8Array(0) },
        p.pax.length,
      );
      headers.set(p.pax, at + BLOCK);
      at += BLOCK + padTo512(p.pax.length);
    }
    const [prefix, name] = p.ustarName ?? [new Uint8Array(0), asciiFallback(p.name, 100)];
    writeHeader(headers, at, prefix, name, TYPEFLAG[p.type], p, p.data.length);
    at += BLOCK;
    if (p.data.length === 0) continue;
    parts.push(headers.subarray(run, at), p.data);
    run = at;
    const pad = padTo512(p.data.length) - p.data.length;
    if (pad) parts.push(zeros.subarray(0, pad));
  }
  if (run < at) parts.push(headers.subarray(run, at));
  parts.push(zeros);
  return parts;
}
