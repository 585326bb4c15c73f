// One registry's HTTP client: requests under /v2/ with authentication (auth.ts), redirects
// followed without sending Authorization to another host, and failures turned into one-line
// WharfErrors that name the registry — including the page's own failure mode, a registry that
// sends no CORS headers. https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md
import { WharfError } from '../errors.ts';
import { sha256, type Digest } from '../oci/index.ts';
import { Authenticator } from './auth.ts';
import { discard, pathOf } from './http.ts';
import { endpointOf, type Endpoint } from './endpoint.ts';
import type {
  Credentials,
  RegistryBody,
  RegistryFetch,
  RegistryRequestInit,
  RegistryResponse,
  StreamHasher,
} from './types.ts';

export interface ClientOptions {
  fetch: RegistryFetch;
  credentials?: Credentials;
  /** Plain HTTP to a registry that is not on loopback. */
  insecure?: boolean;
  /** A native incremental sha256 (Node's), else blobs are hashed once they are in. */
  hasher?: () => StreamHasher;
  /**
   * Hashes a whole blob without holding the thread for long (Node: native sha256 in slices,
   * I/O served between them), so a push can hash a blob while it goes up; else WebCrypto's.
   */
  digest?: (bytes: Uint8Array) => Promise<Digest>;
}

export interface RegistryRequest {
  method: string;
  /** A path under the registry ("/v2/a/b/manifests/v1"), or an absolute URL it gave (Location). */
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array | RegistryBody;
  /** Token scopes the request needs ("repository:a/b:pull"). */
  scopes: readonly string[];
  signal?: AbortSignal | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

export class RegistryClient {
  readonly endpoint: Endpoint;
  readonly hasher: (() => StreamHasher) | undefined;
  readonly digest: (bytes: Uint8Array) => Promise<Digest>;
  readonly #fetch: RegistryFetch;
  readonly #auth: Authenticator;
  #first: Promise<unknown> | undefined;
  #answered = false;

  constructor(host: string, options: ClientOptions) {
    this.endpoint = endpointOf(host, options.insecure);
    this.hasher = options.hasher;
    this.digest = options.digest ?? sha256;
    this.#fetch = options.fetch;
    this.#auth = new Authenticator(host, options.credentials, (url, init) => this.#send(url, init));
  }

  get host(): string {
    return this.endpoint.host;
  }

  /**
   * The response to `req`, logged in as needed; a 401 that a fresh login cannot cure throws.
   * Requests made while the first one is in flight wait for it: it learns how the registry
   * wants to be logged in to, so a parallel upload is not sent once to be refused.
   */
  async request(req: RegistryRequest): Promise<RegistryResponse> {
    if (this.#first) await this.#first.catch(() => {});
    if (this.#answered) return this.#request(req);
    const first = this.#request(req);
    this.#first = first;
    try {
      return await first;
    } finally {
      this.#answered = true;
      this.#first = undefined;
    }
  }

  async #request(req: RegistryRequest): Promise<RegistryResponse> {
    const url = req.url.startsWith('/') ? this.endpoint.base + req.url : req.url;
    const signal = req.signal ?? undefined;
    // A URL the registry gave (an upload Location) on another origin gets no credentials.
    if (new URL(url).origin !== new URL(this.endpoint.base).origin) return this.#send(url, this.#init(req, undefined));
    let auth = await this.#auth.header(req.scopes, signal);
    let res = await this.#send(url, this.#init(req, auth));
    if (res.status !== 401) return this.#checkDenied(res, req);
    await discard(res);
    auth = await this.#auth.renew(res, req.scopes, auth, signal);
    res = await this.#send(url, this.#init(req, auth));
    if (res.status === 401) {
      await discard(res);
      throw this.#auth.refused(req.scopes);
    }
    return this.#checkDenied(res, req);
  }

  #init(req: RegistryRequest, auth: string | undefined): RegistryRequestInit {
    const headers = { ...req.headers };
    if (auth !== undefined) headers.Authorization = auth;
    return {
      method: req.method,
      headers,
      redirect: 'manual',
      ...(req.body !== undefined ? { body: req.body } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    };
  }

  async #checkDenied(res: RegistryResponse, req: RegistryRequest): Promise<RegistryResponse> {
    if (res.status !== 403) return res;
    await discard(res);
    throw this.#auth.denied(req.scopes);
  }

