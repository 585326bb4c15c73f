// Command components run over the WASI 0.2 host in Node, from the committed fixtures (C
// programs made components with the preview1 command adapter; see test/fixtures/build.sh).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WharfError } from '../../../../src/core/errors.ts';
import { dirNode, fileNode, lookup, type DirNode } from '../../../../src/core/rootfs/index.ts';
import { ComponentLoader, runComponent, wasmKind } from '../../../../src/core/runtime/component/index.ts';
import { glueFunction } from '../../../../src/core/runtime/component/glue.ts';
import { bytesStdin, type StdinSource } from '../../../../src/core/runtime/index.ts';

const dir = join(import.meta.dirname, '../../../fixtures/components');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, `${name}.wasm`)));
const loader = new ComponentLoader();
const enc = new TextEncoder();
const dec = new TextDecoder();

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  name: string,
  args: string[] = [],
  o: { env?: string[]; root?: DirNode; stdin?: StdinSource | string; mounts?: string[] } = {},
): Promise<Ran & { changes?: unknown }> {
  const component = await loader.load(fixture(name), `/${name}.wasm`);
  let stdout = '';
  let stderr = '';
  const r = runComponent({
    component,
    args: [`/${name}.wasm`, ...args],
    env: o.env ?? [],
    root: o.root ?? dirNode(),
    mounts: o.mounts,
    stdin: typeof o.stdin === 'string' ? bytesStdin(enc.encode(o.stdin)) : o.stdin,
    stdout: (c) => (stdout += dec.decode(c)),
    stderr: (c) => (stderr += dec.decode(c)),
  });
  return { code: r.code, stdout, stderr, changes: r.changes };
}

describe('wasmKind', () => {
  it('tells modules from components by their first 8 bytes', () => {
    expect(wasmKind(fixture('hello')), 'wasmKind(component)').toBe('component');
    expect(wasmKind(readFileSync(join(dir, '../hello.wasm'))), 'wasmKind(module)').toBe('module');
    expect(wasmKind(enc.encode('\0asm\x02\0\0\0')), 'wasmKind(unknown version)').toBeUndefined();
    expect(wasmKind(enc.encode('\0asm')), 'wasmKind(4 bytes)').toBeUndefined();
  });
});

