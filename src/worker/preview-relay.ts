// The service worker's half of the Preview: a request for `<site>preview/<session>/<path>` (or
// one the preview's own documents make for another path of the site) goes to the page that owns
// the session, as a message with a port for the reply, and its answer becomes the response.
// The page is found by asking the site's windows once (`preview-claim`), then remembered; a
// service worker may be stopped between requests and start again with nothing remembered.
// Written over small interfaces for clients, so Node tests drive it with fakes.
import {
  PREVIEW_PROTOCOL_VERSION,
  SESSION_PATTERN,
  isHostReply,
  previewErrorPage,
  type HeaderList,
  type HostReply,
  type RelayMessage,
} from './preview-protocol.ts';

/** A window of the site, as the service worker reaches it (its Client). */
export interface RelayClient {
  readonly id: string;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

export interface RelayClients {
  get(id: string): Promise<RelayClient | undefined>;
  /** Every window of the site, controlled or not. */
  windows(): Promise<readonly RelayClient[]>;
}

/** What a request is for: a session's path, or the session's root without its slash. */
export type PreviewTarget = { session: string; path: string } | { redirect: string };

export interface RelayOptions {
  /** How long a page may take to answer a request (its server has its own limits; this is for a
   *  page that is frozen or gone). */
  answerMs?: number;
  /** How long a window may take to say whether a session is its own. */
  claimMs?: number;
}

/** Statuses whose responses have no body (a Response with one cannot be made). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Headers about one connection or the body's transfer: the response is made anew here. */
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'trailer', 'upgrade']);
/** Sessions' documents by client id: their requests for other paths of the site are the preview's. */
const FRAMES_KEPT = 256;

export class PreviewRelay {
  readonly #prefix: URL;
  readonly #clients: RelayClients;
  readonly #answerMs: number;
  readonly #claimMs: number;
  readonly #owners = new Map<string, string>();
  readonly #frames = new Map<string, string>();

  /** `prefix`: the preview's base URL, `<site>preview/`. */
  constructor(prefix: string, clients: RelayClients, o: RelayOptions = {}) {
    this.#prefix = new URL(prefix);
    this.#clients = clients;
    this.#answerMs = o.answerMs ?? 120_000;
    this.#claimMs = o.claimMs ?? 3_000;
  }

