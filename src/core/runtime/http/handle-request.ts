// One HTTP request through a wasi:http/incoming-handler component, as runwasi's wasmtime shim
// serves it: a fresh instance with the server's env plus REQUEST_ID, no args, no preopens; the
// response goes out as soon as it is complete (set, and its body finished), even while the
// handler goes on. A trap, an exit, a missing or malformed response become a 500 with a one-line
// reason, as `wasmtime serve` answers 500 for them.
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import { componentTrapReason, createWasiHost, type ReadyComponent } from '../component/index.ts';
import { defaultHostEnv, type HostEnv } from '../host-context.ts';
import { bytesStdin, type Sink } from '../stdio.ts';
import type { HttpOutcome, HttpRequestData } from './data.ts';
import { describeErrorCode } from './error-code.ts';
import { reportingFailures, type Fetcher } from './fetcher.ts';
import { wasiHttpImports, type WasiHttpTypes } from './wasi-http.ts';
import { IncomingRequest, ResponseOutparam, type OutparamValue } from './wasi-http-incoming.ts';

/** The most bytes one body may hold, by default (a request's, a response's, a fetched one's). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface HandleRequestOptions {
  component: ReadyComponent;
  /** The handler export's full name (`wasi:http/incoming-handler@0.2.3`). */
  handler: string;
  request: HttpRequestData;
  /** KEY=VALUE strings: the complete environment (REQUEST_ID included). */
  env: string[];
  stdout: Sink;
  stderr: Sink;
  fetcher?: Fetcher;
  maxBodyBytes?: number;
  /** The thread's wasi:http classes, so that a spare instance fits (wasi-http.ts). */
  types?: WasiHttpTypes;
  hostEnv?: Partial<HostEnv>;
  /** Called once, as soon as the outcome is known. */
  onOutcome(outcome: HttpOutcome): void;
}

export interface HandleResult {
  /** Why the handler failed after its response had gone out (the client got the response). */
  late?: string;
}

export function handleRequest(o: HandleRequestOptions): HandleResult {
  const fetchFailures: string[] = [];
  const env = { ...defaultHostEnv(), ...o.hostEnv };
  const host = createWasiHost({
    ...env,
    args: [],
    env: o.env,
    volume: null,
    stdin: bytesStdin(),
    stdout: o.stdout,
    stderr: o.stderr,
  });
  const imports = {
    ...host.imports,
    ...wasiHttpImports({
      blocking: host.blocking,
      fetcher: o.fetcher && reportingFailures(o.fetcher, (line) => fetchFailures.push(line)),
      types: o.types,
      maxBodyBytes: o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    }),
  };

  let delivered = false;
  const deliver = (outcome: HttpOutcome): void => {
    if (delivered) return;
    delivered = true;
    host.flush();
    o.onOutcome(fetchFailures.length > 0 ? { ...outcome, fetchFailures: [...fetchFailures] } : outcome);
  };
  const fail = (reason: string): void => deliver({ kind: 'failure', status: 500, reason });
  let answer: OutparamValue | undefined;
  const onSet = (value: OutparamValue): void => {
    answer = value;
    if (value.tag === 'err') return fail(`the handler answered with error-code ${describeErrorCode(value.val)}`);
    const r = value.val;
    if (r.status < 200)
      return fail(`the handler answered with status ${r.status}, an informational status, as its response`);
    const response = { status: r.status, headers: r.fields.pairs() };
    const body = r.outgoingBody;
    if (!body) return deliver({ kind: 'response', response: { ...response, body: new Uint8Array(0) } });
    body.onEnd((s) => {
      if (s.state === 'failed') return fail(s.reason);
      if (s.state === 'finished') {
        deliver({ kind: 'response', response: { ...response, body: s.body, trailers: s.trailers?.pairs() } });
      }
    });
  };

  const ended = (e: unknown): HandleResult => {
    const reason =
      e instanceof WASIProcExit
        ? `the handler exited with code ${e.code}`
        : (componentTrapReason(e) ?? `the handler failed: ${message(e)}`);
    if (delivered) return { late: reason };
    fail(reason);
    return {};
  };

  let handle: (request: IncomingRequest, out: ResponseOutparam) => void;
  try {
    const instance = o.component.instantiate(imports);
    const exported = instance[o.handler] as { handle?: typeof handle } | undefined;
    if (typeof exported?.handle !== 'function') throw new Error(`${o.handler} has no handle function`);
    handle = exported.handle;
  } catch (e) {
    return ended(e);
  }
  try {
    handle(new IncomingRequest(o.request, host.blocking), new ResponseOutparam(onSet));
  } catch (e) {
    return ended(e);
  }
  host.flush();
  if (!answer) fail('the handler returned without setting a response (response-outparam.set)');
  else if (answer.tag === 'ok') {
    answer.val.outgoingBody?.abandon('the handler returned before finishing the response body (outgoing-body.finish)');
  }
  return {};
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
