// wasi-sdk: LLVM from @yowasp/clang laid out as the WASI SDK is (tools in /opt/wasi-sdk/bin,
// the sysroot in /opt/wasi-sdk/share/wasi-sysroot and /wasi-sysroot), with the environment of
// the WASI SDK's own Docker image. The package's clang has its resource directory and default
// sysroot built in as /usr, so /usr/include, /usr/lib and /usr/share lead to the sysroot (which
// holds clang's own headers and builtins too, as the package ships them).
// https://github.com/WebAssembly/wasi-sdk/blob/main/docker/Dockerfile
import { WharfError } from '../errors.ts';
import { readTar, type ContainerConfig, type TarWriteEntry } from '../oci/index.ts';
import { builtinStub } from '../runtime/index.ts';
import { dir, file, symlink, type LayerPlan } from './layers.ts';
import { WASI_WIT_PACKAGES, WASI_WIT_VERSION, type PackageFile } from './packages.ts';
import { WASI_SOCKET_H, WASI_SOCKET_H_PATH } from './wasi-socket-h.ts';

export const WASI_SDK_PATH = '/opt/wasi-sdk';
const SYSROOT = 'opt/wasi-sdk/share/wasi-sysroot';
/** The multicall module's own file; every tool is a symlink to it (its name picks the tool). */
export const LLVM_FILE = 'opt/wasi-sdk/bin/llvm';

/** Tool names the multicall module answers to, as the WASI SDK's bin/ has them. */
export const LLVM_TOOLS = [
  'ar',
  'c++filt',
  'clang',
  'clang++',
  'clang-22',
  'clang-cpp',
  'ld.lld',
  'llvm-addr2line',
  'llvm-ar',
  'llvm-cxxfilt',
  'llvm-nm',
  'llvm-objcopy',
  'llvm-objdump',
  'llvm-ranlib',
  'llvm-readelf',
  'llvm-readobj',
  'llvm-size',
  'llvm-strip',
  'llvm-symbolizer',
  'nm',
  'ranlib',
  'strip',
  'wasm-ld',
] as const;

const FLAGS = '--target=wasm32-wasi --sysroot=/wasi-sysroot';

/** The preview1 component adapters, named as wasmtime's releases name them. */
export const ADAPTER_DIR = `${WASI_SDK_PATH}/share/wasi-preview1-component-adapter`;
export const COMMAND_ADAPTER = `${ADAPTER_DIR}/wasi_snapshot_preview1.command.wasm`;
export const REACTOR_ADAPTER = `${ADAPTER_DIR}/wasi_snapshot_preview1.reactor.wasm`;
/** The WASI 0.2 WIT packages as a `wit/deps` folder holds them (wit-deps' layout): deps/cli/, deps/io/ ... */
export const WIT_DEPS = `${WASI_SDK_PATH}/share/wit/deps`;
/** The `wasm-tools` program's stub: the built-in program that drives wasm-tools's library. */
export const WASM_TOOLS_FILE = 'opt/wasi-sdk/bin/wasm-tools';

