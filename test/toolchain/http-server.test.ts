// The gallery's HTTP server example built as the playground builds it (its Dockerfile, clang 22
// from the wasi-sdk image with <wasmedge/wasi_socket.h>), then served by wharf run on a loopback
// port published with -p.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = resolve(import.meta.dirname, '../..');

describe('the http-server example', () => {
  it('builds from its C source in the wasi-sdk image and answers on its published port', async () => {
    const tar = join(mkdtempSync(join(tmpdir(), 'wharf-http-example-')), 'server.tar');
    const b = spawnSync(
      process.execPath,
      wharfArgs(['build', '-t', 'http-server', '-o', tar, join(root, 'public/examples/http-server')]),
      { cwd: root, encoding: 'utf8' },
    );
    expect(b.status, `wharf build: ${b.stderr}`).toBe(0);
    expect(b.stderr, 'no warnings from clang or the linter').not.toMatch(/warning/i);

    const run = spawn(process.execPath, wharfArgs(['run', '-p', '127.0.0.1::8080', tar]), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const closed = new Promise<number>((r) => run.on('close', (code) => r(code ?? -1)));
    try {
      run.stdout.on('data', (d: Buffer) => (out += d.toString()));
      run.stderr.on('data', (d: Buffer) => (err += d.toString()));
      await expect.poll(() => err, { timeout: 60_000 }).toMatch(/^wharf: 8080\/tcp -> 127\.0\.0\.1:\d+\n/);
      const port = /127\.0\.0\.1:(\d+)/.exec(err)![1];
      const hello = await fetch(`http://127.0.0.1:${port}/hello`);
      expect(await hello.text()).toBe('Hello, Wasm!\n');
      await expect.poll(() => out).toBe('listening on http://0.0.0.0:8080/\n127.0.0.1 GET /hello 200\n');
    } finally {
      run.kill('SIGINT');
    }
    expect(await closed, 'exit code after Ctrl-C').toBe(130);
  });
});
