// The page's half of the Preview: the page's session (the `<session>` of its preview URLs, one
// per page load), and the answers to the service worker's messages about it: whether the session
// is this page's, and each request's response from the server the page runs now, or, when
// nothing is serving, a 503 page saying why. A new tab opened on a preview URL is served the
// same way, from this page, while this page lives.
import {
  PREVIEW_PROTOCOL_VERSION,
  isRelayMessage,
  previewErrorPage,
  previewPath,
  previewPrefix,
  previewUrl,
  type HostReply,
  type RelayMessage,
} from './preview-protocol.ts';
import type { PreviewServer } from './preview-server.ts';

/** Where the service worker's messages arrive: navigator.serviceWorker, in a page. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  startMessages?(): void;
}

export interface PreviewHostOptions {
  /** The site's base URL (document.baseURI). */
  base: string;
  /** navigator.serviceWorker where there is one. */
  messages?: MessageSource;
  /** A session id (default: random). */
  session?: string;
}

export class PreviewHost {
  readonly session: string;
  readonly prefix: string;
  #server: PreviewServer | undefined;
  #idle = 'Nothing runs a server in its Wharf tab yet. Run one there: its Preview opens by itself.';

  constructor(o: PreviewHostOptions) {
    this.session = o.session ?? randomSession();
    this.prefix = previewPrefix(o.base);
    if (o.messages) {
      o.messages.addEventListener('message', (e) => void this.#onMessage(e));
      // Messages a page gets from service workers wait until it says it listens.
      o.messages.startMessages?.();
    }
  }

  /** The preview URL of `path` (path and query). */
  url(path = '/'): string {
    return previewUrl(this.prefix, this.session, path);
  }

  /** The path and query a URL of this session stands for (undefined: not one of its URLs). */
  pathOf(url: string): string | undefined {
    return previewPath(this.prefix, this.session, url);
  }

  /** The server the session's requests go to from now on. */
  serve(server: PreviewServer): void {
    this.#server = server;
  }

  /** The server is gone: requests get a 503 page whose text is `why`. */
  end(why: string): void {
    this.#server = undefined;
    this.#idle = why;
  }

  get serving(): PreviewServer | undefined {
    return this.#server;
  }

  async #onMessage(e: MessageEvent): Promise<void> {
    const port = e.ports[0];
    if (!port || !isRelayMessage(e.data)) return;
    const reply = await this.answer(e.data);
    port.postMessage(reply, reply.type === 'preview-response' ? [reply.body] : []);
    port.close();
  }

  /** The reply to one message of the service worker. */
  async answer(m: RelayMessage): Promise<HostReply> {
    const v = PREVIEW_PROTOCOL_VERSION;
    if (m.type === 'preview-claim') return { v, type: 'preview-owner', owns: m.session === this.session };
    if (m.session !== this.session) return { v, type: 'preview-not-mine' };
    const server = this.#server;
    const r = server
      ? await server.request({
          method: m.method,
          path: m.path,
          headers: m.headers,
          body: m.body ? new Uint8Array(m.body) : undefined,
        })
      : previewErrorPage(503, 'Nothing is serving', this.#idle);
    const body = r.body.byteOffset === 0 && r.body.byteLength === r.body.buffer.byteLength ? r.body : r.body.slice();
    return { v, type: 'preview-response', status: r.status, headers: r.headers, body: body.buffer as ArrayBuffer };
  }
}

function randomSession(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
