// Validation of a whole image tarball as written: the OCI layout's own rules (image-layout.md:
// oci-layout, index.json, blobs named by their digest) and Docker's manifest.json agreeing with
// the index, then every image check of validateImage. Collects all problems.
import { isDigest, sha256 } from './digest.ts';
import { importArchive } from './archive-import.ts';
import { parseJsonBytes } from './json.ts';
import { readTar } from './tar-reader.ts';
import { validateImage, type ValidateOptions } from './validate.ts';
import { OCI_LAYOUT } from './archive-export.ts';
import type { ImageIndex } from './types.ts';

/** Every problem found in an image tarball (OCI layout, optionally with manifest.json); empty when valid. */
export async function validateLayout(tar: Uint8Array, options: ValidateOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const files = new Map<string, Uint8Array>();
  try {
    for (const e of readTar(tar, { name: 'layout' })) if (e.type === 'file') files.set(e.path, e.data);
  } catch (e) {
    return [(e as Error).message];
  }
  const layout = files.get('oci-layout');
  if (!layout) problems.push('oci-layout: missing');
  else if (new TextDecoder().decode(layout) !== OCI_LAYOUT)
    problems.push(`oci-layout: ${new TextDecoder().decode(layout)}, want ${OCI_LAYOUT}`);
  for (const [path, data] of files) {
    if (!path.startsWith('blobs/')) continue;
    const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path);
    if (!m) problems.push(`${path}: not a blobs/sha256/<hex> name`);
    else if ((await sha256(data)) !== `sha256:${m[1]}`) problems.push(`${path}: content does not hash to its name`);
  }
  let index: ImageIndex | undefined;
  try {
    index = parseJsonBytes(files.get('index.json') ?? new Uint8Array(0), 'index.json') as ImageIndex;
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (index) {
    if (index.schemaVersion !== 2) problems.push(`index.json: schemaVersion ${String(index.schemaVersion)}, want 2`);
    for (const [i, d] of (index.manifests ?? []).entries()) {
      if (!isDigest(d.digest)) problems.push(`index.json: manifests[${i}].digest "${d.digest}" is not a sha256 digest`);
      else {
        const blob = files.get(`blobs/sha256/${d.digest.slice(7)}`);
        if (!blob) problems.push(`index.json: manifests[${i}] names ${d.digest}, which is not in blobs/`);
        else if (blob.length !== d.size)
          problems.push(`index.json: manifests[${i}].size ${d.size}, the blob is ${blob.length} bytes`);
      }
    }
  }
  const docker = files.get('manifest.json');
  if (docker) {
    try {
      const entries = parseJsonBytes(docker, 'manifest.json') as { Config?: string; Layers?: string[] }[];
      for (const [i, e] of entries.entries()) {
        for (const p of [e.Config, ...(e.Layers ?? [])]) {
          if (typeof p !== 'string' || !files.has(p))
            problems.push(`manifest.json[${i}]: "${String(p)}" is not in the archive`);
        }
      }
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) return problems;
  try {
    const { image } = await importArchive(tar, { name: 'layout' });
    problems.push(...(await validateImage(image, options)));
  } catch (e) {
    problems.push((e as Error).message);
  }
  return problems;
}
