// wasm-tools in the wasi-sdk image, run as a RUN step runs it (the toolchain host's process
// model over the image's tree): what it makes is byte for byte what jco's CLI makes from the
// same files (the npm package that ships the same library; wasm-tools itself is neither in
// Debian nor on npm), its errors are wasm-tools's own with the file named, and the gallery's two
// component examples build with `wharf build`, the C one printing through `wharf run`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodePackageSource } from '../../src/cli/packages.ts';
import { COMMAND_ADAPTER, toolchainHost, WASI_SDK_PATH, type ToolchainHost } from '../../src/core/images/index.ts';
import { componentInterfaces, importArchive, runConfig } from '../../src/core/oci/index.ts';
import { fileNode, graft, imageRootfs, openVolume, type DirNode, type Volume } from '../../src/core/rootfs/index.ts';
import { componentWorld, WASIP2_HINT } from '../../src/core/runtime/index.ts';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '../..');
const examples = join(root, 'public/examples');
const jco = join(root, 'node_modules/@bytecodealliance/jco/dist/jco.js');

let host: ToolchainHost;
let tree: DirNode;
let env: string[];
let tmp: string;

beforeAll(async () => {
  host = toolchainHost(nodePackageSource());
  const resolved = await host.baseImages.resolve('wasi-sdk');
  tree = await imageRootfs(resolved!.image);
  env = resolved!.image.config.config?.Env ?? [];
  tmp = mkdtempSync(join(tmpdir(), 'wharf-wasm-tools-'));
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Ran {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

class Step {
  readonly volume: Volume;
  constructor(files: Record<string, string | Uint8Array>) {
    let t = tree;
    for (const [path, data] of Object.entries(files)) t = graft(t, path, fileNode(data));
    this.volume = openVolume(t);
  }

  async run(line: string, cwd = '/src'): Promise<Ran> {
    const out: Uint8Array[] = [];
    let stderr = '';
    const argv = line
      .replace(/\$([A-Z_0-9]+)/g, (_, k: string) => env.find((e) => e.startsWith(`${k}=`))!.slice(k.length + 1))
      .split(' ');
    const code = await host.run(this.volume, {
      argv,
      env,
      cwd,
      stdout: (c) => out.push(c.slice()),
      stderr: (c) => (stderr += new TextDecoder().decode(c)),
    });
    return { code, stdout: concat(out), stderr };
  }

  read(path: string): Uint8Array {
    let node = this.volume.root as { kind: string; entries?: Map<string, unknown> };
    for (const part of path.split('/').filter(Boolean)) node = node.entries!.get(part) as typeof node;
    return (node as unknown as { content: { bytes(): Uint8Array } }).content.bytes();
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.byteLength) - c.byteLength);
  return out;
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/**
 * jco's CLI in `dir` on the host: the reference. Returns its stdout. `jco embed --wit DIR` gives
 * its library no preopened directory (it panics, not found), so `embed` calls the library as
 * jco's own API does, with the host's root preopened, to write `embedded.wasm` from `core.wasm`.
 */
function reference(dir: string, args: string[]): string {
  const run = (argv: string[]): string =>
    execFileSync(process.execPath, argv, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (args[0] !== 'embed') return run([jco, ...args]);
  const transpile = join(root, 'node_modules/@bytecodealliance/jco-transpile');
  const script = `
    import { readFileSync, writeFileSync } from 'node:fs';
    import { _setPreopens } from '${transpile}/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js';
    import { componentEmbed } from '${transpile}/dist/wasm-tools.js';
    _setPreopens({ '/': '/' });
    const out = await componentEmbed({ binary: readFileSync('core.wasm'), witPath: '${join(dir, 'wit')}' });
    writeFileSync('embedded.wasm', out);`;
  return run(['--input-type=module', '-e', script]);
}

function witTree(): Record<string, string> {
  return { 'src/wit/world.wit': readFileSync(join(examples, 'component-http/wit/world.wit'), 'utf8') };
}

/** The image's WASI WIT packages copied to a host folder, as `wit/deps` (jco reads the host's disk). */
function hostWit(dir: string): void {
  mkdirSync(join(dir, 'wit/deps'), { recursive: true });
  writeFileSync(join(dir, 'wit/world.wit'), readFileSync(join(examples, 'component-http/wit/world.wit')));
  for (const pkg of ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets']) {
    mkdirSync(join(dir, 'wit/deps', pkg));
    writeFileSync(
      join(dir, 'wit/deps', pkg, 'package.wit'),
      readFileSync(join(root, `node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12/wasi-${pkg}/package.wit`)),
    );
  }
}

describe('the wasi-sdk image carries wasm-tools, the adapters and the WASI WIT packages', () => {
  it('at the paths its environment names', async () => {
    const s = new Step({});
    for (const name of ['WASI_PREVIEW1_COMMAND_ADAPTER', 'WASI_PREVIEW1_REACTOR_ADAPTER', 'WASI_WIT_DEPS']) {
      expect(
        env.find((e) => e.startsWith(`${name}=`)),
        name,
      ).toBeDefined();
    }
    const ls = await s.run('ls $WASI_WIT_DEPS', '/');
    expect(text(ls.stdout), 'ls $WASI_WIT_DEPS').toBe('cli\nclocks\nfilesystem\nhttp\nio\nrandom\nsockets\n');
    const adapter = s.read(COMMAND_ADAPTER);
    expect(adapter, 'the command adapter: the bytes jco ships').toEqual(
      new Uint8Array(
        readFileSync(join(root, 'node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm')),
      ),
    );
    const version = await s.run('wasm-tools --version', '/');
    expect(version, 'wasm-tools --version').toMatchObject({ code: 0, stderr: '' });
    expect(text(version.stdout)).toMatch(/^wasm-tools 1\.\d+\.\d+\n$/);
  });
});

describe("wasm-tools's outputs are jco's, from the same inputs", () => {
  it('a WAT-plus-WIT wasi:http handler: parse, print, component embed, component new, component wit', async () => {
    const wat = readFileSync(join(examples, 'component-http/handler.wat'), 'utf8');
    const s = new Step({ 'src/handler.wat': wat, ...witTree() });
    const dir = join(tmp, 'http');
    mkdirSync(dir);
    writeFileSync(join(dir, 'handler.wat'), wat);
    hostWit(dir);
    await s.run(`ln -s ${WASI_SDK_PATH}/share/wit/deps wit/deps`);

    const steps: Array<[line: string, ref: string[], file: string]> = [
      ['wasm-tools parse handler.wat -o core.wasm', ['parse', 'handler.wat', '-o', 'core.wasm'], 'core.wasm'],
      ['wasm-tools component embed wit core.wasm -o embedded.wasm', ['embed'], 'embedded.wasm'],
      [
        'wasm-tools component new embedded.wasm -o handler.wasm',
        ['new', 'embedded.wasm', '-o', 'handler.wasm'],
        'handler.wasm',
      ],
    ];
    for (const [line, args, file] of steps) {
      const ran = await s.run(line);
      expect({ code: ran.code, stderr: ran.stderr }, line).toEqual({ code: 0, stderr: '' });
      reference(dir, args);
      expect(s.read(`/src/${file}`), `${line}: ${file} against jco ${args.join(' ')}`).toEqual(
        new Uint8Array(readFileSync(join(dir, file))),
      );
    }
    const print = await s.run('wasm-tools print core.wasm');
    // jco's print writes the text with console.log, which adds the one newline wasm-tools's lacks.
    expect(text(print.stdout), 'wasm-tools print core.wasm').toBe(reference(dir, ['print', 'core.wasm']).slice(0, -1));
    const wit = await s.run('wasm-tools component wit handler.wasm');
    expect(text(wit.stdout), 'wasm-tools component wit handler.wasm').toBe(
      reference(dir, ['wit', 'handler.wasm']).slice(0, -1),
    );
    expect(text(wit.stdout)).toContain('export wasi:http/incoming-handler@0.2.12;');
    expect(await s.run('wasm-tools validate handler.wasm'), 'validate').toEqual({
      code: 0,
      stdout: new Uint8Array(),
      stderr: '',
    });
  }, 120_000);

  it('$CC app.c -o app.p1.wasm && wasm-tools component new app.p1.wasm --adapt <command adapter>', async () => {
    const c = readFileSync(join(examples, 'component-cli/greet.c'), 'utf8');
    const s = new Step({ 'src/greet.c': c });
    const cc = await s.run('$CC -O2 greet.c -o greet.p1.wasm');
    expect(cc.code, cc.stderr).toBe(0);
    const made = await s.run(`wasm-tools component new greet.p1.wasm --adapt ${COMMAND_ADAPTER} -o greet.wasm`);
    expect({ code: made.code, stderr: made.stderr }, 'component new --adapt').toEqual({ code: 0, stderr: '' });
    const dir = join(tmp, 'cli');
    mkdirSync(dir);
    writeFileSync(join(dir, 'greet.p1.wasm'), s.read('/src/greet.p1.wasm'));
    reference(dir, ['new', 'greet.p1.wasm', '--wasi-command', '-o', 'greet.wasm']);
    expect(s.read('/src/greet.wasm'), 'greet.wasm against jco new --wasi-command').toEqual(
      new Uint8Array(readFileSync(join(dir, 'greet.wasm'))),
    );
    const named = await s.run(
      `wasm-tools component new greet.p1.wasm --adapt wasi_snapshot_preview1=${COMMAND_ADAPTER} -o named.wasm`,
    );
    expect(named.code, named.stderr).toBe(0);
    expect(s.read('/src/named.wasm'), '--adapt NAME=FILE names the same import module').toEqual(
      s.read('/src/greet.wasm'),
    );
  }, 120_000);
});

describe("wasm-tools's errors name the file and the place, exit 1 (2 for the command line)", () => {
  const cases: Array<
    [line: string, files: Record<string, string | Uint8Array>, code: number, stderr: string | RegExp]
  > = [
    [
      'wasm-tools parse bad.wat',
      { 'src/bad.wat': '(module\n  (func (result i32)\n    i32.const 1\n    i32.foo))\n' },
      1,
      'error: unknown operator or unexpected token\n     --> bad.wat:4:5\n      |\n    4 |     i32.foo))\n      |     ^\n',
    ],
    [
      'wasm-tools validate nope.wasm',
      {},
      1,
      'error: failed to read from `nope.wasm`\n\nCaused by:\n    0: No such file or directory (os error 2)\n',
    ],
    [
      'wasm-tools validate invalid.wat',
      { 'src/invalid.wat': '(module (import "env" "f" (func)) (func (result i32)))' },
      1,
      // The body is at 0x24 and its `end` at 0x26: wasmparser's offset, from the module's start.
      'error: func 1 failed to validate\n\nCaused by:\n    0: type mismatch: expected i32 but nothing on stack (at offset 0x26)\n',
    ],
    [
      'wasm-tools validate truncated.wasm',
      { 'src/truncated.wasm': new Uint8Array(readFileSync(join(root, 'test/fixtures/components/truncated.wasm'))) },
      1,
      /^error: unexpected end-of-file \(at offset 0x[0-9a-f]+\)\n$/,
    ],
    [
      'wasm-tools component embed wit --dummy',
      { 'src/wit/world.wit': 'package a:b;\nworld w {\n  export run: func()\n}\n' },
      1,
      "error: failed to parse package: wit: expected ';', found '}'\n     --> wit/world.wit\n",
    ],
    [
      'wasm-tools component embed nowit --dummy',
      {},
      1,
      'error: failed to read path for WIT [nowit]: No such file or directory (os error 2)\n',
    ],
    [
      'wasm-tools component new core.wat',
      { 'src/core.wat': '(module (import "env" "f" (func)))' },
      1,
      // ComponentEncoder::encode's error under the context main.rs's `component new` gives it.
      'error: failed to encode a component from module\n\nCaused by:\n    0: failed to decode world from module\n    1: module was not valid\n    2: failed to resolve import `env::f`\n    3: module requires an import interface named `env`\n',
    ],
    [
      'wasm-tools print --skeleton x.wasm',
      {},
      2,
      /^error: '--skeleton' of 'wasm-tools print' is not available in Wharf's wasm-tools/,
    ],
  ];
  for (const [line, files, code, stderr] of cases) {
    it(
      line,
      async () => {
        const ran = await new Step(files).run(line);
        expect(ran.code, `${line}: exit status (stderr ${ran.stderr})`).toBe(code);
        if (typeof stderr === 'string') expect(ran.stderr, line).toBe(stderr);
        else expect(ran.stderr, line).toMatch(stderr);
      },
      60_000,
    );
  }

  it('$CC --target=wasm32-wasip2 fails at once, in one line that names the route to take', async () => {
    const s = new Step({ 'src/app.c': 'int main(void) { return 0; }\n' });
    const ran = await s.run('$CC --target=wasm32-wasip2 app.c -o app.wasm');
    expect(ran, '$CC --target=wasm32-wasip2').toEqual({ code: 1, stdout: new Uint8Array(), stderr: WASIP2_HINT });
    expect(WASIP2_HINT.trimEnd().split('\n'), 'one line').toHaveLength(1);
    expect(WASIP2_HINT).toContain('wasm-tools component new app.p1.wasm --adapt $WASI_PREVIEW1_COMMAND_ADAPTER');
  });
});

describe('the component examples build in the wasi-sdk image', () => {
  const wharf = (args: string[]): string =>
    execFileSync(process.execPath, wharfArgs(args), { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('component-cli: wharf build, then wharf run prints its arguments, ENV and file', () => {
    const out = join(tmp, 'component-cli.tar');
    wharf(['build', '-o', out, join(examples, 'component-cli')]);
    expect(wharf(['run', out]), 'wharf run component-cli').toBe(
      'Hello from a WASI 0.2 component, Wharf!\narg 1: first\narg 2: second\n' +
        'greeting.txt: Components run where runwasi runs them.\n',
    );
    expect(
      wharf(['run', '-e', 'GREETING_NAME=you', out, 'x']),
      'wharf run -e GREETING_NAME=you component-cli x',
    ).toMatch(/^Hello from a WASI 0\.2 component, you!\narg 1: x\n/);
  }, 300_000);

  it('component-http: wharf build; the entrypoint is a component exporting wasi:http/incoming-handler; wharf run serves it', async () => {
    const out = join(tmp, 'component-http.tar');
    wharf(['build', '-o', out, join(examples, 'component-http')]);
    const { image } = await importArchive(new Uint8Array(readFileSync(out)), { name: 'component-http.tar' });
    expect(runConfig(image)?.Entrypoint, 'Entrypoint').toEqual(['/handler.wasm']);
    const rootfs = await imageRootfs(image);
    const handler = rootfs.entries.get('handler.wasm');
    expect(handler?.kind, '/handler.wasm').toBe('file');
    const bytes = (handler as { data: Uint8Array }).data;
    const { exports } = componentInterfaces(bytes, '/handler.wasm');
    expect(componentWorld(exports, '/handler.wasm'), 'its world').toEqual({
      kind: 'http',
      handler: 'wasi:http/incoming-handler@0.2.12',
    });

    // Served as runwasi serves it: wharf run on a loopback port, one log line per request.
    const child = spawn(process.execPath, wharfArgs(['run', '-p', '127.0.0.1::8080', out]), { cwd: root });
    try {
      let stderr = '';
      const url = await new Promise<string>((ok, fail) => {
        child.stderr.on('data', (b: Buffer) => {
          stderr += b.toString();
          const m = /Serving HTTP on (http:\/\/\S+?)\/\n/.exec(stderr);
          if (m) ok(m[1]!);
        });
        child.on('close', (code) => fail(new Error(`wharf run exited ${code} before serving:\n${stderr}`)));
      });
      const r = await fetch(`${url}/anything?x=1`);
      expect([r.status, r.headers.get('content-type'), await r.text()], 'GET /anything?x=1').toEqual([
        200,
        'text/plain; charset=utf-8',
        'Hello from a WebAssembly HTTP handler!\n',
      ]);
      await expect.poll(() => stderr, { message: 'the request log on stderr' }).toMatch(/GET \/anything\?x=1 200/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 300_000);
});
