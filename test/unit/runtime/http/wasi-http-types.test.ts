// A thread's requests share their wasi:http resource classes, so an instance made while the
// thread was idle (a spare) fits the next request's imports and is taken instead of a new one.
import { describe, expect, it } from 'vitest';
import { SpareComponentInstance } from '../../../../src/core/runtime/component/spare-instance.ts';
import type { Blocking } from '../../../../src/core/runtime/component/index.ts';
import { wasiHttpImports, wasiHttpTypes } from '../../../../src/core/runtime/http/index.ts';

const blocking = (): Blocking => ({ monotonic: () => 0n, sleep: () => undefined, flush: () => undefined });
const idle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('wasi:http types', () => {
  it("a spare made after one request serves the thread's next; another thread's classes do not fit", async () => {
    let made = 0;
    const spare = new SpareComponentInstance(() => ({ made: ++made }));
    const types = wasiHttpTypes(1000);
    spare.take(wasiHttpImports({ blocking: blocking(), types, maxBodyBytes: 1000 }));
    await idle();
    expect(made, 'instances after the first request and an idle moment').toBe(2);
    expect(spare.take(wasiHttpImports({ blocking: blocking(), types, maxBodyBytes: 1000 })), 'taken').toEqual({
      made: 2,
    });
    await idle();
    expect(spare.take(wasiHttpImports({ blocking: blocking(), maxBodyBytes: 1000 })), 'with new classes').toEqual({
      made: 4,
    });
  });
});
