// The wasi-sdk image compiles in Node through the process model, as a RUN step will: the
// seed's two commands verbatim, multi-file C, C++, clang's own error lines, no temporaries
// left behind, and the same image digest from the same package bytes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LLVM_TOOLS, WASI_SDK_PATH } from '../../src/core/images/index.ts';
import { validateImage, type ContainerImage } from '../../src/core/oci/index.ts';
import type { DirNode } from '../../src/core/rootfs/index.ts';
import { ModuleCache } from '../../src/core/runtime/index.ts';
import { COMMANDS, Sandbox, makeImage, rootfsOf, words } from './helpers.ts';

const HELLO = readFileSync(resolve(import.meta.dirname, '../../public/examples/hello-world/hello-world.c'), 'utf8');

// One image, tree and module cache for the file: clang compiles once.
const modules = new ModuleCache();
let image: ContainerImage;
let tree: DirNode;
let env: readonly string[];

beforeAll(async () => {
  image = await makeImage('wasi-sdk', modules);
  tree = await rootfsOf(image);
  env = image.config.config?.Env ?? [];
}, 120_000);

const sandbox = (files: Record<string, string>): Sandbox => new Sandbox(tree, env, modules, files);

describe('wasi-sdk image', () => {
  it('is a valid image with the WASI SDK Docker image environment, licences in its labels', async () => {
    expect(await validateImage(image)).toEqual([]);
    const c = image.config.config!;
    expect(c.Env).toEqual(
      expect.arrayContaining([
        'WASI_SDK_PATH=/opt/wasi-sdk',
        'CC=/opt/wasi-sdk/bin/clang',
        'CXX=/opt/wasi-sdk/bin/clang++',
        'LD=/opt/wasi-sdk/bin/wasm-ld',
        'AR=/opt/wasi-sdk/bin/llvm-ar',
        'RANLIB=/opt/wasi-sdk/bin/llvm-ranlib',
        'CFLAGS=--target=wasm32-wasi --sysroot=/wasi-sysroot',
        'CXXFLAGS=--target=wasm32-wasi --sysroot=/wasi-sysroot',
        'LDFLAGS=--target=wasm32-wasi --sysroot=/wasi-sysroot',
      ]),
    );
    expect(c.Env?.find((e) => e.startsWith('PATH='))).toMatch(/^PATH=\/opt\/wasi-sdk\/bin:/);
    expect(c.Labels?.['org.opencontainers.image.licenses']).toContain('Apache-2.0 WITH LLVM-exception');
    expect(c.Labels?.['wharf.source.packages']).toMatch(/^@yowasp\/clang@22\.\S+ @bytecodealliance\/jco@1\.35\.0$/);
    expect(image.config).toMatchObject({ architecture: 'wasm', os: 'wasi', created: '1970-01-01T00:00:00Z' });
  });

  it('lays out the WASI SDK: tools, sysroot at both paths, the shell as built-ins, /tmp', () => {
    const s = sandbox({});
    expect(s.list(`${WASI_SDK_PATH}/bin`)).toEqual([...LLVM_TOOLS, 'llvm', 'wasm-tools'].sort());
    expect(s.list('/wasi-sysroot/lib/wasm32-wasip1')).toContain('crt1-command.o');
    expect(s.list(`${WASI_SDK_PATH}/share/wasi-sysroot/lib/wasm32-wasi`)).toContain('libc.a');
    expect(s.list('/wasi-sysroot/include/wasm32-wasi')).toContain('stdio.h');
    expect(s.list('/bin')).toEqual([...COMMANDS].sort());
    expect(s.list('/tmp')).toEqual([]);
  });

  it('the same package bytes give the same digests', async () => {
    const again = await makeImage('wasi-sdk');
    expect(again.manifestDigest).toBe(image.manifestDigest);
    expect(again.layers.map((l) => l.digest)).toEqual(image.layers.map((l) => l.digest));
  });
});

