// One request through the wasi:http handler fixture (test/fixtures/components/http-handler.c):
// a fresh instance per request, the response as plain data, and every way a handler can fail
// turned into a 500 with a one-line reason; outgoing requests through an injected fetcher.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ComponentLoader, type ReadyComponent } from '../../../../src/core/runtime/component/index.ts';
import {
  handleRequest,
  wasiHttpTypes,
  type FetchRequest,
  type FetchResult,
  type Fetcher,
  type HttpOutcome,
  type HttpRequestData,
} from '../../../../src/core/runtime/http/index.ts';

const fixture = join(import.meta.dirname, '../../../fixtures/components/http-handler.wasm');
let component: ReadyComponent;
const enc = new TextEncoder();
const dec = new TextDecoder();
const HANDLER = 'wasi:http/incoming-handler@0.2.12';

interface Handled {
  status: number;
  headers?: Array<[string, string]>;
  body?: string;
  reason?: string;
  stdout: string;
  stderr: string;
}

async function request(
  path: string,
  o: {
    method?: string;
    body?: string;
    headers?: Array<[string, string]>;
    env?: string[];
    fetcher?: Fetcher;
    types?: ReturnType<typeof wasiHttpTypes>;
  } = {},
): Promise<Handled> {
  const req: HttpRequestData = {
    method: o.method ?? 'GET',
    pathWithQuery: path,
    scheme: 'http',
    authority: 'localhost:8080',
    headers: o.headers ?? [],
    body: enc.encode(o.body ?? ''),
  };
  let out: HttpOutcome | undefined;
  let stdout = '';
  let stderr = '';
  let calls = 0;
  handleRequest({
    component,
    handler: HANDLER,
    request: req,
    env: o.env ?? ['REQUEST_ID=0'],
    stdout: (c) => (stdout += dec.decode(c)),
    stderr: (c) => (stderr += dec.decode(c)),
    fetcher: o.fetcher,
    types: o.types,
    onOutcome: (x) => {
      out = x;
      calls++;
    },
  });
  expect(calls, `onOutcome calls for ${path}`).toBe(1);
  if (out!.kind === 'failure') return { status: out!.status, reason: out!.reason, stdout, stderr };
  const r = out!.response;
  return { status: r.status, headers: r.headers, body: dec.decode(r.body), stdout, stderr };
}

/** A fetcher that answers at once, and remembers what it was asked. */
function fakeFetcher(answer: (r: FetchRequest) => FetchResult): Fetcher & { seen: FetchRequest[] } {
  const seen: FetchRequest[] = [];
  return {
    seen,
    start(r) {
      seen.push(r);
      const result = answer(r);
      return { poll: () => result, wait: () => undefined, abort: () => undefined };
    },
  };
}

function bodyOf(text: string): Extract<FetchResult, { ok: true }>['body'] {
  let left: Uint8Array | null = enc.encode(text);
  return {
    tryRead: () => {
      const out = left;
      left = null;
      return out;
    },
    ready: () => true,
    wait: () => undefined,
    end: () => (left === null ? { ok: true } : undefined),
  };
}

