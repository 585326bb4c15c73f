// The .xz format as xz -d and tar -J read it, with xz-decompress (xz-embedded built to Wasm:
// small, no native code, runs in a page, a Worker and Node; CRC32 and CRC64 checks verified,
// concatenated streams read). What xz-embedded leaves out: SHA-256 checks (refused as
// unsupported options) and the old .lzma format. Compression is not supported.
// https://tukaani.org/xz/xz-file-format.txt
import * as xzModule from 'xz-decompress';

/** How xz 5.4 words what xz-embedded's error codes (xz.h: enum xz_ret) stand for. */
const MESSAGES: Record<number, string> = {
  2: 'Unsupported type of integrity check',
  3: 'Cannot allocate memory',
  4: 'Memory usage limit reached',
  5: 'File format not recognized',
  6: 'Unsupported options',
  7: 'Compressed data is corrupt',
  8: 'Unexpected end of input',
};

export function isXz(b: Uint8Array): boolean {
  const magic = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
  return b.length >= 6 && magic.every((m, i) => b[i] === m);
}

/** The reader side of a web stream: all xz-decompress uses of its input and all we use of its output. */
interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  releaseLock(): void;
  cancel(): Promise<void>;
}
type ByteStream = { getReader(): ByteReader };
type XzStream = new (input: ByteStream) => ByteStream;

// A CommonJS module marked __esModule: bundlers (Vite, esbuild) give its exports as named ones,
// Node's own loader (as under tsx) only as the default export.
const XzReadableStream = ((xzModule as { XzReadableStream?: unknown }).XzReadableStream ??
  (xzModule as unknown as { default: { XzReadableStream: unknown } }).default.XzReadableStream) as XzStream;

/** What xz -d makes of `data`: the bytes decoded (before any error), and xz's words for the error. */
export async function unxz(data: Uint8Array): Promise<{ data: Uint8Array; error?: string }> {
  if (data.length === 0) return { data, error: MESSAGES[8] };
  // One chunk, then done: a stream's reader without the DOM's types, which core is checked without.
  let given = false;
  const input: ByteStream = {
    getReader: () => ({
      read: async () => {
        if (given) return { done: true };
        given = true;
        return { done: false, value: data };
      },
      releaseLock: () => undefined,
      cancel: async () => undefined,
    }),
  };
  const chunks: Uint8Array[] = [];
  let error: string | undefined;
  const reader = new XzReadableStream(input).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value) chunks.push(value);
    }
  } catch (e) {
    const code = /error code (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    error = (code !== undefined && MESSAGES[Number(code)]) || 'Compressed data is corrupt';
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return error === undefined ? { data: out } : { data: out, error };
}
