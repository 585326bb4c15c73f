// Transpiled components in Cache Storage, by the component's sha256 and the transpiler's version:
// each core module a response of its own (compiled with compileStreaming, so Chromium reuses the
// machine code it keeps beside the entry), and the glue with the lists in meta.json, written last
// so a half-written entry is never read. Entries of other transpiler versions are dropped.
import {
  TRANSPILER_VERSION,
  type CachedComponent,
  type ComponentCache,
  type TranspiledComponent,
  type WasmModule,
} from '../core/runtime/index.ts';

export const COMPONENT_CACHE = 'wharf-components';

interface Meta {
  glue: string;
  imports: string[];
  exports: string[];
  modules: string[];
}

function isMeta(x: unknown): x is Meta {
  const m = x as Meta;
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((s) => typeof s === 'string');
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.glue === 'string' &&
    strings(m.imports) &&
    strings(m.exports) &&
    strings(m.modules)
  );
}

const entryUrl = (key: string, name: string): string =>
  new URL(`/${COMPONENT_CACHE}/${key}/${name}`, self.location.origin).href;

async function open(): Promise<Cache | null> {
  try {
    return typeof caches === 'object' ? await caches.open(COMPONENT_CACHE) : null;
  } catch {
    return null; // Firefox private browsing throws SecurityError: no cache, a transpile per worker
  }
}

async function compile(response: Response): Promise<WasmModule> {
  return typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}

export const cacheStorageComponents: ComponentCache = {
  async get(key): Promise<CachedComponent | undefined> {
    const cache = await open();
    const meta: unknown = await (await cache?.match(entryUrl(key, 'meta.json')))?.json();
    if (!cache || !isMeta(meta)) return undefined;
    const modules = new Map<string, WasmModule>();
    for (const name of meta.modules) {
      const response = await cache.match(entryUrl(key, name));
      if (!response) return undefined;
      modules.set(name, await compile(response));
    }
    return { glue: meta.glue, imports: meta.imports, exports: meta.exports, modules };
  },

  async put(key, t: TranspiledComponent): Promise<void> {
    const cache = await open();
    if (!cache) return;
    for (const req of await cache.keys()) {
      if (!req.url.includes(`-jco-${TRANSPILER_VERSION}/`)) await cache.delete(req);
    }
    for (const [name, bytes] of t.modules) {
      await cache.put(
        entryUrl(key, name),
        new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/wasm' } }),
      );
    }
    const meta: Meta = { glue: t.glue, imports: t.imports, exports: t.exports, modules: t.modules.map(([n]) => n) };
    await cache.put(
      entryUrl(key, 'meta.json'),
      new Response(JSON.stringify(meta), { headers: { 'content-type': 'application/json' } }),
    );
  },
};
