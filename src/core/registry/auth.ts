// Registry authentication: the scheme is learned from the first 401's challenge, then sent up
// front. Bearer: a token from the challenge's realm (anonymous, or with Basic credentials),
// cached per scope set and fetched anew when the registry answers 401 to it. Basic: the
// credentials on every request. https://distribution.github.io/distribution/spec/auth/token/
import { WharfError } from '../errors.ts';
import { parseChallenges, type Challenge } from './challenge.ts';
import { discard } from './http.ts';
import type { Credentials, RegistryRequestInit, RegistryResponse } from './types.ts';

export type Send = (url: string, init: RegistryRequestInit) => Promise<RegistryResponse>;

function basic(c: Credentials): string {
  const bytes = new TextEncoder().encode(`${c.username}:${c.password}`);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return `Basic ${btoa(s)}`;
}

/** Where a login is used or refused, for messages: `"alice"` or `anonymous requests`. */
function who(c: Credentials | undefined): string {
  return c ? `"${c.username}"` : 'anonymous requests';
}

export class Authenticator {
  readonly #host: string;
  readonly #credentials: Credentials | undefined;
  readonly #send: Send;
  #challenge: Challenge | undefined;
  /** Tokens by scope key, and the fetches under way (parallel 401s share one renewal). */
  readonly #tokens = new Map<string, string>();
  readonly #fetching = new Map<string, Promise<string>>();

  constructor(host: string, credentials: Credentials | undefined, send: Send) {
    this.#host = host;
    this.#credentials = credentials;
    this.#send = send;
  }

  /** The Authorization to send up front for `scopes`, once the registry's scheme is known. */
  async header(scopes: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
    const c = this.#challenge;
    if (!c) return undefined;
    if (c.scheme === 'basic') return this.#credentials && basic(this.#credentials);
    const key = scopeKey(c, scopes);
    return this.#tokens.get(key) ?? this.#fetch(key, c, scopes, signal);
  }

  #fetch(key: string, c: Challenge, scopes: readonly string[], signal?: AbortSignal): Promise<string> {
    let pending = this.#fetching.get(key);
    if (!pending) {
      pending = this.#token(c, scopes, signal).then((token) => {
        this.#tokens.set(key, token);
        return token;
      });
      const done = (): void => void this.#fetching.delete(key);
      pending.then(done, done);
      this.#fetching.set(key, pending);
    }
    return pending;
  }

  /**
   * After a 401 to a request sent with `sent`: learn the challenge and return the Authorization
   * to retry with (a fresh token: the cached one has expired or lacks the scope), or throw when
   * no retry can succeed.
   */
  async renew(
    res: RegistryResponse,
    scopes: readonly string[],
    sent: string | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    const header = res.headers.get('www-authenticate');
    const challenges = header === null ? [] : parseChallenges(header);
    const c = challenges.find((x) => x.scheme === 'bearer') ?? challenges.find((x) => x.scheme === 'basic');
    if (!c) {
      throw new WharfError(
        'REGISTRY_AUTH',
        header === null
          ? `registry ${this.#host} wants a login but sends no WWW-Authenticate challenge the client can read`
          : `registry ${this.#host} wants a login of a kind Wharf does not speak (${header.split(' ')[0]})`,
      );
    }
    this.#challenge = c;
    if (c.scheme === 'basic') {
      if (!this.#credentials) throw this.#loginNeeded(scopes);
      if (sent !== undefined && sent.startsWith('Basic ')) throw this.refused();
      return basic(this.#credentials);
    }
    const key = scopeKey(c, scopes);
    const current = this.#tokens.get(key);
    // Another request renewed it already since `sent` went out: use that one.
    if (current !== undefined && current !== sent) return current;
    this.#tokens.delete(key);
    return this.#fetch(key, c, scopes, signal);
  }

  /** The error for a request still answered 401 after a fresh login. */
  refused(scopes: readonly string[] = []): WharfError {
    if (this.#credentials && this.#challenge?.scheme === 'basic') return this.#wrongLogin();
    if (!this.#credentials) return this.#loginNeeded(scopes);
    return this.denied(scopes);
  }

  /** The error for a 403, or a token that does not grant what was asked. */
  denied(scopes: readonly string[]): WharfError {
    const what = scopes.map(describeScope).join(' and ') || 'access';
    return new WharfError('REGISTRY_AUTH', `registry ${this.#host} denied ${what} to ${who(this.#credentials)}`);
  }

  #wrongLogin(): WharfError {
    return new WharfError(
      'REGISTRY_AUTH',
      `registry ${this.#host} refused the login of "${this.#credentials!.username}": wrong username or password`,
    );
  }

  #loginNeeded(scopes: readonly string[]): WharfError {
    const what = scopes.map(describeScope).join(' and ');
    return new WharfError(
      'REGISTRY_AUTH',
      `registry ${this.#host} wants a login${what ? ` for ${what}` : ''} and no credentials were given for it`,
    );
  }

  async #token(c: Challenge, scopes: readonly string[], signal?: AbortSignal): Promise<string> {
    const realm = c.params.realm;
    if (!realm) throw new WharfError('REGISTRY_AUTH', `registry ${this.#host}: its Bearer challenge names no realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new WharfError('REGISTRY_AUTH', `registry ${this.#host}: token realm "${realm}" is not a URL`);
    }
    const params: [string, string][] = [];
    if (c.params.service) params.push(['service', c.params.service]);
    for (const s of allScopes(c, scopes)) params.push(['scope', s]);
    if (this.#credentials) params.push(['account', this.#credentials.username]);
    const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const tokenUrl = query === '' ? url.href : `${url.href}${url.search ? '&' : '?'}${query}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#credentials) headers.Authorization = basic(this.#credentials);
    const res = await this.#send(tokenUrl, {
      method: 'GET',
      headers,
      redirect: 'manual',
      ...(signal ? { signal } : {}),
    });
    if (res.status === 401 || res.status === 403) {
      await discard(res);
      throw this.#credentials ? this.#wrongLogin() : this.#loginNeeded(scopes);
    }
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200) {
      throw new WharfError('REGISTRY_AUTH', `token service ${url.host} for ${this.#host} answered ${res.status}`);
    }
    let token: unknown;
    try {
      const doc = JSON.parse(new TextDecoder().decode(body)) as { token?: unknown; access_token?: unknown };
      token = doc.token ?? doc.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new WharfError('REGISTRY_AUTH', `token service ${url.host} for ${this.#host} sent no token`);
    }
    return `Bearer ${token}`;
  }
}

/** The scopes to ask for: ours, plus one the challenge names (registries may want more). */
function allScopes(c: Challenge, scopes: readonly string[]): string[] {
  const all = new Set(scopes);
  if (c.params.scope) for (const s of c.params.scope.split(' ')) if (s) all.add(s);
  return [...all].sort();
}

function scopeKey(c: Challenge, scopes: readonly string[]): string {
  return `${c.params.realm ?? ''} ${c.params.service ?? ''} ${allScopes(c, scopes).join(' ')}`;
}

/** "repository:a/b:pull,push" -> "pull, push of a/b". */
function describeScope(scope: string): string {
  const m = /^repository:(.+):([a-z*,]+)$/.exec(scope);
  return m ? `${m[2]!.split(',').join(' and ')} of ${m[1]}` : scope;
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`;
}