  /** One request with its redirects followed; Authorization goes to the origin that asked for it only. */
  async #send(url: string, init: RegistryRequestInit): Promise<RegistryResponse> {
    let current = url;
    let request = init;
    for (let hops = 0; ; hops++) {
      let res: RegistryResponse;
      try {
        res = await this.#fetch(current, request);
      } catch (e) {
        throw await this.#unreachable(current, e, request.signal);
      }
      if (res.type === 'opaqueredirect') {
        // A browser hides the target of a redirect from "manual": let it follow the redirect
        // itself. The Fetch standard drops Authorization when the redirect leaves the origin.
        try {
          return await this.#fetch(current, { ...request, redirect: 'follow' });
        } catch (e) {
          throw await this.#unreachable(current, e, request.signal);
        }
      }
      if (!REDIRECTS.has(res.status)) return res;
      const location = res.headers.get('location');
      await discard(res);
      if (location === null || hops >= MAX_REDIRECTS) {
        throw new WharfError(
          'REGISTRY',
          location === null
            ? `registry ${this.host} redirected ${request.method} ${pathOf(current)} without a Location`
            : `registry ${this.host}: more than ${MAX_REDIRECTS} redirects for ${pathOf(current)}`,
        );
      }
      const next = new URL(location, current);
      const headers = { ...request.headers };
      if (next.origin !== new URL(current).origin) delete headers.Authorization;
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && request.method === 'POST');
      request = { ...request, headers };
      if (toGet) {
        request.method = 'GET';
        delete request.body;
      }
      current = next.href;
    }
  }

  /**
   * Why a fetch failed. Node names the network's reason (ECONNREFUSED, ENOTFOUND) in the
   * error's cause. A browser says nothing: a CORS refusal and a host that is down are the same
   * bare TypeError. A no-cors probe gets an opaque answer from a host that is up, which proves
   * a CORS refusal; a cross-origin isolated page (COEP require-corp) blocks that answer too, and
   * then the message names both causes.
   */
  async #unreachable(url: string, e: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    if (signal?.aborted) return signal.reason ?? e;
    const target = new URL(url);
    const which =
      target.host === new URL(this.endpoint.base).host
        ? `registry ${this.host}`
        : `${target.host} (for registry ${this.host})`;
    const code = networkCode(e);
    if ((e as { cause?: unknown }).cause !== undefined || !(e instanceof TypeError)) {
      return new WharfError('REGISTRY', `cannot reach ${which} at ${target.origin} (${code ?? reason(e)})`, {
        cause: e,
      });
    }
    let opaque = false;
    try {
      const probe = await this.#fetch(`${target.origin}/v2/`, {
        method: 'GET',
        headers: {},
        redirect: 'follow',
        mode: 'no-cors',
        ...(signal ? { signal } : {}),
      });
      opaque = probe.type === 'opaque';
    } catch {
      opaque = false;
    }
    const needs =
      'a page may only use registries that send CORS headers (Access-Control-Allow-Origin) and answer the preflight (OPTIONS) request';
    return new WharfError(
      'REGISTRY_CORS',
      opaque
        ? `${which} refuses requests from this page: it sends no CORS headers (Access-Control-Allow-Origin), or does not answer the preflight (OPTIONS) request`
        : `${which} refuses requests from this page, or is not running: ${needs}`,
      { cause: e },
    );
  }
}

/** The network error code Node puts in a fetch failure's cause ("ECONNREFUSED"). */
function networkCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown; errors?: { code?: unknown }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What a fetch failure says of itself. */
function reason(e: unknown): string {
  const cause = (e as { cause?: { message?: unknown } }).cause;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return e instanceof Error ? e.message : String(e);
}
