// Canonical JSON bytes for OCI blobs: object keys sorted by code point, no whitespace, so the
// same document always has the same digest (the property go-containerregistry and BuildKit
// rely on; Go's encoding/json sorts map keys the same way).
import { WharfError } from '../errors.ts';

const encoder = new TextEncoder();

function canonical(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new WharfError('IMAGE_FORMAT', `${path}: ${value} cannot be written as JSON`);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => canonical(v, `${path}[${i}]`));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v, `${path}.${key}`);
  }
  return out;
}

export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The canonical JSON text of `value` (sorted keys, undefined fields dropped). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, '$'));
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

/** Parses a JSON blob; `what` names it in the error ("index.json", "blobs/sha256/ab12..."). */
export function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new WharfError('IMAGE_FORMAT', `${what}: not UTF-8 text`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new WharfError('IMAGE_FORMAT', `${what}: invalid JSON (${(cause as Error).message})`, { cause });
  }
}
