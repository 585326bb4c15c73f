// The playground's first load: bytes before Monaco (a production build, gzip -9 of what
// index.html loads), the bytes a first component run adds (the transpiler's chunk and Wasm, which
// the runner Worker imports on first use), and in Chromium the time until Run is usable and until
// the editor is up.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clickUntil as clickOn } from './click-until.ts';
import type { Bench } from './context.ts';
import { viteBuild } from './site-build.ts';

const root = resolve(import.meta.dirname, '..');

const bench: Bench = {
  name: 'playground first load',
  async run(ctx) {
    const out = mkdtempSync(join(tmpdir(), 'wharf-ui-bench-'));
    try {
      // In a process of its own: a build in this one leaves NODE_ENV=production behind, and the
      // dev server started below would then serve the production code paths (the page tried to
      // register the service worker, which the dev server answers with index.html).
      await viteBuild(out);
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
      const gz = assets.reduce((sum, a) => sum + gzipSync(readFileSync(join(out, a)), { level: 9 }).length, 0);
      ctx.report({
        name: 'first load before Monaco (gzip)',
        host: 'node',
        value: gz / 1024,
        unit: 'KB',
        goal: { max: 400 },
      });
      // What the runner Worker's first component fetches: a transpiler, one chunk and its Wasm.
      // Commands go to jco-transpile 0.1.1's, servers to 0.15's (transpile.ts); each built chunk
      // is told by the Wasm it loads, which is its package's file as it is.
      const files = readdirSync(join(out, 'assets')).filter(
        (f) => f.includes('js-component-bindgen-component') && !f.endsWith('.map'),
      );
      for (const [which, pkg] of [
        ['a command', '@bytecodealliance/jco-transpile-0-1'],
        ['a server', '@bytecodealliance/jco-transpile'],
      ] as const) {
        const own = readFileSync(join(root, 'node_modules', pkg, 'vendor/js-component-bindgen-component.core.wasm'));
        const wasmFile = files.find((f) => f.endsWith('.wasm') && readFileSync(join(out, 'assets', f)).equals(own));
        const chunk = files.find(
          (f) => f.endsWith('.js') && wasmFile && readFileSync(join(out, 'assets', f), 'utf8').includes(wasmFile),
        );
        if (!wasmFile || !chunk) throw new Error(`the build has no transpiler chunk of ${pkg}`);
        const text = readFileSync(join(out, 'assets', chunk), 'utf8');
        const group = files.filter((f) => f === chunk || (f.endsWith('.wasm') && text.includes(f)));
        const bytes = (gzip: boolean): number =>
          group.reduce((sum, f) => {
            const data = readFileSync(join(out, 'assets', f));
            return sum + (gzip ? gzipSync(data, { level: 9 }).length : data.length);
          }, 0);
        ctx.report({
          name: `extra bytes to run ${which} component (${group.length} files, as built)`,
          host: 'node',
          value: bytes(false) / 1024,
          unit: 'KB',
        });
        ctx.report({
          name: `extra bytes to run ${which} component (gzip)`,
          host: 'node',
          value: bytes(true) / 1024,
          unit: 'KB',
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    const page = await ctx.page();
    const t0 = Date.now();
    await page.goto(new URL('/', page.url()).href);
    await page
      .getByRole('button', { name: 'Run', exact: true })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 60_000 });
    const ready = Date.now() - t0;
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    const editor = Date.now() - t0;
    ctx.report({
      name: 'dev server: navigation to Run enabled (seed project loaded)',
      host: 'chromium',
      value: ready,
      unit: 'ms',
    });
    ctx.report({
      name: 'dev server: navigation to Monaco showing the file',
      host: 'chromium',
      value: editor,
      unit: 'ms',
    });

    const clickUntil = (label: string, pattern: string): Promise<number> => clickOn(page, label, pattern);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const first = await clickUntil('Run', '^Exited \\(0\\)');
    ctx.report({
      name: 'hello: first Run click -> Exited (0) (build + compile + run)',
      host: 'chromium',
      value: first,
      unit: 'ms',
    });
    const runs: number[] = [];
    for (let i = 0; i < 15; i++) runs.push(await clickUntil('Run', '^Exited \\(0\\)'));
    ctx.report({
      name: 'hello: warm Run click -> Exited (0), median of 15',
      host: 'chromium',
      value: median(runs),
      unit: 'ms',
      goal: { max: 15 },
    });
    const builds: number[] = [];
    for (let i = 0; i < 15; i++) builds.push(await clickUntil('Build', '^Built '));
    ctx.report({
      name: 'hello: warm Build click -> Built, median of 15',
      host: 'chromium',
      value: median(builds),
      unit: 'ms',
      goal: { max: 10 },
    });
  },
};

export default bench;
