import { describe, expect, it } from 'vitest';
import { build } from '../../../src/core/builder/index.ts';
import { createArtifact, exportImage, exportLayout, listTar } from '../../../src/core/oci/index.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { imageView } from '../../../src/ui/lib/inspect-image.ts';

describe('imageView', () => {
  it('shows the index an export writes (its bytes), the stored manifest and config, and each layer with its files', async () => {
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
    const layout = await exportLayout(r.image, { ref: 'shown:v2' });
    const view = imageView('shown:v2', r.image, layout);
    const index = JSON.parse(view.exported.indexJson) as { manifests: unknown[] };
    expect(index.manifests[0]).toMatchObject({
      digest: view.exported.manifestDigest,
      platform: { os: 'wasi', architecture: 'wasm' },
      annotations: {
        'io.containerd.image.name': 'docker.io/library/shown:v2',
        'org.opencontainers.image.ref.name': 'v2',
      },
    });
    expect(view.exported.manifestDigest, 'the exported manifest has gzip layers: another digest').not.toBe(
      r.image.manifestDigest,
    );
    const { tar } = await exportImage(r.image, { ref: 'shown:v2' });
    const written = listTar(tar).find((e) => e.path === 'index.json')!;
    expect(view.exported.indexJson, 'index.json in the tarball').toBe(new TextDecoder().decode(written.data));
    expect(view.stored.manifest).toEqual(r.image.manifest);
    expect(view.kind).toBe('image');
    expect(view.layers.map((l) => l.files)).toEqual([
      ['d bin/', 'f bin/app.wasm (8 bytes)'],
      ['f notes.txt (3 bytes)'],
    ]);
  });

  it('an OCI Wasm artifact: its one layer is the .wasm, exported as it is', async () => {
    const a = await createArtifact(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), { title: 'app.wasm' });
    const view = imageView('app:1', a, await exportLayout(a, { ref: 'app:1' }));
    expect(view.kind).toBe('artifact');
    expect(view.exported.manifestDigest, 'the export keeps the artifact as it is').toBe(a.manifestDigest);
    expect(view.layers.map((l) => [l.mediaType, l.files])).toEqual([
      ['application/wasm', ['w app.wasm (Wasm module, 8 bytes)']],
    ]);
  });
});
