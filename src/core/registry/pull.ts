// Pull: the manifest by tag or digest (the Wasm one when the registry answers with an index),
// its config and layers, every byte checked against the digest that names it as it arrives. An
// OCI Wasm artifact comes the same way: its config checked against its one layer, the .wasm.
// A layer's contents are checked against its diff_id where it is unpacked (`unpackLayer`), as
// containerd does: a pull, like `skopeo copy`, never inflates one. Nothing is stored here: the
// caller commits the returned Image in one step, so a failed pull leaves no trace.
// https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pulling-manifests
import { WharfError } from '../errors.ts';
import {
  MAX_INFLATED_BYTES,
  MediaType,
  layerOf,
  isArtifactManifest,
  isArtifactPlatform,
  isDigest,
  isWasmPlatform,
  parseConfig,
  parseJsonBytes,
  parseWasmConfig,
  wasmLayerOf,
  type Descriptor,
  type Digest,
  type Image,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type ImageRef,
  type Layer,
} from '../oci/index.ts';
import { pullScope } from './auth.ts';
import { readBody } from './blob-read.ts';
import type { RegistryClient } from './client.ts';
import { discard } from './http.ts';
import { refText } from './endpoint.ts';
import { errorsOf, failure } from './errors.ts';
import { forEachLimit } from './limit.ts';
import { progressReporter } from './progress.ts';
import type { BlobKind, TransferProgress } from './types.ts';

export const MANIFEST_ACCEPT = [
  MediaType.manifest,
  MediaType.index,
  MediaType.dockerManifest,
  MediaType.dockerManifestList,
].join(', ');

/** distribution refuses manifests past 4 MiB; so do we. */
export const MAX_MANIFEST_BYTES = 4 << 20;
/** Blobs fetched at once (as skopeo and containerd do, a few). */
const PARALLEL = 3;

export interface PullOptions {
  signal?: AbortSignal;
  onProgress?: TransferProgress;
  /** Blobs already held (the store's, verified when they were stored): not downloaded again. */
  have?: (digest: Digest) => Promise<Uint8Array | undefined>;
}

interface Fetched {
  bytes: Uint8Array;
  digest: Digest;
  mediaType: string;
}

export async function pullImage(client: RegistryClient, ref: ImageRef, options: PullOptions = {}): Promise<Image> {
  const puller = new Puller(client, ref, options);
  return puller.run();
}

class Puller {
  readonly #client: RegistryClient;
  readonly #ref: ImageRef;
  readonly #o: PullOptions;
  readonly #name: string;
  readonly #scopes: string[];
  readonly #progress: ReturnType<typeof progressReporter>;

  constructor(client: RegistryClient, ref: ImageRef, options: PullOptions) {
    this.#client = client;
    this.#ref = ref;
    this.#o = options;
    this.#name = refText(ref);
    this.#scopes = [pullScope(ref.path)];
    this.#progress = progressReporter(options.onProgress);
  }

  async run(): Promise<Image> {
    const reference = this.#ref.digest ?? this.#ref.tag ?? 'latest';
    let m = await this.#manifest(reference, this.#ref.digest as Digest | undefined);
    for (let depth = 0; isIndexType(m.mediaType); depth++) {
      if (depth > 2) throw new WharfError('IMAGE_FORMAT', `${this.#name}: indexes nested too deep`);
      const chosen = await this.#choose(parseJsonBytes(m.bytes, `${this.#name}: index`) as ImageIndex);
      m = await this.#manifest(chosen.digest, chosen.digest, chosen.size);
    }
    const manifest = this.#imageManifest(m);
    this.#progress.add(m.digest, 'manifest', m.bytes.length, 'done');
    for (const [i, d] of [manifest.config, ...manifest.layers].entries())
      this.#progress.add(d.digest, i === 0 ? 'config' : 'layer', d.size, 'waiting');
    const configBytes = await this.#blob(manifest.config, 'config');
    const parts = { manifest, manifestBytes: m.bytes, manifestDigest: m.digest, configBytes };
    if (isArtifactManifest(manifest)) {
      const config = parseWasmConfig(configBytes, manifest, `${this.#name}: artifact config ${manifest.config.digest}`);
      const d = manifest.layers[0]!;
      const blob = await this.#blob(d, 'layer');
      const layer = wasmLayerOf(blob, d.digest, d.mediaType, `${this.#name}: layer 0 (${d.digest})`);
      this.#progress.set(d.digest, d.size, 'done');
      return { ...parts, config, configDigest: manifest.config.digest, layers: [layer] };
    }
    const config = parseConfig(configBytes, `${this.#name}: config ${manifest.config.digest}`);
    if (config.rootfs.diff_ids.length !== manifest.layers.length) {
      throw new WharfError(
        'IMAGE_FORMAT',
        `${this.#name}: config has ${config.rootfs.diff_ids.length} diff_ids for ${manifest.layers.length} layers`,
      );
    }
    const layers: Layer[] = new Array<Layer>(manifest.layers.length);
    await forEachLimit(
      manifest.layers,
      PARALLEL,
      async (d, i) => {
        const blob = await this.#blob(d, 'layer');
        const what = `${this.#name}: layer ${i} (${d.digest})`;
        layers[i] = layerOf(blob, d.digest, config.rootfs.diff_ids[i], what, d.mediaType);
        this.#progress.set(d.digest, d.size, 'done');
      },
      this.#o.signal,
    );
    return { ...parts, config, configDigest: manifest.config.digest, layers };
  }

