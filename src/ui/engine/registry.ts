// The engine's registry side: pushes run in the page (the bytes are in hand and their digests
// known; compression goes to the gzip worker pool, as an export's does), pulls in the builder
// Worker (every layer is hashed and inflated to check it). Build logs get a line per blob.
import { formatBytes } from '../lib/format.ts';
import { isWharfError } from '../../core/errors.ts';
import { convertLayers, normalizeRef, parseRef, type Digest, type Image } from '../../core/oci/index.ts';
import { clientFor, corsConfig, pushImage, type TransferEvent } from '../../core/registry/index.ts';
import { loadImage } from '../../core/store-image.ts';
import type { IdbStore } from '../../store/index.ts';
import { createChunkedGzip } from '../../worker/gzip-pool-client.ts';
import { browserFetch } from '../../worker/registry-fetch.ts';
import type { RegistryLogins } from '../lib/registry-logins.ts';
import type { PushOutcome } from './types.ts';

/** Images compressed for a push, by stored manifest digest: pushing again compresses nothing. */
const CONVERTED_KEPT = 2;

export class RegistryDoor {
  readonly #store: IdbStore;
  readonly #logins: RegistryLogins;
  readonly #converted = new Map<Digest, Image>();

  constructor(store: IdbStore, logins: RegistryLogins) {
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
  ): Promise<PushOutcome> {
    const target = parseRef(normalizeRef(dest));
    const stored = await loadImage(this.#store, ref);
    const image = await this.#exported(stored, onStage);
    // An image pulled from a repository of the same registry can lend it its blobs.
    const source = parseRef(normalizeRef(ref));
    const mountFrom = source.domain === target.domain ? [source.path] : [];
    onStage(`Pushing to ${target.domain}…`);
    const client = clientFor(target.domain, {
      fetch: browserFetch,
      credentials: (host) => this.#logins.get(host),
    });
    // Stored blobs were hashed when stored, compressed ones as they were compressed.
    const r = await pushImage(client, image, target, { mountFrom, onProgress: onTransfer, hashed: true });
    return {
      ref: `${target.domain}/${target.path}:${target.tag ?? 'latest'}`,
      digest: r.digest,
      uploaded: r.uploaded.length,
      existing: r.existing.length,
      mounted: r.mounted.length,
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
