// BuiltinImages: one load per image whoever asks, progress for everyone waiting on it, and a
// warm-up that only uses kept files failing alone (a build waiting on it loads them itself).
import { describe, expect, it } from 'vitest';
import {
  BuiltinImages,
  KEPT_ONLY_MISS,
  PYTHON_MODULE,
  type LoadOptions,
  type LoadProgress,
  type PackageFile,
  type PackageFileRef,
  type PackageSource,
} from '../../../src/core/images/index.ts';
import { WharfError } from '../../../src/core/errors.ts';

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** A source whose loads wait until `release()`; `kept` says whether a keptOnly load finds the files. */
function source(kept: boolean) {
  const calls: Array<{ keptOnly: boolean }> = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const s: PackageSource = {
    async load(refs: readonly PackageFileRef[], onProgress?: (p: LoadProgress) => void, o?: LoadOptions) {
      calls.push({ keptOnly: o?.keptOnly ?? false });
      if (o?.keptOnly && !kept) throw new WharfError('NOT_FOUND', `python.wasm: ${KEPT_ONLY_MISS}`);
      onProgress?.({ label: 'python', loaded: 4, total: 8 });
      await gate;
      onProgress?.({ label: 'python', loaded: 8, total: 8 });
      return refs.map((r): PackageFile => ({ ...r, version: '1.0.0', bytes: WASM }));
    },
  };
  return { s, calls, release: () => release() };
}

describe('BuiltinImages', () => {
  it('loads an image once for two askers, and the second gets the progress so far and after', async () => {
    const src = source(true);
    const images = new BuiltinImages({ packages: src.s, commands: ['sh'] });
    const first: LoadProgress[] = [];
    const second: LoadProgress[] = [];
    const a = images.resolve('python-wasi', (p) => first.push(p));
    await new Promise((r) => setTimeout(r, 0));
    const b = images.resolve('python-wasi:latest', (p) => second.push(p));
    await new Promise((r) => setTimeout(r, 0));
    src.release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(src.calls.length, 'loads').toBe(1);
    expect(ra!.image.manifestDigest, 'same image').toBe(rb!.image.manifestDigest);
    expect(
      second.map((p) => p.loaded),
      'progress of the second asker',
    ).toEqual([4, 8]);
    expect(
      first.map((p) => p.loaded),
      'progress of the first',
    ).toEqual([4, 8]);
  });

  it('a warm-up (kept files only) that finds nothing kept fails alone: a build waiting on it loads the files', async () => {
    const src = source(false);
    const images = new BuiltinImages({ packages: src.s, commands: ['sh'] });
    const warm = images.resolve('python-wasi', undefined, { keptOnly: true });
    const build = images.resolve('python-wasi');
    await expect(warm, 'the warm-up').rejects.toThrow(KEPT_ONLY_MISS);
    src.release();
    expect((await build)?.ref, 'the build').toBe('python-wasi:latest');
    expect(src.calls, 'loads').toEqual([{ keptOnly: true }, { keptOnly: false }]);
  });

  it('names that are not built-in resolve to undefined without loading', async () => {
    const src = source(true);
    const images = new BuiltinImages({ packages: src.s, commands: ['sh'] });
    expect(await images.resolve('docker.io/library/alpine'), 'alpine').toBeUndefined();
    expect(src.calls.length, 'loads').toBe(0);
    expect(PYTHON_MODULE.label, 'module label').toBe('python');
  });
});
