import { describe, expect, it } from 'vitest';
import { WharfError, serializeError } from '../../../src/core/errors.ts';
import { Requests } from '../../../src/worker/requests.ts';

describe('Requests', () => {
  it('a reply settles its own request; a reply to an id nobody waits for is dropped', async () => {
    const r = new Requests<string, string>();
    const a = r.open('a');
    const b = r.open('b');
    expect(r.extra(b.id), 'extra(b)').toBe('b');
    expect(r.latest, 'latest').toBe(b.id);
    r.resolve(b.id, 'B');
    r.resolve(b.id, 'again'); // settled already: ignored
    r.resolve(999, 'nobody');
    r.resolve(a.id, 'A');
    expect(await Promise.all([a.promise, b.promise])).toEqual(['A', 'B']);
    expect(r.size, 'size after both replies').toBe(0);
  });

  it('an error that crossed as plain data comes back as a WharfError with its code and place', async () => {
    const r = new Requests<string>();
    const { id, promise } = r.open(undefined);
    r.reject(
      id,
      serializeError(new WharfError('DOCKERFILE_SYNTAX', 'Dockerfile:3: bad', { file: 'Dockerfile', line: 3 })),
    );
    const e = await promise.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WharfError);
    expect(e).toMatchObject({ code: 'DOCKERFILE_SYNTAX', line: 3, message: 'Dockerfile:3: bad' });
  });

  it('rejectAll fails every request still waiting', async () => {
    const r = new Requests<number>();
    const ps = [r.open(undefined), r.open(undefined)].map((x) => x.promise.catch((e: Error) => e.message));
    r.rejectAll(new Error('worker died'));
    expect(await Promise.all(ps)).toEqual(['worker died', 'worker died']);
  });
});
