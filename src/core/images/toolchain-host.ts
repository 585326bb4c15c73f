// What a host adds to a build so RUN works: the built-in images for FROM, and a program runner
// over the runtime's process model with the shell's programs, both sharing one module cache so
// clang and python compile once per host, whatever the number of builds.
import type { Volume } from '../rootfs/index.ts';
import { ModuleCache, createProcesses, type ProcessSpec } from '../runtime/index.ts';
import { SHELL_PROGRAM_NAMES, shellPrograms } from '../runtime/shell/index.ts';
import type { WasmPlatform } from '../oci/types.ts';
import { BuiltinImages } from './builtin-images.ts';
import type { PackageSource } from './packages.ts';

export interface ToolchainHost {
  baseImages: BuiltinImages;
  run(volume: Volume, spec: ProcessSpec): Promise<number>;
  modules: ModuleCache;
}

export function toolchainHost(packages: PackageSource, o: { platform?: WasmPlatform } = {}): ToolchainHost {
  const modules = new ModuleCache();
  const builtins = shellPrograms();
  return {
    modules,
    baseImages: new BuiltinImages({ packages, commands: SHELL_PROGRAM_NAMES, modules, platform: o.platform }),
    run: (volume, spec) => createProcesses({ volume, builtins, modules }).spawn(spec),
  };
}