// Each fixture's first load transpiles it (about a second of CPU on a quiet machine, several on
// a loaded 2-core one): more than Vitest's default 5 s must be allowed.
describe('runComponent', { timeout: 30_000 }, () => {
  it('argv verbatim and the environment in order', async () => {
    expect(await run('args', ['a b', '', 'ü'])).toEqual({
      code: 0,
      stdout: 'argc=4\nargv[0]=/args.wasm\nargv[1]=a b\nargv[2]=\nargv[3]=ü\n',
      stderr: '',
      changes: undefined,
    });
    expect((await run('env', [], { env: ['B=2', 'A=x=y', 'EMPTY='] })).stdout).toBe('B=2\nA=x=y\nEMPTY=\n');
  });

  it('exit(ok) 0, exit(err) 1, a trap 137 with its reason on stderr', async () => {
    expect(await run('exitcode', ['0'])).toMatchObject({ code: 0, stdout: 'exiting with 0\n', stderr: 'to stderr\n' });
    // The preview1 adapter makes exit(42) wasi:cli/exit's exit(err), which runwasi reports as 1.
    expect(await run('exitcode', ['42'])).toMatchObject({ code: 1, stdout: 'exiting with 42\n' });
    expect(await run('trap')).toMatchObject({
      code: 137,
      stdout: 'about to trap\n',
      stderr: 'wharf: wasm trap: wasm `unreachable` instruction executed\n',
    });
  });

  it('lists and writes "/": writes seen during the run, the image tree untouched', async () => {
    const etc = dirNode({}, [['hosts', fileNode('127.0.0.1 localhost\n')]]);
    const root = dirNode({}, [
      ['etc', etc],
      ['tmp', dirNode()],
    ]);
    expect((await run('ls', ['/'], { root })).stdout).toBe('d etc\nd tmp\n');
    expect((await run('ls', ['/etc'], { root })).stdout).toBe('f hosts 20\n');
    const ops = await run('fileops', ['/tmp/work'], { root });
    expect(ops.code, `fileops: ${ops.stdout}`).toBe(0);
    expect(ops.stdout).toContain('ok read back\n');
    expect(lookup(root, '/tmp/work'), 'the image tree after the run').toBeUndefined();
  });

  it('reports what it changed under a mount', async () => {
    const data = dirNode({}, [
      ['rewrite.txt', fileNode('old\n')],
      ['append.txt', fileNode('one\n')],
      ['old-name.txt', fileNode('x\n')],
      ['gone.txt', fileNode('bye\n')],
      ['tree', dirNode({}, [['leaf.txt', fileNode('leaf\n')]])],
    ]);
    const r = await run('mutate', ['/data'], { root: dirNode({}, [['data', data]]), mounts: ['/data'] });
    expect(r.code, r.stderr).toBe(0);
    const changes = (r.changes as Array<Array<{ path: string }>>)[0]!.map((c) => c.path).sort();
    expect(changes).toEqual(
      expect.arrayContaining(['append.txt', 'gone.txt', 'link', 'made', 'new.txt', 'new-name.txt', 'tree']),
    );
  });

  it('stdin piped, then end of input', async () => {
    expect(await run('upper', [], { stdin: 'hello, component\n' })).toMatchObject({
      code: 0,
      stdout: 'HELLO, COMPONENT\n',
      stderr: 'upper: 17 bytes\n',
    });
  });

  it('stdin that is not there yet: the guest blocks in the source, not on an empty read', async () => {
    const chunks = [enc.encode('abc\n'), enc.encode('def\n')];
    const calls: string[] = [];
    const stdin: StdinSource = {
      available: () => (chunks.length > 0 ? 0 : -1),
      wait: (ms) => void calls.push(`wait ${ms}`),
      read: () => {
        calls.push('read');
        return chunks.shift() ?? new Uint8Array(0);
      },
    };
    expect(await run('upper', [], { stdin })).toMatchObject({ code: 0, stdout: 'ABC\nDEF\n' });
    expect(calls.filter((c) => c === 'read').length, `calls: ${calls.join(', ')}`).toBe(3);
  });

  it('sleeps (a clock subscription and poll) for as long as asked', async () => {
    const t = performance.now();
    const r = await run('sleep', ['40']);
    const took = performance.now() - t;
    expect(r).toMatchObject({ code: 0, stdout: 'slept 40 ms\n' });
    expect(took, `sleep 40 took ${took} ms`).toBeGreaterThanOrEqual(39);
  });

  it('a component that is neither a command nor a server: a one-line error naming its exports', async () => {
    const e = await run('answer').catch((x: unknown) => x);
    expect(e, 'run(answer.wasm)').toBeInstanceOf(WharfError);
    expect((e as WharfError).code).toBe('WASM_UNSUPPORTED');
    expect((e as Error).message).toBe(
      '/answer.wasm: a component that exports answer: Wharf runs components that export wasi:cli/run (commands) or wasi:http/incoming-handler (servers)',
    );
  });

  it('a server is not run as a command: one line says it is served instead', async () => {
    const e = await run('http-export').catch((x: unknown) => x);
    expect((e as WharfError).code).toBe('WASM_UNSUPPORTED');
    expect((e as Error).message).toBe(
      '/http-export.wasm: exports wasi:http/incoming-handler@0.2.0: a wasi:http server, which is served (wharf run serves it), not run as a command',
    );
  });

  it('a truncated component: a clear error with the offset', async () => {
    const e = await loader.load(fixture('truncated'), '/truncated.wasm').catch((x: unknown) => x);
    expect((e as WharfError).code).toBe('WASM_INVALID');
    expect((e as Error).message).toMatch(
      /^\/truncated\.wasm: not a valid component: unexpected end-of-file \(at offset 0x[0-9a-f]+\)$/,
    );
  });
  it('a later run takes the spare made while idle, with its own argv, env, stdio and files', async () => {
    const component = await loader.load(fixture('env'), '/env.wasm');
    await run('env', [], { env: ['FIRST=1'] });
    await new Promise((r) => setTimeout(r, 20));
    expect(component.spareReady, 'spareReady after an idle moment').toBe(true);
    expect(await run('env', [], { env: ['SECOND=2'] }), 'the run on the spare').toEqual({
      code: 0,
      stdout: 'SECOND=2\n',
      stderr: '',
      changes: undefined,
    });
    expect(component.spareReady, 'spareReady right after it was taken').toBe(false);
  });
});

describe('glueFunction', () => {
  it("silences the transpiler's debug logger, which reads process.env on every call", () => {
    const source = [
      'export function instantiate(getCoreModule, imports) {',
      '  const _debugLog = (...args) => {',
      '    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }',
      '    console.debug(...args);',
      '  };',
      '  _debugLog("x");',
      '  return {};',
      '}',
    ].join('\n');
    const reads: string[] = [];
    const env = process.env;
    process.env = new Proxy(env, { get: (t, k) => (reads.push(String(k)), Reflect.get(t, k)) });
    try {
      glueFunction(source)(
        () => undefined as never,
        {},
        () => undefined as never,
      );
    } finally {
      process.env = env;
    }
    expect(reads, 'process.env reads while instantiating').toEqual([]);
  });
});