  /**
   * What `request` is for, or undefined when it is not the preview's: a URL under the prefix, or
   * a same-origin request made by a preview's document (known by its client, else its referrer),
   * which a page with absolute links (`/style.css`) makes.
   */
  target(request: Request, clientId: string): PreviewTarget | undefined {
    const url = new URL(request.url);
    if (url.origin !== this.#prefix.origin) return undefined;
    if (url.pathname.startsWith(this.#prefix.pathname)) {
      const m = /^([^/]*)(\/.*)?$/.exec(url.pathname.slice(this.#prefix.pathname.length))!;
      const session = m[1]!;
      if (!SESSION_PATTERN.test(session)) return { session: '', path: url.pathname + url.search };
      if (m[2] === undefined) return { redirect: `${this.#prefix.href}${session}/${url.search}` };
      return { session, path: m[2] + url.search };
    }
    const session = this.#frames.get(clientId) ?? this.#sessionOf(request.referrer);
    return session ? { session, path: url.pathname + url.search } : undefined;
  }

  #sessionOf(referrer: string): string | undefined {
    if (!referrer.startsWith(this.#prefix.href)) return undefined;
    const session = referrer.slice(this.#prefix.href.length).split(/[/?#]/)[0]!;
    return SESSION_PATTERN.test(session) ? session : undefined;
  }

  /** The response for a request `target` found; `resultingClientId`: the document a navigation makes. */
  async answer(request: Request, target: PreviewTarget, resultingClientId = ''): Promise<Response> {
    if ('redirect' in target) return Response.redirect(target.redirect, 308);
    if (!target.session)
      return page(
        404,
        'No such preview',
        `${request.url} names no preview: a preview's address is ${this.#prefix.href}<session>/.`,
      );
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    const headers: HeaderList = [];
    request.headers.forEach((value, name) => headers.push([name, value]));
    const message: RelayMessage = {
      v: PREVIEW_PROTOCOL_VERSION,
      type: 'preview-request',
      session: target.session,
      method: request.method,
      path: target.path,
      headers,
      body,
    };
    let reply: HostReply | undefined;
    // Twice at most: a page remembered as the owner may have been reloaded since (a new session).
    for (let attempt = 0; attempt < 2; attempt++) {
      const owner = await this.#owner(target.session);
      if (!owner) {
        return page(
          503,
          'Nothing serves this preview',
          'The Wharf tab that ran its server was closed or reloaded. Run the server again in a Wharf tab and open its Preview.',
        );
      }
      // Each attempt moves a copy of the body to the page (a moved buffer is gone from here).
      const sent = body ? { ...message, body: body.slice(0) } : message;
      reply = await ask(owner, sent, sent.body ? [sent.body] : [], this.#answerMs);
      if (reply?.type !== 'preview-not-mine') break;
      this.#owners.delete(target.session);
    }
    if (!reply || reply.type !== 'preview-response') {
      return page(
        504,
        'The Wharf tab did not answer',
        `The tab that serves this preview did not answer within ${this.#answerMs / 1000} s (it may be frozen or busy).`,
      );
    }
    if (request.mode === 'navigate' && resultingClientId) this.#remember(resultingClientId, target.session);
    return toResponse(reply, request.method);
  }

  #remember(clientId: string, session: string): void {
    this.#frames.set(clientId, session);
    if (this.#frames.size > FRAMES_KEPT) this.#frames.delete(this.#frames.keys().next().value!);
  }

  /** The window that owns `session`: the one remembered, else the first to claim it. */
  async #owner(session: string): Promise<RelayClient | undefined> {
    const known = this.#owners.get(session);
    if (known) {
      const client = await this.#clients.get(known);
      if (client) return client;
      this.#owners.delete(session);
    }
    const windows = await this.#clients.windows();
    const claim: RelayMessage = { v: PREVIEW_PROTOCOL_VERSION, type: 'preview-claim', session };
    const owner = await new Promise<RelayClient | undefined>((resolve) => {
      let left = windows.length;
      if (left === 0) resolve(undefined);
      for (const w of windows) {
        void ask(w, claim, [], this.#claimMs).then((r) => {
          if (r?.type === 'preview-owner' && r.owns) resolve(w);
          else if (--left === 0) resolve(undefined);
        });
      }
    });
    if (owner) this.#owners.set(session, owner.id);
    return owner;
  }
}

/** Posts `message` with a port and resolves with the reply on it (undefined past `ms`). */
function ask(
  client: RelayClient,
  message: RelayMessage,
  transfer: Transferable[],
  ms: number,
): Promise<HostReply | undefined> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    const done = (reply: HostReply | undefined): void => {
      clearTimeout(timer);
      port1.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(undefined), ms);
    port1.onmessage = (e: MessageEvent<unknown>) => done(isHostReply(e.data) ? e.data : undefined);
    try {
      client.postMessage(message, [port2, ...transfer]);
    } catch {
      done(undefined);
    }
  });
}

/** A page's answer as the browser's Response: a status a Response can have, its headers (those
 *  a Response takes), the body (decoded when gzip or deflate: nothing decodes it after this). */
export function toResponse(reply: Extract<HostReply, { type: 'preview-response' }>, method: string): Response {
  if (reply.status < 200 || reply.status > 599) {
    return page(
      502,
      'Bad Gateway',
      `The server answered with status ${reply.status}, which a browser cannot be given.`,
    );
  }
  const headers = new Headers();
  let body: BodyInit | null = NULL_BODY.has(reply.status) || method === 'HEAD' ? null : reply.body;
  let coding: string | undefined;
  for (const [name, value] of reply.headers) {
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    if (lower === 'content-encoding' && /^\s*(x-)?(gzip|deflate)\s*$/i.test(value)) {
      coding = value.trim().toLowerCase().replace(/^x-/, '');
      continue;
    }
    try {
      headers.append(name, value);
    } catch {
      // a name or value a Response cannot carry: left out, as a browser drops it
    }
  }
  if (body && coding) {
    body = new Blob([reply.body]).stream().pipeThrough(new DecompressionStream(coding as CompressionFormat));
  }
  return new Response(body, { status: reply.status, headers });
}

function page(status: number, title: string, detail: string): Response {
  const p = previewErrorPage(status, title, detail);
  return new Response(p.body as Uint8Array<ArrayBuffer>, { status: p.status, headers: p.headers as HeaderList });
}
