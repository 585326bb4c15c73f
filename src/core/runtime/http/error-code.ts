// wasi:http's `error-code`, and how a failed fetch becomes one. Fetchers (Node's fetch in the
// CLI, the page's fetch or XMLHttpRequest) describe what went wrong as a host-neutral
// FetchFailure; one table turns that into the error-code a guest sees, so the same failure reads
// the same in the CLI and the page. A page's CORS refusal has no error-code of its own in
// wasi:http 0.2: it becomes `internal-error` with a message that says so, which is what a guest
// that prints the error shows.

type Plain<T extends string> = { tag: T };
type With<T extends string, V> = { tag: T; val: V };

export interface FieldSizePayload {
  fieldName?: string;
  fieldSize?: number;
}

export type ErrorCode =
  | Plain<'DNS-timeout'>
  | With<'DNS-error', { rcode?: string; infoCode?: number }>
  | Plain<'destination-not-found'>
  | Plain<'destination-unavailable'>
  | Plain<'destination-IP-prohibited'>
  | Plain<'destination-IP-unroutable'>
  | Plain<'connection-refused'>
  | Plain<'connection-terminated'>
  | Plain<'connection-timeout'>
  | Plain<'connection-read-timeout'>
  | Plain<'connection-write-timeout'>
  | Plain<'connection-limit-reached'>
  | Plain<'TLS-protocol-error'>
  | Plain<'TLS-certificate-error'>
  | With<'TLS-alert-received', { alertId?: number; alertMessage?: string }>
  | Plain<'HTTP-request-denied'>
  | Plain<'HTTP-request-length-required'>
  | With<'HTTP-request-body-size', bigint | undefined>
  | Plain<'HTTP-request-method-invalid'>
  | Plain<'HTTP-request-URI-invalid'>
  | Plain<'HTTP-request-URI-too-long'>
  | With<'HTTP-request-header-section-size', number | undefined>
  | With<'HTTP-request-header-size', FieldSizePayload | undefined>
  | With<'HTTP-request-trailer-section-size', number | undefined>
  | With<'HTTP-request-trailer-size', FieldSizePayload>
  | Plain<'HTTP-response-incomplete'>
  | With<'HTTP-response-header-section-size', number | undefined>
  | With<'HTTP-response-header-size', FieldSizePayload>
  | With<'HTTP-response-body-size', bigint | undefined>
  | With<'HTTP-response-trailer-section-size', number | undefined>
  | With<'HTTP-response-trailer-size', FieldSizePayload>
  | With<'HTTP-response-transfer-coding', string | undefined>
  | With<'HTTP-response-content-coding', string | undefined>
  | Plain<'HTTP-response-timeout'>
  | Plain<'HTTP-upgrade-failed'>
  | Plain<'HTTP-protocol-error'>
  | Plain<'loop-detected'>
  | Plain<'configuration-error'>
  | With<'internal-error', string | undefined>;

/** What went wrong with a fetch, in terms every host can tell apart. Plain data (crosses threads). */
export interface FetchFailure {
  kind:
    | 'dns' // the name does not resolve
    | 'refused' // nothing listens there
    | 'unreachable' // no route, host down
    | 'reset' // the connection broke
    | 'connect-timeout' // request-options.connect-timeout passed
    | 'first-byte-timeout' // request-options.first-byte-timeout passed
    | 'between-bytes-timeout' // request-options.between-bytes-timeout passed
    | 'tls' // the TLS handshake or certificate failed
    | 'cors' // a page may not read the response (no CORS headers allow it), or the host is unreachable
    | 'invalid-request' // the host's fetch refused the request as built (URL, method, a header)
    | 'too-large' // the response body passed the size limit
    | 'incomplete' // the response ended before its body did
    | 'network'; // anything else the host cannot tell apart (a browser's opaque "Failed to fetch")
  /** What the host said, for messages ("getaddrinfo ENOTFOUND example.invalid"). */
  detail: string;
  /** For 'dns': the resolver's code (ENOTFOUND, EAI_AGAIN). */
  code?: string;
  /** For 'too-large': bytes received. */
  size?: number;
}

export function errorCodeOf(f: FetchFailure): ErrorCode {
  switch (f.kind) {
    case 'dns':
      return { tag: 'DNS-error', val: { rcode: f.code ?? f.detail } };
    case 'refused':
      return { tag: 'connection-refused' };
    case 'unreachable':
      return { tag: 'destination-unavailable' };
    case 'reset':
      return { tag: 'connection-terminated' };
    case 'connect-timeout':
      return { tag: 'connection-timeout' };
    case 'first-byte-timeout':
      return { tag: 'HTTP-response-timeout' };
    case 'between-bytes-timeout':
      return { tag: 'connection-read-timeout' };
    case 'tls':
      return { tag: 'TLS-protocol-error' };
    case 'cors':
      return { tag: 'internal-error', val: `CORS: ${f.detail}` };
    case 'invalid-request':
      return { tag: 'HTTP-request-denied' };
    case 'too-large':
      return { tag: 'HTTP-response-body-size', val: f.size === undefined ? undefined : BigInt(f.size) };
    case 'incomplete':
      return { tag: 'HTTP-response-incomplete' };
    case 'network':
      return { tag: 'internal-error', val: f.detail };
  }
}

/** An error-code in one line: its name, and its payload where it has one. */
export function describeErrorCode(e: ErrorCode): string {
  if (!('val' in e) || e.val === undefined) return e.tag;
  if (typeof e.val === 'string' || typeof e.val === 'bigint' || typeof e.val === 'number') return `${e.tag} (${e.val})`;
  const parts = Object.entries(e.val)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${String(v)}`);
  return parts.length > 0 ? `${e.tag} (${parts.join(', ')})` : e.tag;
}
