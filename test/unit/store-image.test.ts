import { describe, expect, it } from 'vitest';
import { build } from '../../src/core/builder/index.ts';
import type { ImageConfig } from '../../src/core/oci/index.ts';
import { openImage } from '../../src/core/store-image.ts';
import { MemoryStore } from '../../src/core/store-memory.ts';

describe('openImage: stored images load lazily', () => {
  it('reads the manifest and config at once, every layer only on load(), and only once', async () => {
    const store = new MemoryStore();
    const r = await build({
      files: [
        { path: 'Dockerfile', data: 'FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n', mode: 0o644 },
        { path: 'a.txt', data: 'a', mode: 0o644 },
        { path: 'b.txt', data: 'b', mode: 0o644 },
      ],
      store,
      tag: 'lazy',
    });
    const reads: string[] = [];
    const get = store.get.bind(store);
    store.get = async (d) => {
      reads.push(d);
      return get(d);
    };
    const head = await openImage(store, 'lazy');
    const layerDigests = r.image.layers.map((l) => l.digest);
    expect((head.config as ImageConfig).config?.Env, 'config is there').toBeDefined();
    expect(
      reads.filter((d) => layerDigests.includes(d as never)),
      'layer reads before load()',
    ).toEqual([]);
    const [a, b] = await Promise.all([head.load(), head.load()]);
    expect(a, 'load() twice gives one image').toBe(b);
    expect(a.manifestDigest).toBe(r.image.manifestDigest);
    expect(reads.filter((d) => layerDigests.includes(d as never)).sort(), 'each layer read once').toEqual(
      [...layerDigests].sort(),
    );
  });
});
