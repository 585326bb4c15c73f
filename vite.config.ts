import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { toolchainAssets } from './vite-toolchains.ts';

// Cross-origin isolation (SharedArrayBuffer) lets a running module block on keyboard input.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), toolchainAssets()],
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // jco's transpiler opens with a "use components" directive, which means nothing to a bundler.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id?.includes('jco-transpile')) return;
        handler(level, log);
      },
    },
  },
});
