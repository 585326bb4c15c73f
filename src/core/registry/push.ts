// Push: every blob the registry lacks (a HEAD first, so a second push sends nothing twice),
// mounted from another repository of the same registry where one may hold it, else uploaded:
// POST then PUT (distribution 2.8 ignores a body sent with the POST) for one body, PATCH
// chunks then PUT for big blobs, resumed from the Range the registry reports after a failed
// chunk. A blob whose digest was not computed from the bytes in hand is hashed while it goes
// up and its upload closed only when it matches. The manifest goes last, as its own bytes with
// its own media type, so every digest stays what it was.
// https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pushing-blobs
import { WharfError, isWharfError } from '../errors.ts';
import { MediaType, type Digest, type Image, type ImageRef } from '../oci/index.ts';
import { pullScope, pushScope } from './auth.ts';
import type { RegistryClient } from './client.ts';
import { discard } from './http.ts';
import { refText } from './endpoint.ts';
import { failure } from './errors.ts';
import { forEachLimit } from './limit.ts';
import { progressReporter } from './progress.ts';
import type { BlobKind, RegistryBody, RegistryResponse, TransferProgress } from './types.ts';

/**
 * Bigger blobs go up in PATCH chunks of this size (docker and skopeo send one PATCH of any
 * size), so a failed chunk costs at most this much again.
 */
export const CHUNK_SIZE = 64 << 20;
/**
 * A blob still to be hashed goes up in one PUT up to this size, hashed first; a bigger one in
 * PATCH chunks while it is hashed, closed once it matches. A hashed blob: one PUT up to CHUNK_SIZE.
 */
const ONE_PUT_MAX = 1 << 20;
const PARALLEL = 3;
/** Failed chunks in a row before an upload gives up. */
const CHUNK_RETRIES = 3;

export interface PushOptions {
  signal?: AbortSignal;
  onProgress?: TransferProgress;
  /** Repositories of the same registry that may hold the blobs (the image was pulled from one). */
  mountFrom?: readonly string[];
  chunkSize?: number;
  /**
   * The blobs' digests were computed from these very bytes (a store's, or an export's): they
   * are not hashed again. Otherwise each blob the registry lacks is hashed before its upload
   * is closed.
   */
  hashed?: boolean;
  /**
   * The host's own handles on layer blobs (a stored Blob), sent in place of their bytes, which
   * then need not be read at all. Only with `hashed`: a handle cannot be hashed here.
   */
  bodies?: ReadonlyMap<Digest, RegistryBody>;
}

/** What a push needs of an image: a layer's bytes may stay in the store when `bodies` has a handle on them. */
export interface PushableImage extends Omit<Image, 'layers' | 'config'> {
  layers: readonly { digest: Digest; blob?: Uint8Array }[];
}

export interface PushResult {
  /** The manifest digest, as the registry now serves it. */
  digest: Digest;
  uploaded: Digest[];
  existing: Digest[];
  mounted: Digest[];
  /** False when the registry already had this manifest under the tag. */
  manifestPut: boolean;
}

interface Blob {
  digest: Digest;
  kind: BlobKind;
  size: number;
  /** What goes up: the bytes, or the host's handle on them. */
  body: Uint8Array | RegistryBody;
}

export async function pushImage(
  client: RegistryClient,
  image: PushableImage,
  dest: ImageRef,
  options: PushOptions = {},
): Promise<PushResult> {
  return new Pusher(client, dest, options).run(image);
}

class Pusher {
  readonly #client: RegistryClient;
  readonly #dest: ImageRef;
  readonly #o: PushOptions;
  readonly #name: string;
  readonly #scopes: string[];
  readonly #from: string | undefined;
  readonly #progress: ReturnType<typeof progressReporter>;
  readonly #result: PushResult;

  constructor(client: RegistryClient, dest: ImageRef, options: PushOptions) {
    this.#client = client;
    this.#dest = dest;
    this.#o = options;
    this.#name = refText(dest);
    this.#scopes = [pushScope(dest.path)];
    this.#from = options.mountFrom?.find((r) => r !== dest.path);
    this.#progress = progressReporter(options.onProgress);
    this.#result = { digest: '' as Digest, uploaded: [], existing: [], mounted: [], manifestPut: false };
  }

