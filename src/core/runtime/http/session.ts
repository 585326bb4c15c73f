// A server session in a runner thread (the CLI's worker_threads, the page's runner Worker): the
// `serve` request loads the component once and checks that it can be served; then each
// `http-request` gets a fresh instance whose env is the server's plus REQUEST_ID, its stdout and
// stderr streamed back as `output` replies, its outcome as soon as it is known, and `http-done`
// when the handler has returned.
import { WharfError } from '../../errors.ts';
import { componentWorld, createWasiHost, type ComponentLoader, type ReadyComponent } from '../component/index.ts';
import { PROTOCOL_VERSION, type HttpRequestMessage, type ServeRequest, type WorkerReply } from '../protocol.ts';
import { defaultHostEnv } from '../host-context.ts';
import { bytesStdin, type Sink } from '../stdio.ts';
import type { Fetcher } from './fetcher.ts';
import { DEFAULT_MAX_BODY_BYTES, handleRequest } from './handle-request.ts';
import { wasiHttpImports, wasiHttpTypes, type WasiHttpTypes } from './wasi-http.ts';

export interface SessionPort {
  post(reply: WorkerReply, transfer?: ArrayBuffer[]): void;
}

export class HttpSession {
  readonly #component: ReadyComponent;
  readonly #handler: string;
  readonly #env: string[];
  readonly #fetcher: Fetcher | undefined;
  readonly #maxBodyBytes: number;
  readonly #types: WasiHttpTypes;

  private constructor(component: ReadyComponent, handler: string, serve: ServeRequest, fetcher: Fetcher | undefined) {
    this.#component = component;
    this.#handler = handler;
    this.#env = serve.env;
    this.#fetcher = fetcher;
    this.#maxBodyBytes = serve.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#types = wasiHttpTypes(this.#maxBodyBytes);
  }

  /** Loads and checks the component: a WharfError says why it cannot be served. */
  static async open(
    serve: ServeRequest,
    loader: ComponentLoader,
    o: { fetcher?: Fetcher; progress?: (message: string) => void } = {},
  ): Promise<HttpSession> {
    const component = await loader.load(serve.component, serve.what, o.progress);
    const world = componentWorld(component.exports, serve.what);
    if (world.kind !== 'http') {
      throw new WharfError(
        'WASM_UNSUPPORTED',
        `${serve.what}: exports ${world.run}: a command, not a server (wasi:http/incoming-handler)`,
      );
    }
    const noop = (): void => undefined;
    const host = createWasiHost({
      ...defaultHostEnv(),
      args: [],
      env: [],
      volume: null,
      stdin: bytesStdin(),
      stdout: noop,
      stderr: noop,
    });
    const provided = { ...host.imports, ...wasiHttpImports({ blocking: host.blocking, maxBodyBytes: 0 }) };
    const missing = component.imports.filter((name) => !(name in provided));
    if (missing.length > 0) {
      throw new WharfError(
        'WASM_UNSUPPORTED',
        `${serve.what}: imports ${missing.join(', ')}, which Wharf does not provide`,
      );
    }
    return new HttpSession(component, world.handler, serve, o.fetcher);
  }

  /** Handles one request, synchronously; every reply goes through `port`. */
  handle(m: HttpRequestMessage, port: SessionPort): void {
    const out =
      (fd: 1 | 2): Sink =>
      (chunk) =>
        port.post({ v: PROTOCOL_VERSION, type: 'output', id: m.id, fd, chunk }, [chunk.buffer as ArrayBuffer]);
    const { late } = handleRequest({
      component: this.#component,
      handler: this.#handler,
      request: m.request,
      env: [...this.#env, `REQUEST_ID=${m.requestId}`],
      stdout: out(1),
      stderr: out(2),
      fetcher: this.#fetcher,
      maxBodyBytes: this.#maxBodyBytes,
      types: this.#types,
      onOutcome: (outcome) => {
        const transfer = outcome.kind === 'response' ? [outcome.response.body.buffer as ArrayBuffer] : [];
        port.post({ v: PROTOCOL_VERSION, type: 'http-response', id: m.id, outcome }, transfer);
      },
    });
    port.post({ v: PROTOCOL_VERSION, type: 'http-done', id: m.id, late });
  }
}
