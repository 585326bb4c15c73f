// The fixture programs through the CLI (`wharf run`, as a user runs it) and through the Node
// runner: argv, env, PWD, listing, file operations, stdin, >1 MB of output, exit codes, traps
// and timeouts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInWorker } from '../../src/cli/run-node.ts';
import { dirNode, fileNode, graft, type DirNode } from '../../src/core/rootfs/index.ts';
import { wasm } from '../../src/core/runtime/index.ts';
import { CASES, FILES, type FixtureCase } from './cases.ts';
import { EXPECTED, bigout } from './expected.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '../..');
const fixture = (name: string): string => join(root, 'test/fixtures', `${name}.wasm`);

function tree(files: Record<string, string> | undefined): DirNode {
  let t = dirNode();
  for (const [path, text] of Object.entries(files ?? {})) t = graft(t, path, fileNode(text));
  return t;
}

/** Runs a case in the Node runner; stdout and stderr as text. */
async function runCase(c: FixtureCase): Promise<{ code: number; stdout: string; stderr: string; reason?: string }> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const r = await runInWorker({
    module: await wasm.compile(readFileSync(fixture(c.wasm))),
    args: [`${c.wasm}.wasm`, ...c.args],
    env: c.env,
    root: tree(c.files),
    stdin: new TextEncoder().encode(c.stdin ?? ''),
    stdout: (b) => out.push(b),
    stderr: (b) => err.push(b),
    ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}),
  });
  const text = (l: Uint8Array[]): string => Buffer.concat(l).toString('utf8');
  return { code: r.code, stdout: text(out), stderr: text(err), ...(r.reason ? { reason: r.reason } : {}) };
}

function check(name: string, got: { code: number; stdout: string; stderr: string }): void {
  const want = EXPECTED[name]!;
  expect(got.code, `${name}: exit code = ${got.code}, want ${want.code}; stderr ${got.stderr}`).toBe(want.code);
  if (typeof want.stdout === 'string') {
    expect(got.stdout.length, `${name}: stdout length = ${got.stdout.length}, want ${want.stdout.length}`).toBe(
      want.stdout.length,
    );
    expect(got.stdout, `${name}: stdout`).toBe(want.stdout);
  } else expect(got.stdout, `${name}: stdout`).toMatch(want.stdout);
  if (want.stderr !== undefined) {
    if (typeof want.stderr === 'string') expect(got.stderr, `${name}: stderr`).toBe(want.stderr);
    else expect(got.stderr, `${name}: stderr`).toMatch(want.stderr);
  }
}

describe('fixtures in the Node runner', () => {
  for (const c of CASES) it(c.name, async () => check(c.name, await runCase(c)));

  it('a run never changes the image tree, and the next run sees none of its writes', async () => {
    const t = tree(FILES);
    const module = await wasm.compile(readFileSync(fixture('fileops')));
    for (let i = 0; i < 2; i++) {
      const out: Uint8Array[] = [];
      const r = await runInWorker({
        module,
        args: ['fileops.wasm', '/data'],
        env: [],
        root: t,
        stdout: (b) => out.push(b),
        stderr: () => {},
      });
      // fileops fails at "mkdir" if a previous run's /data/sub survived.
      expect(r.code, `run ${i}: ${Buffer.concat(out).toString()}`).toBe(0);
    }
    expect([...(t.entries.get('data') as DirNode).entries.keys()], 'image /data after runs').toEqual(['a.txt']);
  });
});

