// Real third-party C projects, kept as they come with their licences in test/fixtures/third-party,
// each built through the CLI from the Dockerfile a user would write (the wasi-sdk image running
// the project's own Makefile with the built-in make), run, and compared with what the same
// sources print when Debian's tools build them (expected/, written by third-party/build.sh).
// These compile real C with clang-in-Wasm: each build takes tens of seconds, SQLite's minutes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/third-party');
const expected = (name: string): Buffer => readFileSync(join(fixtures, 'expected', name));
const work = mkdtempSync(join(tmpdir(), 'wharf-third-party-'));
const cache = join(work, 'cache');

interface Ran {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function wharf(args: string[], input?: Buffer): Ran {
  const r = spawnSync(process.execPath, wharfArgs(args), {
    cwd: root,
    input,
    env: { ...process.env, WHARF_CACHE_DIR: cache },
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Builds the project's Dockerfile into a tarball; logs how long the build took. */
function build(project: string, extra: string[] = []): string {
  const tar = join(work, `${project}.tar`);
  const started = performance.now();
  const b = wharf(['build', ...extra, '-t', project, '-o', tar, join(fixtures, project)]);
  expect(b.code, `wharf build ${project}: ${b.stderr.slice(-4000)}`).toBe(0);
  console.log(`${project}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return tar;
}

/** `wharf run TAR ARGS` with INPUT on stdin; fails on a non-zero exit. */
function run(tar: string, args: string[], input?: Buffer): Buffer {
  const r = wharf(['run', tar, ...args], input);
  expect(r.code, `wharf run ${tar} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** "call = got, want X" for text outputs, with the whole of both in the message. */
function expectText(call: string, got: Buffer, want: Buffer): void {
  const [g, w] = [got.toString(), want.toString()];
  expect(g, `${call} = ${JSON.stringify(g)}, want ${JSON.stringify(w)}`).toBe(w);
}

describe('third-party C projects build unchanged and print what Debian’s build of them prints', () => {
  it('zlib 1.2.13 (its Makefile.in): minigzip < zlib.h = the reference’s bytes; gzip -d and minigzip -d give zlib.h back', () => {
    const tar = build('zlib');
    const input = readFileSync(join(fixtures, 'zlib/zlib.h'));
    const gz = run(tar, [], input);
    const want = expected('zlib-minigzip.gz');
    expect(
      gz.equals(want),
      `minigzip < zlib.h = ${gz.length} bytes (sha ${sha(gz)}), want the reference's ${want.length} (sha ${sha(want)})`,
    ).toBe(true);
    const gunzip = spawnSync('gzip', ['-d', '-c'], { input: gz, maxBuffer: 64 << 20 });
    expect(gunzip.status, `gzip -d of minigzip's output: ${gunzip.stderr}`).toBe(0);
    expect(
      gunzip.stdout.equals(input),
      `gzip -d < (minigzip < zlib.h) = ${gunzip.stdout.length} bytes, want zlib.h`,
    ).toBe(true);
    const back = run(tar, ['-d'], gz);
    expect(back.equals(input), `minigzip -d < (minigzip < zlib.h) = ${back.length} bytes, want zlib.h`).toBe(true);
    const fromGzip = run(tar, ['-d'], spawnSync('gzip', ['-9', '-n', '-c'], { input }).stdout);
    expect(fromGzip.equals(input), `minigzip -d < (gzip -9 < zlib.h) = ${fromGzip.length} bytes, want zlib.h`).toBe(
      true,
    );
  }, 600_000);

  it('cJSON 1.7.15 (its Makefile): cJSON_test and jsonfmt < cjson-input.json print the reference’s output', () => {
    const tar = build('cjson');
    const input = expected('cjson-input.json');
    expectText('jsonfmt < cjson-input.json', run(tar, [], input), expected('cjson-jsonfmt.out'));
    const test = wharf(['run', '--entrypoint', '/cJSON_test.wasm', tar]);
    expect(test.code, `cJSON_test: ${test.stderr}`).toBe(0);
    expectText('cJSON_test', test.stdout, expected('cjson-test.out'));
  }, 600_000);

  it('Lua 5.4.4 (make generic, setjmp/longjmp): strings, tables, closures, pcall/error, coroutines print what gcc’s build prints', () => {
    const tar = build('lua');
    const scripts = readdirSync(join(fixtures, 'lua/scripts')).filter((f) => f.endsWith('.lua'));
    expect(scripts.sort()).toEqual(['closures.lua', 'coroutines.lua', 'errors.lua', 'strings.lua', 'tables.lua']);
    for (const script of scripts) {
      const source = readFileSync(join(fixtures, 'lua/scripts', script));
      const name = script.replace(/\.lua$/, '');
      expectText(`lua - < ${script}`, run(tar, ['-'], source), expected(`lua-${name}.out`));
    }
    // The scripts are in the image too; a script by path names itself in its error messages.
    const r = wharf(['run', tar, '-e', 'error("stop")']);
    expect([r.code, r.stderr], 'lua -e \'error("stop")\': exit code, stderr').toEqual([
      1,
      expect.stringMatching(/^\/usr\/local\/bin\/lua: \(command line\):1: stop\nstack traceback:/),
    ]);
  }, 600_000);

  it('SQLite 3.53.0 amalgamation (a small Makefile, -O0): inventory prints the reference’s output', () => {
    const tar = build('sqlite', ['--build-arg', 'OPT=-O0']);
    expectText('inventory', run(tar, []), expected('sqlite-inventory.out'));
  }, 900_000);
});

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex').slice(0, 12);
}
