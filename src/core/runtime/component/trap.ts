// Why a component's run ended abnormally, in wasmtime's words: runwasi's wasmtime shim reports
// a trap as wasmtime names it ("wasm trap: wasm `unreachable` instruction executed"), where V8
// says "unreachable". 0.15's glue words traps so itself (transpile.ts); 0.1.1's leaves V8's.
// Preview1 modules keep the engine's words.
import { abnormalEnd } from '../run.ts';

/** V8's RuntimeError messages -> wasmtime's trap messages (wasmtime's `Trap` Display). */
const WASMTIME_WORDS = new Map([
  ['unreachable', 'wasm `unreachable` instruction executed'],
  ['memory access out of bounds', 'out of bounds memory access'],
  ['divide by zero', 'integer divide by zero'],
  ['remainder by zero', 'integer divide by zero'],
  ['divide result unrepresentable', 'integer overflow'],
  ['float unrepresentable in integer range', 'invalid conversion to integer'],
  ['table index is out of bounds', 'undefined element: out of bounds table access'],
  ['null function or function signature mismatch', 'indirect call type mismatch'],
  ['function signature mismatch', 'indirect call type mismatch'],
  ['Maximum call stack size exceeded', 'call stack exhausted'],
]);

export function componentTrapReason(e: unknown): string | undefined {
  const reason = abnormalEnd(e);
  if (reason === undefined) return undefined;
  const engine = reason.replace(/^wasm trap: (?:wasm trap: )?/, '');
  return `wasm trap: ${WASMTIME_WORDS.get(engine) ?? engine}`;
}
