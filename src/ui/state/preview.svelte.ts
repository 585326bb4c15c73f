// The Preview pane's state: the server a run serves (a wasi:http component, or the port a module
// listens on), the address the pane shows (path and query), what its frame loads, the request
// log, and the requests the pane's form sends. Requests from the frame and from other tabs come
// through the service worker to this page's PreviewHost; the form's go straight to the server.
import type { RequestLogEntry } from '../../core/runtime/index.ts';
import type { Serving } from '../engine/index.ts';
import type { PreviewHost } from '../../worker/preview-host.ts';
import type { PreviewResponse } from '../../worker/preview-server.ts';

/** Entries the log keeps; older ones go. */
const LOG_KEPT = 500;

export type FrameState =
  | { kind: 'waiting' }
  /** `load` counts the loads: each a new frame, so the same address loads again. */
  | { kind: 'ready'; src: string; load: number }
  /** No service worker serves the preview here: the form still reaches the server. */
  | { kind: 'unavailable'; reason: string };

export class Preview {
  readonly #host: PreviewHost;
  readonly #worker: () => Promise<void>;
  #shown = $state(false);
  #serving = $state.raw<Serving | undefined>(undefined);
  #address = $state('/');
  #frame = $state.raw<FrameState>({ kind: 'waiting' });
  #log = $state.raw<RequestLogEntry[]>([]);
  /** What the last server served (an image ref): another one starts at `/` again. */
  #served: string | undefined;
  /** Bumped to load the frame again at the same address. */
  #loads = 0;

  /** `worker`: resolves once a service worker answers preview URLs (rejects saying why not). */
  constructor(host: PreviewHost, worker: () => Promise<void>) {
    this.#host = host;
    this.#worker = worker;
  }

  /** Whether the pane is there: from the first server of the session on. */
  get shown(): boolean {
    return this.#shown;
  }
  get serving(): Serving | undefined {
    return this.#serving;
  }
  get address(): string {
    return this.#address;
  }
  get frame(): FrameState {
    return this.#frame;
  }
  get log(): RequestLogEntry[] {
    return this.#log;
  }
  /** The address as a URL of this tab's preview, for another tab (it lives while this tab does). */
  get url(): string {
    return this.#host.url(this.#address);
  }

  /** A run of `what` (an image ref) serves: the frame loads the address, kept from the last
   *  server of the same image. */
  serve(serving: Serving, what: string): void {
    if (what !== this.#served) this.#address = '/';
    this.#served = what;
    this.#host.serve(serving.server);
    this.#serving = serving;
    this.#shown = true;
    this.#log = [];
    this.#frame = { kind: 'waiting' };
    this.#worker().then(
      () => {
        if (this.#serving === serving) this.#load();
      },
      (e: unknown) => {
        this.#frame = {
          kind: 'unavailable',
          reason: `The page cannot be shown here: ${e instanceof Error ? e.message : String(e)}. Send requests with the form below.`,
        };
      },
    );
  }

  /** The server is gone; requests get a 503 page whose text is `why`. */
  end(why: string): void {
    this.#host.end(why);
    this.#serving = undefined;
  }

  /** Shows `path` (path and query; a full preview URL of this tab is taken too). */
  navigate(path: string): void {
    const p = this.#host.pathOf(path) ?? (path.startsWith('/') ? path : `/${path}`);
    this.#address = p;
    if (this.#frame.kind !== 'unavailable') this.#load();
  }

  reload(): void {
    if (this.#frame.kind !== 'unavailable') this.#load();
  }

  /** The frame loaded a page: the address follows it (a link followed inside the preview). */
  framed(href: string): void {
    const p = this.#host.pathOf(href);
    if (p !== undefined) this.#address = p;
  }

  #load(): void {
    this.#frame = { kind: 'ready', src: this.#host.url(this.#address), load: ++this.#loads };
  }

  /** A request from the pane's form, straight to the server (its entry is logged as any other). */
  async send(
    method: string,
    path: string,
    headers: Array<[string, string]>,
    body: Uint8Array,
  ): Promise<PreviewResponse> {
    const server = this.#serving?.server;
    if (!server) throw new Error('nothing is serving: run the server first');
    return server.request({ method, path, headers, body });
  }

  record(entry: RequestLogEntry): void {
    const next = this.#log.length >= LOG_KEPT ? this.#log.slice(1 - LOG_KEPT) : [...this.#log];
    next.push(entry);
    this.#log = next;
  }
}