describe('handleRequest', () => {
  // The first load in a process loads the transpiler and transpiles: seconds on a busy machine.
  beforeAll(async () => {
    component = await new ComponentLoader().load(new Uint8Array(readFileSync(fixture)), 'http-handler.wasm');
  }, 120_000);

  it('status, headers and body as the handler sets them', async () => {
    expect(await request('/')).toEqual({
      status: 200,
      headers: [
        ['content-type', 'text/plain'],
        ['x-handler', 'wharf-fixture'],
      ],
      body: 'hello from wasi:http\n',
      stdout: '',
      stderr: '',
    });
    expect((await request('/status/418')).status, 'GET /status/418').toBe(418);
    expect(await request('/nope?x=1'), 'GET /nope?x=1').toMatchObject({ status: 404, body: 'not found: /nope\n' });
  });

  it('the env it is given (REQUEST_ID among it), no args; the request body, method and headers', async () => {
    expect((await request('/env', { env: ['GREETING=hi', 'REQUEST_ID=7'] })).body).toBe('GREETING=hi\nREQUEST_ID=7\n');
    expect(
      await request('/echo', { method: 'PUT', body: 'posted\0bytes', headers: [['content-type', 'application/x']] }),
    ).toMatchObject({
      status: 200,
      headers: [
        ['x-method', 'PUT'],
        ['content-type', 'application/x'],
      ],
      body: 'posted\0bytes',
    });
    expect((await request('/echo', { method: 'PURGE' })).headers?.[0], 'x-method of PURGE').toEqual([
      'x-method',
      'PURGE',
    ]);
    const big = 'x'.repeat(300_000);
    expect((await request('/echo', { method: 'POST', body: big })).body?.length, 'echo of 300 KB').toBe(big.length);
    // Hop-by-hop headers and Host never reach the guest, as wasmtime strips them.
    expect(
      (
        await request('/headers', {
          headers: [
            ['host', 'localhost:8080'],
            ['connection', 'keep-alive'],
            ['accept', '*/*'],
            ['x-custom', 'v'],
          ],
        })
      ).body,
    ).toBe('accept: */*\nx-custom: v\n');
  });

  it("the guest sees the spec's header errors", async () => {
    expect((await request('/bad-header')).body).toBe(
      'connection: forbidden\nhost: forbidden\nbad name: invalid-syntax\nx-bad-value: invalid-syntax\nx-good: ok\n' +
        'x-later after outgoing-response.new: immutable\n',
    );
  });

  it("the handler's stdout and stderr go to the run's sinks", async () => {
    expect(await request('/log')).toMatchObject({
      status: 200,
      body: 'logged\n',
      stdout: 'handler stdout line\n',
      stderr: 'handler stderr line\n',
    });
  });

  it('a trap, no response, a body shorter than content-length, an error-code: 500 with the reason', async () => {
    expect(await request('/trap')).toMatchObject({
      status: 500,
      reason: 'wasm trap: wasm `unreachable` instruction executed',
    });
    expect(await request('/no-response')).toMatchObject({
      status: 500,
      reason: 'the handler returned without setting a response (response-outparam.set)',
    });
    expect(await request('/bad-length')).toMatchObject({
      status: 500,
      reason: 'response body is 3 bytes, content-length says 10',
    });
    expect(await request('/error')).toMatchObject({
      status: 500,
      reason: 'the handler answered with error-code internal-error (the handler reports an error)',
    });
  });

  it('outgoing requests go to the fetcher; its answer, or its failure as an error-code', async () => {
    const ok = fakeFetcher(() => ({
      ok: true,
      status: 203,
      headers: [['content-type', 'text/plain']],
      body: bodyOf('from upstream\n'),
    }));
    const headers: Array<[string, string]> = [
      ['x-fetch-authority', '127.0.0.1:9'],
      ['x-fetch-path', '/up?q=1'],
    ];
    expect(await request('/fetch', { headers, fetcher: ok })).toMatchObject({ status: 203, body: 'from upstream\n' });
    expect(ok.seen, 'what the fetcher was asked').toEqual([
      {
        method: 'GET',
        url: 'http://127.0.0.1:9/up?q=1',
        headers: [],
        body: undefined,
        connectTimeoutMs: undefined,
        firstByteTimeoutMs: undefined,
        betweenBytesTimeoutMs: undefined,
      },
    ]);
    const refused = fakeFetcher(() => ({ ok: false, failure: { kind: 'refused', detail: 'connect ECONNREFUSED' } }));
    expect((await request('/fetch', { headers, fetcher: refused })).body, 'connection-refused').toBe('error-code 6\n');
    const cors = fakeFetcher(() => ({
      ok: false,
      failure: { kind: 'cors', detail: 'http://127.0.0.1:9 sends no Access-Control-Allow-Origin' },
    }));
    expect((await request('/fetch', { headers, fetcher: cors })).body, 'a CORS refusal').toBe(
      'error-code 38: CORS: http://127.0.0.1:9 sends no Access-Control-Allow-Origin\n',
    );
    expect((await request('/fetch', { headers })).body, 'no fetcher: HTTP-request-denied').toBe('error-code 15\n');
  });

  it("a thread's later request takes the spare made while idle, with its own env, body and output", async () => {
    const types = wasiHttpTypes(1 << 20);
    const idle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
    expect((await request('/env', { env: ['REQUEST_ID=0'], types })).body, 'the first request').toBe('REQUEST_ID=0\n');
    await idle();
    expect(component.spareReady, 'spareReady after an idle moment').toBe(true);
    const posted = await request('/echo', { method: 'POST', body: 'on the spare', types });
    expect(component.spareReady, 'spareReady right after it was taken').toBe(false);
    expect(posted.body, 'POST /echo on the spare').toBe('on the spare');
    await idle();
    expect((await request('/log', { types })).stderr, 'stderr of a request on a spare').toBe('handler stderr line\n');
    await idle();
    expect(component.spareReady, 'a spare again').toBe(true);
    // Another thread's classes: the spare does not fit, and the request is served all the same.
    expect((await request('/env', { env: ['REQUEST_ID=3'] })).body, 'without the classes').toBe('REQUEST_ID=3\n');
  });
});
