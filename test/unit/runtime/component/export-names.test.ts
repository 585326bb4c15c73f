// A component's export names from its binary, without a transpile: what tells a server from a
// command before a thread loads it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WharfError } from '../../../../src/core/errors.ts';
import { componentExportNames } from '../../../../src/core/runtime/component/index.ts';

const dir = join(import.meta.dirname, '../../../fixtures/components');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, `${name}.wasm`)));

describe('componentExportNames', () => {
  it('reads the top-level exports, as the transpiler lists them', () => {
    expect(componentExportNames(fixture('hello'), 'hello.wasm'), 'hello').toEqual(['wasi:cli/run@0.2.12']);
    expect(componentExportNames(fixture('http-handler'), 'h.wasm'), 'http-handler').toEqual([
      'wasi:http/incoming-handler@0.2.12',
    ]);
    expect(componentExportNames(fixture('http-export'), 'e.wasm'), 'http-export (from WAT)').toEqual([
      'wasi:http/incoming-handler@0.2.0',
    ]);
    expect(componentExportNames(fixture('answer'), 'answer.wasm'), 'answer').toEqual(['answer']);
  });

  it('a truncated component or a module: WASM_INVALID saying where', () => {
    expect(() => componentExportNames(fixture('truncated'), 'truncated.wasm')).toThrow(
      /^truncated\.wasm: not a valid component: section 1 runs past the end \(at offset \d+\)$/,
    );
    expect(() => componentExportNames(readFileSync(join(dir, '../hello.wasm')), 'hello.wasm')).toThrow(
      new WharfError('WASM_INVALID', 'hello.wasm: not a WebAssembly component'),
    );
  });
});
