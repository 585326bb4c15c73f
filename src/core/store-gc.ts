// Reachability for garbage collection, shared by every Store implementation: a ref keeps its
// manifest, the manifest keeps its config and layers; an index keeps the manifests it lists.

import type { Digest, ImageIndex, ImageManifest } from './oci/types.ts';
import type { ImageRecord } from './store.ts';

export async function referencedDigests(
  refs: readonly ImageRecord[],
  read: (digest: Digest) => Promise<Uint8Array | undefined>,
): Promise<Set<Digest>> {
  const keep = new Set<Digest>();
  const visit = async (digest: Digest): Promise<void> => {
    if (keep.has(digest)) return;
    keep.add(digest);
    const bytes = await read(digest);
    if (!bytes || bytes.byteLength > 4 << 20 || bytes[0] !== 0x7b /* { */) return;
    let doc: Partial<ImageManifest & ImageIndex>;
    try {
      doc = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ImageManifest & ImageIndex>;
    } catch {
      return; // a JSON-looking layer or config: nothing further to reach
    }
    if (doc.config?.digest) keep.add(doc.config.digest);
    for (const l of doc.layers ?? []) keep.add(l.digest);
    for (const m of doc.manifests ?? []) await visit(m.digest);
  };
  for (const r of refs) {
    keep.add(r.config);
    await visit(r.manifest);
  }
  return keep;
}