function cli(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, wharfArgs(['run', ...args]), {
    input: input ?? '',
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('wharf run (CLI)', () => {
  const hostDir = mkdtempSync(join(tmpdir(), 'wharf-run-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(hostDir, path)), { recursive: true });
    writeFileSync(join(hostDir, path), text);
  }

  it('hello: argv[0] is the file name, exit 0', () => {
    const r = cli([fixture('hello')]);
    expect(r, 'wharf run hello.wasm').toEqual({ code: 0, stdout: 'Hello, Wasm!\n', stderr: '' });
  });

  it('args, -e only (the host environment never leaks), -w as PWD', () => {
    expect(cli([fixture('args'), 'x', 'y z']).stdout).toBe('argc=3\nargv[0]=args.wasm\nargv[1]=x\nargv[2]=y z\n');
    const env = cli(['-e', 'A=1', '-e', 'B=two', '-w', '/work', fixture('env')]);
    expect(env.stdout, 'env with -e/-w').toBe('A=1\nB=two\nPWD=/work\n');
    expect(cli(['-e', 'PWD=/mine', '-w', '/work', fixture('env'), 'PWD']).stdout, 'PWD from -e wins').toBe(
      'PWD=/mine\n',
    );
  });

  it('-v HOSTDIR:/ mounts a directory as the root; relative paths resolve against /', () => {
    expect(cli(['-v', `${hostDir}:/`, fixture('ls')]).stdout).toBe('d data\nd etc\nf hello.txt 17\n');
    expect(cli(['-v', `${hostDir}:/`, fixture('cwd'), 'hello.txt']).stdout).toBe(
      'getcwd=/\nPWD=(unset)\nhello.txt: hi from the root\n',
    );
    expect(cli(['-v', `${hostDir}:/mnt`, fixture('ls'), '/mnt/etc']).stdout).toBe('f motd 8\n');
  });

  it('-v writes back: what the module changed under the mount is on the host after it exits', () => {
    const host = mkdtempSync(join(tmpdir(), 'wharf-mount-'));
    const put = (p: string, text: string): void => {
      mkdirSync(dirname(join(host, p)), { recursive: true });
      writeFileSync(join(host, p), text);
    };
    put('rewrite.txt', 'old\n');
    put('append.txt', 'first\n');
    put('old-name.txt', 'moved\n');
    put('gone.txt', 'bye\n');
    put('tree/leaf.txt', 'leaf\n');
    put('keep/untouched.txt', 'untouched\n');
    const outside = mkdtempSync(join(tmpdir(), 'wharf-outside-'));
    writeFileSync(join(outside, 'canary'), 'canary\n');
    const r = cli(['-v', `${outside}:/`, '-v', `${host}:/data`, fixture('mutate'), '/data']);
    expect(r, 'wharf run -v ... mutate.wasm').toEqual({ code: 0, stdout: 'done\n', stderr: '' });
    const listing = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .map(
          (e) =>
            `${join(e.parentPath, e.name).slice(dir.length + 1)}${e.isSymbolicLink() ? ` -> ${readlinkSync(join(e.parentPath, e.name))}` : e.isDirectory() ? '/' : ''}`,
        )
        .sort();
    expect(listing(host)).toEqual([
      'append.txt',
      'keep/',
      'keep/untouched.txt',
      'link -> new.txt',
      'made/',
      'made/inner.txt',
      'new-name.txt',
      'new.txt',
      'rewrite.txt',
    ]);
    const read = (p: string): string => readFileSync(join(host, p), 'utf8');
    expect([
      read('rewrite.txt'),
      read('append.txt'),
      read('new-name.txt'),
      read('new.txt'),
      read('made/inner.txt'),
    ]).toEqual(['rewritten\n', 'first\nmore\n', 'moved\n', 'created in the guest\n', 'inner\n']);
    // The outer mount at / owns none of /data: its host directory is as it was.
    expect(listing(outside)).toEqual(['canary']);
    // A run killed by its timeout writes nothing back, though it changed the mount first.
    const killed = mkdtempSync(join(tmpdir(), 'wharf-killed-'));
    writeFileSync(join(killed, 'rewrite.txt'), 'old\n');
    writeFileSync(join(killed, 'append.txt'), 'first\n');
    writeFileSync(join(killed, 'old-name.txt'), 'moved\n');
    writeFileSync(join(killed, 'gone.txt'), 'bye\n');
    mkdirSync(join(killed, 'tree'));
    writeFileSync(join(killed, 'tree/leaf.txt'), 'leaf\n');
    const k = cli(['--timeout', '3', '-v', `${killed}:/data`, fixture('mutate'), '/data', 'hang']);
    expect([k.code, k.stdout]).toEqual([124, 'done\n']);
    expect(listing(killed)).toEqual([
      'append.txt',
      'gone.txt',
      'old-name.txt',
      'rewrite.txt',
      'tree/',
      'tree/leaf.txt',
    ]);
  });

  it('stdin passes through; exit codes pass through', () => {
    expect(cli([fixture('upper')], 'abc\n')).toEqual({ code: 0, stdout: 'ABC\n', stderr: 'upper: 4 bytes\n' });
    expect(cli([fixture('exitcode'), '42']).code).toBe(42);
  });

  it('more than 1 MB of output arrives intact', () => {
    const r = cli([fixture('bigout')]);
    expect(r.stdout.length, 'bigout length').toBe(bigout.length);
    expect(r.stdout === bigout, 'bigout content identical').toBe(true);
  });

  it('a trap and a timeout: non-zero exit and one line on stderr', () => {
    const trap = cli([fixture('trap')]);
    expect(trap.code).toBe(137);
    expect(trap.stderr).toMatch(/^wharf: wasm trap: unreachable\n$/);
    const t = cli(['--timeout', '3', fixture('loop')]);
    expect(t).toEqual({ code: 124, stdout: 'looping\n', stderr: 'wharf: timed out after 3 s\n' });
  });

  it('a file that is not WebAssembly: a clear error', () => {
    const bad = join(hostDir, 'bad.wasm');
    writeFileSync(bad, 'not wasm');
    const r = cli([bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wharf run: ${bad}: not a WebAssembly module (no \\0asm magic at its start)\n`);
  });

  it('an image tarball: Entrypoint + Cmd, run args replace Cmd, --entrypoint replaces Entrypoint', () => {
    // Built with the project's own builder when it exists; otherwise this test says so.
    const tar = join(hostDir, 'img.tar');
    const ctx = join(hostDir, 'ctx');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'args.wasm'), readFileSync(fixture('args')));
    writeFileSync(join(ctx, 'env.wasm'), readFileSync(fixture('env')));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY args.wasm env.wasm /bin/\nENV GREETING=hi\nWORKDIR /bin\nENTRYPOINT ["/bin/args.wasm"]\nCMD ["default"]\n',
    );
    execFileSync(process.execPath, wharfArgs(['build', '-o', tar, ctx]), {
      cwd: root,
      stdio: 'pipe',
    });
    expect(cli([tar]).stdout).toBe('argc=2\nargv[0]=/bin/args.wasm\nargv[1]=default\n');
    expect(cli([tar, 'a', 'b']).stdout).toBe('argc=3\nargv[0]=/bin/args.wasm\nargv[1]=a\nargv[2]=b\n');
    const env = cli(['--entrypoint', '/bin/env.wasm', '-e', 'X=y', tar]).stdout.split('\n');
    // The image's Env (the builder adds Docker's default PATH), then -e; no PWD: runwasi does
    // not use WORKDIR, and neither does a run without -w.
    expect(
      env.filter((l) => /^(GREETING|PWD|X)=/.test(l)),
      'env of the image run',
    ).toEqual(['GREETING=hi', 'X=y']);
  });

  it('an image with WORKDIR runs as runwasi runs it: at /, listing / lists the root; -w asks for WORKDIR', () => {
    // runwasi's wasmtime and WasmEdge shims preopen "/" only and start the module there, so a
    // listing of "/" is the image root and "data.txt" is /data.txt, whatever WORKDIR says.
    const tar = join(hostDir, 'workdir.tar');
    const ctx = join(hostDir, 'ctx-workdir');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'ls.wasm'), readFileSync(fixture('ls')));
    writeFileSync(join(ctx, 'cwd.wasm'), readFileSync(fixture('cwd')));
    writeFileSync(join(ctx, 'root.txt'), 'at the root\n');
    writeFileSync(join(ctx, 'app.txt'), 'in /app\n');
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY ls.wasm cwd.wasm /\nCOPY root.txt /hello.txt\nWORKDIR /app\nCOPY app.txt hello.txt\nENTRYPOINT ["/ls.wasm"]\n',
    );
    execFileSync(process.execPath, wharfArgs(['build', '-o', tar, ctx]), {
      cwd: root,
      stdio: 'pipe',
    });
    const size = (name: string): number => readFileSync(fixture(name)).byteLength;
    expect(cli([tar]).stdout, 'ls / as runwasi lists it').toBe(
      `d app\nf cwd.wasm ${size('cwd')}\nf hello.txt 12\nf ls.wasm ${size('ls')}\n`,
    );
    expect(cli(['--entrypoint', '/cwd.wasm', tar, 'hello.txt']).stdout, 'a relative path resolves from /').toBe(
      'getcwd=/\nPWD=(unset)\nhello.txt: at the root\n',
    );
    expect(cli(['-w', '/app', '--entrypoint', '/cwd.wasm', tar, 'hello.txt']).stdout, 'with -w /app').toBe(
      'getcwd=/\nPWD=/app\nhello.txt: in /app\n/app/hello.txt: found\n',
    );
  });
});
