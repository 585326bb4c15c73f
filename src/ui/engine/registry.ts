// The engine's registry side: pushes run in the page (their digests known: stored gzip layers and
// an OCI Wasm artifact's .wasm go up as IndexedDB's Blobs, others are compressed in the gzip
// worker pool, as an export's are; an image may go up as an artifact of its module), pulls in the
// builder Worker (every blob hashed as it arrives). Build logs get a line per blob.
import { imageAsArtifact } from '../../core/builder/index.ts';
import { formatBytes } from '../lib/format.ts';
import { WharfError, isWharfError } from '../../core/errors.ts';
import {
  WASM_LAYER_MEDIA_TYPES,
  convertLayers,
  isArtifactManifest,
  layerCompression,
  normalizeRef,
  parseRef,
  type Digest,
  type Image,
} from '../../core/oci/index.ts';
import { clientFor, corsConfig, pushImage, type PushableImage, type TransferEvent } from '../../core/registry/index.ts';
import { openImage } from '../../core/store-image.ts';
import type { PageStore } from '../../store/index.ts';
import { createChunkedGzip } from '../../worker/gzip-pool-client.ts';
import { browserFetch } from '../../worker/registry-fetch.ts';
import type { RegistryLogins } from '../lib/registry-logins.ts';
import type { PushOutcome } from './types.ts';

/** Images compressed for a push, by stored manifest digest: pushing again compresses nothing. */
const CONVERTED_KEPT = 2;

export class RegistryDoor {
  readonly #store: PageStore;
  readonly #logins: RegistryLogins;
  readonly #converted = new Map<Digest, Image>();

  constructor(store: PageStore, logins: RegistryLogins) {
    this.#store = store;
    this.#logins = logins;
  }

  credentials(): Record<string, { username: string; password: string }> {
    return this.#logins.all();
  }

  async push(
    ref: string,
    dest: string,
    onTransfer: (e: TransferEvent) => void,
    onStage: (text: string) => void = () => {},
    asArtifact = false,
  ): Promise<PushOutcome> {
    const target = parseRef(normalizeRef(dest));
    const made = asArtifact ? await this.#artifact(ref, onStage) : undefined;
    const { image, bodies } = made ?? (await this.#pushable(ref, onStage));
    // An image pulled from a repository of the same registry can lend it its blobs.
    const source = parseRef(normalizeRef(ref));
    const mountFrom = source.domain === target.domain && !made ? [source.path] : [];
    onStage(`Pushing to ${target.domain}…`);
    const client = clientFor(target.domain, {
      fetch: browserFetch,
      credentials: (host) => this.#logins.get(host),
    });
    // Stored blobs were hashed when stored, compressed ones as they were compressed.
    const r = await pushImage(client, image, target, { mountFrom, onProgress: onTransfer, hashed: true, bodies });
    return {
      ref: `${target.domain}/${target.path}:${target.tag ?? 'latest'}`,
      digest: r.digest,
      uploaded: r.uploaded.length,
      existing: r.existing.length,
      mounted: r.mounted.length,
      ...(made?.note ? { note: made.note } : {}),
    };
  }

  /** The stored image as an OCI Wasm artifact of its module (an artifact as it is); undefined for an artifact. */
  async #artifact(
    ref: string,
    onStage: (text: string) => void,
  ): Promise<{ image: PushableImage; bodies?: Map<Digest, Blob>; note?: string } | undefined> {
    const stored = await openImage(this.#store, ref);
    if (isArtifactManifest(stored.manifest)) return undefined;
    onStage('Finding the module…');
    const { artifact, module, leftBehind } = await imageAsArtifact(await stored.load());
    const note = `An OCI Wasm artifact of ${module}${leftBehind.length ? `; left behind: ${leftBehind.join('; ')}` : ''}.`;
    return { image: artifact, note };
  }

  /**
   * The image as a download would write it. Gzip layers (a pulled or imported image) go up as
   * the Blobs IndexedDB holds, never read into the page; others are compressed first.
   */
  async #pushable(
    ref: string,
    onStage: (text: string) => void,
  ): Promise<{ image: PushableImage; bodies?: Map<Digest, Blob> }> {
    const stored = await openImage(this.#store, ref);
    // What goes up as stored: gzip tar layers, and an artifact's .wasm.
    const asStored = (mediaType: string) =>
      layerCompression(mediaType) === 'gzip' || WASM_LAYER_MEDIA_TYPES.includes(mediaType);
    if (!stored.manifest.layers.every((l) => asStored(l.mediaType)))
      return { image: await this.#exported(await stored.load(), onStage) };
    const bodies = new Map<Digest, Blob>();
    for (const l of stored.manifest.layers) {
      const blob = await this.#store.getBlob(l.digest);
      if (!blob) throw new WharfError('NOT_FOUND', `layer ${l.digest} of image "${ref}" is missing from the store`);
      bodies.set(l.digest, blob);
    }
    return {
      image: {
        manifest: stored.manifest,
        manifestBytes: stored.manifestBytes,
        manifestDigest: stored.manifestDigest,
        configBytes: stored.configBytes,
        configDigest: stored.manifest.config.digest,
        layers: stored.manifest.layers.map((l) => ({ digest: l.digest })),
      },
      bodies,
    };
  }

  /** The image as a download would write it: gzip layers, in the worker pool. */
  async #exported(image: Image, onStage: (text: string) => void): Promise<Image> {
    const kept = this.#converted.get(image.manifestDigest);
    if (kept) return kept;
    const pool = createChunkedGzip();
    try {
      const converted = await convertLayers(image, 'gzip', {
        gzip: pool.gzip,
        onProgress: (done, total) => {
          if (total > 0) onStage(`Compressing layers ${Math.floor((100 * done) / total)}%`);
        },
      });
      this.#converted.set(image.manifestDigest, converted);
      while (this.#converted.size > CONVERTED_KEPT)
        this.#converted.delete(this.#converted.keys().next().value as Digest);
      return converted;
    } finally {
      pool.close();
    }
  }
}

/** Build-log lines for the pulls of a build: the image once, then each blob as it lands. */
export function pullLogger(log: (line: string) => void): (ref: string, e: TransferEvent) => void {
  const started = new Set<string>();
  return (ref, e) => {
    if (!started.has(ref)) {
      started.add(ref);
      log(`pulling ${ref}`);
    }
    if (e.status === 'done' || e.status === 'exists')
      log(
        `  ${e.kind} ${e.digest.slice(7, 19)} ${formatBytes(e.size)} ${e.status === 'exists' ? 'already stored' : 'done'}`,
      );
  };
}

/** For a build refused by a registry's CORS: the configuration it needs, into the build log. */
export function logCorsHelp(e: unknown, log: (line: string) => void, origin: string): void {
  if (!isWharfError(e, 'REGISTRY_CORS')) return;
  log(`The registry must send CORS headers for ${origin}; in distribution's config.yml:`);
  for (const line of corsConfig(origin).split('\n')) log(`  ${line}`);
}
