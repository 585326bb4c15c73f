import { describe, expect, it } from 'vitest';
import { describeStorageUse, storageUse } from '../../../src/ui/lib/storage-use.ts';

describe('storage use', () => {
  it("reads the browser's estimate and says it in a person's units", async () => {
    const use = await storageUse({ estimate: async () => ({ usage: 6_389_399, quota: 10 * 1024 * 1024 }) });
    expect(use, 'storageUse(Firefox at a 10 MiB site limit)').toEqual({ usage: 6_389_399, quota: 10_485_760 });
    expect(describeStorageUse(use!)).toBe('6.4 MB of 10 MB used');
  });

  it('is undefined where there is no estimate: no StorageManager, a failed or partial one', async () => {
    expect(await storageUse(undefined), 'storageUse(insecure context)').toBeUndefined();
    expect(
      await storageUse({ estimate: () => Promise.reject(new Error('no')) }),
      'storageUse(rejects)',
    ).toBeUndefined();
    expect(await storageUse({ estimate: async () => ({ usage: 1 }) }), 'storageUse(no quota)').toBeUndefined();
  });
});