  async #manifest(reference: string, digest?: Digest, size?: number): Promise<Fetched> {
    const res = await this.#client.request({
      method: 'GET',
      url: `/v2/${this.#ref.path}/manifests/${reference}`,
      headers: { Accept: MANIFEST_ACCEPT },
      scopes: this.#scopes,
      signal: this.#o.signal,
    });
    if (res.status === 404) {
      await discard(res);
      throw await this.#missing(reference);
    }
    if (res.status !== 200) throw await failure(res, `pull ${this.#name}: manifest`, this.#client.host);
    const { bytes, digest: got } = await readBody(
      res,
      {
        ...(digest !== undefined ? { digest } : {}),
        ...(size !== undefined ? { size } : {}),
        max: MAX_MANIFEST_BYTES,
        what: `${this.#name}: manifest ${digest ?? reference}`,
      },
      { hasher: this.#client.hasher },
    );
    const header = res.headers.get('docker-content-digest');
    if (digest === undefined && header !== null && isDigest(header) && header !== got) {
      throw new WharfError(
        'DIGEST_MISMATCH',
        `${this.#name}: manifest hashes to ${got}, the registry says ${header} (Docker-Content-Digest)`,
      );
    }
    const doc = parseJsonBytes(bytes, `${this.#name}: manifest`) as Partial<ImageManifest & ImageIndex> | null;
    if (doc === null || typeof doc !== 'object')
      throw new WharfError('IMAGE_FORMAT', `${this.#name}: manifest is not a JSON object`);
    if ((doc as { schemaVersion?: unknown }).schemaVersion === 1) {
      throw new WharfError(
        'IMAGE_FORMAT',
        `${this.#name}: a Docker schema 1 manifest, which Wharf does not read (push the image again with a current tool)`,
      );
    }
    const mediaType =
      doc.mediaType ??
      res.headers.get('content-type')?.split(';')[0]?.trim() ??
      (Array.isArray(doc.manifests) ? MediaType.index : MediaType.manifest);
    return { bytes, digest: got, mediaType };
  }

  /** A 404 for a manifest: is the repository missing, or only the tag? The tag list says. */
  async #missing(reference: string): Promise<WharfError> {
    const repo = `${this.#ref.domain}/${this.#ref.path}`;
    if (isDigest(reference)) return new WharfError('NOT_FOUND', `${repo}: manifest ${reference} not found`);
    const res = await this.#client.request({
      method: 'GET',
      url: `/v2/${this.#ref.path}/tags/list?n=20`,
      scopes: this.#scopes,
      signal: this.#o.signal,
    });
    if (res.status === 404) {
      const errors = await errorsOf(res);
      if (errors.length === 0 || errors.some((e) => e.code === 'NAME_UNKNOWN'))
        return new WharfError('NOT_FOUND', `${repo}: repository not found on registry ${this.#ref.domain}`);
    }
    let tags: string[] = [];
    if (res.status === 200) {
      try {
        const doc = parseJsonBytes(new Uint8Array(await res.arrayBuffer()), 'tags') as { tags?: unknown };
        if (Array.isArray(doc.tags)) tags = doc.tags.filter((t): t is string => typeof t === 'string');
      } catch {
        tags = [];
      }
    } else await discard(res);
    const has = tags.length ? ` (it has ${tags.slice(0, 10).join(', ')}${tags.length > 10 ? ', …' : ''})` : '';
    return new WharfError('NOT_FOUND', `${repo}: tag "${reference}" not found${has}`);
  }

  /** The Wasm image of an index: by the descriptors' platforms, else by each config's. */
  async #choose(index: ImageIndex): Promise<Descriptor> {
    if (!Array.isArray(index.manifests)) throw new WharfError('IMAGE_FORMAT', `${this.#name}: index has no manifests`);
    const candidates = index.manifests.filter(
      (d) =>
        d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' &&
        d.platform?.os !== 'unknown' &&
        isDigest(d.digest),
    );
    const found = candidates.find((d) => d.platform && (isWasmPlatform(d.platform) || isArtifactPlatform(d.platform)));
    if (found) return found;
    const platforms: string[] = [];
    for (const d of candidates) {
      if (d.platform) {
        platforms.push(`${d.platform.os}/${d.platform.architecture}`);
        continue;
      }
      if (isIndexType(d.mediaType)) return d;
      // Some tools omit the descriptor's platform: the config says.
      const m = this.#imageManifest(await this.#manifest(d.digest, d.digest, d.size));
      const config = parseJsonBytes(await this.#blob(m.config, 'config', false), 'config') as ImageConfig;
      if (isWasmPlatform(config) || isArtifactPlatform(config)) return d;
      platforms.push(`${config.os}/${config.architecture}`);
    }
    throw new WharfError(
      'NOT_FOUND',
      `${this.#name}: an index of ${candidates.length} images (${platforms.join(', ')}) and none for wasi/wasm`,
    );
  }

  #imageManifest(m: Fetched): ImageManifest {
    if (m.mediaType !== MediaType.manifest && m.mediaType !== MediaType.dockerManifest) {
      throw new WharfError('IMAGE_FORMAT', `${this.#name}: "${m.mediaType}" is not an image manifest`);
    }
    const manifest = parseJsonBytes(m.bytes, `${this.#name}: manifest`) as ImageManifest;
    const bad = (why: string) => new WharfError('IMAGE_FORMAT', `${this.#name}: manifest ${m.digest}: ${why}`);
    if (!manifest.config || !Array.isArray(manifest.layers)) throw bad('no config or layers');
    for (const d of [manifest.config, ...manifest.layers]) {
      if (!isDigest(d?.digest)) throw bad(`"${String(d?.digest)}" is not a sha256 digest`);
      if (!Number.isSafeInteger(d.size) || d.size < 0 || d.size > MAX_INFLATED_BYTES)
        throw bad(`blob ${d.digest} has size ${String(d.size)}`);
    }
    return manifest;
  }

  /** A blob's verified bytes: from `have` when held already, else downloaded. */
  async #blob(d: Descriptor, kind: BlobKind, report = true): Promise<Uint8Array> {
    const held = await this.#o.have?.(d.digest);
    if (held && held.length === d.size) {
      if (report) this.#progress.set(d.digest, d.size, 'exists');
      return held;
    }
    const what = `${this.#name}: ${kind} ${d.digest}`;
    const res = await this.#client.request({
      method: 'GET',
      url: `/v2/${this.#ref.path}/blobs/${d.digest}`,
      scopes: this.#scopes,
      signal: this.#o.signal,
    });
    if (res.status === 404) {
      await discard(res);
      throw new WharfError('NOT_FOUND', `${what}: not found on registry ${this.#client.host}`);
    }
    if (res.status !== 200) throw await failure(res, `pull ${what}`, this.#client.host);
    const { bytes } = await readBody(
      res,
      { digest: d.digest, size: d.size, max: d.size, what },
      {
        hasher: this.#client.hasher,
        ...(report ? { onBytes: (done: number) => this.#progress.set(d.digest, done, 'transferring') } : {}),
      },
    );
    if (report) this.#progress.set(d.digest, d.size, kind === 'layer' ? 'verifying' : 'done');
    return bytes;
  }
}

function isIndexType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.index || mediaType === MediaType.dockerManifestList;
}
