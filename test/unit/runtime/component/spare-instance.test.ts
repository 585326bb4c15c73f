// SpareComponentInstance without a component: an instantiate function that records what it was
// given stands in for the glue, so each rule (forwarding, fitting, unfit) is seen on its own.
import { describe, expect, it } from 'vitest';
import { SpareComponentInstance } from '../../../../src/core/runtime/component/spare-instance.ts';
import type { ComponentImports } from '../../../../src/core/runtime/component/index.ts';

class Stream {}
const idle = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

/** A host whose `hello` returns `greeting`; the "instance" calls it when its `run` is called. */
function host(greeting: string, classes: { Stream: unknown } = { Stream }): ComponentImports {
  return { 'test:io/streams': { ...classes, hello: () => greeting } };
}

function counting(o: { callAtInstantiation?: boolean } = {}) {
  let made = 0;
  const instantiate = (imports: ComponentImports): Record<string, unknown> => {
    made++;
    const hello = imports['test:io/streams']!.hello as () => string;
    if (o.callAtInstantiation) hello();
    return { run: () => hello() };
  };
  return { instantiate, made: () => made };
}

describe('SpareComponentInstance', () => {
  it('makes a spare once the thread is idle, and the next take forwards to its own host', async () => {
    const c = counting();
    const spares = new SpareComponentInstance(c.instantiate);
    const first = spares.take(host('one'));
    expect((first.run as () => string)(), 'first run').toBe('one');
    expect(spares.ready, 'ready before the thread was idle').toBe(false);
    await idle();
    expect([spares.ready, c.made()], '[ready, instances made] after idle').toEqual([true, 2]);
    const second = spares.take(host('two'));
    expect(c.made(), 'instances made by the take that found a spare').toBe(2);
    expect((second.run as () => string)(), 'second run, on the spare').toBe('two');
    spares.clear();
  });

  it('a host with other resource classes gets a new instance, not the spare', async () => {
    const c = counting();
    const spares = new SpareComponentInstance(c.instantiate);
    spares.take(host('one'));
    await idle();
    class OtherStream {}
    const other = spares.take(host('two', { Stream: OtherStream }));
    expect([c.made(), (other.run as () => string)()], '[instances made, run]').toEqual([3, 'two']);
    spares.clear();
  });

  it('glue that calls an import while instantiating gets no spares', async () => {
    const c = counting({ callAtInstantiation: true });
    const spares = new SpareComponentInstance(c.instantiate);
    spares.take(host('one'));
    await idle();
    expect([spares.ready, c.made()], '[ready, instances made]').toEqual([false, 2]);
    spares.take(host('two'));
    await idle();
    expect(c.made(), 'instances made: no refill once unfit').toBe(3);
  });
});
