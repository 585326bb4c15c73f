// Built-in stubs: valid WASI commands that say what they are when another runtime runs them,
// and whose `wharf.builtin` section names the TypeScript program Wharf runs in their place.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUILTIN_SECTION, builtinName, builtinStub, runWasi } from '../../../src/core/runtime/index.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures', `${name}.wasm`)));

describe('builtinStub', () => {
  it('is a valid module importing only fd_write and proc_exit, exporting memory and _start', () => {
    const m = new WebAssembly.Module(builtinStub('echo'));
    expect(WebAssembly.Module.imports(m)).toEqual([
      { module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'function' },
      { module: 'wasi_snapshot_preview1', name: 'proc_exit', kind: 'function' },
    ]);
    expect(WebAssembly.Module.exports(m).map((e) => e.name)).toEqual(['memory', '_start']);
    const section = WebAssembly.Module.customSections(m, BUILTIN_SECTION);
    expect(section.map((b) => new TextDecoder().decode(b))).toEqual(['echo']);
  });

  it('run by a WASI runtime, says it is a Wharf built-in on stderr and exits 126', () => {
    let err = '';
    let out = '';
    const r = runWasi({
      module: new WebAssembly.Module(builtinStub('sh')),
      args: ['/bin/sh', '-c', 'echo hi'],
      env: [],
      root: null,
      stdout: (c) => (out += new TextDecoder().decode(c)),
      stderr: (c) => (err += new TextDecoder().decode(c)),
    });
    expect(r.code).toBe(126);
    expect(err).toBe('sh: a Wharf built-in program; it runs only inside Wharf\n');
    expect(out).toBe('');
  });

  it('is deterministic and differs only by name', () => {
    expect(builtinStub('cat')).toEqual(builtinStub('cat'));
    expect(builtinStub('cat')).not.toEqual(builtinStub('tac'));
  });

  it('refuses names that cannot be a file name', () => {
    expect(() => builtinStub('')).toThrow(RangeError);
    expect(() => builtinStub('a/b')).toThrow(RangeError);
  });
});

describe('builtinName', () => {
  it('reads the name back, UTF-8 included', () => {
    expect(builtinName(builtinStub('ls'))).toBe('ls');
    expect(builtinName(builtinStub('grüß'))).toBe('grüß');
  });

  it('is undefined for real programs, non-modules and truncated stubs', () => {
    expect(builtinName(fixture('hello'))).toBeUndefined();
    expect(builtinName(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(builtinName(new Uint8Array(0))).toBeUndefined();
    const stub = builtinStub('echo');
    expect(builtinName(stub.subarray(0, 12))).toBeUndefined();
  });

  it('finds the section after other sections too', () => {
    // The header and type section of a real module, then a wharf.builtin custom section.
    const name = new TextEncoder().encode(BUILTIN_SECTION);
    const custom = [0, 1 + name.length + 3, name.length, ...name, ...new TextEncoder().encode('pwd')];
    const types = [1, 4, 1, 0x60, 0, 0];
    const bytes = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...custom]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(builtinName(bytes)).toBe('pwd');
  });
});
