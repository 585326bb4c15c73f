import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every core: Vitest 4 leaves one idle by default, which on a 2-core machine is half of it.
    maxWorkers: '100%',
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'wasi', include: ['test/wasi/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
      {
        // The built-in toolchain images compiling and running real programs (clang, CPython).
        test: {
          name: 'toolchain',
          include: ['test/toolchain/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          globalSetup: ['test/interop/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // What a page does after a click (an import inflated in a Worker, a build) can take
          // seconds on a loaded 2-core machine: polls wait for it, not Vitest's default second.
          expect: { poll: { timeout: 30_000 } },
          // Two files at once, on the run's shared servers and Chromium: one file's waits (a
          // browser starting, a poll, a page settling) overlap the other's work.
          maxWorkers: 2,
          // A worker runs its files one after another in one process: playwright-core, vite and
          // puppeteer-core are imported (~1.2 s of CPU) once per worker, not once per file.
          isolate: false,
          // One retry for a browser test that timed out on a loaded 2-core machine; a test that
          // is really broken fails twice.
          retry: 1,
          globalSetup: ['test/e2e/setup.ts'],
        },
      },
    ],
  },
});
