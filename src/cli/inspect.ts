// `wharf inspect TARGET`: the index, manifest and config of an image tarball, as JSON.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WharfError } from '../core/errors.ts';
import { gunzip, importArchive, isGzip, parseJsonBytes, readTar } from '../core/oci/index.ts';

export async function inspectCommand(argv: string[]): Promise<number> {
  try {
    if (argv.length !== 1 || argv[0]!.startsWith('-'))
      throw new WharfError('USAGE', 'usage: wharf inspect TARGET (an image tarball)');
    const target = argv[0]!;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(target));
    } catch (e) {
      throw new WharfError('NOT_FOUND', `${target}: cannot read (${(e as Error).message})`, { cause: e });
    }
    const { image, refs, format } = await importArchive(bytes, { name: basename(target) });
    const out = {
      format,
      refs,
      index: indexJson(bytes),
      manifestDigest: image.manifestDigest,
      manifest: parseJsonBytes(image.manifestBytes, 'manifest'),
      config: parseJsonBytes(image.configBytes, 'config'),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** The archive's own index.json (OCI layouts have one; docker-archive tarballs do not). */
function indexJson(bytes: Uint8Array): unknown {
  const tar = isGzip(bytes) ? gunzip(bytes, 'archive') : bytes;
  for (const e of readTar(tar)) {
    if (e.type === 'file' && e.path === 'index.json') return parseJsonBytes(e.data, 'index.json');
  }
  return null;
}
