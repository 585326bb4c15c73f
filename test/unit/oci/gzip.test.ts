import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  GZIP_CHUNK_SIZE,
  gunzip,
  gunzipNative,
  gzip,
  gzipChunked,
  gzipChunkedSync,
  gzipChunks,
  sha256,
} from '../../../src/core/oci/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';
import { inflateMembers, memberStarts } from '../../../src/core/oci/gunzip-native.ts';
import { text, wasmLike } from './helpers.ts';

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('gzip', { timeout: 30_000 }, () => {
  const data = wasmLike(GZIP_CHUNK_SIZE * 2 + 12_345, 7);

  it('gzip is deterministic: mtime 0, no file name, fixed level', () => {
    const a = gzip(text('hello'));
    expect([...a.subarray(0, 4)], 'magic, CM, FLG (no FNAME)').toEqual([0x1f, 0x8b, 8, 0]);
    expect([...a.subarray(4, 8)], 'MTIME').toEqual([0, 0, 0, 0]);
    expect(same(a, gzip(text('hello')))).toBe(true);
  });

  it('chunked gzip writes one member per GZIP_CHUNK_SIZE chunk and round-trips', async () => {
    expect(gzipChunks(data.length).length).toBe(3);
    const z = gzipChunkedSync(data);
    let members = 0;
    for (let i = 0; i + 9 < z.length; i++) {
      if (z[i] === 0x1f && z[i + 1] === 0x8b && z[i + 2] === 8 && z[i + 3] === 0 && z[i + 4] === 0 && z[i + 8] === 0)
        members++;
    }
    expect(members, 'gzip member headers found').toBeGreaterThanOrEqual(3);
    expect(same(gunzip(z), data), 'gunzip(gzipChunkedSync(data)) = data').toBe(true);
    expect(await sha256(await gzipChunked(data)), 'same input -> same bytes, async and sync forms agree').toBe(
      await sha256(z),
    );
  });

  it('system gzip reads the multi-member stream as one file', () => {
    const z = gzipChunkedSync(data);
    const out = execFileSync('gzip', ['-dc'], { input: z, maxBuffer: 64 << 20 });
    expect(same(new Uint8Array(out), data), 'gzip -dc output').toBe(true);
  });

  it('reads streams system gzip writes', () => {
    const z = execFileSync('gzip', ['-9c'], { input: data.subarray(0, 100_000) });
    expect(same(gunzip(new Uint8Array(z)), data.subarray(0, 100_000))).toBe(true);
  });

  it('reports progress up to the total', () => {
    const seen: number[] = [];
    gzipChunkedSync(data, 1, (done, total) => {
      expect(total).toBe(data.length);
      seen.push(done);
    });
    expect(seen).toEqual([GZIP_CHUNK_SIZE, 2 * GZIP_CHUNK_SIZE, data.length]);
  });

  it('empty input gives one valid member', () => {
    expect(gunzip(gzipChunkedSync(new Uint8Array(0))).length).toBe(0);
  });

  it('refuses truncated, corrupt and non-gzip data', () => {
    const z = gzip(data.subarray(0, 50_000));
    for (const [what, bad] of [
      ['cut trailer', z.subarray(0, z.length - 4)],
      ['cut middle', z.subarray(0, z.length >> 1)],
      ['cut header', z.subarray(0, 5)],
      ['flipped CRC', Uint8Array.from(z, (b, i) => (i === z.length - 6 ? b ^ 1 : b))],
      ['not gzip', text('plain text, not gzip')],
    ] as const) {
      let err: unknown;
      try {
        gunzip(bad, 'layer 3');
      } catch (e) {
        err = e;
      }
      expect(isWharfError(err, 'IMAGE_FORMAT'), `gunzip(${what}) threw ${String(err)}, want IMAGE_FORMAT`).toBe(true);
      expect((err as Error).message).toMatch(/^layer 3: /);
    }
  });

  it('a stream that inflates past the limit stops there with an error that says so (gzip and zstd)', async () => {
    const { unzstd, MAX_INFLATED_BYTES } = await import('../../../src/core/oci/index.ts');
    const { zstdRaw } = await import('./helpers.ts');
    expect(MAX_INFLATED_BYTES).toBe(2 ** 31);
    const zeros = new Uint8Array(4 << 20);
    const bomb = gzipChunkedSync(zeros); // 4 MiB of zeros in a few KB
    expect(bomb.length).toBeLessThan(64 << 10);
    for (const [name, run] of [
      ['gzip', () => gunzip(bomb, 'layer 0', 1 << 20)],
      ['zstd', () => unzstd(zstdRaw(zeros), 'layer 0', 1 << 20)],
    ] as const) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(isWharfError(err, 'IMAGE_FORMAT'), `${name} threw ${String(err)}`).toBe(true);
      expect((err as Error).message).toBe('layer 0: expands to more than 1 MiB, more than Wharf can hold in memory');
    }
    expect(gunzip(bomb, 'layer 0', 4 << 20).length, 'at the limit exactly').toBe(4 << 20);
  });
});

