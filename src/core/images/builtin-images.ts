// The built-in images a host offers a build: FROM and COPY --from names resolve here before any
// store or registry. Each image is made once per host (package files loaded with progress, then
// assembled) and kept, so a rebuild neither loads nor hashes a toolchain again.
import type { Image } from '../oci/index.ts';
import type { WasmPlatform } from '../oci/types.ts';
import type { ModuleCache } from '../runtime/index.ts';
import { builtinImage, builtinImageFiles } from './builtin-image.ts';
import type { LoadProgress, PackageSource } from './packages.ts';
import { resolveBuiltinRef } from './refs.ts';

export interface ResolvedBuiltin {
  image: Image;
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
  readonly #made = new Map<string, Promise<Image>>();

  constructor(o: BuiltinImagesOptions) {
    this.#o = o;
  }

  /** The built-in image `name` stands for, made on first use; undefined when it names none. */
  async resolve(name: string, onProgress?: (p: LoadProgress) => void): Promise<ResolvedBuiltin | undefined> {
    const b = resolveBuiltinRef(name);
    if (!b) return undefined;
    const ref = `${b.name}:${b.tag}`;
    let image = this.#made.get(ref);
    if (!image) {
      image = this.#make(b.name, b.tag, onProgress);
      this.#made.set(ref, image);
      image.catch(() => this.#made.delete(ref));
    }
    return { image: await image, ref, note: b.note };
  }

  async #make(
    name: Parameters<typeof builtinImage>[0],
    tag: string,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<Image> {
    const files = await this.#o.packages.load(builtinImageFiles(name), onProgress);
    return builtinImage(name, tag, files, {
      commands: this.#o.commands,
      modules: this.#o.modules,
      platform: this.#o.platform,
    });
  }
}
