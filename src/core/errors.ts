// The one error class family of Wharf's core. Every error carries a machine-readable `code`,
// a message that says what and where ("Dockerfile:7: COPY source ..."), and optional location.

export type ErrorCode =
  | 'DOCKERFILE_SYNTAX' // the Dockerfile cannot be parsed
  | 'DOCKERFILE_SEMANTIC' // parsed, but means something unsupported or invalid
  | 'BUILD_SOURCE' // a COPY/ADD source is missing or outside the context
  | 'BUILD_STAGE' // unknown stage, image or target
  | 'BUILD_UNSUPPORTED' // an instruction or option that cannot run here
  | 'BUILD_RUN' // a RUN step's program failed
  | 'BUILD_FETCH' // ADD <url> failed (network, CORS)
  | 'DIGEST_MISMATCH' // content does not hash to the digest that names it
  | 'TAR_FORMAT' // a tar stream is malformed
  | 'PATH_UNSAFE' // an archive path or link escapes its root
  | 'IMAGE_FORMAT' // OCI/docker JSON is invalid or inconsistent
  | 'NOT_FOUND' // a blob, ref, file or image that does not exist
  | 'STORE_QUOTA' // the browser refused to store more
  | 'STORE' // any other storage failure
  | 'REGISTRY' // a registry could not be reached, answered with an error, or broke the protocol
  | 'REGISTRY_AUTH' // a registry wants a login, refused the credentials, or denied access
  | 'REGISTRY_CORS' // a registry refuses requests from this page (no CORS headers)
  | 'SHARE_LINK' // a share link that is damaged, truncated or from the future
  | 'WASM_INVALID' // not a WebAssembly module, or it does not compile
  | 'WASM_UNSUPPORTED' // valid WebAssembly that Wharf cannot run (a component's world or imports)
  | 'RUN_STOPPED' // the user stopped the run
  | 'HTTP_PROTOCOL' // a server's HTTP/1.1 response is malformed, too large or cut short
  | 'USAGE' // bad CLI or API arguments
  | 'PROGRAM' // a built-in program's own failure (usage, a file, a script's syntax), said on its stderr
  | 'INTERNAL';

export interface Where {
  file?: string;
  line?: number;
  col?: number;
}

export interface WharfErrorOptions extends Where {
  cause?: unknown;
}

export class WharfError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;

  /** `message` should already say where; use `at()` to prefix "file:line: " consistently. */
  constructor(code: ErrorCode, message: string, options: WharfErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WharfError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.col !== undefined) this.col = options.col;
  }

  /** Plain data, for crossing a Worker boundary (structured clone drops class and fields). */
  toJSON(): SerializedError {
    return serializeError(this);
  }
}

/** "Dockerfile:7: " — the prefix every located message starts with. */
export function at(where: Where): string {
  if (!where.file) return '';
  if (where.line === undefined) return `${where.file}: `;
  return `${where.file}:${where.line}: `;
}

/** An error located in a file: the message is prefixed with `file:line: `. */
export function located(code: ErrorCode, where: Where, message: string, cause?: unknown): WharfError {
  return new WharfError(code, at(where) + message, { ...where, cause });
}

/** Several problems found together (parsers and validators collect all of them). */
export class WharfAggregateError extends WharfError {
  readonly errors: readonly WharfError[];
  constructor(errors: readonly WharfError[]) {
    const first = errors[0];
    super(first?.code ?? 'INTERNAL', errors.map((e) => e.message).join('\n'), {
      ...(first ? { file: first.file, line: first.line, col: first.col } : {}),
    });
    this.name = 'WharfAggregateError';
    this.errors = errors;
  }
}

export interface SerializedError {
  name: string;
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  stack?: string;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof WharfError) {
    const out: SerializedError = { name: e.name, code: e.code, message: e.message };
    if (e.file !== undefined) out.file = e.file;
    if (e.line !== undefined) out.line = e.line;
    if (e.col !== undefined) out.col = e.col;
    if (e.stack !== undefined) out.stack = e.stack;
    return out;
  }
  if (e instanceof Error) {
    return { name: e.name, code: 'INTERNAL', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { name: 'Error', code: 'INTERNAL', message: String(e) };
}

export function deserializeError(s: SerializedError): WharfError {
  const e = new WharfError(s.code, s.message, { file: s.file, line: s.line, col: s.col });
  if (s.stack) e.stack = s.stack;
  return e;
}

export function isWharfError(e: unknown, code?: ErrorCode): e is WharfError {
  return e instanceof WharfError && (code === undefined || e.code === code);
}
