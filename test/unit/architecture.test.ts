// The dependency rules of DESIGN.md, checked on every import in src/:
// ui -> store, worker, core; worker -> core; store -> core; cli -> core; core -> libraries only;
// inside core: userland -> the runtime's process interface, rootfs, oci; images -> userland;
// the runtime never -> userland, builder, dockerfile.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
  });
}

/** Which top-level area a file of src/ belongs to. */
function area(file: string): string {
  return relative(src, file).split('/')[0]!;
}

const allowed: Record<string, string[]> = {
  core: ['core'],
  store: ['store', 'core'],
  worker: ['worker', 'core'],
  cli: ['cli', 'core'],
  ui: ['ui', 'store', 'worker', 'core'],
};

/** Packages that only some areas may use (the rest are free for all). */
const restrictedPackages: Record<string, string[]> = {
  idb: ['store'],
  svelte: ['ui'],
  'monaco-editor': ['ui'],
  '@xterm/xterm': ['ui'],
  '@xterm/addon-fit': ['ui'],
};

const core = join(src, 'core');

/** The module of core a file belongs to (its folder), or the file's name for those at core's root. */
function coreModule(file: string): string {
  return relative(core, file).split('/')[0]!;
}

/** The files at core's root that every module of core may use. */
const coreShared = new Set(['errors.ts', 'bytes.ts', 'path.ts', 'mode.ts']);

/** The runtime's process interface: all that userland may use of the runtime. */
const processInterface = new Set(['process.ts', 'program-lookup.ts', 'stdio.ts'].map((f) => join(core, 'runtime', f)));

/** DESIGN.md's rules inside core: an import from a module `from` to `to` that breaks `rule`. */
const coreRules: Array<{ rule: string; from: (m: string) => boolean; to: (m: string, file: string) => boolean }> = [
  {
    rule: "userland may use only the runtime's process interface (process.ts, program-lookup.ts, stdio.ts), rootfs, oci and core's shared files",
    from: (m) => m === 'userland',
    to: (m, file) => !['rootfs', 'oci'].includes(m) && !coreShared.has(m) && !processInterface.has(file),
  },
  {
    rule: 'the runtime never depends on the userland, the builder or Dockerfile syntax',
    from: (m) => m === 'runtime',
    to: (m) => ['userland', 'builder', 'dockerfile'].includes(m),
  },
  {
    rule: 'only images may use userland',
    from: (m) => m !== 'images',
    to: (m) => m === 'userland',
  },
];

const importRe =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]/g;

describe('architecture', () => {
  const files = walk(src);
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('every import follows the dependency rules', () => {
    const problems: string[] = [];
    for (const file of files) {
      const from = area(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
        const where = `${relative(root, file)} imports "${spec}"`;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          // A package's file that its exports do not name, by its path: a package import.
          if (target.startsWith(join(root, 'node_modules') + '/')) continue;
          if (!target.startsWith(src + '/')) {
            if (!file.includes('/ui/')) problems.push(`${where}: outside src/`);
            continue;
          }
          const to = area(target);
          if (!(allowed[from] ?? []).includes(to)) problems.push(`${where}: ${from} may not import ${to}`);
        } else if (spec.startsWith('node:')) {
          if (from !== 'cli') problems.push(`${where}: only the CLI may use Node built-ins`);
        } else {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          const only = restrictedPackages[pkg];
          if (only && !only.includes(from)) problems.push(`${where}: ${pkg} belongs to ${only.join(', ')}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('inside core: userland reaches the runtime through its process interface, and only images use userland', () => {
    const problems: string[] = [];
    for (const file of files.filter((f) => area(f) === 'core')) {
      const from = coreModule(file);
      for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(core + '/')) continue;
        const to = coreModule(target);
        const broken = coreRules.find((r) => r.from(from) && r.to(to, target) && from !== to);
        if (broken) problems.push(`${relative(root, file)} imports "${spec}": ${broken.rule}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('only rootfs knows OCI whiteouts', () => {
    const code = (f: string): string => readFileSync(f, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const outside = files.filter((f) => !f.includes('/core/rootfs/') && /['"`]\.wh\./.test(code(f)));
    expect(outside.map((f) => relative(root, f))).toEqual([]);
  });

  it('oci never imports the store', () => {
    const store = (target: string): boolean =>
      /^core\/store[^/]*(\.ts)?$/.test(relative(src, target)) || area(target) === 'store';
    const problems: string[] = [];
    for (const file of files.filter((f) => f.includes('/core/oci/'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
        if (spec.startsWith('.') && store(resolve(dirname(file), spec))) {
          problems.push(`${relative(root, file)} imports "${spec}"`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it("runner workers are thin: each is core's runner around its own port", () => {
    for (const f of ['src/worker/runner.worker.ts', 'src/cli/run-worker.ts']) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text, `${f} calls runnerMessages`).toMatch(/runnerMessages\(/);
      expect(text, `${f} does not run modules itself`).not.toMatch(/runWasi|createHost/);
      expect(text.split('\n').length, `${f} lines`).toBeLessThan(40);
    }
  });
});
