import { describe, expect, it } from 'vitest';
import { MemoryPageStore } from '../../../src/store/page-store.ts';
import type { Digest } from '../../../src/core/oci/types.ts';

const record = (manifest: Digest, config: Digest) => ({
  ref: 'x:latest',
  manifest,
  config,
  size: 3,
  created: '1970-01-01T00:00:00Z',
  updatedAt: 0,
});

describe('MemoryPageStore', () => {
  it('commits Blobs, hands them back as Blobs, and counts their bytes', async () => {
    const store = new MemoryPageStore();
    const m = 'sha256:aa' as Digest;
    const c = 'sha256:bb' as Digest;
    await store.commitBlobs(
      record(m, c),
      new Map([
        [m, new Blob(['{}'])],
        [c, new Blob(['abc'])],
      ]),
    );
    expect(await store.getRef('x:latest'), 'getRef(x:latest)').toMatchObject({ manifest: m });
    expect(await (await store.getBlob(c))?.text(), 'getBlob(config)').toBe('abc');
    expect(await store.getBlob('sha256:cc' as Digest), 'getBlob(absent)').toBeUndefined();
    expect(await store.blobBytes(), 'blobBytes()').toBe(5);
  });

  it('commits nothing when the manifest is missing', async () => {
    const store = new MemoryPageStore();
    await expect(
      store.commitBlobs(
        record('sha256:aa' as Digest, 'sha256:bb' as Digest),
        new Map([['sha256:bb' as Digest, new Blob(['x'])]]),
      ),
    ).rejects.toThrow(/blob sha256:aa is not in the store/);
    expect(await store.list(), 'list() after the refused commit').toEqual([]);
  });
});
