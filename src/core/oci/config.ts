// The image config blob (OCI image-spec config.md), with Wharf's Wasm platform defaults.
// https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md
import { WharfError } from '../errors.ts';
import {
  WASM_PLATFORMS,
  type ContainerConfig,
  type Digest,
  type HistoryEntry,
  type ImageConfig,
  type Platform,
  type WasmPlatform,
} from './types.ts';

export const DEFAULT_PLATFORM: WasmPlatform = 'wasi/wasm';

/** "wasip1/wasm" -> { os: "wasip1", architecture: "wasm" }; USAGE error for anything else. */
export function parsePlatform(p: string): Platform {
  if (!(WASM_PLATFORMS as readonly string[]).includes(p)) {
    throw new WharfError('USAGE', `platform "${p}" is not supported (use one of ${WASM_PLATFORMS.join(', ')})`);
  }
  const [os, architecture] = p.split('/') as [string, string];
  return { architecture, os };
}

/** True for the platforms Wharf builds and runs: wasi/wasm, wasip1/wasm, wasi/wasm32. */
export function isWasmPlatform(p: Pick<Platform, 'os' | 'architecture'>): boolean {
  return (WASM_PLATFORMS as readonly string[]).includes(`${p.os}/${p.architecture}`);
}

/** Seconds since the epoch -> RFC 3339 in UTC without fractions ("1970-01-01T00:00:00Z"). */
export function rfc3339(epochSeconds: number): string {
  if (!Number.isFinite(epochSeconds)) throw new WharfError('USAGE', `time ${epochSeconds} is not a number of seconds`);
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface ConfigOptions {
  /** Layer digests of the uncompressed tars, lowest first. */
  diff_ids: Digest[];
  /** Default "wasi/wasm". */
  platform?: WasmPlatform;
  /** SOURCE_DATE_EPOCH in seconds; default 0. */
  created?: number;
  config?: ContainerConfig;
  /** One entry per instruction; `empty_layer` where it made no layer. Default: one per layer. */
  history?: HistoryEntry[];
  author?: string;
}

/** An image config; fields in spec order (the bytes are canonicalized anyway). */
export function buildConfig(o: ConfigOptions): ImageConfig {
  const platform = parsePlatform(o.platform ?? DEFAULT_PLATFORM);
  const created = rfc3339(o.created ?? 0);
  const history = o.history ?? o.diff_ids.map(() => ({ created }));
  return {
    created,
    author: o.author,
    architecture: platform.architecture,
    os: platform.os,
    config: o.config ?? {},
    rootfs: { type: 'layers', diff_ids: [...o.diff_ids] },
    history,
  };
}
