// An in-memory registry behind a fake fetch, for the client's unit tests: the distribution
// API's routes the client uses, Basic or Bearer auth (a token service on another host), and
// knobs to make it misbehave (redirect blobs, expire tokens, drop a chunk, corrupt a blob).
import { createHash } from 'node:crypto';
import type { RegistryBody, RegistryFetch, RegistryRequestInit } from '../../../src/core/registry/index.ts';

export interface Logged {
  method: string;
  url: string;
  headers: Record<string, string>;
  status: number | 'network error';
}

/** A request as the fake registry reads it: any body as its bytes. */
type Received = Omit<RegistryRequestInit, 'body'> & { body?: Uint8Array | undefined };

interface Upload {
  repo: string;
  data: Uint8Array;
}

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A host's handle on bytes (a page's stored Blob, say), for pushes that send handles. */
export class HandleBody implements RegistryBody {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  get size(): number {
    return this.bytes.length;
  }
  slice(start?: number, end?: number): HandleBody {
    return new HandleBody(this.bytes.subarray(start, end));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class FakeRegistry {
  readonly host: string;
  readonly log: Logged[] = [];
  readonly blobs = new Map<string, Uint8Array>();
  /** Blobs each repository links to (a registry serves a blob only in repositories that have it). */
  readonly links = new Map<string, Set<string>>();
  /** repo -> (tag or digest -> digest) */
  readonly tags = new Map<string, Map<string, string>>();
  readonly manifests = new Map<string, { bytes: Uint8Array; mediaType: string }>();
  readonly #uploads = new Map<string, Upload>();
  #nextUpload = 1;
  auth: 'none' | 'basic' | 'bearer' = 'none';
  users = new Map<string, string>();
  /** Bearer tokens accepted for this many registry requests each, then 401 (an expiry). */
  tokenUses = Infinity;
  readonly #tokens = new Map<string, number>();
  #nextToken = 1;
  /** Blob GETs answer 307 to this origin ("http://cdn.test"), which serves them without auth. */
  redirectBlobsTo: string | undefined;
  /** Fail the PATCH with this index (0-based) of the upload after taking half its bytes. */
  dropPatch: number | undefined;
  #patches = 0;
  /** Serve these bytes instead of the blob's own. */
  readonly corrupt = new Map<string, Uint8Array>();
  /** Pretend to be a browser refused by CORS: every request fails, a no-cors probe is opaque. */
  cors = false;

  constructor(host = 'registry.test') {
    this.host = host;
  }

  get fetch(): RegistryFetch {
    return async (url, init) => this.#handle(url, init);
  }

  /** The bytes a request carried (a HandleBody's as a page's Blob would send them). */
  static bytesOf(body: RegistryRequestInit['body']): Uint8Array | undefined {
    return body === undefined || body instanceof Uint8Array ? body : (body as HandleBody).bytes;
  }

  putImage(repo: string, tag: string, manifest: Uint8Array, mediaType: string, blobs: Iterable<Uint8Array>): string {
    for (const b of blobs) this.#link(repo, sha(b), b);
    const d = sha(manifest);
    this.manifests.set(d, { bytes: manifest, mediaType });
    const tags = this.tags.get(repo) ?? new Map<string, string>();
    tags.set(tag, d);
    this.tags.set(repo, tags);
    return d;
  }

  #link(repo: string, digest: string, bytes: Uint8Array): void {
    this.blobs.set(digest, bytes);
    const set = this.links.get(repo) ?? new Set<string>();
    set.add(digest);
    this.links.set(repo, set);
  }

  requests(method?: string, pathPart?: string): Logged[] {
    return this.log.filter((l) => (!method || l.method === method) && (!pathPart || l.url.includes(pathPart)));
  }

  async #handle(url: string, init: RegistryRequestInit): Promise<Response> {
    const entry: Logged = { method: init.method, url, headers: { ...init.headers }, status: 0 };
    this.log.push(entry);
    if (this.cors) {
      if (init.mode === 'no-cors') return Object.defineProperty(new Response(null), 'type', { value: 'opaque' });
      entry.status = 'network error';
      throw new TypeError('Failed to fetch');
    }
    const u = new URL(url);
    let res: Response;
    try {
      res = await this.#route(u, { ...init, body: FakeRegistry.bytesOf(init.body) });
    } catch (e) {
      entry.status = 'network error';
      throw e;
    }
    entry.status = res.status;
    return res;
  }

