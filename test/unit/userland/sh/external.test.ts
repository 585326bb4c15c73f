// Programs that are not built-ins: real Wasm modules (test/fixtures) found on PATH and run
// through the process model, with the shell's arguments, environment, pipes and redirections.
import { describe, expect, it } from 'vitest';
import { openVolume } from '../../../../src/core/rootfs/index.ts';
import { WharfError } from '../../../../src/core/errors.ts';
import { shellPrograms } from '../../../../src/core/userland/index.ts';
import { fixture, image, node, NOW, read, sh, stub, TestProcesses } from '../processes.ts';

const files = {
  '/usr/bin/hello': { data: fixture('hello'), mode: 0o755 },
  '/usr/bin/args': { data: fixture('args'), mode: 0o755 },
  '/usr/bin/env-print': { data: fixture('env'), mode: 0o755 },
  '/usr/bin/exitcode': { data: fixture('exitcode'), mode: 0o755 },
  '/usr/bin/upper': { data: fixture('upper'), mode: 0o755 },
  '/opt/sdk/bin/tool': { data: fixture('args'), mode: 0o755 },
  '/usr/bin/not-exec': { data: fixture('hello'), mode: 0o644 },
};

describe('external programs', () => {
  it('a Wasm module on PATH runs with the words as argv, argv[0] as typed', async () => {
    const r = await sh(`hello; args one "two words" '$literal'`, { files });
    expect(r.out, 'stdout').toBe(
      'Hello, Wasm!\nargc=4\nargv[0]=args\nargv[1]=one\nargv[2]=two words\nargv[3]=$literal\n',
    );
    expect(
      r.processes.spawned.map((a) => a[0]),
      'programs spawned',
    ).toEqual(['/bin/sh', 'hello', 'args']);
  });

  it('$CC-style absolute paths, and prefix assignments in its environment only', async () => {
    const r = await sh('CC=/opt/sdk/bin/tool; $CC -c x.c; FLAGS=-O2 env-print FLAGS HOME; echo "[$FLAGS]"', { files });
    expect(r.out, 'stdout').toBe(
      'argc=3\nargv[0]=/opt/sdk/bin/tool\nargv[1]=-c\nargv[2]=x.c\nFLAGS=-O2\nHOME=/root\n[]\n',
    );
  });

  it('exit codes come back as $?, and set -e stops on them', async () => {
    const r = await sh('exitcode 3; echo "status $?"; set -e; exitcode 5; echo never', { files });
    expect([r.out, r.err, r.code], 'output and status').toEqual([
      'exiting with 3\nstatus 3\nexiting with 5\n',
      'to stderr\nto stderr\n',
      5,
    ]);
  });

  it('pipes feed a Wasm module stdin and take its stdout; redirections write into the volume', async () => {
    const r = await sh('printf "abc\\n" | upper | tr B X; upper < /in.txt > /out.txt 2> /err.txt; cat /out.txt', {
      files: { ...files, '/in.txt': 'from a file\n' },
    });
    expect(r.out, 'stdout').toBe('AXC\nFROM A FILE\n');
    expect(r.err, 'stderr').toBe('upper: 4 bytes\n');
    expect(read(r.volume, '/err.txt'), '/err.txt').toBe('upper: 12 bytes\n');
  });

  it('command substitution captures a module output', async () => {
    const r = await sh('greeting=$(hello); echo "got: $greeting"', { files });
    expect(r.out, 'stdout').toBe('got: Hello, Wasm!\n');
  });

  it("a missing program and a file without x bits: sh's messages", async () => {
    const r = await sh('apt-get install -y gcc; echo $?; not-exec; echo $?', { files });
    expect([r.out, r.err], 'output').toEqual([
      '127\n126\n',
      '/bin/sh: 1: apt-get: not found\n/bin/sh: 1: not-exec: Permission denied\n',
    ]);
  });

  it('find -exec and xargs run programs through the process model', async () => {
    const r = await sh(
      'mkdir /d && touch /d/a /d/b && find /d -type f -exec args {} \\; | grep argv; ls /d | xargs args',
      { files },
    );
    expect(r.out, 'stdout').toBe(
      'argv[0]=args\nargv[1]=/d/a\nargv[0]=args\nargv[1]=/d/b\nargc=3\nargv[0]=args\nargv[1]=a\nargv[2]=b\n',
    );
  });

  it('env and exec-form commands run as their own programs', async () => {
    const { run } = await import('../processes.ts');
    const r = await run(['env', '-i', 'ONLY=1', 'env-print'], { files });
    expect(r.out, 'env -i ONLY=1 env-print').toBe('ONLY=1\n');
    const ls = await run(['ls', '-l', '/usr/bin/hello'], { files });
    expect(ls.out, 'ls -l').toMatch(/^-rwxr-xr-x 1 root root \d+ Sep 13 {2}2020 \/usr\/bin\/hello\n$/);
    expect(node(r.volume, '/usr/bin/hello')?.kind, 'the module is untouched').toBe('file');
  });

  it('a program that fails in itself (not a status) reaches the caller as a WharfError', async () => {
    const programs = new Map(shellPrograms());
    programs.set('boom', async () => {
      throw new TypeError('broken');
    });
    const volume = openVolume(image({ '/bin/boom': { data: stub('boom'), mode: 0o755 } }), () => NOW);
    const processes = new TestProcesses(volume, programs);
    const spec = { argv: ['/bin/sh', '-c', 'boom'], env: ['PATH=/bin'], cwd: '/', stdout: () => {}, stderr: () => {} };
    const error = await processes.spawn(spec).catch((e: unknown) => e);
    expect(error instanceof WharfError && [error.code, error.message], 'the error').toEqual([
      'INTERNAL',
      '/bin/sh: broken',
    ]);
  });
});
