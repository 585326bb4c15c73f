// The loader does each piece of work once: a transpile per component and transpiler version,
// kept in memory and in the persistent cache a host gives it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ComponentLoader,
  TRANSPILER_VERSION,
  componentKey,
  type CachedComponent,
  type ComponentCache,
  type TranspiledComponent,
} from '../../../../src/core/runtime/component/index.ts';
import { wasm, type WasmModule } from '../../../../src/core/runtime/index.ts';

const hello = new Uint8Array(readFileSync(join(import.meta.dirname, '../../../fixtures/components/hello.wasm')));

/** A cache in memory, as Cache Storage or the CLI's folder keep it: text and bytes. */
class MemoryCache implements ComponentCache {
  readonly stored = new Map<string, TranspiledComponent>();
  async get(key: string): Promise<CachedComponent | undefined> {
    const t = this.stored.get(key);
    if (!t) return undefined;
    const modules = new Map<string, WasmModule>();
    for (const [name, bytes] of t.modules) modules.set(name, await wasm.compile(bytes));
    return { glue: t.glue, modules, imports: t.imports, exports: t.exports };
  }
  async put(key: string, t: TranspiledComponent): Promise<void> {
    this.stored.set(key, t);
  }
}

describe('ComponentLoader', { timeout: 30_000 }, () => {
  it('keys by sha256 and the transpiler version', async () => {
    expect(await componentKey(new Uint8Array(0))).toBe(
      `sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855-jco-${TRANSPILER_VERSION}`,
    );
  });

  it('transpiles once: again from memory, and a new loader from the cache', async () => {
    const cache = new MemoryCache();
    const progress: string[] = [];
    const first = new ComponentLoader({ cache });
    const a = await first.load(hello, 'hello.wasm', (m) => progress.push(m));
    const b = await first.load(hello.slice(), 'hello.wasm', (m) => progress.push(m));
    expect(b, 'the same bytes elsewhere in memory: the same component').toBe(a);
    expect(first.transpiles, 'transpiles by the first loader').toBe(1);
    expect(progress.at(-1), 'progress of the first load').toMatch(/^transpiling the component \(29 KiB\)$/);
    expect(cache.stored.size, 'entries in the cache').toBe(1);
    const stored = [...cache.stored.values()][0]!;
    expect(stored.exports, 'exports as stored').toContain('wasi:cli/run@0.2.12');

    const second = new ComponentLoader({ cache });
    const c = await second.load(hello, 'hello.wasm', (m) => progress.push(`second: ${m}`));
    expect(second.transpiles, 'transpiles by a loader with the cache').toBe(0);
    expect(second.compiles, 'compiles by a loader with the cache').toBe(0);
    expect(
      progress.filter((m) => m.startsWith('second:')),
      'progress of a cached load',
    ).toEqual([]);
    expect(c.exports).toEqual(a.exports);
  });

  it('a cache that fails costs a transpile, not the run', async () => {
    const broken: ComponentCache = {
      get: () => Promise.reject(new Error('quota')),
      put: () => Promise.reject(new Error('quota')),
    };
    const loader = new ComponentLoader({ cache: broken });
    const c = await loader.load(hello, 'hello.wasm');
    expect(loader.transpiles).toBe(1);
    expect(c.exports).toContain('run');
  });

  it('a digest the client gives finds the component again without hashing the bytes', async () => {
    const loader = new ComponentLoader();
    const digest = 'sha256:0f1e';
    const a = await loader.load(hello, 'hello.wasm', undefined, digest);
    // Bytes that are not a component at all: only a lookup by the digest can answer.
    const b = await loader.load(new Uint8Array(8), 'hello.wasm', undefined, digest);
    expect(b, 'load(other bytes, same digest)').toBe(a);
    await expect(loader.load(new Uint8Array(8), 'bad.wasm'), 'load(other bytes, no digest)').rejects.toThrow(
      /bad\.wasm: not a valid component/,
    );
  });
});
