// The image the interop tests feed to skopeo and umoci. Today it is built with the OCI API
// directly; `sourceImageTarball` is the one seam to swap for a tarball the CLI builds
// (any function that writes an image tarball and says which files its rootfs must hold).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildConfig,
  createImage,
  exportImage,
  layerFromTar,
  writeTar,
  type Compression,
} from '../../src/core/oci/index.ts';

export interface SourceImage {
  /** Path of the image tarball (OCI layout + docker manifest.json). */
  tarball: string;
  /** The reference it was exported under, as normalized. */
  ref: string;
  /** What the image's flattened rootfs must contain: path -> file bytes (directories as null). */
  expected: Map<string, Uint8Array | null>;
}

/** A real module: `_start` that returns at once (prints nothing, exits 0). */
export function helloWasm(dir: string): Uint8Array {
  const wat = join(dir, 'hello.wat');
  writeFileSync(wat, '(module (memory (export "memory") 1) (func (export "_start")))\n');
  execFileSync('wat2wasm', [wat, '-o', join(dir, 'hello.wasm')]);
  return new Uint8Array(readFileSync(join(dir, 'hello.wasm')));
}

const text = (s: string) => new TextEncoder().encode(s);

/** Builds the source image and writes it as `dir/source-<compression>.tar`. */
export async function sourceImageTarball(dir: string, compression: Compression = 'gzip'): Promise<SourceImage> {
  const wasm = helloWasm(dir);
  const notes = text('# Notes\n\nünïcødé ✓\n');
  const big = new Uint8Array(300_000).map((_, i) => (i * 2654435761) >>> 24);
  const deep = `docs/${'nested/'.repeat(20)}deep-file-with-a-long-name-${'x'.repeat(80)}.txt`;
  const l1 = await layerFromTar(
    writeTar([
      { path: 'hello.wasm', type: 'file', mode: 0o755, data: wasm },
      { path: 'etc/greeting.txt', type: 'file', data: text('Hello, Wasm!\n') },
      { path: 'etc/old.txt', type: 'file', data: text('removed by the next layer\n') },
      { path: 'var/data', type: 'directory' },
    ]),
  );
  const l2 = await layerFromTar(
    writeTar([
      { path: 'etc/.wh.old.txt', type: 'file' },
      { path: 'docs/notes.md', type: 'file', data: notes },
      { path: deep, type: 'file', data: text('deep\n') },
      { path: 'data/blob.bin', type: 'file', data: big },
    ]),
  );
  const config = buildConfig({
    diff_ids: [l1.diffId, l2.diffId],
    config: { Entrypoint: ['/hello.wasm'], Env: ['GREETING=hi'] },
  });
  const image = await createImage(config, [l1, l2]);
  const ref = 'docker.io/library/hello:latest';
  const { tar } = await exportImage(image, { ref: 'hello', compression });
  const tarball = join(dir, `source-${compression}.tar`);
  writeFileSync(tarball, tar);
  const expected = new Map<string, Uint8Array | null>([
    ['hello.wasm', wasm],
    ['etc', null],
    ['etc/greeting.txt', text('Hello, Wasm!\n')],
    ['var', null],
    ['var/data', null],
    ['docs', null],
    ['docs/notes.md', notes],
    [deep, text('deep\n')],
    ['data', null],
    ['data/blob.bin', big],
  ]);
  for (let d = deep.slice(0, deep.lastIndexOf('/')); d !== 'docs'; d = d.slice(0, d.lastIndexOf('/')))
    expected.set(d, null);
  return { tarball, ref, expected };
}