describe('compiling with the wasi-sdk image', () => {
  it('the seed: $CC hello-world.c -o hello-world.wasm in /src, then runs it', async () => {
    const s = sandbox({ 'src/hello-world.c': HELLO });
    const cc = await s.run(words('$CC hello-world.c -o hello-world.wasm', s.env), '/src');
    expect(cc, cc.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(s.list('/src')).toEqual(['hello-world.c', 'hello-world.wasm']);
    expect(s.list('/tmp'), 'temporaries deleted').toEqual([]);
    expect(await s.run(['./hello-world.wasm'], '/src')).toEqual({ code: 0, stdout: 'Hello, Wasm!\n', stderr: '' });
    expect(modules.compiles, 'the clang module compiled once (the program once more)').toBe(2);
  });

  it('-o /name from another working directory writes the new file at the root, not in the working directory', async () => {
    const s = sandbox({ 'src/hello-world.c': HELLO });
    const cc = await s.run(words('$CC hello-world.c -o /hello.wasm', s.env), '/src');
    expect(cc, cc.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(s.list('/src'), '/src after the compile').toEqual(['hello-world.c']);
    expect(await s.run(['/hello.wasm'], '/')).toEqual({ code: 0, stdout: 'Hello, Wasm!\n', stderr: '' });
    const bad = await s.run(words('$CC nope.c -o /nope.wasm', s.env), '/src');
    expect(bad.code, 'a failed compile').not.toBe(0);
    expect(s.list('/'), 'no empty output left by a failed compile').not.toContain('nope.wasm');
  });

  it('the seed: ${WASI_SDK_PATH}/bin/clang --sysroot=${WASI_SDK_PATH}/share/wasi-sysroot ...', async () => {
    const s = sandbox({ 'src/hello-world.c': HELLO });
    const line =
      '${WASI_SDK_PATH}/bin/clang --sysroot=${WASI_SDK_PATH}/share/wasi-sysroot hello-world.c -o hello-world.wasm';
    const cc = await s.run(words(line, s.env), '/src');
    expect(cc, cc.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await s.run(['/src/hello-world.wasm'], '/')).stdout).toBe('Hello, Wasm!\n');
  });

  it('multi-file C with a header, CFLAGS and -O2, paths relative to the working directory', async () => {
    const s = sandbox({
      'app/include/greet.h': 'const char *greeting(void);\n',
      'app/src/greet.c': '#include "greet.h"\nconst char *greeting(void) { return "hi from greet.c"; }\n',
      'app/src/main.c': '#include <stdio.h>\n#include "greet.h"\nint main(void) { puts(greeting()); return 0; }\n',
      'app/build/.keep': '',
    });
    const cc = await s.run(words('$CC $CFLAGS -O2 -Iinclude src/main.c src/greet.c -o build/app.wasm', s.env), '/app');
    expect(cc.code, cc.stderr).toBe(0);
    expect(cc.stderr, 'clang 22 warns about the older triple the WASI SDK image names').toMatch(
      /^clang: warning: argument '--target=wasm32-wasi' is deprecated/,
    );
    expect((await s.run(['build/app.wasm'], '/app')).stdout).toBe('hi from greet.c\n');
    expect(s.list('/tmp')).toEqual([]);
  });

  it('clang -c runs in one process and leaves the object where asked', async () => {
    const s = sandbox({ 'w/a.c': 'int a(void) { return 1; }\n' });
    const cc = await s.run(['clang', '-c', 'a.c', '-o', 'a.o'], '/w');
    expect(cc, cc.stderr).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(s.list('/w')).toEqual(['a.c', 'a.o']);
  });

  it("a compile error keeps clang's file:line:col: error: line and fails with its exit code", async () => {
    const s = sandbox({ 'src/bad.c': 'int main(void) {\n  return nope;\n}\n' });
    const cc = await s.run(words('$CC bad.c -o bad.wasm', s.env), '/src');
    expect(cc.code).toBe(1);
    expect(cc.stderr.split('\n')).toContain("bad.c:2:10: error: use of undeclared identifier 'nope'");
    expect(cc.stderr).toContain('1 error generated.');
    expect(s.list('/src'), 'no output').toEqual(['bad.c']);
    expect(s.list('/tmp')).toEqual([]);
  });

  it('C++ <iostream> with -fno-exceptions compiles and runs', async () => {
    const s = sandbox({
      'src/hi.cc': '#include <iostream>\nint main() { std::cout << "hi from C++" << std::endl; return 0; }\n',
    });
    const cxx = await s.run(words('$CXX $CXXFLAGS -fno-exceptions hi.cc -o hi.wasm', s.env), '/src');
    expect(cxx.code, cxx.stderr).toBe(0);
    expect((await s.run(['./hi.wasm'], '/src')).stdout).toBe('hi from C++\n');
  });

  it('C++ that throws, without -fno-exceptions: the link fails and says what to do', async () => {
    const s = sandbox({
      'src/t.cc': '#include <stdexcept>\nint main() { throw std::runtime_error("boom"); }\n',
    });
    const cxx = await s.run(words('$CXX t.cc -o t.wasm', s.env), '/src');
    expect(cxx.code).not.toBe(0);
    expect(cxx.stderr).toMatch(/wasm-ld: error: .*undefined symbol: __cxa_throw/);
    expect(cxx.stderr).toContain('compile with -fno-exceptions');
    expect(s.list('/tmp')).toEqual([]);
  });
});
