// @ts-check
// The CLI's TypeScript entries (main.ts, and each worker thread's) as one plain ES module each,
// so that Node runs them without a TypeScript loader. Under tsx, `wharf run hello.wasm` spent
// ~1.2 s of CPU, most of it registering the loader (a hooks thread) in the process and again in
// each worker thread and resolving ~140 modules through it; bundled, 0.4 s. Bundles are kept in
// node_modules/.cache and rebuilt when one of their source files changed (size or modification
// time), as tsx's own cache is. Plain JavaScript because it is what starts before any loader.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the bundles' shape changes, so that older cached bundles are not reused. */
const FORMAT = 2;

/**
 * @typedef {object} Manifest
 * @property {number} format
 * @property {string} root The project folder: bundles hold absolute paths to its files.
 * @property {string} esbuild
 * @property {[path: string, size: number, mtimeMs: number][]} inputs Each source file as it was
 *   when the bundle was made, relative to `root`.
 */

const root = resolve(import.meta.dirname, '../..');
const cacheDir = join(root, 'node_modules', '.cache', 'wharf-cli');
/** @type {Map<string, Promise<URL>>} */
const pending = new Map();

/**
 * The file URL of `entry` (a .ts module) bundled into one module, built or taken from the cache.
 * @param {URL} entry
 * @returns {Promise<URL>}
 */
export function bundled(entry) {
  let p = pending.get(entry.href);
  if (!p) {
    p = cachedOrBuilt(fileURLToPath(entry));
    pending.set(entry.href, p);
  }
  return p;
}

/**
 * @param {string} source
 * @returns {Promise<URL>}
 */
async function cachedOrBuilt(source) {
  // The version from its package.json: loading esbuild itself costs ~50 ms, needed only to build.
  const esbuildVersion = /** @type {{ version: string }} */ (
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8'))
  ).version;
  const name = relative(root, source).replace(/[/\\]/g, '_').replace(/\.ts$/, '');
  const out = join(cacheDir, `${name}.mjs`);
  const manifestPath = join(cacheDir, `${name}.json`);
  if (fresh(manifestPath, esbuildVersion)) return pathToFileURL(out);

  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [source],
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [importMetaAsWritten],
    // esbuild finds its binary relative to its own files: it is loaded from node_modules. So is
    // the component transpiler (~1 MB of JavaScript a run of a module never needs to parse).
    external: ['esbuild', '@bytecodealliance/jco-transpile'],
    // CommonJS dependencies call require(), which an ES module lacks: esbuild's shim uses this one.
    banner: {
      js: `import { createRequire as wharfCreateRequire } from 'node:module'; const require = wharfCreateRequire(${JSON.stringify(join(root, 'package.json'))});`,
    },
  });
  /** @type {Manifest} */
  const manifest = {
    format: FORMAT,
    root,
    esbuild: esbuild.version,
    inputs: Object.keys(result.metafile.inputs).map((p) => {
      const s = statSync(join(root, p));
      return [p, s.size, s.mtimeMs];
    }),
  };
  mkdirSync(cacheDir, { recursive: true });
  // Written under a unique name and renamed: CLI processes started together may race here.
  const tmp = `.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(out + tmp, /** @type {import('esbuild').OutputFile} */ (result.outputFiles[0]).contents);
  renameSync(out + tmp, out);
  writeFileSync(manifestPath + tmp, JSON.stringify(manifest));
  renameSync(manifestPath + tmp, manifestPath);
  return pathToFileURL(out);
}

/**
 * @param {string} manifestPath
 * @param {string} esbuildVersion
 */
function fresh(manifestPath, esbuildVersion) {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return false;
  }
  if (manifest.format !== FORMAT || manifest.root !== root || manifest.esbuild !== esbuildVersion) return false;
  return manifest.inputs.every(([p, size, mtimeMs]) => {
    try {
      const s = statSync(join(root, p));
      return s.size === size && s.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  });
}

/**
 * `import.meta.url`, `.dirname` and `.filename` keep naming each source file: the bundle lives
 * elsewhere, and code such as the CLI's package lookup searches from its own folder.
 * @type {import('esbuild').Plugin}
 */
const importMetaAsWritten = {
  name: 'import-meta-as-written',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      /** @type {Record<string, string>} */
      const meta = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
      const contents = text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => JSON.stringify(meta[key]));
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};
