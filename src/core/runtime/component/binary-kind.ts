// Module or component, by the first 8 bytes as runwasi tells them apart (wasmparser's
// is_core_wasm / is_component): the magic `\0asm`, then the version and layer fields.
// https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md

export type WasmKind = 'module' | 'component';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const MODULE = [0x01, 0x00, 0x00, 0x00];
const COMPONENT = [0x0d, 0x00, 0x01, 0x00];

/** 'module' or 'component'; undefined for anything else (including a future layer). */
export function wasmKind(bytes: Uint8Array): WasmKind | undefined {
  if (bytes.byteLength < 8 || !MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  const rest = bytes.subarray(4, 8);
  if (MODULE.every((b, i) => rest[i] === b)) return 'module';
  if (COMPONENT.every((b, i) => rest[i] === b)) return 'component';
  return undefined;
}
