// The process model over one volume: argv[0] lookup (PATH, paths, symlinks), exit statuses 127
// and 126 with their messages, built-in stubs running TypeScript programs that spawn others,
// Wasm programs standing in the spec's working directory, the module cache, and abort.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirNode, fileNode, graft, openVolume, symlinkNode, type DirNode } from '../../../src/core/rootfs/index.ts';
import {
  DEFAULT_PATH,
  ModuleCache,
  builtinStub,
  bytesStdin,
  createProcesses,
  findProgram,
  type BuiltinProgram,
  type ProcessSpec,
} from '../../../src/core/runtime/index.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures', `${name}.wasm`)));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function image(): DirNode {
  let t = dirNode();
  t = graft(t, 'bin/sh', fileNode(builtinStub('sh'), { mode: 0o755 }));
  t = graft(t, 'bin/echo', fileNode(builtinStub('echo'), { mode: 0o755 }));
  t = graft(t, 'bin/frobnicate', fileNode(builtinStub('frobnicate'), { mode: 0o755 }));
  t = graft(t, 'usr/local/bin/args.wasm', fileNode(fixture('args'), { mode: 0o755 }));
  t = graft(t, 'usr/local/bin/args', symlinkNode('args.wasm'));
  t = graft(t, 'usr/local/bin/cwd', fileNode(fixture('cwd'), { mode: 0o755 }));
  t = graft(t, 'usr/local/bin/upper', fileNode(fixture('upper'), { mode: 0o755 }));
  t = graft(t, 'usr/local/bin/script.sh', fileNode('#!/bin/sh\necho hi\n', { mode: 0o755 }));
  t = graft(t, 'app/data/hello.txt', fileNode('hi from /app/data\n'));
  t = graft(t, 'app/hello.txt', fileNode('hi from /app\n'));
  t = graft(t, 'app/bin/tool.txt', fileNode('hi from /app/bin\n'));
  t = graft(t, 'bin/notes.txt', fileNode('hi from /bin\n'));
  t = graft(t, 'hello.txt', fileNode('hi from the root\n'));
  t = graft(t, 'root-only.txt', fileNode('hi from /root-only.txt\n'));
  return t;
}

const ENV = ['PATH=/usr/local/bin:/bin'];

/** echo, and sh as a toy that runs its arguments as one command: enough to drive spawn from TypeScript. */
const builtins = new Map<string, BuiltinProgram>([
  ['echo', async (spec) => (spec.stdout(text(spec.argv.slice(1).join(' ') + '\n')), 0)],
  ['sh', async (spec, p) => p.spawn({ ...spec, argv: spec.argv.slice(2) })],
]);

