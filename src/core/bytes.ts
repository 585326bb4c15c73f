// Byte-array helpers shared across core.

/** `parts` joined in order into one buffer, allocated once. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** An unsigned LEB128 number (Wasm's u32) at `start`: its value and the offset after it; undefined when cut short. */
export function readLeb(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let at = start; at < bytes.byteLength && shift < 35; at++, shift += 7) {
    const b = bytes[at]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value, next: at + 1 };
  }
  return undefined;
}

/** `n` as unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
