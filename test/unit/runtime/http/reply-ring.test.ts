// The mailbox's replies in a shared ring: every kind of reply comes out as it went in (header
// byte strings, trailers, a failure), in order; a chunk many times the ring's size arrives whole
// once the reader has made room; the doorbell rings after each write.
import { describe, expect, it } from 'vitest';
import type { MailboxReply } from '../../../../src/core/runtime/http/index.ts';
import { ReplyRingReader, ReplyRingWriter, createReplyRing } from '../../../../src/core/runtime/http/reply-ring.ts';

const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 3));

function pair(capacity: number) {
  const ring = createReplyRing(capacity);
  const bell = new SharedArrayBuffer(4);
  return {
    writer: new ReplyRingWriter(ring, bell),
    reader: new ReplyRingReader(ring),
    rung: () => new Int32Array(bell)[0],
  };
}

describe('reply ring', () => {
  it('each reply comes out as it went in, in order; the doorbell rings per write', () => {
    const { writer, reader, rung } = pair(4096);
    const replies: MailboxReply[] = [
      {
        type: 'head',
        id: 1,
        status: 201,
        headers: [
          ['x-bytes', '\u00ff\u0080 caf\u00e9'],
          ['set-cookie', 'a=1'],
        ],
      },
      { type: 'chunk', id: 1, bytes: new Uint8Array([0, 1, 2, 255]) },
      { type: 'end', id: 1, trailers: [['x-sum', 'abc']] },
      { type: 'fail', id: 2, failure: { kind: 'dns', detail: 'getaddrinfo ENOTFOUND x.invalid', code: 'ENOTFOUND' } },
    ];
    expect(reader.receive(), 'receive() of an empty ring').toBeUndefined();
    for (const r of replies) writer.post(r);
    expect(rung(), 'doorbell rings').toBe(4);
    const got = [reader.receive(), reader.receive(), reader.receive(), reader.receive(), reader.receive()];
    expect(got).toEqual([...replies, undefined]);
  });

  it('a chunk larger than the ring arrives whole, moved in as the reader makes room', async () => {
    const { writer, reader } = pair(1000);
    const big = new Uint8Array(10_000).map((_, i) => i * 7);
    writer.post({ type: 'chunk', id: 3, bytes: big });
    writer.post({ type: 'end', id: 3 });
    expect(writer.pending, 'frames waiting for room').toBe(2);
    const got: MailboxReply[] = [];
    for (let i = 0; i < 200 && got.length < 2; i++) {
      const r = reader.receive();
      if (r) got.push(r);
      else await turn();
    }
    expect(got.map((r) => r.type)).toEqual(['chunk', 'end']);
    expect(got[0]!.type === 'chunk' && got[0]!.bytes, 'the chunk').toEqual(big);
    expect(writer.pending, 'frames waiting after').toBe(0);
  });

  it('close() drops what waits: nothing more arrives', async () => {
    const { writer, reader } = pair(100);
    writer.post({ type: 'chunk', id: 4, bytes: new Uint8Array(1000) });
    writer.close();
    writer.post({ type: 'end', id: 4 });
    await turn();
    expect(reader.receive(), 'receive() after close').toBeUndefined();
    expect(writer.pending, 'pending after close').toBe(0);
  });
});
