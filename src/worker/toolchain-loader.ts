// The browser's PackageSource: toolchain package files fetched once from the site itself
// (same origin), with progress, kept in Cache Storage so later visits load them offline, and
// the Wasm ones compiled with WebAssembly.compileStreaming from a Cache Storage response, whose
// compiled code Chrome caches beside the entry. Where Cache Storage is missing or refuses
// (Firefox private windows, insecure origins, a full quota), files come from the network.
import { WharfError } from '../core/errors.ts';
import {
  KEPT_ONLY_MISS,
  type LoadProgress,
  type PackageFile,
  type PackageFileRef,
  type PackageSource,
} from '../core/images/index.ts';
import type { WasmModule } from '../core/runtime/index.ts';
import {
  TOOLCHAIN_MANIFEST_PATH,
  isToolchainManifest,
  toolchainFilePath,
  type ToolchainManifest,
  type ToolchainManifestFile,
} from './toolchain-manifest.ts';

/** The Cache Storage cache the files live in; entries are keyed by versioned URLs. */
export const TOOLCHAIN_CACHE = 'wharf-toolchains';

export interface ToolchainLoaderOptions {
  /** The site's base URL (the page's document.baseURI): the manifest is at toolchains/manifest.json under it. */
  base: string;
  /** Injected for tests; the global ones by default. */
  fetch?: typeof fetch;
  caches?: CacheStorage | null;
}

/** A PackageSource over the site's toolchain assets. */
export function browserPackageSource(o: ToolchainLoaderOptions): PackageSource {
  return {
    load: (refs, onProgress, lo) => loadToolchainFiles(refs, { ...o, onProgress, keptOnly: lo?.keptOnly }),
  };
}

/**
 * The package files `refs` names, each Wasm one with its compiled module. Progress comes per
 * file as bytes arrive ("clang 22 MB, 45%"); a file from Cache Storage reports done at once.
 */
export async function loadToolchainFiles(
  refs: readonly PackageFileRef[],
  o: ToolchainLoaderOptions & { onProgress?: (p: LoadProgress) => void; keptOnly?: boolean },
): Promise<PackageFile[]> {
  const fetchFn = o.fetch ?? fetch.bind(globalThis);
  const cache = await openCache(o.caches === undefined ? globalThis.caches : o.caches);
  const manifestUrl = new URL(TOOLCHAIN_MANIFEST_PATH, o.base).href;
  const manifest = await loadManifest(manifestUrl, o.base, fetchFn, cache);
  return Promise.all(
    refs.map(async (ref) => {
      const entry = manifest.files.find((f) => f.package === ref.package && f.path === ref.path);
      if (!entry)
        throw new WharfError('NOT_FOUND', `${manifestUrl}: no ${ref.package}/${ref.path} in the site's toolchains`);
      const key = new URL(toolchainFilePath(entry.package, entry.version, entry.path), o.base).href;
      const cached = cache ? await cache.match(key) : undefined;
      if (!cached && o.keptOnly) throw new WharfError('NOT_FOUND', `${key}: ${KEPT_ONLY_MISS}`);
      const got = cached ? fromCache(cached, ref) : await fromNetwork(ref, entry, manifestUrl, fetchFn, o.onProgress);
      got.module?.catch(() => undefined);
      const bytes = new Uint8Array(await got.bytes);
      o.onProgress?.({ label: ref.label, loaded: entry.size, total: entry.size });
      if (bytes.byteLength !== entry.rawSize) {
        await cache?.delete(key);
        throw new WharfError(
          'NOT_FOUND',
          `${cached ? key : new URL(entry.url, manifestUrl).href}: ${bytes.byteLength} bytes, want ${entry.rawSize}: reload to fetch it again`,
        );
      }
      // Kept for the next visit without holding this one up: the module is compiling already.
      if (cache && !cached)
        void put(cache, key, new Response(bytes, { headers: { 'content-type': contentType(ref) } }));
      return { ...ref, version: entry.version, bytes, module: got.module };
    }),
  );
}

interface Arriving {
  bytes: Promise<ArrayBuffer>;
  /** Compiling while the bytes arrive (the engine's own threads), for a Wasm file. */
  module?: Promise<WasmModule>;
}

/** A file kept by an earlier visit: Chrome keeps the compiled code beside a Cache Storage entry. */
function fromCache(response: Response, ref: PackageFileRef): Arriving {
  return { module: ref.wasm ? compile(response.clone()) : undefined, bytes: response.arrayBuffer() };
}

/**
 * A file from the site, its module compiled as it streams in. Hosts differ in what they send
 * for `NAME.gz`: the bytes as stored, or (with `Content-Encoding: gzip`, which the browser
 * undoes) the file itself; the gzip magic tells which, so neither is inflated twice.
 */