  async run(image: PushableImage): Promise<PushResult> {
    if (this.#dest.digest !== undefined && this.#dest.digest !== image.manifestDigest) {
      throw new WharfError(
        'USAGE',
        `push to ${this.#name}: the image's manifest is ${image.manifestDigest}, not the digest the reference names`,
      );
    }
    const blobs = new Map<Digest, Blob>();
    for (const l of image.layers) {
      const body = this.#o.bodies?.get(l.digest) ?? l.blob;
      if (body === undefined || (!(body instanceof Uint8Array) && !this.#o.hashed)) {
        throw new WharfError(
          'INTERNAL',
          `push to ${this.#name}: layer ${l.digest} has ${body === undefined ? 'no bytes' : 'no bytes to hash'}`,
        );
      }
      blobs.set(l.digest, { digest: l.digest, kind: 'layer', size: sizeOf(body), body });
    }
    const config = image.configBytes;
    blobs.set(image.configDigest, { digest: image.configDigest, kind: 'config', size: config.length, body: config });
    for (const b of blobs.values()) this.#progress.add(b.digest, b.kind, b.size, 'waiting');
    // Biggest first: the longest upload starts at once and the small ones go up beside it.
    const order = [...blobs.values()].sort((a, b) => b.size - a.size);
    await forEachLimit(order, PARALLEL, (b) => this.#blob(b), this.#o.signal);
    await this.#manifest(image);
    this.#result.digest = image.manifestDigest;
    return this.#result;
  }

  async #request(method: string, url: string, headers: Record<string, string> = {}, body?: Uint8Array | RegistryBody) {
    return this.#client.request({
      method,
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      scopes: this.#scopes,
      signal: this.#o.signal,
    });
  }

  async #blob(b: Blob): Promise<void> {
    const what = `push ${b.kind} ${b.digest} to ${this.#name}`;
    const head = await this.#request('HEAD', `/v2/${this.#dest.path}/blobs/${b.digest}`);
    await discard(head);
    if (head.status === 200) {
      this.#result.existing.push(b.digest);
      this.#progress.set(b.digest, b.size, 'exists');
      return;
    }
    if (head.status !== 404) throw await failure(head, what, this.#client.host);
    const chunkSize = this.#o.chunkSize ?? CHUNK_SIZE;
    const onePut = b.size <= Math.min(this.#o.hashed ? Infinity : ONE_PUT_MAX, chunkSize);
    // Bytes that may not be what their digest names are hashed before the upload is closed: a
    // small blob before anything is sent, a big one while its chunks go up. A blob that does
    // not match is never committed.
    let hashed: Promise<Digest> | undefined;
    if (!this.#o.hashed && b.body instanceof Uint8Array) {
      hashed = this.#client.digest(b.body);
      hashed.catch(() => {}); // awaited below
      if (onePut) this.#check(b, await hashed, what);
    }
    let started: RegistryResponse;
    const uploads = `/v2/${this.#dest.path}/blobs/uploads/`;
    if (this.#from !== undefined) {
      started = await this.#client.request({
        method: 'POST',
        url: `${uploads}?mount=${b.digest}&from=${encodeURIComponent(this.#from)}`,
        headers: {},
        scopes: [...this.#scopes, pullScope(this.#from)],
        signal: this.#o.signal,
      });
      if (started.status === 201) {
        await discard(started);
        this.#result.mounted.push(b.digest);
        this.#progress.set(b.digest, b.size, 'mounted');
        return;
      }
    } else {
      started = await this.#request('POST', uploads);
    }
    // 202 opens an upload session (also when a mount found nothing to mount).
    if (started.status !== 202) throw await failure(started, what, this.#client.host);
    await discard(started);
    const location = this.#location(started, uploads, what);
    this.#progress.set(b.digest, 0, 'transferring');
    const done = onePut
      ? await this.#request('PUT', withDigest(location, b.digest), OCTETS, b.body)
      : await this.#chunked(b, location, chunkSize, what, async (at) => {
          if (hashed === undefined) return;
          try {
            this.#check(b, await hashed, what);
          } catch (e) {
            await this.#cancel(at);
            throw e;
          }
        });
    if (done.status !== 201) throw await failure(done, what, this.#client.host);
    await discard(done);
    this.#result.uploaded.push(b.digest);
    this.#progress.set(b.digest, b.size, 'done');
  }

  #check(b: Blob, got: Digest, what: string): void {
    if (got !== b.digest) throw new WharfError('DIGEST_MISMATCH', `${what}: its bytes hash to ${got}`);
  }

  /** Ends an upload session that must not be closed (best effort: the registry expires it anyway). */
  async #cancel(location: string): Promise<void> {
    try {
      await discard(await this.#request('DELETE', location));
    } catch {
      // Nothing was committed; a session left open is the registry's to expire.
    }
  }

  /** PATCH chunks, then the closing PUT once `closing` allows it; a failed chunk resumes where the registry says it stands. */
  async #chunked(
    b: Blob,
    start: string,
    size: number,
    what: string,
    closing: (location: string) => Promise<void>,
  ): Promise<RegistryResponse> {
    let location = start;
    let offset = 0;
    let confirmed = false;
    let failures = 0;
    while (offset < b.size) {
      const end = Math.min(b.size, offset + size);
      let res: RegistryResponse | undefined;
      try {
        res = await this.#request(
          'PATCH',
          location,
          { ...OCTETS, 'Content-Range': `${offset}-${end - 1}` },
          b.body instanceof Uint8Array ? b.body.subarray(offset, end) : b.body.slice(offset, end),
        );
      } catch (e) {
        // A connection lost mid-chunk; in a browser it reads like a CORS refusal, which the
        // status request below meets again if that is what it is.
        if (this.#o.signal?.aborted || !(isWharfError(e, 'REGISTRY') || isWharfError(e, 'REGISTRY_CORS'))) throw e;
      }
      if (res?.status === 202) {
        await discard(res);
        location = this.#location(res, location, what);
        const range = parseRange(res.headers.get('range'));
        offset = range === undefined ? end : range + 1;
        confirmed = true;
        failures = 0;
        this.#progress.set(b.digest, offset, 'transferring');
        continue;
      }
      if (res && res.status !== 416 && res.status < 500) throw await failure(res, what, this.#client.host);
      if (res) await discard(res);
      if (++failures > CHUNK_RETRIES) {
        throw new WharfError('REGISTRY', `${what}: the upload failed ${failures} times at byte ${offset}`);
      }
      ({ location, offset } = await this.#status(location, what, confirmed));
    }
    await closing(location);
    return this.#request('PUT', withDigest(location, b.digest), OCTETS);
  }

  /** Where an upload stands (GET on its session): the next offset and the session's URL. */
  async #status(location: string, what: string, confirmed: boolean): Promise<{ location: string; offset: number }> {
    const res = await this.#request('GET', location);
    if (res.status !== 204) throw await failure(res, `${what}: upload status`, this.#client.host);
    await discard(res);
    const range = parseRange(res.headers.get('range'));
    // distribution reports an empty upload as "0-0", the same as one byte: nothing confirmed, nothing kept.
    const offset = range === undefined || (range === 0 && !confirmed) ? 0 : range + 1;
    return { location: this.#location(res, location, what, location), offset };
  }

  #location(res: RegistryResponse, base: string, what: string, fallback?: string): string {
    const header = res.headers.get('location');
    if (header === null) {
      if (fallback !== undefined) return fallback;
      throw new WharfError(
        'REGISTRY',
        `${what}: registry ${this.#client.host} sent no upload Location (a page needs it listed in Access-Control-Expose-Headers)`,
      );
    }
    return new URL(header, base.startsWith('/') ? this.#client.endpoint.base + base : base).href;
  }

  async #manifest(image: PushableImage): Promise<void> {
    const reference = this.#dest.digest ?? this.#dest.tag ?? 'latest';
    const url = `/v2/${this.#dest.path}/manifests/${reference}`;
    const mediaType = image.manifest.mediaType ?? MediaType.manifest;
    // A repository that lacked one of the image's blobs cannot hold its manifest: ask only when it had them all.
    if (this.#result.uploaded.length === 0 && this.#result.mounted.length === 0) {
      const head = await this.#request('HEAD', url, { Accept: mediaType });
      await discard(head);
      if (head.status === 200 && head.headers.get('docker-content-digest') === image.manifestDigest) return;
    }
    const res = await this.#request('PUT', url, { 'Content-Type': mediaType }, image.manifestBytes);
    if (res.status !== 201) throw await failure(res, `push manifest to ${this.#name}`, this.#client.host);
    await discard(res);
    const said = res.headers.get('docker-content-digest');
    if (said !== null && said !== image.manifestDigest) {
      throw new WharfError(
        'DIGEST_MISMATCH',
        `push manifest to ${this.#name}: registry ${this.#client.host} stored it as ${said}, not ${image.manifestDigest}`,
      );
    }
    this.#result.manifestPut = true;
  }
}

const OCTETS = { 'Content-Type': 'application/octet-stream' };

function sizeOf(body: Uint8Array | RegistryBody): number {
  return body instanceof Uint8Array ? body.length : body.size;
}

function withDigest(location: string, digest: Digest): string {
  return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}

/** The last byte a Range header ("0-1234", or "bytes=0-1234") says the registry holds. */
function parseRange(header: string | null): number | undefined {
  const m = header === null ? null : /^(?:bytes=)?0-(\d+)$/.exec(header.trim());
  return m ? Number(m[1]) : undefined;
}
