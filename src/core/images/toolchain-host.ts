// What a host adds to a build so RUN works: the built-in images for FROM, and a program runner
// over the runtime's process model with the shell's programs, both sharing one module cache so
// clang and python compile once per host, whatever the number of builds. A host can warm a
// toolchain it keeps before anyone builds: a second visit's first Run then waits for neither
// the files, nor the image, nor the engine's first pass over clang's code.
import { fileNode, graft, imageRootfs, openVolume, type Volume } from '../rootfs/index.ts';
import { ModuleCache, createProcesses, type ProcessSpec, type WasmModule } from '../runtime/index.ts';
import { SHELL_PROGRAM_NAMES, shellPrograms, wasmToolsProgram } from '../userland/index.ts';
import type { WasmPlatform } from '../oci/types.ts';
import { BuiltinImages } from './builtin-images.ts';
import { WASM_TOOLS_MODULE, type PackageSource } from './packages.ts';
import { resolveBuiltinRef } from './refs.ts';
import { instantiateWasmTools } from './wasm-tools-library.ts';

export interface ToolchainHost {
  baseImages: BuiltinImages;
  run(volume: Volume, spec: ProcessSpec): Promise<number>;
  modules: ModuleCache;
  /**
   * Makes the built-in images `refs` name from files the host keeps (nothing is downloaded) and
   * compiles a small C file once in wasi-sdk, so the engine has clang's hot code ready. Resolves
   * false when a file is not kept; names that are not built-in are ignored. `idle` says whether
   * nobody is building: a build that started meanwhile compiles for real, so the warm-up's own
   * compile is skipped rather than making it wait.
   */
  warm(refs: readonly string[], idle?: () => boolean): Promise<boolean>;
}

/** What the warm-up compiles: a header, a call, a link, as the seed does. */
const WARM_SOURCE = '#include <stdio.h>\nint main(void) { puts("warm"); return 0; }\n';

export function toolchainHost(packages: PackageSource, o: { platform?: WasmPlatform } = {}): ToolchainHost {
  const modules = new ModuleCache();
  // wasm-tools's library: fetched and compiled the first time a RUN step runs `wasm-tools`.
  let library: Promise<WasmModule> | undefined;
  const loadLibrary = (): Promise<WasmModule> => {
    library ??= packages.load([WASM_TOOLS_MODULE]).then(([f]) => f!.module ?? modules.get(f!.bytes));
    library.catch(() => (library = undefined));
    return library;
  };
  const builtins = new Map([
    ...shellPrograms(),
    ['wasm-tools', wasmToolsProgram(async (ctx) => instantiateWasmTools(await loadLibrary(), ctx))],
  ]);
  const baseImages = new BuiltinImages({ packages, commands: SHELL_PROGRAM_NAMES, modules, platform: o.platform });
  const run = (volume: Volume, spec: ProcessSpec): Promise<number> =>
    createProcesses({ volume, builtins, modules }).spawn(spec);
  const warmed = new Set<string>();
  return {
    modules,
    baseImages,
    run,
    async warm(refs, idle = () => true) {
      for (const ref of refs) {
        const b = resolveBuiltinRef(ref);
        if (!b || warmed.has(b.name)) continue;
        warmed.add(b.name);
        let resolved;
        try {
          resolved = await baseImages.resolve(ref, undefined, { keptOnly: true });
        } catch {
          warmed.delete(b.name);
          return false;
        }
        if (b.name !== 'wasi-sdk' || !resolved || !idle()) continue;
        const tree = graft(await imageRootfs(resolved.image), 'tmp/warm.c', fileNode(WARM_SOURCE));
        if (!idle()) continue;
        const quiet = (): void => {};
        await run(openVolume(tree), {
          argv: ['/opt/wasi-sdk/bin/clang', 'warm.c', '-o', 'warm.wasm'],
          env: resolved.image.config.config?.Env ?? [],
          cwd: '/tmp',
          stdout: quiet,
          stderr: quiet,
        });
      }
      return true;
    },
  };
}
