import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { toolchainAssets } from './vite-toolchains.ts';
import { embedElement } from './vite-embed-element.ts';
import { ISOLATION_HEADERS } from './src/worker/isolation-headers.ts';

// Cross-origin isolation (SharedArrayBuffer) lets a running module block on keyboard input. The
// dev and preview servers send the headers; on other hosts the service worker adds them.
const isolation = { ...ISOLATION_HEADERS };

export default defineConfig({
  plugins: [
    svelte(),
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
        globIgnores: ['toolchains/**', '**/*.map', '_headers', 'manifest.webmanifest'],
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
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // The playground, and /embed: the frame other pages embed (src/ui/embed/).
      input: { index: 'index.html', embed: 'embed.html' },
      // jco's transpiler opens with a "use components" directive, which means nothing to a bundler.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id?.includes('jco-transpile')) return;
        handler(level, log);
      },
    },
  },
});
