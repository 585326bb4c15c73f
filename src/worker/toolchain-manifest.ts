// The list of toolchain package files the site serves (toolchains/manifest.json), shared by the
// Vite plugin that writes it and the loader that reads it. Versioned and checked by a guard.

export const TOOLCHAIN_MANIFEST_VERSION = 1;
/** Where the manifest sits, relative to the site's base URL. */
export const TOOLCHAIN_MANIFEST_PATH = 'toolchains/manifest.json';

export interface ToolchainManifestFile {
  /** npm package and path inside it: what a PackageFileRef names. */
  package: string;
  path: string;
  /** The package's version (it goes into image labels). */
  version: string;
  /** Where to fetch it, relative to the manifest. */
  url: string;
  /** 'gzip': the served bytes are gzip and the loader inflates them; 'identity': as is. */
  encoding: 'gzip' | 'identity';
  /** Bytes served (for progress). */
  size: number;
  /** Bytes of the file itself. */
  rawSize: number;
}

export interface ToolchainManifest {
  v: typeof TOOLCHAIN_MANIFEST_VERSION;
  files: ToolchainManifestFile[];
}

/**
 * "toolchains/yowasp-clang@22.0.0/gen/llvm.core.wasm": versioned, so a cache never serves stale
 * bytes, and the whole path in the package, since one package ships several `package.wit`.
 */
export function toolchainFilePath(pkg: string, version: string, path: string): string {
  const slug = pkg.replace(/^@/, '').replace(/\//g, '-');
  return `toolchains/${slug}@${version}/${path}`;
}

export function isToolchainManifest(x: unknown): x is ToolchainManifest {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Partial<ToolchainManifest>;
  if (m.v !== TOOLCHAIN_MANIFEST_VERSION || !Array.isArray(m.files)) return false;
  return m.files.every(
    (f: Partial<ToolchainManifestFile>) =>
      typeof f === 'object' &&
      f !== null &&
      typeof f.package === 'string' &&
      typeof f.path === 'string' &&
      typeof f.version === 'string' &&
      typeof f.url === 'string' &&
      (f.encoding === 'gzip' || f.encoding === 'identity') &&
      Number.isSafeInteger(f.size) &&
      Number.isSafeInteger(f.rawSize),
  );
}
