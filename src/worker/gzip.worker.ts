// Compresses one chunk per request as its own gzip member (core's deterministic gzip), for the
// pool in gzip-pool-client.ts. Thin on purpose: the bytes are defined in src/core/oci/gzip.ts.
import { serializeError, WharfError } from '../core/errors.ts';
import { gzip } from '../core/oci/index.ts';
import { GZIP_PROTOCOL, isGzipRequest, type GzipResponse } from './gzip-protocol.ts';

self.onmessage = (event: MessageEvent<unknown>) => {
  const m = event.data;
  if (!isGzipRequest(m)) {
    const id = (m as { id?: unknown })?.id;
    const error = serializeError(new WharfError('INTERNAL', 'gzip worker: malformed request'));
    self.postMessage({
      v: GZIP_PROTOCOL,
      id: typeof id === 'number' ? id : -1,
      ok: false,
      error,
    } satisfies GzipResponse);
    return;
  }
  let reply: GzipResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const out = gzip(new Uint8Array(m.data), m.level);
    // fflate returns an exact-size array over its own buffer; transfer it without copying.
    const buf =
      out.byteOffset === 0 && out.byteLength === out.buffer.byteLength
        ? (out.buffer as ArrayBuffer)
        : out.slice().buffer;
    reply = { v: GZIP_PROTOCOL, id: m.id, ok: true, data: buf };
    transfer = [buf];
  } catch (e) {
    reply = { v: GZIP_PROTOCOL, id: m.id, ok: false, error: serializeError(e) };
  }
  self.postMessage(reply, { transfer });
};
