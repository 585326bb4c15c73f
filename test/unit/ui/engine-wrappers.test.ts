import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/ui/engine/index.ts';
import { deferredEngine, tappedEngine } from '../../../src/ui/embed/engine-wrappers.ts';

/** An Engine whose run writes `out` and `err` and exits with `code`; other methods say who was called. */
function fakeEngine(code: number, calls: string[] = []): Engine {
  return {
    async run(_ref, _options, io) {
      calls.push('run');
      io.onStdout(new TextEncoder().encode('out'));
      io.onStderr(new TextEncoder().encode('err'));
      return { exited: Promise.resolve(code), stop: () => calls.push('stop') };
    },
    async parse() {
      calls.push('parse');
      return [];
    },
  } as Partial<Engine> as Engine;
}

const RUN_OPTIONS = { args: [], env: [], stdin: '' };

describe('deferredEngine', () => {
  it('makes the engine on first use or start(), once', async () => {
    let made = 0;
    const calls: string[] = [];
    const d = deferredEngine(() => (made++, fakeEngine(0, calls)));
    expect([made, d.started], 'before any use').toEqual([0, false]);
    await d.engine.parse('', 'Dockerfile');
    d.start();
    await d.engine.parse('', 'Dockerfile');
    expect([made, d.started, calls], 'after two parses and a start').toEqual([1, true, ['parse', 'parse']]);
  });
});

describe('tappedEngine', () => {
  it('gives the run its output and the tap a copy, then the exit code', async () => {
    const seen: string[] = [];
    const tap = {
      stdout: (b: Uint8Array) => seen.push(`tap out ${new TextDecoder().decode(b)}`),
      stderr: (b: Uint8Array) => seen.push(`tap err ${new TextDecoder().decode(b)}`),
      exit: (code: number) => seen.push(`tap exit ${code}`),
    };
    const engine = tappedEngine(fakeEngine(3), tap);
    const handle = await engine.run('x:latest', RUN_OPTIONS, {
      onStdout: (b) => seen.push(`io out ${new TextDecoder().decode(b)}`),
      onStderr: (b) => seen.push(`io err ${new TextDecoder().decode(b)}`),
    });
    expect(await handle.exited, 'exit code').toBe(3);
    await Promise.resolve();
    expect(seen).toEqual(['io out out', 'tap out out', 'io err err', 'tap err err', 'tap exit 3']);
    expect(await engine.parse('', 'Dockerfile'), 'other methods pass through').toEqual([]);
  });
});
