// The checksums of md5sum, sha*sum, b2sum, cksum and sum: the message digests (from
// @noble/hashes, synchronous, as a program here runs; SM3, which it lacks, written out from
// GB/T 32905-2016), POSIX cksum's CRC, and the BSD and System V checksums of sum(1).
import { blake2b } from '@noble/hashes/blake2.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export interface Digest {
  /** The name in a BSD-style (--tag) line: `SHA256 (file) = …`. */
  tag: string;
  /** The digest's length in bits (blake2b: its largest). */
  bits: number;
  hash(data: Uint8Array, bits: number): Uint8Array;
}

const fixed = (tag: string, bits: number, f: (d: Uint8Array) => Uint8Array): Digest => ({ tag, bits, hash: f });

/** The digests by coreutils' names for them (cksum -a). */
export const DIGESTS = {
  md5: fixed('MD5', 128, md5),
  sha1: fixed('SHA1', 160, sha1),
  sha224: fixed('SHA224', 224, sha224),
  sha256: fixed('SHA256', 256, sha256),
  sha384: fixed('SHA384', 384, sha384),
  sha512: fixed('SHA512', 512, sha512),
  blake2b: { tag: 'BLAKE2b', bits: 512, hash: (d: Uint8Array, bits: number) => blake2b(d, { dkLen: bits / 8 }) },
  sm3: fixed('SM3', 256, sm3),
} satisfies Record<string, Digest>;

export type DigestName = keyof typeof DIGESTS;

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

/** SM3, the Chinese national standard hash cksum -a sm3 computes. */
function sm3(data: Uint8Array): Uint8Array {
  const v = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
  // Padding as SHA-256's: a 1 bit, zeros, the length in bits as 64 bits big-endian.
  const blocks = Math.ceil((data.length + 9) / 64);
  const msg = new Uint8Array(blocks * 64);
  msg.set(data);
  msg[data.length] = 0x80;
  const view = new DataView(msg.buffer);
  view.setUint32(msg.length - 8, Math.floor(data.length / 0x20000000));
  view.setUint32(msg.length - 4, (data.length * 8) >>> 0);
  const w = new Uint32Array(68);
  const p0 = (x: number): number => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
  const p1 = (x: number): number => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < 16; j++) w[j] = view.getUint32(b * 64 + j * 4);
    for (let j = 16; j < 68; j++) {
      w[j] = p1(w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15)) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!;
    }
    let [a, bb, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
    for (let j = 0; j < 64; j++) {
      const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
      const ss1 = rotl((rotl(a, 12) + e + rotl(t, j % 32)) >>> 0, 7);
      const ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
      const ff = j < 16 ? a ^ bb ^ c : (a & bb) | (a & c) | (bb & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + (w[j]! ^ w[j + 4]!)) >>> 0;
      const tt2 = (gg + h + ss1 + w[j]!) >>> 0;
      d = c;
      c = rotl(bb, 9);
      bb = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    [a, bb, c, d, e, f, g, h].forEach((x, i) => (v[i] = (v[i]! ^ x) >>> 0));
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  v.forEach((x, i) => ov.setUint32(i * 4, x));
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** POSIX cksum: CRC-32 (MSB first) over the bytes and then the length's bytes, complemented. */
export function posixCrc(data: Uint8Array): number {
  let crc = 0;
  const step = (byte: number): void => {
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  };
  for (const b of data) step(b);
  for (let n = data.length; n > 0; n = Math.floor(n / 256)) step(n & 0xff);
  return ~crc >>> 0;
}

/** sum -r: the BSD checksum, a 16-bit rotate-and-add; blocks of 1024 bytes. */
export function bsdSum(data: Uint8Array): { checksum: number; blocks: number } {
  let s = 0;
  for (const b of data) s = (((s >> 1) + ((s & 1) << 15) + b) & 0xffff) >>> 0;
  return { checksum: s, blocks: Math.ceil(data.length / 1024) };
}

/** sum -s: the System V checksum, the byte sum folded to 16 bits; blocks of 512 bytes. */
export function sysvSum(data: Uint8Array): { checksum: number; blocks: number } {
  let s = 0;
  for (const b of data) s = (s + b) >>> 0;
  const r = (s & 0xffff) + (s >>> 16);
  return { checksum: (r & 0xffff) + (r >>> 16), blocks: Math.ceil(data.length / 512) };
}
