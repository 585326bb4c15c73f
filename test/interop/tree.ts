// Flattened file trees for comparing what a tool unpacked with what an image must hold.
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { layerTar, listTar, type Image } from '../../src/core/oci/index.ts';

export type Tree = Map<string, Uint8Array | null>;

/** A directory on disk as path -> bytes (null for directories). */
export function treeOfDir(root: string, prefix = ''): Tree {
  const out: Tree = new Map();
  for (const name of readdirSync(join(root, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(root, rel));
    if (st.isDirectory()) {
      out.set(rel, null);
      for (const [k, v] of treeOfDir(root, rel)) out.set(k, v);
    } else out.set(rel, new Uint8Array(readFileSync(join(root, rel))));
  }
  return out;
}

/** An image's layers applied in order (OCI whiteouts: ".wh.NAME" deletes, ".wh..wh..opq" empties). */
export function treeOfImage(image: Image): Tree {
  const out: Tree = new Map();
  for (const layer of image.layers) {
    for (const e of listTar(layerTar(layer))) {
      const slash = e.path.lastIndexOf('/');
      const dir = slash < 0 ? '' : e.path.slice(0, slash);
      const base = e.path.slice(slash + 1);
      if (base === '.wh..wh..opq') {
        for (const k of [...out.keys()]) if (k.startsWith(`${dir}/`)) out.delete(k);
      } else if (base.startsWith('.wh.')) {
        const gone = (dir ? `${dir}/` : '') + base.slice(4);
        for (const k of [...out.keys()]) if (k === gone || k.startsWith(`${gone}/`)) out.delete(k);
      } else if (e.type === 'directory') out.set(e.path, null);
      else if (e.type === 'file') out.set(e.path, e.data);
    }
  }
  return out;
}

/** Differences between two trees, as readable lines (empty when equal). */
export function diffTrees(got: Tree, want: Tree): string[] {
  const problems: string[] = [];
  for (const [k, v] of want) {
    if (!got.has(k)) problems.push(`missing ${k}`);
    else {
      const g = got.get(k)!;
      if ((g === null) !== (v === null))
        problems.push(`${k}: ${g === null ? 'directory' : 'file'}, want ${v === null ? 'directory' : 'file'}`);
      else if (g && v && !Buffer.from(g).equals(Buffer.from(v)))
        problems.push(`${k}: ${g.length} bytes differ from the ${v.length} expected`);
    }
  }
  for (const k of got.keys()) if (!want.has(k)) problems.push(`unexpected ${k}`);
  return problems;
}
