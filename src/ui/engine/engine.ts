// The Engine over the core: parse and build (src/core/dockerfile, src/core/build), images in and
// out (src/core/oci) against the IndexedDB store, and runs (run-in-page.ts until the runner
// worker lands).

import { build, formatEvent, LayerMemo } from '../../core/build/index.ts';
import { parseDockerfile } from '../../core/dockerfile/index.ts';
import { exportImage, imageBlobs, imageRecord, importArchive, isGzip, gunzip, listTar, normalizeRef } from '../../core/oci/index.ts';
import { loadImage } from '../../core/store-image.ts';
import type { IdbStore } from '../../store/index.ts';
import { slug } from '../lib/new-project.ts';
import { runInPage } from './run-in-page.ts';
import type { Diagnostic, Engine } from './types.ts';

export function createEngine(store: IdbStore): Engine {
  // Layers built in this tab, by input identity: an unchanged COPY is not re-tarred or re-hashed.
  const memo = new LayerMemo();
  return {
    available: { parse: true, build: true, run: true, export: true, import: true },

    async parse(text, file) {
      return parseDockerfile(text, { file }).diagnostics.map(
        (d): Diagnostic => ({
          line: d.line,
          col: d.col,
          ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
          severity: d.severity,
          message: d.rule ? `${d.message} (${d.rule})` : d.message,
        }),
      );
    },

    async build(project, log) {
      const result = await build({
        files: project.files,
        dockerfile: project.dockerfile,
        tag: project.tag,
        buildArgs: project.buildArgs,
        store,
        memo,
        now: Date.now,
        onEvent: (e) => {
          for (const line of formatEvent(e)) log(line);
        },
      });
      return { ref: result.ref, manifest: result.image.manifestDigest };
    },

    run: (ref, options, io) => runInPage(store, ref, options, io),

    async exportImage(ref) {
      const image = await loadImage(store, ref);
      const { tar } = await exportImage(image, { ref });
      return new Blob([tar as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' });
    },

    async importImage(bytes, fileName) {
      const { image, refs } = await importArchive(bytes, { name: fileName });
      const names = refs.length > 0 ? refs : [normalizeRef(`${slug(fileName.replace(/\.tar(\.gz)?$/i, ''))}:latest`)];
      for (const ref of names) await store.commit(imageRecord(image, ref, Date.now()), imageBlobs(image));
      return names;
    },

    async isImageTarball(bytes) {
      try {
        const tar = isGzip(bytes) ? gunzip(bytes, 'import') : bytes;
        return listTar(tar).some((e) => e.path === 'oci-layout' || e.path === 'manifest.json' || e.path === 'index.json');
      } catch {
        return false;
      }
    },

    async readTar(bytes) {
      const tar = isGzip(bytes) ? gunzip(bytes, 'import') : bytes;
      return listTar(tar)
        .filter((e) => e.type === 'file')
        .map((e) => ({ path: e.path, data: e.data.slice() }));
    },
  };
}
