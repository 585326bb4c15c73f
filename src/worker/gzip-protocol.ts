// Messages between the gzip pool client and its workers (version 1). Errors cross as plain data
// (SerializedError) and are rebuilt as WharfErrors on the client side.
import type { SerializedError } from '../core/errors.ts';
import type { GzipLevel } from '../core/oci/index.ts';

export const GZIP_PROTOCOL = 1;

export interface GzipRequest {
  v: typeof GZIP_PROTOCOL;
  id: number;
  level: GzipLevel;
  /** The chunk, transferred (the client sends a copy, so its own buffer stays usable). */
  data: ArrayBuffer;
}

export type GzipResponse =
  | { v: typeof GZIP_PROTOCOL; id: number; ok: true; data: ArrayBuffer }
  | { v: typeof GZIP_PROTOCOL; id: number; ok: false; error: SerializedError };

export function isGzipRequest(m: unknown): m is GzipRequest {
  const r = m as GzipRequest;
  return (
    !!r && r.v === GZIP_PROTOCOL && Number.isInteger(r.id) && Number.isInteger(r.level) && r.data instanceof ArrayBuffer
  );
}

export function isGzipResponse(m: unknown): m is GzipResponse {
  const r = m as GzipResponse;
  if (!r || r.v !== GZIP_PROTOCOL || !Number.isInteger(r.id)) return false;
  return r.ok ? r.data instanceof ArrayBuffer : typeof r.error?.message === 'string';
}
