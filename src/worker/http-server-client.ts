// The page's handle on a running wasi:http server: core's HttpServerPool over runner Workers
// (each handles one request at a time, a fresh instance per request) behind core's ServerFront,
// so a request in (method, path and query, headers, body) is a response out (status, headers,
// body) plus its request-log entry. Handlers' stdout and stderr stream to callbacks as they
// write; their outgoing requests are fetched here, by the page (page-fetch.ts). What calls
// `request` (the Preview pane's service worker route) never sees a Worker or a message.
import { WharfError } from '../core/errors.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HttpServerPool,
  ServerFront,
  openFetchMailbox,
  reasonLine,
  serverEnv,
  type HandlerThread,
  type RequestLogEntry,
  type SpawnedThread,
} from '../core/runtime/index.ts';
import { pageFetchHost } from './page-fetch.ts';
import { frontRequest, type PreviewRequest, type PreviewResponse, type PreviewServer } from './preview-server.ts';

export type { PreviewRequest, PreviewResponse } from './preview-server.ts';

export interface HttpServerOptions {
  /** The component's bytes (its world must be wasi:http/proxy). */
  component: Uint8Array;
  /** Names the component in errors: its path in the image. */
  what: string;
  /** The run's env (the image's Env overlaid by the run options). WASMTIME_HTTP_PROXY_SOCKET_ADDR
   *  and WASMTIME_HTTP_BACKLOG are taken out, as runwasi takes them; each request adds REQUEST_ID. */
  env: string[];
  /** Handler Workers at most (default 2); requests beyond wait their turn. */
  threads?: number;
  /** The per-request limit: past it, a 504 and the handler's Worker is replaced (default 30 s). */
  requestTimeoutMs?: number;
  /** The most bytes of one body, in or out (default 32 MiB; 413 for a larger request). */
  maxBodyBytes?: number;
  /** The authority a request without a Host header is for (default: this page's host). */
  authority?: string;
  /** A handler's stdout and stderr, as it writes them, with the REQUEST_ID it runs as. */
  onStdout?(chunk: Uint8Array, requestId: number): void;
  onStderr?(chunk: Uint8Array, requestId: number): void;
  /** Each request's log entry, once its response is known. */
  onLog?(entry: RequestLogEntry): void;
  /** The first load when it takes a while (the component's first transpile); '' when done. */
  onProgress?(message: string): void;
  /** Makes a handler Worker; the default loads runner.worker.ts. */
  createWorker?(): Worker;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./runner.worker.ts', import.meta.url), { type: 'module', name: 'wharf-http-handler' });
}

export class HttpServerClient implements PreviewServer {
  readonly #pool: HttpServerPool;
  readonly #front: ServerFront;

  private constructor(pool: HttpServerPool, front: ServerFront) {
    this.#pool = pool;
    this.#front = front;
  }

  /**
   * Starts the server: the first handler Worker loads and checks the component. Rejects with a
   * WharfError when it cannot be served (a command, a world or import Wharf does not provide, a
   * bad WASMTIME_HTTP_* value).
   */
  static async start(o: HttpServerOptions): Promise<HttpServerClient> {
    const { env } = serverEnv(o.env);
    const maxBodyBytes = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const create = o.createWorker ?? defaultWorker;
    const pool = await HttpServerPool.start({
      component: o.component,
      what: o.what,
      env,
      threads: o.threads ?? 2,
      requestTimeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      maxBodyBytes,
      spawn: () => Promise.resolve(spawnHandler(create, maxBodyBytes)),
      output: (requestId, fd, chunk) => (fd === 1 ? o.onStdout : o.onStderr)?.(chunk, requestId),
      late: (requestId, reason) => o.onStderr?.(reasonLine(`request #${requestId}: ${reason}`), requestId),
      progress: o.onProgress,
    });
    o.onProgress?.('');
    const front = new ServerFront(pool, {
      scheme: location.protocol === 'https:' ? 'https' : 'http',
      authority: o.authority ?? location.host,
      maxBodyBytes,
      log: o.onLog,
    });
    return new HttpServerClient(pool, front);
  }

  /** One request through a fresh instance. Never rejects: a handler's failure is its 500 or 504. */
  request(r: PreviewRequest): Promise<PreviewResponse> {
    return frontRequest(this.#front, r);
  }

  /** Ends every handler Worker; requests still open are answered 500 "the server stopped". */
  close(): void {
    this.#pool.close();
  }
}

/** A runner Worker as a handler thread, with its outgoing-request mailbox where the page can share memory. */
function spawnHandler(create: () => Worker, maxBodyBytes: number): SpawnedThread {
  const worker = create();
  const thread: HandlerThread = {
    post: (m, transfer) => worker.postMessage(m, (transfer ?? []) as Transferable[]),
    onMessage: (f) => worker.addEventListener('message', (e) => f(e.data)),
    onError: (f) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        f(new WharfError('INTERNAL', `handler worker failed: ${e.message || 'could not load'}`));
      });
      worker.addEventListener('messageerror', () =>
        f(new WharfError('INTERNAL', 'handler worker: a message could not be read')),
      );
    },
    terminate: () => worker.terminate(),
  };
  // Without shared memory (a page that is not cross-origin isolated) a blocked handler cannot
  // be answered: its outgoing requests are refused (HTTP-request-denied).
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer !== 'function') return { thread };
  const { port1, port2 } = new MessageChannel();
  const mailbox = openFetchMailbox(
    {
      handlerEnd: port2,
      listen: (f) => {
        port1.onmessage = (e) => f(e.data);
      },
      close: () => port1.close(),
    },
    pageFetchHost({ origin: location.origin, maxBodyBytes }),
  );
  return {
    thread,
    serve: { extra: { fetchMailbox: mailbox.end }, transfer: mailbox.transfer },
    close: () => mailbox.close(),
  };
}
