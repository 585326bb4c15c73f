// A built-in image from package bytes: its layers (base, then the toolchain's), a config with
// the image's Env and labels, and the manifest, all deterministic: the same package bytes and
// command names give the same digests in Node and in the browser.
import { WharfError } from '../errors.ts';
import {
  buildConfig,
  createImage,
  readTar,
  rfc3339,
  type ContainerConfig,
  type HistoryEntry,
  type ContainerImage,
  type Layer,
  type WasmPlatform,
} from '../oci/index.ts';
import type { ModuleCache } from '../runtime/index.ts';
import { baseLayer, planLayer, type LayerPlan } from './layers.ts';
import {
  ADAPTER_FILES,
  CLANG_MODULE,
  CLANG_RESOURCES,
  PYTHON_MODULE,
  WIT_FILES,
  packageFile,
  type PackageFile,
  type PackageFileRef,
} from './packages.ts';
import { PYTHON_FILE, pythonConfig, pythonLayer } from './python-wasi.ts';
import { BUILTIN_TAGS, type BuiltinImageName } from './refs.ts';
import { LLVM_FILE, componentLayer, llvmLayer, socketHeaderLayer, sysrootLayer, wasiSdkConfig } from './wasi-sdk.ts';

export interface BuiltinImageOptions {
  /** The shell's command names: each becomes /bin/NAME, a built-in stub (sh is always there). */
  commands: readonly string[];
  /**
   * Receives the image's Wasm files with the modules the host compiled for them (PackageFile's
   * `module`), keyed by the layer's own bytes: runs over a tree read from this image then start
   * without compiling, and without hashing anything.
   */
  modules?: ModuleCache;
  platform?: WasmPlatform;
}

/** The package files an image is made of (what to ask a PackageSource for). */
export function builtinImageFiles(name: BuiltinImageName): readonly PackageFileRef[] {
  return name === 'wasi-sdk' ? [CLANG_MODULE, CLANG_RESOURCES, ...ADAPTER_FILES, ...WIT_FILES] : [PYTHON_MODULE];
}

interface Recipe {
  layers: LayerPlan[];
  config: ContainerConfig;
  labels: Record<string, string>;
  /** Layer index and path of each Wasm file with the package file it came from. */
  modules: Array<{ layer: number; path: string; from: PackageFile }>;
}

export async function builtinImage(
  name: BuiltinImageName,
  tag: string,
  files: readonly PackageFile[],
  opts: BuiltinImageOptions,
): Promise<ContainerImage> {
  if (!BUILTIN_TAGS[name].includes(tag)) {
    throw new WharfError(
      'BUILD_STAGE',
      `${name}:${tag}: the built-in image ${name} has the tags ${BUILTIN_TAGS[name].join(', ')}`,
    );
  }
  const need = (ref: PackageFileRef): PackageFile => {
    const f = packageFile(files, ref);
    if (!f) throw new WharfError('NOT_FOUND', `${name}: the package file ${ref.package}/${ref.path} was not supplied`);
    return f;
  };
  const recipe = name === 'wasi-sdk' ? wasiSdk(need) : python(need);
  const plans = [baseLayer(opts.commands), ...recipe.layers];
  const layers: Layer[] = [];
  for (const p of plans) layers.push(await planLayer(p));
  const created = rfc3339(0);
  const history: HistoryEntry[] = [
    ...plans.map((p) => ({ created, created_by: p.createdBy })),
    { created, created_by: `ENV ${(recipe.config.Env ?? []).join(' ')}`, empty_layer: true },
    { created, created_by: `CMD ${JSON.stringify(recipe.config.Cmd ?? [])}`, empty_layer: true },
  ];
  const config = buildConfig({
    diff_ids: layers.map((l) => l.diffId),
    platform: opts.platform,
    created: 0,
    config: { ...recipe.config, Labels: recipe.labels },
    history,
  });
  const image = await createImage(config, layers);
  if (opts.modules) {
    for (const m of recipe.modules) {
      if (!m.from.module) continue;
      const layer = image.layers[m.layer + 1]!; // after the base layer
      const entry = [...readTar(layer.blob)].find((e) => e.path === m.path);
      if (entry) opts.modules.prime(entry.data, m.from.module);
    }
  }
  return image;
}

function wasiSdk(need: (ref: PackageFileRef) => PackageFile): Recipe {
  const module = need(CLANG_MODULE);
  const resources = need(CLANG_RESOURCES);
  const adapters = ADAPTER_FILES.map(need);
  const wits = WIT_FILES.map(need);
  const jco = adapters[0]!;
  return {
    layers: [llvmLayer(module), sysrootLayer(resources), componentLayer(adapters, wits), socketHeaderLayer()],
    config: wasiSdkConfig(),
    labels: {
      'org.opencontainers.image.title': 'wasi-sdk',
      'org.opencontainers.image.description':
        'clang, clang++, wasm-ld and the LLVM tools with the WASI sysroot (wasi-libc, libc++), laid out as the WASI SDK; wasm-tools, the preview1 component adapters and the WASI 0.2 WIT packages',
      'org.opencontainers.image.version': module.version,
      'org.opencontainers.image.licenses': 'Apache-2.0 WITH LLVM-exception AND MIT AND BSD-2-Clause',
      'wharf.licenses':
        'LLVM, clang, lld, libc++, compiler-rt: Apache-2.0 WITH LLVM-exception; wasi-libc: Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT, with parts of musl (MIT) and cloudlibc (BSD-2-Clause); the preview1 adapters (wasmtime) and wasm-tools: Apache-2.0 WITH LLVM-exception; the WASI WIT packages: the W3C Community Contributor License Agreement',
      'wharf.source.packages': `${module.package}@${module.version} ${jco.package}@${jco.version}`,
    },
    modules: [{ layer: 0, path: LLVM_FILE, from: module }],
  };
}

function python(need: (ref: PackageFileRef) => PackageFile): Recipe {
  const module = need(PYTHON_MODULE);
  return {
    layers: [pythonLayer(module)],
    config: pythonConfig(module),
    labels: {
      'org.opencontainers.image.title': 'python-wasi',
      'org.opencontainers.image.description': 'CPython 3.12 for WASI preview1, its standard library inside the module',
      'org.opencontainers.image.version': module.version,
      'org.opencontainers.image.licenses': 'PSF-2.0 AND Apache-2.0',
      'wharf.licenses': 'CPython: PSF-2.0; the WASI build (VMware Labs webassembly-language-runtimes): Apache-2.0',
      'wharf.source.packages': `${module.package}@${module.version}`,
    },
    modules: [{ layer: 0, path: PYTHON_FILE, from: module }],
  };
}
