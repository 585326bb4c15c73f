// cmp, diff and patch where builds use them: a RUN applies a patch to the sources, then
// `make test` builds the program with clang and checks its output with cmp and diff, as many
// Makefiles' test recipes do. When the output is wrong, cmp's words are in the log and the build
// fails at the Dockerfile line of `RUN make test`, through make's error, as in BuildKit.
import { describe, expect, it } from 'vitest';
import { nodePackageSource } from '../../src/cli/packages.ts';
import { build, formatEvent, type BuildEvent } from '../../src/core/builder/index.ts';
import { toolchainHost } from '../../src/core/images/index.ts';
import { listTar, layerTar } from '../../src/core/oci/index.ts';
import type { ProjectFile } from '../../src/core/project.ts';
import { MemoryStore } from '../../src/core/store-memory.ts';

const host = toolchainHost(nodePackageSource());
const store = new MemoryStore();

const GREET_C = '#include <stdio.h>\n\nint main(void)\n{\n  puts("hello, world");\n  return 0;\n}\n';
const FIX_PATCH = `diff --git a/greet.c b/greet.c
--- a/greet.c
+++ b/greet.c
@@ -2,6 +2,6 @@
 
 int main(void)
 {
-  puts("hello, world");
+  puts("Hello, world!");
   return 0;
 }
`;
const MAKEFILE =
  'greet: greet.c\n\t$(CC) $(CFLAGS) greet.c -o greet\n\n' +
  'test: greet\n\t./greet > out.txt\n\tcmp out.txt expected.txt\n\tdiff -u expected.txt out.txt\n\n.PHONY: test\n';

function project(dockerfile: string): ProjectFile[] {
  return [
    { path: 'Dockerfile', data: dockerfile, mode: 0o644 },
    { path: 'greet.c', data: GREET_C, mode: 0o644 },
    { path: 'fix.patch', data: FIX_PATCH, mode: 0o644 },
    { path: 'expected.txt', data: 'Hello, world!\n', mode: 0o644 },
    { path: 'Makefile', data: MAKEFILE, mode: 0o644 },
  ];
}

async function buildProject(dockerfile: string, tag: string) {
  const events: BuildEvent[] = [];
  const result = await build({
    files: project(dockerfile),
    store,
    tag,
    baseImages: host.baseImages,
    run: host.run,
    onEvent: (e) => events.push(e),
  }).catch((e: unknown) => e as Error);
  return { result, log: events.flatMap(formatEvent).join('\n') };
}

const STEPS = 'FROM wasi-sdk\nWORKDIR /src\nCOPY greet.c fix.patch expected.txt Makefile ./\n';

describe('cmp, diff and patch in RUN steps', () => {
  it('RUN patch -p1 < fix.patch, then make test checks the output with cmp and diff', async () => {
    const { result, log } = await buildProject(`${STEPS}RUN patch -p1 < fix.patch\nRUN make test\n`, 'diffutils');
    if (result instanceof Error) throw new Error(`build = ${result.message}, want success; log:\n${log}`);
    expect(log).toMatch(/patching file greet\.c/);
    expect(log).toMatch(/cmp out\.txt expected\.txt/);
    const patched = listTar(layerTar(result.image.layers.at(-2) as never)).map(
      (e) => `${e.path} ${e.mode.toString(8)}`,
    );
    expect(patched, 'the layer of RUN patch: greet.c replaced, its mode kept, no backup or reject').toEqual([
      'src 755',
      'src/greet.c 644',
    ]);
  }, 300_000);

  it("without the patch, cmp's words are in the log and the build fails at RUN make test's line", async () => {
    const { result, log } = await buildProject(`${STEPS}RUN make test\n`, 'diffutils-fails');
    expect(result, 'the build').toBeInstanceOf(Error);
    expect(log).toMatch(/^#\d+ \d+\.\d{3} out\.txt expected\.txt differ: char 1, line 1$/m);
    expect(log).toMatch(/make: \*\*\* \[Makefile:6: test\] Error 1/);
    expect((result as Error).message).toBe(
      'Dockerfile:4: process "/bin/sh -c make test" did not complete successfully: exit code: 2',
    );
  }, 300_000);
});
