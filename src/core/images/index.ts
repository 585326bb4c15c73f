// Built-in images (wasi-sdk, python-wasi): real OCI images assembled deterministically from npm
// package bytes that the host supplies, resolved by name before any store or registry.
// See DESIGN.md "RUN steps and built-in images"; layout: https://github.com/WebAssembly/wasi-sdk
export { builtinImage, builtinImageFiles, type BuiltinImageOptions } from './builtin-image.ts';
export { resolveBuiltinRef, BUILTIN_TAGS, type BuiltinImageName, type BuiltinRef } from './refs.ts';
export {
  PACKAGE_FILES,
  CLANG_MODULE,
  CLANG_RESOURCES,
  PYTHON_MODULE,
  ADAPTER_FILES,
  WIT_FILES,
  WASM_TOOLS_MODULE,
  CLANG_PACKAGE,
  PYTHON_PACKAGE,
  packageFile,
  type PackageFile,
  type PackageFileRef,
  type PackageSource,
  type LoadProgress,
  type LoadOptions,
} from './packages.ts';
export { WASI_SDK_PATH, LLVM_TOOLS, COMMAND_ADAPTER, REACTOR_ADAPTER, WIT_DEPS } from './wasi-sdk.ts';
export { BuiltinImages, KEPT_ONLY_MISS, type BuiltinImagesOptions, type ResolvedBuiltin } from './builtin-images.ts';
export { toolchainHost, type ToolchainHost } from './toolchain-host.ts';
