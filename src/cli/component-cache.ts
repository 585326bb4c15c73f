// Transpiled components in a folder, for `wharf run`: node_modules/.cache/wharf-components/KEY/
// (KEY: the component's sha256 and the transpiler's version) beside the CLI's own bundles, with
// the core modules as .wasm files and the glue with the lists in meta.json, written last (a
// folder renamed into place, so a half-written entry is never read). A second run transpiles
// nothing; Node keeps no compiled code between processes, so it compiles the core modules again.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  wasm,
  type CachedComponent,
  type ComponentCache,
  type TranspiledComponent,
  type WasmModule,
} from '../core/runtime/index.ts';

export const componentCacheDir = resolve(import.meta.dirname, '../../node_modules/.cache/wharf-components');

interface Meta {
  glue: string;
  imports: string[];
  exports: string[];
  modules: string[];
}

export function folderComponents(dir = componentCacheDir): ComponentCache {
  return {
    async get(key): Promise<CachedComponent | undefined> {
      const at = join(dir, key);
      if (!existsSync(join(at, 'meta.json'))) return undefined;
      const meta = JSON.parse(readFileSync(join(at, 'meta.json'), 'utf8')) as Meta;
      const modules = new Map<string, WasmModule>();
      for (const name of meta.modules) modules.set(name, await wasm.compile(readFileSync(join(at, name))));
      return { glue: meta.glue, imports: meta.imports, exports: meta.exports, modules };
    },
    async put(key, t: TranspiledComponent): Promise<void> {
      const at = join(dir, key);
      const tmp = `${at}.${process.pid}.tmp`;
      mkdirSync(tmp, { recursive: true });
      for (const [name, bytes] of t.modules) writeFileSync(join(tmp, name), bytes);
      const meta: Meta = { glue: t.glue, imports: t.imports, exports: t.exports, modules: t.modules.map(([n]) => n) };
      writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta));
      try {
        renameSync(tmp, at);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another run put the same entry first
      }
    },
  };
}