  async #route(u: URL, init: Received): Promise<Response> {
    if (u.host === 'auth.test') return this.#token(u, init);
    if (u.host === 'cdn.test') {
      const d = u.pathname.split('/').pop()!;
      const b = this.blobs.get(d);
      return b ? new Response(b as Uint8Array<ArrayBuffer>) : json(404, {});
    }
    if (u.host !== this.host) throw new TypeError(`fetch failed: no host ${u.host}`);
    const denied = this.#authorize(init.headers.Authorization);
    if (denied) return denied;
    const m = /^\/v2\/(.+?)\/(manifests|blobs|tags)\/(.*)$/.exec(u.pathname);
    if (u.pathname === '/v2/') return json(200, {});
    if (!m) return json(404, { errors: [{ code: 'NOT_FOUND', message: 'no route' }] });
    const [, repo, kind, rest] = m as unknown as [string, string, string, string];
    if (kind === 'tags') {
      const tags = this.tags.get(repo);
      return tags
        ? json(200, { name: repo, tags: [...tags.keys()].filter((t) => !t.startsWith('sha256:')) })
        : json(404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
    }
    if (kind === 'manifests') return this.#manifest(repo, rest, init);
    if (rest.startsWith('uploads/')) return this.#upload(u, repo, rest.slice('uploads/'.length), init);
    const b = this.links.get(repo)?.has(rest) ? this.blobs.get(rest) : undefined;
    if (!b) return json(404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] });
    if (init.method === 'HEAD')
      return new Response(null, { status: 200, headers: { 'Content-Length': String(b.length) } });
    if (this.redirectBlobsTo)
      return new Response(null, { status: 307, headers: { Location: `${this.redirectBlobsTo}/b/${rest}` } });
    const body = this.corrupt.get(rest) ?? b;
    return new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'Docker-Content-Digest': rest } });
  }

  #authorize(header: string | undefined): Response | undefined {
    if (this.auth === 'none') return undefined;
    if (this.auth === 'basic') {
      const ok = header?.startsWith('Basic ') && this.#checkBasic(header);
      return ok ? undefined : json(401, {}, { 'WWW-Authenticate': 'Basic realm="fake"' });
    }
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const left = token === undefined ? undefined : this.#tokens.get(token);
    if (left !== undefined && left > 0) {
      this.#tokens.set(token!, left - 1);
      return undefined;
    }
    return json(401, {}, { 'WWW-Authenticate': 'Bearer realm="http://auth.test/token",service="fake"' });
  }

  #checkBasic(header: string): boolean {
    const [user, pass] = Buffer.from(header.slice(6), 'base64').toString().split(':');
    return this.users.get(user!) === pass;
  }

  #token(u: URL, init: Received): Response {
    const header = init.headers.Authorization;
    if (header !== undefined && !this.#checkBasic(header)) return json(401, { details: 'wrong login' });
    if (header === undefined && this.users.size > 0) return json(401, { details: 'login needed' });
    const token = `t${this.#nextToken++}:${u.searchParams.getAll('scope').join(' ')}`;
    this.#tokens.set(token, this.tokenUses);
    return json(200, { token });
  }

  #manifest(repo: string, reference: string, init: Received): Response {
    if (init.method === 'PUT') {
      const bytes = init.body!;
      const d = sha(bytes);
      this.manifests.set(d, { bytes, mediaType: init.headers['Content-Type']! });
      const tags = this.tags.get(repo) ?? new Map<string, string>();
      tags.set(reference, d);
      this.tags.set(repo, tags);
      return new Response(null, { status: 201, headers: { 'Docker-Content-Digest': d } });
    }
    const d = reference.startsWith('sha256:') ? reference : this.tags.get(repo)?.get(reference);
    const m = d === undefined ? undefined : this.manifests.get(d);
    if (!m) return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    const headers = { 'Content-Type': m.mediaType, 'Docker-Content-Digest': d! };
    return new Response(init.method === 'HEAD' ? null : (m.bytes as Uint8Array<ArrayBuffer>), { headers });
  }

  #upload(u: URL, repo: string, id: string, init: Received): Response {
    const location = (uid: string) => `http://${this.host}/v2/${repo}/blobs/uploads/${uid}?_state=s${uid}`;
    if (init.method === 'POST') {
      const mount = u.searchParams.get('mount');
      const from = u.searchParams.get('from');
      if (mount && from && this.links.get(from)?.has(mount)) {
        this.#link(repo, mount, this.blobs.get(mount)!);
        return new Response(null, { status: 201, headers: { Location: `/v2/${repo}/blobs/${mount}` } });
      }
      const uid = String(this.#nextUpload++);
      this.#uploads.set(uid, { repo, data: new Uint8Array(0) });
      return new Response(null, { status: 202, headers: { Location: location(uid), Range: '0-0' } });
    }
    const upload = this.#uploads.get(id);
    if (!upload) return json(404, { errors: [{ code: 'BLOB_UPLOAD_UNKNOWN', message: 'upload unknown' }] });
    const range = () => `0-${Math.max(0, upload.data.length - 1)}`;
    if (init.method === 'GET')
      return new Response(null, { status: 204, headers: { Location: location(id), Range: range() } });
    if (init.method === 'PATCH') {
      const body = init.body!;
      const [start] = (init.headers['Content-Range'] ?? '').split('-').map(Number);
      if (start !== upload.data.length) return json(416, { errors: [{ code: 'RANGE_INVALID', message: 'bad range' }] });
      if (this.dropPatch === this.#patches++) {
        upload.data = concat(upload.data, body.subarray(0, body.length >> 1));
        throw new TypeError('fetch failed: connection reset');
      }
      upload.data = concat(upload.data, body);
      return new Response(null, { status: 202, headers: { Location: location(id), Range: range() } });
    }
    if (init.method === 'DELETE') {
      this.#uploads.delete(id);
      return new Response(null, { status: 204 });
    }
    if (init.method === 'PUT') {
      if (init.body) upload.data = concat(upload.data, init.body);
      const want = u.searchParams.get('digest')!;
      if (sha(upload.data) !== want)
        return json(400, {
          errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content' }],
        });
      this.#link(repo, want, upload.data);
      this.#uploads.delete(id);
      return new Response(null, { status: 201, headers: { Location: `/v2/${repo}/blobs/${want}` } });
    }
    return json(405, {});
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
