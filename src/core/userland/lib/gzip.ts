// gzip's format as gzip(1) and tar -z read and write it: compression is fflate's deflate (the
// bytes differ from zlib's, the format does not); decompression is core's gunzip, which reads
// concatenated members and checks every CRC, with gzip's own messages for what it refuses.
import { gzipSync } from 'fflate';
import { gunzip, isGzip, type GzipLevel } from '../../oci/index.ts';
import type { Ctx } from './program.ts';

/**
 * gunzip for gzip and tar -z: the bytes, or null after gzip's own message for `what` (the file
 * name, "stdin"). GNU starts most of these with a newline (the end of a -v progress line).
 */
export function inflate(c: Ctx, data: Uint8Array, what: string): Uint8Array | null {
  const fail = (message: string, newline = true): null => {
    c.err.text(`${newline ? '\n' : ''}gzip: ${what}: ${message}\n`);
    return null;
  };
  if (data.length === 0) return fail('unexpected end of file', false);
  if (data.length < 3 || (data[0] === 0x1f && data[1] === 0x8b && data.length < 18)) {
    return fail(isGzip(data) || data[0] === 0x1f ? 'unexpected end of file' : 'not in gzip format');
  }
  if (!isGzip(data)) return fail('not in gzip format');
  try {
    return gunzip(data, what);
  } catch (e) {
    const m = e instanceof Error ? e.message : '';
    if (/CRC/.test(m)) return fail('invalid compressed data--crc error');
    if (/truncated/.test(m)) return fail('unexpected end of file');
    if (/more than/.test(m)) return fail(m);
    return fail('invalid compressed data--format violated');
  }
}

/** One gzip member of `data` as GNU gzip writes it: original name and mtime unless -n. */
export function deflate(data: Uint8Array, level: GzipLevel, name?: string, mtime = 0): Uint8Array {
  // fflate writes the name's chars as bytes: give it the UTF-8 bytes, as gzip stores them.
  const filename = name ? String.fromCharCode(...new TextEncoder().encode(name)) : undefined;
  return gzipSync(data, { level, mtime: mtime * 1000, ...(filename ? { filename } : {}) });
}
