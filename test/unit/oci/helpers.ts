// Shared test data and builders.
import {
  buildConfig,
  createImage,
  layerFromTar,
  writeTar,
  type ContainerImage,
  type WasmPlatform,
} from '../../../src/core/oci/index.ts';

// Deterministic test data: a "wasm-like" mix (magic, LEB128-ish opcodes, text, random runs), so
// compression and hashing see realistic bytes rather than zeros.
export function wasmLike(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const words = new TextEncoder().encode('memory fd_write proc_exit args_get environ_get local.get i32.add call ');
  out.set([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00].slice(0, size));
  let i = Math.min(8, size);
  while (i < size) {
    const kind = next() % 4;
    const len = Math.min(size - i, 8 + (next() % 120));
    if (kind === 0) for (let k = 0; k < len; k++) out[i + k] = next() & 0xff;
    else if (kind === 1) for (let k = 0; k < len; k++) out[i + k] = words[(i + k) % words.length]!;
    else for (let k = 0; k < len; k++) out[i + k] = [0x20, 0x21, 0x41, 0x6a, 0x10, 0x0b, 0x28, 0x36][next() & 7]!;
    i += len;
  }
  return out;
}

export const text = (s: string) => new TextEncoder().encode(s);

/** A minimal valid wasm module (magic + version): what a `FROM scratch` COPY would carry. */
export const MINIMAL_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export interface RawEntry {
  name: string;
  typeflag?: string; // '0' file, '1' hardlink, '2' symlink, '5' dir
  linkname?: string;
  data?: Uint8Array;
  /** Lie about the size in the header. */
  size?: number;
}

/**
 * A tar written byte by byte, independent of the writer under test, so tests can make archives
 * the writer refuses to make (hostile names, lying sizes).
 */
export function rawTar(entries: RawEntry[], { end = true } = {}): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const h = new Uint8Array(512);
    const put = (off: number, s: string) => h.set(new TextEncoder().encode(s), off);
    const data = e.data ?? new Uint8Array(0);
    put(0, e.name);
    put(100, '0000644\0');
    put(108, '0000000\0');
    put(116, '0000000\0');
    put(124, (e.size ?? data.length).toString(8).padStart(11, '0') + '\0');
    put(136, '00000000000\0');
    put(156, e.typeflag ?? '0');
    if (e.linkname) put(157, e.linkname);
    put(257, 'ustar\0');
    put(263, '00');
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    put(148, sum.toString(8).padStart(6, '0') + '\0 ');
    blocks.push(h);
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  if (end) blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A two-layer Wasm image as a builder would make it (module + text files + dirs, then config). */
export async function sampleImage(
  options: { platform?: WasmPlatform; created?: number; big?: number } = {},
): Promise<ContainerImage> {
  const l1 = await layerFromTar(
    writeTar([
      { path: 'app/hello.wasm', type: 'file', mode: 0o755, data: options.big ? wasmLike(options.big) : MINIMAL_WASM },
      { path: 'etc/greeting.txt', type: 'file', data: text('Hello, Wasm!\n') },
      { path: 'var/empty', type: 'directory' },
    ]),
  );
  const l2 = await layerFromTar(
    writeTar([
      { path: 'etc/.wh.greeting.txt', type: 'file' },
      { path: 'data/notes.md', type: 'file', data: text('# notes\n') },
    ]),
  );
  const config = buildConfig({
    diff_ids: [l1.diffId, l2.diffId],
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.created !== undefined ? { created: options.created } : {}),
    config: { Entrypoint: ['/app/hello.wasm'], Env: ['PATH=/'], WorkingDir: '/app' },
    history: [
      { created: '1970-01-01T00:00:00Z', created_by: 'COPY hello.wasm /app/hello.wasm' },
      { created: '1970-01-01T00:00:00Z', created_by: 'ENTRYPOINT ["/app/hello.wasm"]', empty_layer: true },
      { created: '1970-01-01T00:00:00Z', created_by: 'COPY notes.md /data/' },
    ],
  });
  return createImage(config, [l1, l2]);
}

/**
 * zstd frames of raw (stored) blocks, written here from RFC 8878 independently of the decoder
 * under test; `frame` splits the input into several frames, as concatenated streams are.
 */
export function zstdRaw(data: Uint8Array, { frame = data.length || 1 } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const BLOCK = 1 << 17;
  for (let f = 0; f === 0 || f < data.length; f += frame) {
    const part = data.subarray(f, Math.min(data.length, f + frame));
    // Magic, then a descriptor with no content size, no checksum, no dictionary, and a window
    // descriptor of 128 KiB (exponent 7), the largest block.
    parts.push(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]));
    for (let b = 0; b === 0 || b < part.length; b += BLOCK) {
      const block = part.subarray(b, Math.min(part.length, b + BLOCK));
      const last = b + BLOCK >= part.length ? 1 : 0;
      const header = last | (0 << 1) | (block.length << 3); // block type 0: raw
      parts.push(new Uint8Array([header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff]), block);
    }
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
