// The built-in images' package files as static assets of the site, same origin: the dev server
// streams them from node_modules; the build writes them gzip'd (the loader inflates them with
// DecompressionStream, so no server needs to send Content-Encoding) beside toolchains/manifest.json.
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { packageDir } from './src/cli/packages.ts';
import { PACKAGE_FILES } from './src/core/images/index.ts';
import {
  TOOLCHAIN_MANIFEST_PATH,
  TOOLCHAIN_MANIFEST_VERSION,
  toolchainFilePath,
  type ToolchainManifest,
} from './src/worker/toolchain-manifest.ts';

interface Source {
  file: string;
  /** Site path of the file itself (the cache key, and the dev server's URL). */
  path: string;
  manifest: ToolchainManifest['files'][number];
}

function sources(gzip: boolean): Source[] {
  return PACKAGE_FILES.map((ref) => {
    const dir = packageDir(ref.package, import.meta.dirname);
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    const file = join(dir, ref.path);
    const path = toolchainFilePath(ref.package, version, ref.path);
    const rawSize = statSync(file).size;
    const url = path.slice('toolchains/'.length) + (gzip ? '.gz' : '');
    return {
      file,
      path,
      manifest: {
        package: ref.package,
        path: ref.path,
        version,
        url,
        encoding: gzip ? 'gzip' : 'identity',
        size: rawSize,
        rawSize,
      },
    };
  });
}

/** Where builds keep the gzip'd package files, so the next build need not compress them again. */
const GZIP_CACHE = join(import.meta.dirname, 'node_modules/.cache/wharf-toolchains');

/**
 * The file gzip'd at level 9 (75.5 MB of clang becomes 22.7 MB, ~3 s of a core; all of them ~6 s),
 * made once for a given file: the cache entry is named by the site path (package and version)
 * and the file's size and mtime, and written whole or not at all.
 */
function gzipped(s: Source): Buffer {
  const { size, mtimeMs } = statSync(s.file);
  const stem = `${s.path.replace(/[/@]/g, '_')}.`;
  const name = `${stem}${size}.${Math.trunc(mtimeMs)}.gz`;
  const entry = join(GZIP_CACHE, name);
  if (existsSync(entry)) return readFileSync(entry);
  const gz = gzipSync(readFileSync(s.file), { level: 9 });
  mkdirSync(GZIP_CACHE, { recursive: true });
  const partial = `${entry}.${process.pid}.part`;
  writeFileSync(partial, gz);
  renameSync(partial, entry);
  // The same file as another install left it (npm ci sets new mtimes): no longer needed.
  for (const old of readdirSync(GZIP_CACHE))
    if (old.startsWith(stem) && old.endsWith('.gz') && old !== name) rmSync(join(GZIP_CACHE, old));
  return gz;
}

export function toolchainAssets(): Plugin {
  return {
    name: 'wharf-toolchain-assets',
    configureServer(server) {
      const list = sources(false);
      const manifest: ToolchainManifest = { v: TOOLCHAIN_MANIFEST_VERSION, files: list.map((s) => s.manifest) };
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\//, '');
        if (path === TOOLCHAIN_MANIFEST_PATH) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(manifest));
          return;
        }
        const s = list.find((x) => x.path === path);
        if (!s) return next();
        res.setHeader('content-type', s.file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream');
        res.setHeader('content-length', String(s.manifest.rawSize));
        createReadStream(s.file).pipe(res);
      });
    },
    generateBundle() {
      const list = sources(true);
      const files: ToolchainManifest['files'] = [];
      for (const s of list) {
        const gz = gzipped(s);
        this.emitFile({ type: 'asset', fileName: `${s.path}.gz`, source: gz });
        files.push({ ...s.manifest, size: gz.byteLength });
      }
      const manifest: ToolchainManifest = { v: TOOLCHAIN_MANIFEST_VERSION, files };
      this.emitFile({ type: 'asset', fileName: TOOLCHAIN_MANIFEST_PATH, source: JSON.stringify(manifest) });
    },
  };
}
