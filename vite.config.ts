import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { toolchainAssets } from './vite-toolchains.ts';
import { embedElement } from './vite-embed-element.ts';
import { ISOLATION_HEADERS } from './src/worker/isolation-headers.ts';

/**
 * jco-transpile 0.1.1's transpiler Wasm (8.9 MB) goes under a name of its own, which the
 * precache leaves out: it is fetched when a command component is first transpiled, and with no
 * network 0.15's (precached) transpiles the component instead (transpile.ts).
 */
const LEAN_TRANSPILER_PACKAGE = 'node_modules/@bytecodealliance/jco-transpile-0-1/';
const LEAN_TRANSPILER_ASSET = 'jco-transpile-0.1.1-';
const assetFileNames = (asset: { originalFileNames: readonly string[] }): string =>
  asset.originalFileNames.some((f) => f.includes(LEAN_TRANSPILER_PACKAGE))
    ? `assets/${LEAN_TRANSPILER_ASSET}[name]-[hash][extname]`
    : 'assets/[name]-[hash][extname]';

// Cross-origin isolation (SharedArrayBuffer) lets a running module block on keyboard input. The
// dev and preview servers send the headers; on other hosts the service worker adds them.
const isolation = { ...ISOLATION_HEADERS };

/**
 * On the dev server the page registers the site's service worker as Vite serves it, for the
 * Preview alone: scoped to `preview/`, which is outside the script's folder, so the script says
 * the scope is allowed (service-worker-client.ts, previewWorker).
 */
function previewWorkerScope(): Plugin {
  return {
    name: 'wharf:preview-worker-scope',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0]?.endsWith('/src/worker/service.worker.ts'))
          res.setHeader('Service-Worker-Allowed', '/');
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    previewWorkerScope(),
    toolchainAssets(),
    embedElement(),
    // The service worker is ours (src/worker/service.worker.ts: its routes, the headers, the
    // update handshake); the plugin builds it and writes the build's file list into it, and
    // writes the web app manifest. The page registers it itself (service-worker-client.ts).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/worker',
      filename: 'service.worker.ts',
      injectRegister: false,
      // The icons are listed by the glob below already.
      includeManifestIcons: false,
      injectManifest: {
        // A classic script: every browser that has service workers runs one.
        rollupFormat: 'iife',
        // The app shell, examples and icons; not the toolchains (the page keeps them in Cache
        // Storage itself), source maps, or the header rules of hosts that read `_headers`. The
        // plugin lists the web app manifest itself.
        globPatterns: ['**/*'],
        globIgnores: [
          'toolchains/**',
          '**/*.map',
          '_headers',
          'manifest.webmanifest',
          `assets/${LEAN_TRANSPILER_ASSET}*`,
        ],
        // Monaco's editor is 2.7 MB; a file past this fails the build rather than going unlisted.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
      manifest: {
        name: 'Wharf',
        short_name: 'Wharf',
        description: 'Build and run WebAssembly (WASI) containers in your browser: Dockerfile in, OCI image out.',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#2563eb',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/wharf.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
    }),
  ],
  base: './',
  server: { headers: isolation },
  optimizeDeps: {
    // The dev server bundles dependencies when it starts, from a scan of these files' imports; a
    // dependency found later (a worker's own library, say bzip2 for tar -j in the builder) is
    // bundled then and reloads every open page. The scan of the pages does not follow
    // `new Worker(new URL(...))`, so the workers are entries of their own.
    entries: ['index.html', 'embed.html', 'src/worker/*.worker.ts'],
    // The service worker's libraries: the page registers it by its URL, which no scan reaches.
    include: ['workbox-core', 'workbox-precaching', 'workbox-routing'],
  },
  preview: { headers: isolation },
  worker: { format: 'es', rolldownOptions: { output: { assetFileNames } } },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // The playground, and /embed: the frame other pages embed (src/ui/embed/).
      input: { index: 'index.html', embed: 'embed.html' },
      output: { assetFileNames },
      // jco's transpiler opens with a "use components" directive, which means nothing to a bundler.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id?.includes('jco-transpile')) return;
        handler(level, log);
      },
    },
  },
});
