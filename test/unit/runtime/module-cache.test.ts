// Compiled modules by the memory their bytes live in; primed modules matched by content once.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleCache, sameBytes } from '../../../src/core/runtime/index.ts';

const hello = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/hello.wasm')));

describe('ModuleCache', () => {
  it('compiles once per memory, whatever view object names it', async () => {
    const cache = new ModuleCache();
    const a = await cache.get(hello);
    const b = await cache.get(new Uint8Array(hello.buffer, hello.byteOffset, hello.byteLength));
    expect(b).toBe(a);
    expect(cache.compiles).toBe(1);
    await cache.get(hello.slice());
    expect(cache.compiles, 'a copy elsewhere in memory is other bytes to this cache').toBe(2);
  });

  it('a primed module serves equal bytes anywhere, without compiling', async () => {
    const cache = new ModuleCache();
    const module = await WebAssembly.compile(hello);
    cache.prime(hello, module);
    const copy = hello.slice();
    expect(cache.peek(copy), 'not known by memory before the first get').toBeUndefined();
    expect(await cache.get(copy)).toBe(module);
    expect(cache.peek(copy), 'remembered by memory after it').toBe(module);
    expect(cache.compiles).toBe(0);
    const other = hello.slice();
    other[other.length - 1]! ^= 1;
    const got = await cache.get(other).catch(() => 'does not compile');
    expect(got, 'changed bytes are not the primed module').not.toBe(module);
  });
});

describe('ModuleCache: a module still compiling', () => {
  it('primed as a promise, it serves the bytes once ready, without a second compile', async () => {
    const cache = new ModuleCache();
    let ready!: (m: WebAssembly.Module) => void;
    cache.prime(hello, new Promise<WebAssembly.Module>((r) => (ready = r)));
    const asked = cache.get(hello);
    const module = await WebAssembly.compile(hello);
    ready(module);
    expect(await asked, 'the same memory').toBe(module);
    expect(await cache.get(hello.slice()), 'equal bytes elsewhere').toBe(module);
    expect(cache.compiles).toBe(0);
  });

  it('a primed compile that fails makes get fail, not the process', async () => {
    const cache = new ModuleCache();
    cache.prime(hello, Promise.reject(new Error('no such module')));
    await expect(cache.get(hello)).rejects.toThrow('no such module');
  });
});

describe('sameBytes', () => {
  it('compares whatever the alignment', () => {
    const buf = new Uint8Array(1000).map((_, i) => i * 7);
    expect(sameBytes(buf.subarray(1, 901), buf.slice(1, 901))).toBe(true);
    expect(sameBytes(buf.subarray(3, 903), buf.slice(1, 901))).toBe(false);
    const changed = buf.slice(1, 901);
    changed[899]! ^= 1;
    expect(sameBytes(buf.subarray(1, 901), changed)).toBe(false);
    expect(sameBytes(buf.subarray(0, 4), buf.subarray(0, 5))).toBe(false);
  });
});
