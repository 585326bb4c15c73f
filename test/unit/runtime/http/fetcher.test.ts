// A handler's failed outgoing requests, reported once each as a log line: a failure of the head
// however often the guest polls it, a failure of the body when the guest sees its end, and
// nothing for a request that succeeds.
import { describe, expect, it } from 'vitest';
import {
  reportingFailures,
  type FetchBody,
  type FetchResult,
  type Fetcher,
} from '../../../../src/core/runtime/http/index.ts';

function body(end: ReturnType<FetchBody['end']>): FetchBody {
  return { tryRead: () => null, ready: () => true, wait: () => undefined, end: () => end };
}

function answering(result: FetchResult): Fetcher {
  return { start: () => ({ poll: () => result, wait: () => undefined, abort: () => undefined }) };
}

describe('reportingFailures', () => {
  const get = { method: 'GET', url: 'http://127.0.0.1:9/x', headers: [] };

  it('a failed head, once however often it is polled', () => {
    const lines: string[] = [];
    const f = reportingFailures(answering({ ok: false, failure: { kind: 'refused', detail: 'ECONNREFUSED' } }), (l) =>
      lines.push(l),
    );
    const pending = f.start(get);
    pending.poll();
    pending.poll();
    expect(lines).toEqual(['GET http://127.0.0.1:9/x: connection-refused']);
  });

  it('a body that fails, when the guest sees its end; a success says nothing', () => {
    const lines: string[] = [];
    const failing = body({ ok: false, failure: { kind: 'between-bytes-timeout', detail: 'stalled' } });
    const f = reportingFailures(answering({ ok: true, status: 200, headers: [], body: failing }), (l) => lines.push(l));
    const r = f.start({ ...get, method: 'POST' }).poll();
    expect(lines, 'after the head').toEqual([]);
    if (!r?.ok) throw new Error(`poll() = ${JSON.stringify(r)}, want a response`);
    r.body.end();
    r.body.end();
    expect(lines, 'after the end').toEqual(['POST http://127.0.0.1:9/x: connection-read-timeout']);
    const fine = reportingFailures(answering({ ok: true, status: 200, headers: [], body: body({ ok: true }) }), (l) =>
      lines.push(l),
    );
    const ok = fine.start(get).poll();
    if (ok?.ok) ok.body.end();
    expect(lines.length, 'lines after a success').toBe(1);
  });
});
