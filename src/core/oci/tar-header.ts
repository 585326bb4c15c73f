// POSIX ustar header layout (pax/IEEE 1003.1-2001 "ustar Interchange Format"), shared by the
// tar reader and writer. https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06
export const BLOCK = 512;

export const F = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  chksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

export const TYPE = {
  file: 0x30, // '0'
  oldFile: 0x00, // '\0' (pre-POSIX)
  hardlink: 0x31, // '1'
  symlink: 0x32, // '2'
  char: 0x33,
  block: 0x34,
  directory: 0x35, // '5'
  fifo: 0x36,
  contiguous: 0x37, // '7'
  paxLocal: 0x78, // 'x'
  paxGlobal: 0x67, // 'g'
  gnuLongName: 0x4c, // 'L'
  gnuLongLink: 0x4b, // 'K'
} as const;

/** Sum of the header bytes with the checksum field read as spaces (unsigned, as POSIX says). */
export function headerChecksum(buf: Uint8Array, offset: number): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += buf[offset + i]!;
  for (let i = 156; i < BLOCK; i++) sum += buf[offset + i]!;
  return sum;
}

/** Historic tars (old GNU, Solaris) summed signed chars; readers accept either. */
export function headerChecksumSigned(buf: Uint8Array, offset: number): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    const b = buf[offset + i]!;
    sum += b >= 0x80 ? b - 0x100 : b;
  }
  return sum;
}

export function padTo512(n: number): number {
  // Arithmetic, not bit masks: sizes pass 2^31.
  return Math.ceil(n / BLOCK) * BLOCK;
}