async function fromNetwork(
  ref: PackageFileRef,
  entry: ToolchainManifestFile,
  manifestUrl: string,
  fetchFn: typeof fetch,
  onProgress: ((p: LoadProgress) => void) | undefined,
): Promise<Arriving> {
  const url = new URL(entry.url, manifestUrl).href;
  let r: Response;
  try {
    r = await fetchFn(url);
  } catch (e) {
    throw new WharfError('NOT_FOUND', `${url}: ${e instanceof Error ? e.message : String(e)} (no HTTP response)`, {
      cause: e,
    });
  }
  if (!r.ok || !r.body) throw new WharfError('NOT_FOUND', `${url}: HTTP ${r.status} ${r.statusText}`.trimEnd());
  const failed = (e: unknown): WharfError =>
    e instanceof WharfError
      ? e
      : new WharfError('NOT_FOUND', `${url}: HTTP ${r.status}, the download broke off: ${errorText(e)}`, { cause: e });
  let plain: ReadableStream<Uint8Array>;
  try {
    plain = await decoded(r.body, entry, (loaded, total) => onProgress?.({ label: ref.label, loaded, total }));
  } catch (e) {
    throw failed(e);
  }
  let module: Promise<WasmModule> | undefined;
  if (ref.wasm) {
    const [forEngine, forBytes] = plain.tee();
    plain = forBytes;
    module = compile(new Response(forEngine, { headers: { 'content-type': 'application/wasm' } }));
  }
  return { module, bytes: new Response(plain).arrayBuffer().catch((e: unknown) => Promise.reject(failed(e))) };
}

/**
 * The file's own bytes from the body as served, counting progress against what is served: the
 * manifest's gzip size when the bytes come stored, the file's size when the host inflated them.
 */
async function decoded(
  body: ReadableStream<Uint8Array>,
  entry: ToolchainManifestFile,
  report: (loaded: number, total: number) => void,
): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first = await reader.read();
  const head = first.value ?? new Uint8Array(0);
  const gzipped = entry.encoding === 'gzip' && head[0] === 0x1f && head[1] === 0x8b;
  const total = gzipped ? entry.size : entry.rawSize;
  let loaded = 0;
  const counted = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) return controller.close();
      loaded += head.byteLength;
      report(loaded, total);
      controller.enqueue(head);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      loaded += value.byteLength;
      report(loaded, total);
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return gzipped
    ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>)
    : counted;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function openCache(storage: CacheStorage | null | undefined): Promise<Cache | null> {
  try {
    return storage ? await storage.open(TOOLCHAIN_CACHE) : null;
  } catch {
    return null; // Firefox private browsing throws SecurityError; treat as no cache
  }
}

/** The manifest from the network (revalidated), else the copy kept in the cache (offline). */
async function loadManifest(
  url: string,
  base: string,
  fetchFn: typeof fetch,
  cache: Cache | null,
): Promise<ToolchainManifest> {
  let text: string | undefined;
  try {
    const r = await fetchFn(url, { cache: 'no-cache' });
    if (r.ok) {
      text = await r.text();
      if (cache) await put(cache, url, new Response(text, { headers: { 'content-type': 'application/json' } }));
    }
  } catch {
    // offline: fall back to the cached manifest
  }
  text ??= await (await cache?.match(url))?.text();
  if (text === undefined) {
    throw new WharfError('NOT_FOUND', `${url}: the toolchain list could not be loaded (offline, and not cached yet)`);
  }
  const parsed: unknown = JSON.parse(text);
  if (!isToolchainManifest(parsed))
    throw new WharfError('IMAGE_FORMAT', `${url}: not a toolchain list this Wharf reads`);
  if (cache) await dropStale(cache, url, base, parsed);
  return parsed;
}

/** Deletes cached files of other versions: a new release must not leave 100 MB behind. */
async function dropStale(cache: Cache, manifestUrl: string, base: string, m: ToolchainManifest): Promise<void> {
  const keep = new Set(m.files.map((f) => new URL(toolchainFilePath(f.package, f.version, f.path), base).href));
  for (const req of await cache.keys()) {
    if (req.url !== manifestUrl && !keep.has(req.url)) await cache.delete(req);
  }
}

async function put(cache: Cache, key: string, response: Response): Promise<boolean> {
  try {
    await cache.put(key, response);
    return true;
  } catch {
    return false; // quota or a browser that refuses: the network copy serves this visit
  }
}

function contentType(ref: PackageFileRef): string {
  return ref.wasm ? 'application/wasm' : 'application/octet-stream';
}

async function compile(response: Response): Promise<WasmModule> {
  return typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}
