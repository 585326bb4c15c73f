// The builder Worker: runs core's build off the page's main thread (tar, sha256, gunzip of ADDed
// archives) and commits the image to IndexedDB over its own connection to the page's database,
// so a big layer never crosses back to the page and the page never copies it into a Blob. It
// keeps the binaries it was sent by id and one LayerMemo, so an unchanged rebuild moves no bytes.

import { build, LayerMemo } from '../core/build/index.ts';
import { serializeError } from '../core/errors.ts';
import type { ProjectFile } from '../core/project.ts';
import { openIdbStore, type IdbStore } from '../store/index.ts';
import { BUILDER_PROTOCOL, isMessage, type FromBuilder, type ToBuilder, type WireFile } from './builder-protocol.ts';

const scope = globalThis as unknown as {
  postMessage(message: FromBuilder): void;
  onmessage: ((e: { data: unknown }) => void) | null;
};

const blobs = new Map<number, Uint8Array>();
const memo = new LayerMemo();
// One connection for the worker's life: the memo remembers cache keys per store object.
let store: { name: string; opened: Promise<IdbStore> } | undefined;

function storeNamed(name: string): Promise<IdbStore> {
  if (store?.name !== name) {
    void store?.opened.then((s) => s.close(), () => {});
    const opened = openIdbStore(name);
    store = { name, opened };
    // A failed open is retried by the next build, not remembered.
    opened.catch(() => {
      if (store?.opened === opened) store = undefined;
    });
  }
  return store.opened;
}

/** The project files a message names; binaries it does not name are dropped, as the page does. */
function receive(wire: readonly WireFile[]): ProjectFile[] {
  const used = new Set<number>();
  const files = wire.map((f): ProjectFile => {
    if ('text' in f) return { path: f.path, data: f.text };
    if (f.data) blobs.set(f.blobId, f.data);
    const data = blobs.get(f.blobId);
    if (!data) throw new Error(`builder worker: file ${f.path} (blob ${f.blobId}) was never sent`);
    used.add(f.blobId);
    return { path: f.path, data };
  });
  for (const id of blobs.keys()) if (!used.has(id)) blobs.delete(id);
  return files;
}

async function runBuild(msg: Extract<ToBuilder, { type: 'build' }>): Promise<void> {
  try {
    const files = receive(msg.files);
    const o = msg.options;
    const result = await build({
      files,
      dockerfile: o.dockerfile,
      store: await storeNamed(msg.db),
      memo,
      now: () => msg.now,
      fetch: (url) => fetch(url),
      onEvent: (event) => scope.postMessage({ v: BUILDER_PROTOCOL, type: 'event', id: msg.id, event }),
      ...(o.tag !== undefined ? { tag: o.tag } : {}),
      ...(o.buildArgs !== undefined ? { buildArgs: o.buildArgs } : {}),
      ...(o.target !== undefined ? { target: o.target } : {}),
      ...(o.platform !== undefined ? { platform: o.platform } : {}),
      ...(o.sourceDateEpoch !== undefined ? { sourceDateEpoch: o.sourceDateEpoch } : {}),
    });
    const image = result.image;
    scope.postMessage({
      v: BUILDER_PROTOCOL,
      type: 'done',
      id: msg.id,
      summary: {
        ref: result.ref,
        manifestDigest: image.manifestDigest,
        configDigest: image.configDigest,
        size: image.configBytes.byteLength + image.layers.reduce((n, l) => n + l.blob.byteLength, 0),
        steps: result.steps,
        cached: result.cached,
        warnings: result.warnings,
      },
    });
  } catch (e) {
    scope.postMessage({ v: BUILDER_PROTOCOL, type: 'error', id: msg.id, error: serializeError(e) });
  }
}

scope.onmessage = (e) => {
  if (!isMessage<ToBuilder>(e.data)) {
    console.error('builder worker: ignoring a message of another protocol version', e.data);
    return;
  }
  const msg = e.data;
  if (msg.type === 'build') void runBuild(msg);
  else receive(msg.files);
};
