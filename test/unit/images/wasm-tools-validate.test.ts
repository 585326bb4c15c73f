// How `wasm-tools validate` places the transpiler's errors: which function holds an offset
// (imported functions counted first, as wasmparser numbers them), and where each core module of
// a component sits, in a module written out byte by byte.
import { describe, expect, it } from 'vitest';
import { coreModules, functionAt, wrap } from '../../../src/core/images/wasm-tools-validate.ts';

// (module (type (func)) (import "e" "f" (func)) (func) (func)): the two bodies' bytes at 31-33 and 34-36.
const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00],
  ...[0x02, 0x07, 0x01, 0x01, 0x65, 0x01, 0x66, 0x00, 0x00],
  ...[0x03, 0x03, 0x02, 0x00, 0x00],
  ...[0x0a, 0x07, 0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b],
]);

describe('functionAt', () => {
  it('numbers a body after the imported functions; undefined outside the code section', () => {
    expect(WebAssembly.validate(MODULE), 'the module is valid').toBe(true);
    const cases: Array<[offset: number, want: number | undefined]> = [
      [33, 1],
      [35, 2],
      [36, 2],
      [20, undefined],
      [40, undefined],
    ];
    for (const [offset, want] of cases) expect(functionAt(MODULE, offset), `functionAt(module, ${offset})`).toBe(want);
  });
});

describe('wrap and coreModules', () => {
  it('a module wrapped as a component is found again where it sits', () => {
    const component = wrap(MODULE);
    expect([...component.subarray(0, 10)], 'wrap: component header, section 1, size').toEqual([
      0x00,
      0x61,
      0x73,
      0x6d,
      0x0d,
      0x00,
      0x01,
      0x00,
      0x01,
      MODULE.byteLength,
    ]);
    expect(coreModules(component), 'coreModules(wrap(module))').toEqual([{ start: 10, end: 10 + MODULE.byteLength }]);
  });

  it('finds the modules inside a nested component (section 4)', () => {
    const inner = wrap(MODULE);
    const outer = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x04, inner.byteLength, ...inner]);
    expect(coreModules(outer), 'coreModules(outer)').toEqual([{ start: 20, end: 20 + MODULE.byteLength }]);
  });
});
