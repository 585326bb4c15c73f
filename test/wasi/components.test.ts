// WASI 0.2 command components through `wharf run`, as a user runs them: a bare component and
// an image whose entrypoint is one; argv, env, the root, stdin that arrives late, exit codes,
// traps, timeouts, mounts written back, bad components; and the transpile cache folder.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentCacheDir } from '../../src/cli/component-cache.ts';
import { componentKey } from '../../src/core/runtime/index.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '../..');
const component = (name: string): string => join(root, 'test/fixtures/components', `${name}.wasm`);

function cli(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, wharfArgs(['run', ...args]), { input, encoding: 'utf8', cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('wharf run of a component (CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'wharf-components-'));

  it('transpiles once: the second run takes the cache folder', async () => {
    const entry = join(componentCacheDir, await componentKey(readFileSync(component('hello'))));
    rmSync(entry, { recursive: true, force: true });
    expect(cli([component('hello')]), 'first run').toEqual({ code: 0, stdout: 'Hello, Wasm!\n', stderr: '' });
    const written = statSync(join(entry, 'meta.json')).mtimeMs;
    expect(cli([component('hello')]), 'second run').toEqual({ code: 0, stdout: 'Hello, Wasm!\n', stderr: '' });
    expect(statSync(join(entry, 'meta.json')).mtimeMs, 'meta.json rewritten by the second run').toBe(written);
  });

  it('argv and -e as given; exit(ok) 0, exit(err) 1, a trap 137 with one line', () => {
    expect(cli([component('args'), 'x', 'y z']).stdout).toBe('argc=3\nargv[0]=args.wasm\nargv[1]=x\nargv[2]=y z\n');
    expect(cli(['-e', 'A=1', '-e', 'B=two', component('env')]).stdout).toBe('A=1\nB=two\n');
    expect(cli([component('exitcode'), '0'])).toEqual({ code: 0, stdout: 'exiting with 0\n', stderr: 'to stderr\n' });
    expect(cli([component('exitcode'), '3']).code, 'exit(3) is exit(err)').toBe(1);
    expect(cli([component('trap')])).toEqual({
      code: 137,
      stdout: 'about to trap\n',
      stderr: 'wharf: wasm trap: wasm `unreachable` instruction executed\n',
    });
    expect(cli(['--timeout', '2', component('loop')])).toEqual({
      code: 124,
      stdout: 'looping\n',
      stderr: 'wharf: timed out after 2 s\n',
    });
  });

  it('stdin that arrives later blocks the read until it comes', async () => {
    const child = spawn(process.execPath, wharfArgs(['run', component('upper')]), { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    setTimeout(() => child.stdin.write('first\n'), 300);
    setTimeout(() => child.stdin.end('second\n'), 600);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'FIRST\nSECOND\n', stderr: 'upper: 13 bytes\n' });
  });

  it('an image whose entrypoint is a component: Entrypoint + Cmd, the image root at /, mounts written back', () => {
    const ctx = join(work, 'ctx');
    mkdirSync(join(ctx, 'etc'), { recursive: true });
    writeFileSync(join(ctx, 'etc', 'motd'), 'welcome\n');
    for (const name of ['args', 'ls']) writeFileSync(join(ctx, `${name}.wasm`), readFileSync(component(name)));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY args.wasm ls.wasm /bin/\nCOPY etc /etc\nENTRYPOINT ["/bin/args.wasm"]\nCMD ["default"]\n',
    );
    const tar = join(work, 'img.tar');
    execFileSync(process.execPath, wharfArgs(['build', '-o', tar, ctx]), { cwd: root, stdio: 'pipe' });
    expect(cli([tar]).stdout).toBe('argc=2\nargv[0]=/bin/args.wasm\nargv[1]=default\n');
    expect(cli(['--entrypoint', '/bin/ls.wasm', tar]).stdout).toBe('d bin\nd etc\n');

    const host = join(work, 'data');
    mkdirSync(join(host, 'tree'), { recursive: true });
    for (const [p, text] of Object.entries({
      'rewrite.txt': 'old\n',
      'append.txt': 'first\n',
      'old-name.txt': 'moved\n',
      'gone.txt': 'bye\n',
      'tree/leaf.txt': 'leaf\n',
    }))
      writeFileSync(join(host, p), text);
    expect(cli(['-v', `${host}:/data`, component('mutate'), '/data'])).toEqual({
      code: 0,
      stdout: 'done\n',
      stderr: '',
    });
    expect(readFileSync(join(host, 'append.txt'), 'utf8')).toBe('first\nmore\n');
    expect(readFileSync(join(host, 'made/inner.txt'), 'utf8')).toBe('inner\n');
    expect(existsSync(join(host, 'gone.txt')), 'gone.txt after the run').toBe(false);
  });

  it('a truncated component, or one with a world Wharf cannot run: exit 1 and one line', () => {
    const truncated = cli([component('truncated')]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(
      /^wharf run: truncated\.wasm: not a valid component: unexpected end-of-file \(at offset 0x[0-9a-f]+\)\n$/,
    );
    expect(cli([component('answer')])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'wharf run: answer.wasm: a component that exports answer: Wharf runs components that export wasi:cli/run (commands) or wasi:http/incoming-handler (servers)\n',
    });
  });
});
