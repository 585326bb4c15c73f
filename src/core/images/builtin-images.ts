// The built-in images a host offers a build: FROM and COPY --from names resolve here before any
// store or registry. Each image is made once per host (package files loaded with progress, then
// assembled) and kept, so a rebuild neither loads nor hashes a toolchain again. Whoever asks
// while an image is still loading (a build started during a warm-up) gets its progress too.
import type { ContainerImage } from '../oci/index.ts';
import type { WasmPlatform } from '../oci/types.ts';
import type { ModuleCache } from '../runtime/index.ts';
import { builtinImage, builtinImageFiles } from './builtin-image.ts';
import type { LoadOptions, LoadProgress, PackageSource } from './packages.ts';
import { resolveBuiltinRef } from './refs.ts';

export interface ResolvedBuiltin {
  image: ContainerImage;
  /** The image's own reference ("wasi-sdk:latest"), under which a store keeps it. */
  ref: string;
  /** A line for the build log when the name stood for another image (the WASI SDK's own). */
  note?: string;
}

export interface BuiltinImagesOptions {
  packages: PackageSource;
  /** The shell's command names: each becomes a /bin stub. */
  commands: readonly string[];
  /** Where the host's compiled modules go, keyed by the image's own bytes. */
  modules?: ModuleCache;
  platform?: WasmPlatform;
}

export class BuiltinImages {
  readonly #o: BuiltinImagesOptions;
  readonly #made = new Map<string, Promise<ContainerImage>>();
  /** Listeners of each image still loading, and the last progress of each of its files. */
  readonly #loading = new Map<string, { listeners: Set<(p: LoadProgress) => void>; last: Map<string, LoadProgress> }>();

  constructor(o: BuiltinImagesOptions) {
    this.#o = o;
  }

  /** The built-in image `name` stands for, made on first use; undefined when it names none. */
  async resolve(
    name: string,
    onProgress?: (p: LoadProgress) => void,
    o: LoadOptions = {},
  ): Promise<ResolvedBuiltin | undefined> {
    const b = resolveBuiltinRef(name);
    if (!b) return undefined;
    const ref = `${b.name}:${b.tag}`;
    let image = this.#made.get(ref);
    if (!image) {
      const loading = { listeners: new Set<(p: LoadProgress) => void>(), last: new Map<string, LoadProgress>() };
      this.#loading.set(ref, loading);
      const report = (p: LoadProgress): void => {
        loading.last.set(p.label, p);
        for (const l of loading.listeners) l(p);
      };
      image = this.#make(b.name, b.tag, report, o);
      this.#made.set(ref, image);
      void image.then(
        () => this.#loading.delete(ref),
        () => {
          this.#loading.delete(ref);
          this.#made.delete(ref);
        },
      );
    }
    const loading = this.#loading.get(ref);
    if (onProgress && loading) {
      for (const p of loading.last.values()) onProgress(p);
      loading.listeners.add(onProgress);
    }
    try {
      return { image: await image, ref, note: b.note };
    } catch (e) {
      // A warm-up that found the files not kept fails alone: whoever else waited loads them.
      if (o.keptOnly || !isKeptOnlyMiss(e)) throw e;
      return this.resolve(name, onProgress, o);
    } finally {
      if (onProgress) loading?.listeners.delete(onProgress);
    }
  }

  async #make(
    name: Parameters<typeof builtinImage>[0],
    tag: string,
    onProgress: (p: LoadProgress) => void,
    o: LoadOptions,
  ): Promise<ContainerImage> {
    const files = await this.#o.packages.load(builtinImageFiles(name), onProgress, o);
    return builtinImage(name, tag, files, {
      commands: this.#o.commands,
      modules: this.#o.modules,
      platform: this.#o.platform,
    });
  }
}

/** The error a keptOnly load gives for a file the host does not keep. */
export const KEPT_ONLY_MISS = 'not kept by this host';

function isKeptOnlyMiss(e: unknown): boolean {
  return e instanceof Error && e.message.endsWith(KEPT_ONLY_MISS);
}
