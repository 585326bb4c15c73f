// The front every listener shares, over a recording handler: what reaches the handler thread (the
// target as path and query, lowercase names, the authority from Host or the front's), the
// response of each outcome, a 413 that no handler sees, and the log entry and line of each.
import { describe, expect, it } from 'vitest';
import {
  ServerFront,
  formatLogEntry,
  type HttpOutcome,
  type HttpRequestData,
  type RequestLogEntry,
} from '../../../../src/core/runtime/http/index.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function front(outcome: HttpOutcome) {
  const seen: HttpRequestData[] = [];
  const log: RequestLogEntry[] = [];
  let clock = 100;
  let next = 0;
  const f = new ServerFront(
    {
      request: (r) => {
        seen.push(r);
        clock += 2.25;
        return Promise.resolve({ requestId: next++, outcome });
      },
    },
    { scheme: 'http', authority: '127.0.0.1:8080', maxBodyBytes: 8, log: (e) => log.push(e), now: () => clock },
  );
  return { f, seen, log };
}

const ok: HttpOutcome = {
  kind: 'response',
  response: { status: 201, headers: [['x-a', 'b']], body: enc.encode('hi') },
};

describe('ServerFront', () => {
  it('a request reaches the handler as path and query, lowercase names, the authority from Host', async () => {
    const { f, seen } = front(ok);
    const { response } = await f.handle({
      method: 'PUT',
      target: 'http://proxy.example/a/b?c=1',
      headers: [
        ['Host', 'example.test:81'],
        ['X-Mixed', 'V'],
      ],
      body: enc.encode('body'),
      trailers: [['X-T', '1']],
    });
    expect(response, 'response').toEqual(ok.kind === 'response' && ok.response);
    expect(seen[0]).toEqual({
      method: 'PUT',
      pathWithQuery: '/a/b?c=1',
      scheme: 'http',
      authority: 'example.test:81',
      headers: [
        ['host', 'example.test:81'],
        ['x-mixed', 'V'],
      ],
      body: enc.encode('body'),
      trailers: [['x-t', '1']],
    });
    await f.handle({ method: 'GET', target: '/x', headers: [], body: new Uint8Array(0) });
    expect(seen[1]!.authority, 'authority without Host').toBe('127.0.0.1:8080');
    expect(seen[1]!.trailers, 'no trailers').toBeUndefined();
  });

  it('a failure is its status and reason as text; the log entry and line say it', async () => {
    const { f, log } = front({
      kind: 'failure',
      status: 504,
      reason: 'the handler did not answer within 1 s',
      fetchFailures: ['GET https://api.example/: internal-error (CORS: refused)'],
    });
    const { response, entry } = await f.handle({
      method: 'GET',
      target: '/slow',
      headers: [],
      body: new Uint8Array(0),
    });
    expect([response.status, dec.decode(response.body)]).toEqual([504, 'the handler did not answer within 1 s\n']);
    expect(log, 'logged').toEqual([entry]);
    expect(entry).toEqual({
      requestId: 0,
      method: 'GET',
      path: '/slow',
      status: 504,
      ms: 2.25,
      reason: 'the handler did not answer within 1 s',
      fetchFailures: ['GET https://api.example/: internal-error (CORS: refused)'],
    });
    expect(formatLogEntry(entry)).toBe(
      '#0 GET /slow 504 2.3 ms: the handler did not answer within 1 s [outgoing GET https://api.example/: internal-error (CORS: refused)]',
    );
  });

  it('a body past the limit, or one not kept, is a 413 no handler sees', async () => {
    const { f, seen, log } = front(ok);
    const big = await f.handle({ method: 'POST', target: '/up', headers: [], body: new Uint8Array(9) });
    const dropped = await f.handle({ method: 'POST', target: '/up', headers: [], body: undefined });
    expect([big.response.status, dropped.response.status], 'statuses').toEqual([413, 413]);
    expect(dec.decode(big.response.body)).toBe('a request body larger than 8 bytes\n');
    expect(seen, 'requests the handler saw').toEqual([]);
    expect(log.map(formatLogEntry)).toEqual([
      '- POST /up 413 0.0 ms: a request body larger than 8 bytes',
      '- POST /up 413 0.0 ms: a request body larger than 8 bytes',
    ]);
  });
});
