import { describe, expect, it } from 'vitest';
import { build } from '../../../src/core/builder/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { inspectImage } from '../../../src/ui/lib/inspect-image.ts';

describe('inspectImage', () => {
  it('shows the index, manifest, config and each layer with its files', async () => {
    const store = new MemoryStore();
    const r = await build({
      store,
      tag: 'shown:v2',
      files: [
        {
          path: 'Dockerfile',
          data: 'FROM scratch\nCOPY app.wasm /bin/app.wasm\nCOPY notes.txt /\nENTRYPOINT ["/bin/app.wasm"]\n',
          mode: 0o644,
        },
        { path: 'app.wasm', data: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), mode: 0o755 },
        { path: 'notes.txt', data: 'hi\n', mode: 0o644 },
      ],
    });
    const view = await inspectImage(store, 'shown:v2');
    expect(view.index.manifests[0]).toMatchObject({
      digest: r.image.manifestDigest,
      platform: { os: 'wasi', architecture: 'wasm' },
      annotations: {
        'io.containerd.image.name': 'docker.io/library/shown:v2',
        'org.opencontainers.image.ref.name': 'v2',
      },
    });
    expect(view.manifest).toEqual(r.image.manifest);
    expect(view.layers.map((l) => l.files)).toEqual([
      ['d bin/', 'f bin/app.wasm (8 bytes)'],
      ['f notes.txt (3 bytes)'],
    ]);
  });
});
