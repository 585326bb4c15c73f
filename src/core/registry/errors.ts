// A registry's error answer (distribution-spec "Error Codes": {"errors":[{code,message,detail}]})
// as one WharfError line that says what was asked of which registry.
import { WharfError, type ErrorCode } from '../errors.ts';
import { discard } from './http.ts';
import type { RegistryResponse } from './types.ts';

export interface RegistryErrorBody {
  code: string;
  message: string;
}

/** The errors a registry put in its answer's body; [] when there are none or it is not JSON. */
export async function errorsOf(res: RegistryResponse): Promise<RegistryErrorBody[]> {
  if (res.status === 0 || res.body === null) return [];
  let text: string;
  try {
    const bytes = new Uint8Array(await res.arrayBuffer());
    text = new TextDecoder().decode(bytes.subarray(0, 64 << 10));
  } catch {
    await discard(res);
    return [];
  }
  try {
    const doc = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    return (doc.errors ?? []).map((e) => ({
      code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
      message: typeof e.message === 'string' ? e.message : '',
    }));
  } catch {
    return [];
  }
}

function codeFor(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 401 || status === 403) return 'REGISTRY_AUTH';
  return 'REGISTRY';
}

/** `what` ("push layer sha256:ab… to localhost:5000/hello") failed with this answer. */
export async function failure(res: RegistryResponse, what: string, host: string): Promise<WharfError> {
  const errors = await errorsOf(res);
  const said = errors
    .map((e) => (e.message ? `${e.code}: ${e.message}` : e.code))
    .join('; ')
    .replace(/\s+/g, ' ');
  return new WharfError(
    codeFor(res.status),
    `${what}: registry ${host} answered ${res.status}${said ? ` (${said})` : ''}`,
  );
}