describe('gunzipNative (the platform DecompressionStream, member by member)', { timeout: 30_000 }, () => {
  const data = wasmLike(GZIP_CHUNK_SIZE * 3 + 999, 11);

  it('finds the member starts of a chunked stream and inflates it to the same bytes as gunzip', async () => {
    const z = gzipChunkedSync(data);
    const starts = memberStarts(z);
    expect(starts.length).toBe(4);
    expect(starts[0]).toBe(0);
    // Each start is where the member before it ends: one gzip of each chunk, laid end to end.
    let at = 0;
    for (const [i, [s, e]] of gzipChunks(data.length).entries()) {
      expect(starts[i]).toBe(at);
      at += gzip(data.subarray(s, e)).length;
    }
    expect(same(await inflateMembers(z), data), 'the native path alone').toBe(true);
    expect(same(await gunzipNative(z, 'layer 0'), data)).toBe(true);
  });

  it('reads a single member with a file name and mtime, as the gzip tool writes it', async () => {
    const z = gzipSync(data, { level: 6 });
    // FNAME set, a name and an mtime, as `gzip file` writes (zlib's own header, patched).
    const named = new Uint8Array([0x1f, 0x8b, 0x08, 0x08, 1, 2, 3, 4, 0, 3, ...text('app.wasm\0'), ...z.subarray(10)]);
    expect(memberStarts(named)[0]).toBe(0);
    expect(same(await inflateMembers(named), data), 'the native path alone').toBe(true);
    expect(same(await gunzipNative(named), data)).toBe(true);
  });

  it('a cut at bytes that only look like a member header falls back to gunzip and still inflates right', async () => {
    // Stored (level 0) deflate blocks carry the data as it is, header look-alike included.
    const fake = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);
    const tricky = new Uint8Array([...text('before '), ...fake, ...text(' after')]);
    const z = gzipSync(tricky, { level: 0 });
    expect(memberStarts(z).length, 'a false start is found').toBe(2);
    await expect(inflateMembers(z), 'the native path cut there').rejects.toThrow();
    expect(same(await gunzipNative(z, 'layer 0'), tricky)).toBe(true);
  });

  it('refuses truncated, corrupt and non-gzip data with gunzip’s messages', async () => {
    const z = gzipChunkedSync(data);
    for (const [what, bad] of [
      ['cut trailer', z.subarray(0, z.length - 4)],
      ['cut in a member', z.subarray(0, z.length >> 1)],
      ['flipped byte', Uint8Array.from(z, (b, i) => (i === z.length >> 1 ? b ^ 0x40 : b))],
      ['not gzip', text('plain text, not gzip')],
    ] as const) {
      const err = await gunzipNative(bad, 'layer 3').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isWharfError(err, 'IMAGE_FORMAT'), `gunzipNative(${what}) threw ${String(err)}`).toBe(true);
      expect((err as Error).message).toMatch(/^layer 3: /);
    }
  });

  it('stops past the limit with the same error as gunzip', async () => {
    const bomb = gzipChunkedSync(new Uint8Array(4 << 20));
    await expect(gunzipNative(bomb, 'layer 0', 1 << 20)).rejects.toThrow(
      'layer 0: expands to more than 1 MiB, more than Wharf can hold in memory',
    );
    expect((await gunzipNative(bomb, 'layer 0', 4 << 20)).length, 'at the limit exactly').toBe(4 << 20);
  });
});
