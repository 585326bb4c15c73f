// The CLI's PackageSource: built-in images' package files read from node_modules, found the
// way Node finds packages (node_modules folders from here upwards).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PackageFile, PackageFileRef, PackageSource } from '../core/images/index.ts';
import { WharfError } from '../core/errors.ts';

/** The folder of an installed npm package, searched from `from` upwards. */
export function packageDir(name: string, from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) {
      throw new WharfError('NOT_FOUND', `the npm package ${name} is not installed (run npm install)`);
    }
  }
}

/** Reads package files from node_modules; progress is reported once per file, when read. */
export function nodePackageSource(from?: string): PackageSource {
  return {
    async load(refs: readonly PackageFileRef[], onProgress): Promise<PackageFile[]> {
      return refs.map((ref) => {
        const dir = packageDir(ref.package, from);
        const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
        const path = join(dir, ref.path);
        if (!existsSync(path)) throw new WharfError('NOT_FOUND', `${ref.package}@${version}: no file ${ref.path}`);
        const buf = readFileSync(path);
        // A view of Node's Buffer, not a copy: these files are tens of megabytes.
        const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
        onProgress?.({ label: ref.label, loaded: bytes.byteLength, total: bytes.byteLength });
        return { ...ref, version, bytes };
      });
    },
  };
}
