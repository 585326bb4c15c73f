// ARG scoping as BuildKit does it: global ARGs (before the first FROM) are visible in FROM
// lines; inside a stage an ARG must be declared to be visible, and takes --build-arg, then the
// global value, then its default. TARGET*/BUILD* platform ARGs are predefined.
// https://docs.docker.com/reference/dockerfile/#arg

import type { WasmPlatform } from '../oci/types.ts';

/** The automatic platform ARGs for a Wasm target, built on a wasm host (the browser or Node). */
export function platformArgs(platform: WasmPlatform): Map<string, string> {
  const [os, arch] = platform.split('/') as [string, string];
  return new Map([
    ['TARGETPLATFORM', platform],
    ['TARGETOS', os],
    ['TARGETARCH', arch],
    ['TARGETVARIANT', ''],
    ['BUILDPLATFORM', platform],
    ['BUILDOS', os],
    ['BUILDARCH', arch],
    ['BUILDVARIANT', ''],
  ]);
}

/** Build args Docker accepts without an ARG and never warns about. */
export const PREDEFINED_ARGS = new Set([
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'SOURCE_DATE_EPOCH',
]);

/** Tracks which --build-arg values some ARG consumed, for BuildKit's "not consumed" warning. */
export class BuildArgs {
  readonly #values: ReadonlyMap<string, string>;
  readonly #used = new Set<string>();

  constructor(values: Record<string, string>) {
    this.#values = new Map(Object.entries(values));
  }

  take(name: string): string | undefined {
    const v = this.#values.get(name);
    if (v !== undefined) this.#used.add(name);
    return v;
  }

  unused(): string[] {
    return [...this.#values.keys()].filter((k) => !this.#used.has(k) && !PREDEFINED_ARGS.has(k)).sort();
  }
}
