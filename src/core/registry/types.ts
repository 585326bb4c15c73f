// What the distribution client needs from its host, spelled without DOM types: the browser's
// and Node's `fetch` both fit `RegistryFetch`. Credentials and progress events are plain data,
// so they cross a Worker boundary as they are.
import type { Digest } from '../oci/types.ts';

/**
 * Bytes a host can send without reading them into memory: a browser's Blob (one IndexedDB
 * holds, say) fits. Only the page's fetch takes one.
 */
export interface RegistryBody {
  readonly size: number;
  slice(start?: number, end?: number): RegistryBody;
}

export interface RegistryRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array | RegistryBody;
  /** The client follows redirects itself where the host lets it ("manual"), see client.ts. */
  redirect: 'manual' | 'follow';
  /** "no-cors" only for the probe that tells a CORS refusal from an unreachable host. */
  mode?: 'cors' | 'no-cors';
  signal?: AbortSignal;
}

export interface RegistryStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

export interface RegistryResponse {
  status: number;
  /** "opaqueredirect" where a browser hides a redirect's target from "manual". */
  type?: string;
  headers: { get(name: string): string | null };
  body: { getReader(): RegistryStreamReader; cancel(reason?: unknown): Promise<void> } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type RegistryFetch = (url: string, init: RegistryRequestInit) => Promise<RegistryResponse>;

export interface Credentials {
  username: string;
  password: string;
}

/** Credentials for a registry host ("localhost:5000", "docker.io"), or undefined for anonymous. */
export type CredentialsLookup = (host: string) => Credentials | undefined;

/** An incremental sha256 a host may supply (Node's is native); see blob-read.ts. */
export interface StreamHasher {
  update(chunk: Uint8Array): void;
  digest(): Digest;
}

export type BlobKind = 'manifest' | 'config' | 'layer';

/**
 * Where one blob of a pull or push stands. `done`/`size` in bytes; `exists` (the store or the
 * registry has it already) and `mounted` (copied from another repository) move no bytes.
 */
export interface TransferEvent {
  digest: Digest;
  kind: BlobKind;
  size: number;
  done: number;
  status: 'waiting' | 'transferring' | 'verifying' | 'exists' | 'mounted' | 'done';
}

export type TransferProgress = (e: TransferEvent) => void;
