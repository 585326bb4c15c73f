// RUN steps through the CLI on the built-in toolchain images: the seed's two compile commands,
// multi-file C with WORKDIR-relative paths, C++, Python in RUN and as the entrypoint, a compile
// error, a missing program, a RUN that deletes files; the images go through skopeo and umoci
// with identical files; builds are reproducible, and a rebuild serves every RUN from the cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importArchive } from '../../src/core/oci/index.ts';
import { diffTrees, treeOfDir, treeOfImage } from './tree.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'wharf-cli-run-'));
const cache = join(work, 'cache');

function wharf(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, wharfArgs(args), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WHARF_CACHE_DIR: cache, ...env },
    timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function context(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Builds `dir` and runs the image; the build's stderr for its log. */
function buildAndRun(dir: string, extra: string[] = []): { log: string; output: string; tar: string } {
  const tar = join(work, `${dir.split('/').pop()}.tar`);
  const b = wharf(['build', ...extra, '-t', 'run-steps', '-o', tar, dir]);
  expect(b.code, `wharf build ${dir}: ${b.stderr}`).toBe(0);
  const r = wharf(['run', tar]);
  expect(r.code, `wharf run of ${dir}: ${r.stderr}`).toBe(0);
  return { log: b.stderr, output: r.stdout, tar };
}

const HELLO = readFileSync(join(root, 'public/examples/hello-world/hello-world.c'), 'utf8');

describe('RUN steps through the CLI', () => {
  it('the seed: $CC hello-world.c -o hello-world.wasm; rebuilt, every RUN is CACHED and the digest is the same', () => {
    const dir = join(root, 'public/examples/hello-world');
    const first = buildAndRun(dir);
    expect(first.output).toBe('Hello, Wasm!\n');
    const again = wharf(['build', '-t', 'run-steps', '-o', join(work, 'again.tar'), dir]);
    expect(again.code, again.stderr).toBe(0);
    const runVertex = /#(\d+) \[build 3\/3\] RUN /.exec(again.stderr)?.[1];
    expect(again.stderr, 'the rebuild').toMatch(new RegExp(`#${runVertex} CACHED`));
    const fresh = wharf(['build', '--no-cache', '-t', 'run-steps', '-o', join(work, 'fresh.tar'), dir]);
    expect(fresh.stdout, 'a build without the cache: the same digest').toBe(again.stdout);
    expect(fresh.stderr, 'a build without the cache ran the step').not.toMatch(new RegExp(`#${runVertex} CACHED`));
  });

  it('the seed’s other command: ${WASI_SDK_PATH}/bin/clang --sysroot=${WASI_SDK_PATH}/share/wasi-sysroot', () => {
    const dir = context('sdk-path', {
      'hello-world.c': HELLO,
      Dockerfile:
        'FROM ghcr.io/webassembly/wasi-sdk:wasi-sdk-25 AS build\nWORKDIR /src\nCOPY hello-world.c .\n' +
        'RUN ${WASI_SDK_PATH}/bin/clang --sysroot=${WASI_SDK_PATH}/share/wasi-sysroot hello-world.c -o hello-world.wasm\n' +
        'FROM scratch\nCOPY --from=build /src/hello-world.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n',
    });
    const { log, output } = buildAndRun(dir);
    expect(output).toBe('Hello, Wasm!\n');
    expect(log, 'the note for the WASI SDK image').toMatch(
      /ghcr\.io\/webassembly\/wasi-sdk:wasi-sdk-25 is built here as/,
    );
  });

  it('multi-file C with WORKDIR-relative paths, and C++', () => {
    const c = buildAndRun(join(root, 'public/examples/multi-file-c'));
    expect(c.output).toBe('1. Hello, Wharf!\n2. Hello, Wharf!\n3. Hello, Wharf!\n');
    const cpp = buildAndRun(join(root, 'public/examples/cpp'));
    expect(cpp.output).toMatch(/^browser: 1\ncontainers: 1\nin: 1\nthe: 1\nwasm: 2\n$/);
  });

  it('Python in RUN and as the entrypoint (ENTRYPOINT ["python", "/app.py"])', () => {
    const gen = buildAndRun(join(root, 'public/examples/python-codegen'));
    expect(gen.log, 'the Python step printed in the log').toMatch(/wrote table\.h with 10 rows/);
    expect(gen.output).toMatch(/\s+10\s+100\s+1000\n$/);
    const dir = context('py-entry', {
      'app.py': 'import sys\nprint("python", sys.argv[1:])\n',
      Dockerfile: 'FROM python-wasi\nCOPY app.py /app.py\nENTRYPOINT ["python", "/app.py"]\nCMD ["a", "b"]\n',
    });
    expect(buildAndRun(dir).output).toBe("python ['a', 'b']\n");
  });

  it('a RUN that deletes files: whiteouts in the layer, and skopeo and umoci see the same files', async () => {
    const dir = context('deletes', {
      'keep.txt': 'keep\n',
      'drop.txt': 'drop\n',
      'tree/a.txt': 'a\n',
      Dockerfile:
        'FROM python-wasi\nCOPY . /data/\nRUN rm /data/drop.txt && rm -r /data/tree && echo made > /data/new.txt\n' +
        'RUN ["python3", "-c", "open(\'/data/py.txt\', \'w\').write(\'from python\')"]\n',
    });
    const tar = join(work, 'deletes.tar');
    const b = wharf(['build', '-t', 'deletes', '-o', tar, dir]);
    expect(b.code, b.stderr).toBe(0);
    const { image } = await importArchive(new Uint8Array(readFileSync(tar)));
    const tree = treeOfImage(image);
    expect([...tree.keys()].filter((k) => k.startsWith('data/')).sort()).toEqual([
      'data/Dockerfile',
      'data/keep.txt',
      'data/new.txt',
      'data/py.txt',
    ]);
    const layout = join(work, 'deletes-layout');
    execFileSync('skopeo', ['--insecure-policy', 'copy', `oci-archive:${tar}`, `oci:${layout}:deletes`]);
    const bundle = join(work, 'deletes-rootfs');
    execFileSync('umoci', ['raw', 'unpack', '--rootless', '--image', `${layout}:deletes`, bundle]);
    // What the RUN steps changed (the base image's own symlinks aside: treeOfImage skips links).
    const data = (t: Map<string, Uint8Array | null>) => new Map([...t].filter(([k]) => k.startsWith('data')));
    expect(diffTrees(data(treeOfDir(bundle)), data(tree)), 'umoci raw unpack vs the image').toEqual([]);
  });

  it('a compile error and a missing program fail at their line, with the program’s words in the log', () => {
    const bad = context('bad-c', {
      'bad.c': 'int main(void) {\n  return oops;\n}\n',
      Dockerfile: 'FROM wasi-sdk\nWORKDIR /src\nCOPY bad.c .\nRUN $CC bad.c -o bad.wasm\n',
    });
    const b = wharf(['build', '-o', join(work, 'bad.tar'), bad]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/bad\.c:2:10: error: use of undeclared identifier 'oops'/);
    expect(b.stderr).toMatch(
      /^Dockerfile:4: process "\/bin\/sh -c \$CC bad\.c -o bad\.wasm" did not complete successfully: exit code: 1$/m,
    );
    const missing = context('missing', { Dockerfile: 'FROM wasi-sdk\nRUN apt-get install -y make\n' });
    const m = wharf(['build', '-o', join(work, 'missing.tar'), missing]);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(
      /^Dockerfile:2: process "\/bin\/sh -c apt-get install -y make" did not complete successfully: exit code: 127 \(apt-get: not found in the image\)$/m,
    );
  });
});