async function spawn(
  argv: string[],
  o: Partial<ProcessSpec> & { tree?: DirNode; modules?: ModuleCache; signal?: AbortSignal } = {},
) {
  const volume = openVolume(o.tree ?? image());
  const p = createProcesses({
    volume,
    builtins,
    ...(o.modules ? { modules: o.modules } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  let stdout = '';
  let stderr = '';
  const code = await p.spawn({
    argv,
    env: o.env ?? ENV,
    cwd: o.cwd ?? '/',
    ...(o.stdin ? { stdin: o.stdin } : {}),
    stdout: (c) => (stdout += new TextDecoder().decode(c)),
    stderr: (c) => (stderr += new TextDecoder().decode(c)),
  });
  return { code, stdout, stderr, volume };
}

describe('spawn: finding the program', () => {
  it('a bare name is looked up on PATH, following symlinks; argv[0] stays as written', async () => {
    const r = await spawn(['args', 'x']);
    expect(r).toMatchObject({ code: 0, stdout: 'argc=2\nargv[0]=args\nargv[1]=x\n', stderr: '' });
  });

  it('a name with "/" is a path: absolute, or relative to cwd', async () => {
    expect((await spawn(['/usr/local/bin/args'])).stdout).toBe('argc=1\nargv[0]=/usr/local/bin/args\n');
    expect((await spawn(['./args', 'y'], { cwd: '/usr/local/bin' })).stdout).toBe(
      'argc=2\nargv[0]=./args\nargv[1]=y\n',
    );
    expect((await spawn(['bin/args.wasm'], { cwd: '/usr/local' })).code).toBe(0);
  });

  it('missing: 127 and "NAME: not found" on stderr', async () => {
    expect(await spawn(['apt-get', 'install', 'x'])).toMatchObject({
      code: 127,
      stdout: '',
      stderr: 'apt-get: not found\n',
    });
    expect(await spawn(['./nope'])).toMatchObject({ code: 127, stderr: './nope: not found\n' });
    expect((await spawn(['args'], { env: [] })).code, 'no PATH: DEFAULT_PATH, which has /usr/local/bin').toBe(0);
    expect((await spawn(['args'], { env: ['PATH=/bin'] })).code).toBe(127);
  });

  it('not runnable: 126 with the reason', async () => {
    expect(await spawn(['/usr/local/bin'])).toMatchObject({ code: 126, stderr: '/usr/local/bin: is a directory\n' });
    const script = await spawn(['script.sh']);
    expect(script.code).toBe(126);
    expect(script.stderr).toBe('script.sh: cannot execute: not a WebAssembly module (no \\0asm magic at its start)\n');
    const unknown = await spawn(['frobnicate']);
    expect(unknown).toMatchObject({
      code: 126,
      stderr: 'frobnicate: built-in program "frobnicate" is not available in this Wharf\n',
    });
  });

  it('findProgram: PATH order, an empty entry means cwd, DEFAULT_PATH when unset', () => {
    const v = openVolume(image());
    const hit = findProgram(v, 'args', '/', ['PATH=/nowhere:/usr/local/bin']);
    expect(hit.found && hit.path).toBe('/usr/local/bin/args');
    const cwdHit = findProgram(v, 'args', '/usr/local/bin', ['PATH=/bin:']);
    expect(cwdHit.found && cwdHit.path).toBe('/usr/local/bin/args');
    expect(DEFAULT_PATH.split(':')).toContain('/usr/local/bin');
    expect(findProgram(v, 'args', '/', []).found).toBe(true);
  });
});

describe('spawn: built-ins', () => {
  it('a stub on PATH runs its TypeScript program with the spec', async () => {
    expect(await spawn(['echo', 'a', 'b'])).toMatchObject({ code: 0, stdout: 'a b\n', stderr: '' });
  });

  it('a built-in spawns others through the same process table, over the same volume', async () => {
    expect(await spawn(['/bin/sh', '-c', 'args', 'z'])).toMatchObject({
      code: 0,
      stdout: 'argc=2\nargv[0]=args\nargv[1]=z\n',
    });
    expect(await spawn(['sh', '-c', 'nope'])).toMatchObject({ code: 127, stderr: 'nope: not found\n' });
  });
});

describe('spawn: Wasm programs', () => {
  it('relative paths resolve against cwd; absolute ones still reach the root; PWD agrees', async () => {
    const r = await spawn(['cwd', 'hello.txt'], { cwd: '/app/data', env: [...ENV, 'PWD=/elsewhere'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('getcwd=/\nPWD=/app/data\nhello.txt: hi from /app/data\n/app/data/hello.txt: found\n');
    const read = async (path: string, cwd: string): Promise<string> =>
      (await spawn(['cwd', path], { cwd })).stdout.split('\n')[2]!;
    expect(await read('../hello.txt', '/app/data'), '".." climbs above cwd').toBe('../hello.txt: hi from /app');
    expect(await read('/app/hello.txt', '/app/data')).toBe('/app/hello.txt: hi from /app');
    expect(await read('/root-only.txt', '/app/data'), 'a top-level file').toBe(
      '/root-only.txt: hi from /root-only.txt',
    );
    expect(await read('hello.txt', '/')).toBe('hello.txt: hi from the root');
  });

  it('a first name in both cwd and the root: what exists wins', async () => {
    const read = async (path: string, cwd: string): Promise<string> =>
      (await spawn(['cwd', path], { cwd })).stdout.split('\n')[2]!;
    expect(await read('bin/tool.txt', '/app'), 'only in ./bin').toBe('bin/tool.txt: hi from /app/bin');
    expect(await read('/bin/notes.txt', '/app'), 'only in /bin').toBe('/bin/notes.txt: hi from /bin');
  });

  it('a missing working directory is created, as runc does for a container cwd', async () => {
    const r = await spawn(['cwd'], { cwd: '/work/sub' });
    expect(r.code).toBe(0);
    expect(r.volume.root.entries.get('work')?.kind).toBe('dir');
  });

  it('stdin reaches the program', async () => {
    const r = await spawn(['upper'], { stdin: bytesStdin(text('shout\n')) });
    expect(r).toMatchObject({ code: 0, stdout: 'SHOUT\n', stderr: 'upper: 6 bytes\n' });
  });

  it('compiles each module once across spawns and process tables sharing a cache', async () => {
    const modules = new ModuleCache();
    const tree = image();
    for (let i = 0; i < 3; i++) expect((await spawn(['args'], { modules, tree })).code).toBe(0);
    await spawn(['/usr/local/bin/args.wasm'], { modules, tree });
    expect(modules.compiles).toBe(1);
  });

  it('an aborted signal stops the next spawn, also one a built-in makes', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stopped by the user'));
    await expect(spawn(['args'], { signal: ac.signal })).rejects.toThrow('stopped by the user');
    await expect(spawn(['sh', '-c', 'args'], { signal: ac.signal })).rejects.toThrow('stopped by the user');
  });
});
