// The WASI preview1 conformance suite (WebAssembly/wasi-testsuite, prebuilt in
// ../shared/wasi-testsuite) run through the Node runner: one test per module, the way the
// official runner does it: argv[0] = the module's file name, the spec's env and nothing else,
// the fixture directory preopened as "/" (a fresh copy-on-write copy per test), exit code
// compared, stdout/stderr compared by prefix, and a trap counted as a failure.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHostDir } from '../../src/cli/run.ts';
import { runInWorker } from '../../src/cli/run-node.ts';
import type { DirNode } from '../../src/core/rootfs/index.ts';
import { wasm } from '../../src/core/runtime/index.ts';

/** `shared/wasi-testsuite` beside the checkout, or beside the main checkout of a linked worktree. */
function suiteRoot(): string {
  const beside = resolve(import.meta.dirname, '../../../shared/wasi-testsuite');
  if (existsSync(beside)) return beside;
  const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
  }).trim();
  return resolve(dirname(common), '../shared/wasi-testsuite');
}

const SUITE_ROOT = suiteRoot();
const SUITES = ['assemblyscript', 'c', 'rust'].map((lang) => join(SUITE_ROOT, lang, 'testsuite', 'wasm32-wasip1'));
const TIMEOUT_MS = 10_000;

/** Tests we do not run, each with the reason. The goal is none. */
const EXCLUDED: Record<string, string> = {};

interface Spec {
  args?: string[];
  env?: Record<string, string>;
  root?: string;
  exit_code?: number;
  stdout?: string;
  stderr?: string;
}

const decoder = new TextDecoder();
const trees = new Map<string, DirNode>();

function fixtureTree(dir: string): DirNode {
  let t = trees.get(dir);
  if (!t) {
    t = readHostDir(dir);
    trees.set(dir, t);
  }
  return t;
}

if (!existsSync(SUITE_ROOT)) {
  throw new Error(
    `The WASI conformance suite is missing: looked for ${SUITE_ROOT} (WebAssembly/wasi-testsuite's prebuilt wasm32-wasip1 modules, shared beside the project).`,
  );
}

describe('wasi-testsuite (preview1)', () => {
  for (const suite of SUITES) {
    const name = suite.split('/').slice(-3, -2)[0]!;
    const modules = readdirSync(suite)
      .filter((f) => f.endsWith('.wasm'))
      .sort();
    describe(name, () => {
      for (const file of modules) {
        const id = `${name}/${file.replace(/\.wasm$/, '')}`;
        const run = EXCLUDED[id] === undefined ? it : it.skip;
        run(id, async () => {
          const specPath = join(suite, file.replace(/\.wasm$/, '.json'));
          const spec: Spec = existsSync(specPath) ? (JSON.parse(readFileSync(specPath, 'utf8')) as Spec) : {};
          const module = await wasm.compile(readFileSync(join(suite, file)));
          let stdout = '';
          let stderr = '';
          const result = await runInWorker({
            module,
            args: [file, ...(spec.args ?? [])],
            env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
            root: spec.root ? fixtureTree(join(suite, spec.root)) : null,
            stdout: (c) => (stdout += decoder.decode(c, { stream: true })),
            stderr: (c) => (stderr += decoder.decode(c, { stream: true })),
            timeoutMs: TIMEOUT_MS,
          });
          const context = `stderr: ${stderr.slice(0, 2000)}`;
          expect(result.reason, `${id}: ended abnormally; ${context}`).toBeUndefined();
          expect(result.code, `${id}: exit code = ${result.code}, want ${spec.exit_code ?? 0}; ${context}`).toBe(
            spec.exit_code ?? 0,
          );
          if (spec.stdout !== undefined)
            expect(stdout.slice(0, spec.stdout.length), `${id}: stdout prefix`).toBe(spec.stdout);
          if (spec.stderr !== undefined)
            expect(stderr.slice(0, spec.stderr.length), `${id}: stderr prefix`).toBe(spec.stderr);
        });
      }
    });
  }
});