export function wasiSdkConfig(): ContainerConfig {
  const bin = `${WASI_SDK_PATH}/bin`;
  return {
    Env: [
      `PATH=${bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      `WASI_SDK_PATH=${WASI_SDK_PATH}`,
      `CC=${bin}/clang`,
      `CXX=${bin}/clang++`,
      `LD=${bin}/wasm-ld`,
      `AR=${bin}/llvm-ar`,
      `RANLIB=${bin}/llvm-ranlib`,
      `CFLAGS=${FLAGS}`,
      `CXXFLAGS=${FLAGS}`,
      `LDFLAGS=${FLAGS}`,
      `WASI_PREVIEW1_COMMAND_ADAPTER=${COMMAND_ADAPTER}`,
      `WASI_PREVIEW1_REACTOR_ADAPTER=${REACTOR_ADAPTER}`,
      `WASI_WIT_DEPS=${WIT_DEPS}`,
    ],
    Cmd: ['/bin/sh'],
    WorkingDir: '/',
  };
}

/** The LLVM layer: the multicall module and its tool names. */
export function llvmLayer(module: PackageFile): LayerPlan {
  return {
    createdBy: `COPY ${module.package}@${module.version}:${module.path} ${WASI_SDK_PATH}/bin/llvm (clang, clang++, wasm-ld, llvm-ar and ${LLVM_TOOLS.length - 4} more tool names)`,
    entries: [
      dir('opt'),
      dir('opt/wasi-sdk'),
      dir('opt/wasi-sdk/bin'),
      file(LLVM_FILE, module.bytes, 0o755),
      ...LLVM_TOOLS.map((t) => symlink(`opt/wasi-sdk/bin/${t}`, 'llvm')),
    ],
  };
}

/** The sysroot layer: the package's resources tar (meant for /usr) as the WASI SDK's sysroot. */
export function sysrootLayer(resources: PackageFile): LayerPlan {
  const entries: TarWriteEntry[] = [
    dir('opt'),
    dir('opt/wasi-sdk'),
    dir('opt/wasi-sdk/lib'),
    dir('opt/wasi-sdk/lib/clang'),
    // Where an unconfigured clang 22 would look for its resource directory.
    symlink('opt/wasi-sdk/lib/clang/22', '../../share/wasi-sysroot'),
    dir('opt/wasi-sdk/share'),
    dir(SYSROOT),
    // The older triple (CFLAGS says --target=wasm32-wasi) finds the wasm32-wasip1 files.
    symlink(`${SYSROOT}/include/wasm32-wasi`, 'wasm32-wasip1'),
    symlink(`${SYSROOT}/lib/wasm32-wasi`, 'wasm32-wasip1'),
    symlink(`${SYSROOT}/lib/wasm32-unknown-wasi`, 'wasm32-unknown-wasip1'),
    symlink('wasi-sysroot', SYSROOT),
    dir('usr'),
    symlink('usr/include', `../${SYSROOT}/include`),
    symlink('usr/lib', `../${SYSROOT}/lib`),
    symlink('usr/share', `../${SYSROOT}/share`),
  ];
  for (const e of readTar(resources.bytes, { name: `${resources.package}/${resources.path}` })) {
    const path = `${SYSROOT}/${e.path}`;
    if (e.type === 'directory') entries.push(dir(path));
    else if (e.type === 'file') entries.push(file(path, e.data));
    else if (e.type === 'symlink') entries.push(symlink(path, e.linkname ?? ''));
    else {
      throw new WharfError('TAR_FORMAT', `${resources.package}/${resources.path}: "${e.path}" is a ${e.type} entry`);
    }
  }
  return {
    createdBy: `COPY ${resources.package}@${resources.version}:${resources.path} ${WASI_SDK_PATH}/share/wasi-sysroot (also /wasi-sysroot, and /usr/include, /usr/lib, /usr/share where this clang looks)`,
    entries,
  };
}

/**
 * The component layer: `wasm-tools` (a built-in program; it loads wasm-tools's library when it
 * first runs), the preview1 command and reactor adapters, and the WASI 0.2 WIT packages.
 */
export function componentLayer(adapters: readonly PackageFile[], wits: readonly PackageFile[]): LayerPlan {
  const rel = (p: string): string => p.slice(1);
  const entries: TarWriteEntry[] = [
    dir('opt'),
    dir('opt/wasi-sdk'),
    dir('opt/wasi-sdk/bin'),
    file(WASM_TOOLS_FILE, builtinStub('wasm-tools'), 0o755),
    dir('opt/wasi-sdk/share'),
    dir(rel(ADAPTER_DIR)),
    ...adapters.map((a) => file(`${rel(ADAPTER_DIR)}/${a.path.slice(a.path.lastIndexOf('/') + 1)}`, a.bytes)),
    dir('opt/wasi-sdk/share/wit'),
    dir(rel(WIT_DEPS)),
  ];
  WASI_WIT_PACKAGES.forEach((name, i) => {
    const wit = wits[i];
    if (!wit) throw new WharfError('INTERNAL', `wasi-sdk: the wasi:${name} WIT package was not supplied`);
    entries.push(dir(`${rel(WIT_DEPS)}/${name}`), file(`${rel(WIT_DEPS)}/${name}/package.wit`, wit.bytes));
  });
  const from = adapters[0] ?? wits[0];
  return {
    createdBy: `COPY ${from?.package ?? 'jco'}@${from?.version ?? ''}:lib/wasi_snapshot_preview1.*.wasm,lib/wit/builtin/${WASI_WIT_VERSION}/wasi-*/package.wit ${ADAPTER_DIR}/ ${WIT_DEPS}/ (and ${WASI_SDK_PATH}/bin/wasm-tools, a Wharf built-in program)`,
    entries,
  };
}

/** The sysroot's <wasmedge/wasi_socket.h>: sockets for C on WasmEdge's socket functions. */
export function socketHeaderLayer(): LayerPlan {
  const path = `${SYSROOT}/${WASI_SOCKET_H_PATH}`;
  return {
    createdBy: `COPY wasi_socket.h /${path} (WasmEdge's socket functions for C)`,
    entries: [
      dir('opt'),
      dir('opt/wasi-sdk'),
      dir('opt/wasi-sdk/share'),
      dir(SYSROOT),
      dir(`${SYSROOT}/include`),
      dir(`${SYSROOT}/include/wasmedge`),
      file(path, new TextEncoder().encode(WASI_SOCKET_H)),
    ],
  };
}
