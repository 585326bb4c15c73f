// bzip2's format as bzip2 -d and tar -j read it, with unbzip2-stream's decoder (its block
// decoder alone, lib/bzip2.js: pure JavaScript, no Node streams or Buffer, so it runs in a page,
// a Worker and Node alike) over a bit reader of ours that tells a truncated stream apart from a
// corrupt one. Concatenated streams (pbzip2's, `cat a.bz2 b.bz2`) are read one after another.
// Compression is not supported. https://sourceware.org/bzip2/manual/manual.html
import decoder from 'unbzip2-stream/lib/bzip2.js';
import type { Ctx } from './program.ts';

export type Bunzip2Outcome = { ok: true; data: Uint8Array } | { ok: false; why: 'format' | 'truncated' | 'corrupt' };

class EndOfInput extends Error {}

const BITMASK = [0, 0x01, 0x03, 0x07, 0x0f, 0x1f, 0x3f, 0x7f, 0xff];

/** The decoder's bit source: n bits MSB first, or (null) on to the next byte boundary. */
function bitReader(bytes: Uint8Array): ((n: number | null) => number) & { at(): number } {
  let byte = 0;
  let bit = 0;
  const read = (n: number | null): number => {
    if (n === null) {
      if (bit !== 0) {
        bit = 0;
        byte++;
      }
      return 0;
    }
    let result = 0;
    while (n > 0) {
      if (byte >= bytes.length) throw new EndOfInput();
      const left = 8 - bit;
      const cur = bytes[byte]!;
      if (n >= left) {
        result = (result << left) | (cur & BITMASK[left]!);
        byte++;
        bit = 0;
        n -= left;
      } else {
        result = (result << n) | ((cur >> (left - n)) & BITMASK[n]!);
        bit += n;
        n = 0;
      }
    }
    return result;
  };
  return Object.assign(read, { at: () => byte });
}

export function isBzip2(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && b[3]! >= 0x31 && b[3]! <= 0x39;
}

/** Decompresses every bzip2 stream in `data`; trailing bytes that start no stream are ignored, as bzip2 does. */
export function bunzip2(data: Uint8Array): Bunzip2Outcome {
  if (!isBzip2(data))
    return {
      ok: false,
      why:
        data.length < 4 && 'BZh'.startsWith(String.fromCharCode(...data)) && data.length > 0 ? 'truncated' : 'format',
    };
  let out = new Uint8Array(Math.max(1024, data.length * 4));
  let n = 0;
  const sink = (b: number): void => {
    if (n === out.length) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[n++] = b;
  };
  const bits = bitReader(data);
  try {
    while (bits.at() < data.length && isBzip2(data.subarray(bits.at()))) {
      const level = decoder.header(bits);
      const size = 100000 * level;
      const buf = new Int32Array(size);
      let crc: number | null = 0;
      while (crc !== null) crc = decoder.decompress(bits, sink, buf, size, crc);
    }
  } catch (e) {
    return { ok: false, why: e instanceof EndOfInput ? 'truncated' : 'corrupt' };
  }
  return { ok: true, data: out.slice(0, n) };
}

const AFTER = `
It is possible that the compressed file(s) have become corrupted.
You can use the -tvv option to test integrity of such files.

You can use the \`bzip2recover' program to attempt to recover
data from undamaged sections of corrupted files.

`;

/**
 * bzip2 -d's words for a failure on `input` ((stdin) or a file) writing `output`, as bzip2
 * 1.0.8 says them. Its "Possible reason" line is the errno left by its terminal checks on a
 * pipe, which Debian's bzip2 prints as is.
 */
export function bunzip2Message(why: 'format' | 'truncated' | 'corrupt', input: string, output: string): string {
  const files = `\tInput file = ${input}, output file = ${output}\n`;
  if (why === 'format') return `bzip2: ${input} is not a bzip2 file.\n`;
  if (why === 'truncated') {
    return `\nbzip2: Compressed file ends unexpectedly;\n\tperhaps it is corrupted?  *Possible* reason follows.\nbzip2: Inappropriate ioctl for device\n${files}${AFTER}`;
  }
  return `\nbzip2: Data integrity error when decompressing.\n${files}${AFTER}`;
}

/** bunzip2 for tar -j: the bytes, or null after bzip2's message for stdin. */
export function bunzip2Piped(c: Ctx, data: Uint8Array): Uint8Array | null {
  const r = bunzip2(data);
  if (r.ok) return r.data;
  c.err.text(bunzip2Message(r.why, '(stdin)', '(stdout)'));
  return null;
}
