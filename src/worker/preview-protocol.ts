// The Preview's messages between the site's service worker (preview-relay.ts) and the page whose
// server a preview is (preview-host.ts), version 1: the worker asks which page owns a session
// (`preview-claim`) and passes it each request (`preview-request`), with a MessagePort for the
// one reply. Every message is checked by a guard on arrival. And the preview's URLs:
// `<site>preview/<session>/<path>`, where a session names one page's server.

export const PREVIEW_PROTOCOL_VERSION = 1;

/** A session id: 16 lowercase hex digits, made by the page that owns it. */
export const SESSION_PATTERN = /^[0-9a-f]{16}$/;

export type HeaderList = Array<[name: string, value: string]>;

export interface PreviewClaim {
  v: typeof PREVIEW_PROTOCOL_VERSION;
  type: 'preview-claim';
  session: string;
}

export interface PreviewRelayRequest {
  v: typeof PREVIEW_PROTOCOL_VERSION;
  type: 'preview-request';
  session: string;
  method: string;
  /** Path and query: "/a/b?c=1". */
  path: string;
  headers: HeaderList;
  /** null for a request without a body (GET, HEAD). */
  body: ArrayBuffer | null;
}

/** From the service worker to a page. */
export type RelayMessage = PreviewClaim | PreviewRelayRequest;

/** From a page back to the service worker, on the message's port. */
export type HostReply =
  | { v: typeof PREVIEW_PROTOCOL_VERSION; type: 'preview-owner'; owns: boolean }
  /** The session is not this page's (any more): the worker looks for its owner again. */
  | { v: typeof PREVIEW_PROTOCOL_VERSION; type: 'preview-not-mine' }
  | {
      v: typeof PREVIEW_PROTOCOL_VERSION;
      type: 'preview-response';
      status: number;
      headers: HeaderList;
      body: ArrayBuffer;
    };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function isHeaderList(x: unknown): x is HeaderList {
  return (
    Array.isArray(x) && x.every((h) => Array.isArray(h) && h.length === 2 && h.every((s) => typeof s === 'string'))
  );
}

export function isRelayMessage(x: unknown): x is RelayMessage {
  if (!isObject(x) || x.v !== PREVIEW_PROTOCOL_VERSION || typeof x.session !== 'string') return false;
  if (x.type === 'preview-claim') return true;
  return (
    x.type === 'preview-request' &&
    typeof x.method === 'string' &&
    typeof x.path === 'string' &&
    x.path.startsWith('/') &&
    isHeaderList(x.headers) &&
    (x.body === null || x.body instanceof ArrayBuffer)
  );
}

export function isHostReply(x: unknown): x is HostReply {
  if (!isObject(x) || x.v !== PREVIEW_PROTOCOL_VERSION) return false;
  switch (x.type) {
    case 'preview-owner':
      return typeof x.owns === 'boolean';
    case 'preview-not-mine':
      return true;
    case 'preview-response':
      return (
        typeof x.status === 'number' &&
        Number.isInteger(x.status) &&
        isHeaderList(x.headers) &&
        x.body instanceof ArrayBuffer
      );
    default:
      return false;
  }
}

/** The preview's base URL for a site served at `base` (the page's document.baseURI). */
export function previewPrefix(base: string): string {
  return new URL('preview/', base).href;
}

/** The URL of `path` (path and query) in `session`. */
export function previewUrl(prefix: string, session: string, path: string): string {
  return `${prefix}${session}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The path and query a preview URL stands for, or undefined when `url` is no URL of `session`. */
export function previewPath(prefix: string, session: string, url: string): string | undefined {
  const start = `${prefix}${session}/`;
  if (!url.startsWith(start)) return undefined;
  return `/${url.slice(start.length).replace(/#.*$/, '')}`;
}

/** A page the preview answers with itself: a status, a title and one paragraph saying why. */
export function previewErrorPage(
  status: number,
  title: string,
  detail: string,
): { status: number; headers: HeaderList; body: Uint8Array } {
  const esc = (s: string): string =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const html =
    `<!doctype html>\n<meta charset="utf-8">\n<title>${status} ${esc(title)}</title>\n` +
    '<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#1b2129}' +
    'h1{font-size:1.3rem}p{max-width:40rem}</style>\n' +
    `<h1>${status} ${esc(title)}</h1>\n<p>${esc(detail)}</p>\n`;
  return {
    status,
    headers: [
      ['content-type', 'text/html; charset=utf-8'],
      ['cache-control', 'no-store'],
    ],
    body: new TextEncoder().encode(html),
  };
}
