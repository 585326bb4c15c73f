// The toolchain loader against the ways static hosts serve NAME.gz: stored bytes with a gzip or
// octet-stream type, or inflated on the way (Content-Encoding: gzip, which fetch undoes), and
// failures that must name the URL and the status.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadProgress, PackageFileRef } from '../../../src/core/images/index.ts';
import { loadToolchainFiles } from '../../../src/worker/toolchain-loader.ts';
import { TOOLCHAIN_MANIFEST_VERSION, type ToolchainManifest } from '../../../src/worker/toolchain-manifest.ts';

const BASE = 'http://site.test/app/';
/** The smallest valid module: the magic and version. */
const WASM: Uint8Array<ArrayBuffer> = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const TAR: Uint8Array<ArrayBuffer> = new TextEncoder().encode('sysroot/file.h'.padEnd(3000, '\0'));
const MODULE: PackageFileRef = { package: '@x/clang', path: 'gen/llvm.wasm', label: 'clang', wasm: true };
const DATA: PackageFileRef = { package: '@x/clang', path: 'gen/res.tar', label: 'sysroot' };

function manifest(): ToolchainManifest {
  const entry = (ref: PackageFileRef, raw: Uint8Array) => ({
    package: ref.package,
    path: ref.path,
    version: '1.0.0',
    url: `x-clang@1.0.0/${ref.path.slice(4)}.gz`,
    encoding: 'gzip' as const,
    size: gzipSync(raw).byteLength,
    rawSize: raw.byteLength,
  });
  return { v: TOOLCHAIN_MANIFEST_VERSION, files: [entry(MODULE, WASM), entry(DATA, TAR)] };
}

type Serve = (file: Uint8Array<ArrayBuffer>) => Response;

/** A site: the manifest, and each file served by `serve` from its bytes. */
function site(serve: Serve): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const files: Record<string, Uint8Array<ArrayBuffer>> = {
    [`${BASE}toolchains/x-clang@1.0.0/llvm.wasm.gz`]: WASM,
    [`${BASE}toolchains/x-clang@1.0.0/res.tar.gz`]: TAR,
  };
  const f = async (input: RequestInfo | URL): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    asked.push(url);
    if (url.endsWith('manifest.json')) return Response.json(manifest());
    const file = files[url];
    return file ? serve(file) : new Response('not found', { status: 404, statusText: 'Not Found' });
  };
  return { fetch: f as typeof fetch, asked };
}

const stored =
  (type: string): Serve =>
  (file) =>
    new Response(gzipSync(file), { headers: { 'content-type': type } });
/** What fetch hands the page when the host sent Content-Encoding: gzip: the file itself. */
const inflatedByTheBrowser: Serve = (file) =>
  new Response(file, { headers: { 'content-type': 'application/gzip', 'content-encoding': 'gzip' } });

/** A Cache Storage stand-in: one cache, keyed by URL. */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(key: string): Promise<Response | undefined> {
    return this.entries.get(key)?.clone();
  }
  async put(key: string, r: Response): Promise<void> {
    this.entries.set(key, new Response(await r.arrayBuffer(), { headers: r.headers }));
  }
  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((k) => new Request(k));
  }
}

function storage(cache: MemoryCache): CacheStorage {
  return { open: async () => cache } as unknown as CacheStorage;
}

describe('loadToolchainFiles', () => {
  for (const [how, serve] of [
    ['stored, application/gzip', stored('application/gzip')],
    ['stored, application/octet-stream', stored('application/octet-stream')],
    ['stored, application/wasm', stored('application/wasm')],
    ['inflated by Content-Encoding: gzip', inflatedByTheBrowser],
  ] as const) {
    it(`gives each file's own bytes and a compiled module when the host sends it ${how}`, async () => {
      const progress: LoadProgress[] = [];
      const files = await loadToolchainFiles([MODULE, DATA], {
        base: BASE,
        fetch: site(serve).fetch,
        caches: null,
        onProgress: (p) => progress.push(p),
      });
      expect(
        files.map((f) => [f.label, f.version, f.bytes.byteLength]),
        'files',
      ).toEqual([
        ['clang', '1.0.0', WASM.byteLength],
        ['sysroot', '1.0.0', TAR.byteLength],
      ]);
      expect(files[0]!.bytes, 'module bytes').toEqual(WASM);
      expect(files[1]!.bytes, 'tar bytes').toEqual(TAR);
      expect(await files[0]!.module, 'module').toBeInstanceOf(WebAssembly.Module);
      expect(files[1]!.module, 'no module for a data file').toBeUndefined();
      const last = progress.filter((p) => p.label === 'sysroot').at(-1)!;
      expect(last.loaded, 'progress ends at the total').toBe(last.total);
      expect(
        progress.every((p) => p.loaded <= p.total),
        `progress never past its total: ${JSON.stringify(progress)}`,
      ).toBe(true);
    });
  }

  it('keeps the files in Cache Storage and serves a second visit from there', async () => {
    const cache = new MemoryCache();
    const first = site(stored('application/gzip'));
    await loadToolchainFiles([MODULE, DATA], { base: BASE, fetch: first.fetch, caches: storage(cache) });
    await new Promise((r) => setTimeout(r, 10)); // the puts are not awaited by the load
    const second = site(() => new Response('gone', { status: 500 }));
    const files = await loadToolchainFiles([MODULE, DATA], { base: BASE, fetch: second.fetch, caches: storage(cache) });
    expect(files[1]!.bytes, 'tar from the cache').toEqual(TAR);
    expect(await files[0]!.module, 'module from the cache').toBeInstanceOf(WebAssembly.Module);
    expect(
      second.asked.filter((u) => !u.endsWith('manifest.json')),
      'files asked of the network',
    ).toEqual([]);
  });

  it('names the URL and the HTTP status when the host refuses a file', async () => {
    const s = site(() => new Response('nope', { status: 403, statusText: 'Forbidden' }));
    await expect(loadToolchainFiles([DATA], { base: BASE, fetch: s.fetch, caches: null })).rejects.toThrow(
      `${BASE}toolchains/x-clang@1.0.0/res.tar.gz: HTTP 403 Forbidden`,
    );
  });

  it('names the URL when the connection fails', async () => {
    const s = site(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(loadToolchainFiles([DATA], { base: BASE, fetch: s.fetch, caches: null })).rejects.toThrow(
      `${BASE}toolchains/x-clang@1.0.0/res.tar.gz: Failed to fetch (no HTTP response)`,
    );
  });

  it('names the URL and the status when the bytes are broken gzip', async () => {
    const broken = gzipSync(TAR);
    broken.fill(0x55, 12, broken.byteLength - 8);
    const s = site(() => new Response(broken, { headers: { 'content-type': 'application/gzip' } }));
    await expect(loadToolchainFiles([DATA], { base: BASE, fetch: s.fetch, caches: null })).rejects.toThrow(
      new RegExp(`^${BASE}toolchains/x-clang@1.0.0/res.tar.gz: HTTP 200, the download broke off: `),
    );
  });

  it('names the URL when a file is cut short', async () => {
    const s = site((file) => new Response(file.slice(0, 100), { headers: { 'content-encoding': 'gzip' } }));
    await expect(loadToolchainFiles([DATA], { base: BASE, fetch: s.fetch, caches: null })).rejects.toThrow(
      `${BASE}toolchains/x-clang@1.0.0/res.tar.gz: 100 bytes, want ${TAR.byteLength}: reload to fetch it again`,
    );
  });
});
