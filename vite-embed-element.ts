// `/embed.js`, the `<wharf-embed>` element (src/ui/embed/element.ts), as one classic script with
// a fixed name, which other pages load with a plain `<script src>`: Vite's own output is ES
// modules with hashed names and shared chunks, so the element is bundled apart by esbuild (the
// CLI's bundler already), minified, as an IIFE. The dev server builds it on request; a build
// writes it beside index.html, where the service worker's precache list finds it.
import { build } from 'esbuild';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { ISOLATION_HEADERS } from './src/worker/isolation-headers.ts';

export const EMBED_SCRIPT = 'embed.js';
const ENTRY = join(import.meta.dirname, 'src/ui/embed/element.ts');

/** The element's script: self-contained, minified, for browsers with custom elements and light-dark(). */
export async function bundleEmbedScript(): Promise<string> {
  const out = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  return out.outputFiles[0]!.text;
}

export function embedElement(): Plugin {
  return {
    name: 'wharf-embed-element',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if ((req.url ?? '').split('?')[0] !== `/${EMBED_SCRIPT}`) return next();
        bundleEmbedScript().then(
          (js) => {
            res.setHeader('content-type', 'text/javascript');
            // Answered here, before the server's own headers would be added: an isolated page loads it too.
            for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
            res.end(js);
          },
          (e: unknown) => next(e),
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: EMBED_SCRIPT, source: await bundleEmbedScript() });
    },
  };
}
