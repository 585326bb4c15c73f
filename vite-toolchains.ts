// The built-in images' package files as static assets of the site, same origin: the dev server
// streams them from node_modules; the build writes them gzip'd (the loader inflates them with
// DecompressionStream, so no server needs to send Content-Encoding) beside toolchains/manifest.json.
import { createReadStream, readFileSync, statSync } from 'node:fs';
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
        // Level 9: 75.5 MB of clang becomes 22.7 MB; this runs once per build.
        const gz = gzipSync(readFileSync(s.file), { level: 9 });
        this.emitFile({ type: 'asset', fileName: `${s.path}.gz`, source: gz });
        files.push({ ...s.manifest, size: gz.byteLength });
      }
      const manifest: ToolchainManifest = { v: TOOLCHAIN_MANIFEST_VERSION, files };
      this.emitFile({ type: 'asset', fileName: TOOLCHAIN_MANIFEST_PATH, source: JSON.stringify(manifest) });
    },
  };
}
