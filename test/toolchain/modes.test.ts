// Modes as native tools make them, checked against the real thing: Debian's clang and wasm-ld
// run under umask 022 (the umask BuildKit's RUN steps have) give the reference, and a build
// through Wharf's toolchain must give the same modes. A linked program is executable (lld
// creates its output 0777 & ~umask), so `./prog` runs in the same RUN, in a later one, and in a
// Makefile's test target; an object, a file and a directory a program makes are 0644, 0644 and
// 0755. BuildKit's COPY --from keeps the build stage's mode, so the seed's one layer holds
// `-rwxr-xr-x 0/0 hello-world.wasm`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readContextDir } from '../../src/cli/context-dir.ts';
import { nodePackageSource } from '../../src/cli/packages.ts';
import { build, formatEvent, type BuildEvent } from '../../src/core/builder/index.ts';
import { toolchainHost } from '../../src/core/images/index.ts';
import { listTar, layerTar } from '../../src/core/oci/index.ts';
import type { ProjectFile } from '../../src/core/project.ts';
import { MemoryStore } from '../../src/core/store-memory.ts';
import { ensureCommands } from '../support/system-tools.ts';

const host = toolchainHost(nodePackageSource());
const store = new MemoryStore();

const PROG_C =
  '#include <stdio.h>\nint main(int argc, char **argv) { puts(argc > 1 ? argv[1] : "prog ran"); return 0; }\n';
const CHECK_C =
  '#include <stdio.h>\n#include <string.h>\n' +
  'int main(int argc, char **argv) {\n' +
  '  if (argc > 1 && strcmp(argv[1], "--self-test") == 0) { puts("self-test passed"); return 0; }\n' +
  '  return 1;\n}\n';
const MAKEFILE =
  'CFLAGS += -O2\n\ncheck: check.c\n\t$(CC) $(CFLAGS) check.c -o check\n\ntest: check\n\t./check --self-test\n\n.PHONY: test\n';

/** What Debian's native tools make under umask 022: the modes BuildKit's RUN layers carry. */
interface Native {
  object: number;
  linked: number;
  dir: number;
  file: number;
}
let native: Native;

beforeAll(() => {
  ensureCommands(['clang', 'wasm-ld']);
  const dir = mkdtempSync(join(tmpdir(), 'wharf-modes-'));
  try {
    // No libc needed: a freestanding object, linked with no entry point, is still wasm-ld's output.
    writeFileSync(join(dir, 'p.c'), 'int answer(void) { return 42; }\n');
    const out = execFileSync(
      'sh',
      [
        '-c',
        'umask 022 && clang --target=wasm32 -c p.c -o p.o && wasm-ld --no-entry --export-all p.o -o prog.wasm && ' +
          'mkdir out && echo made > out/log && stat -c %a p.o prog.wasm out out/log',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    const [object, linked, d, file] = out
      .trim()
      .split('\n')
      .map((m) => parseInt(m, 8));
    native = { object: object!, linked: linked!, dir: d!, file: file! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function buildFiles(files: ProjectFile[], tag: string) {
  const events: BuildEvent[] = [];
  const result = await build({
    files,
    store,
    tag,
    baseImages: host.baseImages,
    run: host.run,
    onEvent: (e) => events.push(e),
  });
  return { result, log: events.flatMap(formatEvent).join('\n') };
}

/** A layer's entries as `type path mode uid:gid`, as `tar tv` shows them. */
function entries(blob: { mediaType: string; blob: Uint8Array; digest: string; diffId: string }): string[] {
  return listTar(layerTar(blob as never)).map(
    (e) =>
      `${e.type === 'directory' ? 'd' : e.type === 'symlink' ? 'l' : 'f'} ${e.path} ${e.mode.toString(8)} ${e.uid}:${e.gid}`,
  );
}

const oct = (m: number): string => m.toString(8);

describe('modes as native tools make them', () => {
  it("the reference: Debian's wasm-ld writes its output 0755 under umask 022, clang's object 0644", () => {
    expect(native).toEqual({ object: 0o644, linked: 0o755, dir: 0o755, file: 0o644 });
  });

  it("the seed's image layer has BuildKit's modes: the module as wasm-ld wrote it in the build stage", async () => {
    const dir = resolve(import.meta.dirname, '../../public/examples/hello-world');
    const { result, log } = await buildFiles(readContextDir(dir).files, 'seed-modes');
    expect(result.image.layers.length, log).toBe(1);
    expect(entries(result.image.layers[0]! as never)).toEqual([`f hello-world.wasm ${oct(native.linked)} 0:0`]);
  }, 300_000);

  it('RUN $CC p.c -o prog && ./prog; ./prog in a later RUN; make test runs the program it made', async () => {
    const files: ProjectFile[] = [
      {
        path: 'Dockerfile',
        data:
          'FROM wasi-sdk\nWORKDIR /src\nCOPY p.c check.c Makefile ./\n' +
          'RUN $CC -c p.c -o p.o && $CC p.o -o prog && mkdir out && ./prog > out/log\n' +
          'RUN ./prog "a later RUN"\n' +
          'RUN make test\n',
        mode: 0o644,
      },
      { path: 'p.c', data: PROG_C, mode: 0o644 },
      { path: 'check.c', data: CHECK_C, mode: 0o644 },
      { path: 'Makefile', data: MAKEFILE, mode: 0o644 },
    ];
    const { result, log } = await buildFiles(files, 'prog-modes');
    // The last two layers: `RUN ./prog` changes nothing, so it adds none (as in BuildKit).
    const [compile, make] = result.image.layers.slice(-2).map((l) => entries(l as never));
    expect(compile, 'the layer of RUN $CC -c p.c ... ./prog > out/log').toEqual([
      'd src 755 0:0',
      `d src/out ${oct(native.dir)} 0:0`,
      `f src/out/log ${oct(native.file)} 0:0`,
      `f src/p.o ${oct(native.object)} 0:0`,
      `f src/prog ${oct(native.linked)} 0:0`,
    ]);
    expect(log).toMatch(/a later RUN/);
    expect(make, 'the layer of RUN make test').toEqual(['d src 755 0:0', `f src/check ${oct(native.linked)} 0:0`]);
    expect(log).toMatch(/self-test passed/);
  }, 300_000);
});
