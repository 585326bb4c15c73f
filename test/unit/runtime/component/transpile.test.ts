// Which transpiler a component goes to: a command (its one export wasi:cli/run) to jco-transpile
// 0.1.1, whose glue calls the host directly; anything else (a wasi:http server) to 0.15, which
// also transpiles a command when 0.1.1 cannot be loaded (the page offline: it is not precached).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dirNode } from '../../../../src/core/rootfs/index.ts';
import {
  ComponentLoader,
  runComponent,
  threadTranspilers,
  transpileComponent,
  type Transpilers,
} from '../../../../src/core/runtime/component/index.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../../fixtures/components', `${name}.wasm`)));

/** The component-model-async task machinery that 0.15's glue wraps every import call in. */
const TASK_MACHINERY = 'createNewCurrentTask';

function spied(): Transpilers & { lean: ReturnType<typeof vi.fn>; full: ReturnType<typeof vi.fn> } {
  return { lean: vi.fn(threadTranspilers.lean), full: vi.fn(threadTranspilers.full) };
}

describe('transpileComponent', { timeout: 60_000 }, () => {
  it('a command goes to 0.1.1: glue that calls the host without task machinery', async () => {
    const t = spied();
    const out = await transpileComponent(fixture('hello'), 'hello.wasm', t);
    expect([t.lean.mock.calls.length, t.full.mock.calls.length], '[0.1.1 loads, 0.15 loads]').toEqual([1, 0]);
    expect(out.glue).not.toContain(TASK_MACHINERY);
    expect(out.exports).toContain('wasi:cli/run@0.2.12');
  });

  it('a wasi:http server goes to 0.15 (0.1.1 cannot drop a resource that came in through an export)', async () => {
    for (const name of ['http-handler', 'http-export']) {
      const t = spied();
      const out = await transpileComponent(fixture(name), `${name}.wasm`, t);
      expect([t.lean.mock.calls.length, t.full.mock.calls.length], `${name}: [0.1.1 loads, 0.15 loads]`).toEqual([
        0, 1,
      ]);
      expect(out.glue, name).toContain(TASK_MACHINERY);
    }
  });

  it('a malformed component goes to 0.15, which says where it is broken', async () => {
    const t = spied();
    await expect(transpileComponent(fixture('truncated'), 'truncated.wasm', t)).rejects.toThrow(
      /^truncated\.wasm: not a valid component: .*\(at offset 0x[0-9a-f]+\)/,
    );
    expect(t.lean).not.toHaveBeenCalled();
  });

  it('with 0.1.1 unavailable (no network), 0.15 transpiles the command and it runs', async () => {
    const offline: Transpilers = {
      lean: () => Promise.reject(new TypeError('Failed to fetch')),
      full: threadTranspilers.full,
    };
    const loader = new ComponentLoader({ transpile: (bytes, what) => transpileComponent(bytes, what, offline) });
    const component = await loader.load(fixture('hello'), 'hello.wasm');
    let stdout = '';
    const dec = new TextDecoder();
    const r = runComponent({
      component,
      args: ['hello.wasm'],
      env: [],
      root: dirNode(),
      stdout: (c) => (stdout += dec.decode(c)),
      stderr: () => {},
    });
    expect([r.code, stdout]).toEqual([0, expect.stringMatching(/Hello/)]);
  });
});
