import { describe, expect, it } from 'vitest';
import {
  EMBED_PROTOCOL,
  isFrameMessage,
  isHello,
  isWelcome,
  projectFiles,
  readHostMessage,
} from '../../../src/core/embed/index.ts';

describe('the handshake', () => {
  it('knows a hello and a welcome by type and version', () => {
    expect(isHello({ type: 'wharf:hello', v: 1 })).toBe(true);
    expect(isHello({ type: 'wharf:hello', v: 7 }), 'a newer host still says hello').toBe(true);
    expect(isHello({ type: 'wharf:hello' })).toBe(false);
    expect(isHello('wharf:hello')).toBe(false);
    expect(isWelcome({ type: 'wharf:welcome', v: EMBED_PROTOCOL })).toBe(true);
    expect(isWelcome({ type: 'wharf:welcome', v: 2 })).toBe(false);
    expect(isFrameMessage({ v: 1, type: 'stdout', data: 'x' })).toBe(true);
    expect(isFrameMessage({ v: 2, type: 'stdout', data: 'x' })).toBe(false);
    expect(isFrameMessage(null)).toBe(false);
  });
});

describe('readHostMessage', () => {
  it('reads each message the host may send', () => {
    expect(readHostMessage({ v: 1, type: 'run' })).toEqual({ v: 1, type: 'run' });
    expect(readHostMessage({ v: 1, type: 'stop', extra: 1 })).toEqual({ v: 1, type: 'stop' });
    expect(readHostMessage({ v: 1, type: 'set-theme', theme: 'dark' })).toEqual({
      v: 1,
      type: 'set-theme',
      theme: 'dark',
    });
    expect(readHostMessage({ v: 1, type: 'get-files', id: 3 })).toEqual({ v: 1, type: 'get-files', id: 3 });
    const wasm = new Uint8Array([0, 97, 115, 109]);
    const init = {
      v: 1,
      type: 'init',
      name: 'demo',
      dockerfile: 'build/Dockerfile',
      files: [
        { path: 'build/Dockerfile', data: 'FROM scratch\n' },
        { path: 'app.wasm', data: wasm, mode: 0o700 },
        { kind: 'dir', path: 'empty' },
        { kind: 'symlink', path: 'latest.wasm', target: 'app.wasm' },
      ],
    };
    expect(readHostMessage(init)).toEqual(init);
    const archive = { v: 1, type: 'init', archive: new Uint8Array([1, 2]) };
    expect(readHostMessage(archive)).toEqual(archive);
  });

  it('says what is wrong with a bad message', () => {
    const cases: [unknown, string][] = [
      [null, 'embed message: not an object'],
      [{ type: 'run' }, 'embed message "run": protocol version undefined; this frame speaks version 1'],
      [{ v: 2, type: 'run' }, 'embed message "run": protocol version 2; this frame speaks version 1'],
      [
        { v: 1, type: 'launch' },
        'embed message "launch": unknown type (expected init, run, stop, set-theme or get-files)',
      ],
      [{ v: 1, type: 'set-theme', theme: 'pink' }, 'embed message "set-theme": theme must be light, dark or auto'],
      [{ v: 1, type: 'get-files' }, 'embed message "get-files": id must be an integer'],
      [{ v: 1, type: 'init' }, 'embed message "init": give either files or archive'],
      [
        { v: 1, type: 'init', files: [], archive: new Uint8Array() },
        'embed message "init": give either files or archive',
      ],
      [{ v: 1, type: 'init', archive: [1, 2] }, 'embed message "init": archive must be a Uint8Array'],
      [{ v: 1, type: 'init', files: 'x' }, 'embed message "init": files must be an array'],
      [
        { v: 1, type: 'init', files: [], dockerfile: '/Dockerfile' },
        'embed message "init": dockerfile "/Dockerfile" is not a relative path',
      ],
      [
        {
          v: 1,
          type: 'init',
          files: [
            { path: '../x', data: '' },
            { path: 'a', data: 3 },
            { path: 'b', data: '', mode: 0o10000 },
            { kind: 'symlink', path: 'c' },
            { kind: 'fifo', path: 'd' },
          ],
        },
        'embed message "init": files[0]: path "../x" is not a relative path inside the project; ' +
          'files[1]: a: data must be a string or a Uint8Array; files[2]: b: mode must be an integer from 0 to 0o7777; ' +
          'files[3]: c: a symlink needs a target; files[4]: d: kind must be file, dir or symlink',
      ],
    ];
    for (const [msg, want] of cases) {
      expect(() => readHostMessage(msg), `readHostMessage(${JSON.stringify(msg)})`).toThrow(want);
    }
  });
});

describe('projectFiles', () => {
  it('fills in modes as an import does', () => {
    expect(
      projectFiles([
        { path: 'main.c', data: 'int main;' },
        { path: 'app.wasm', data: new Uint8Array(1) },
        { path: 'run.sh', data: '', mode: 0o755 },
        { kind: 'dir', path: 'd' },
        { kind: 'symlink', path: 'l', target: 'main.c' },
      ]),
    ).toEqual([
      { path: 'main.c', data: 'int main;', mode: 0o644 },
      { path: 'app.wasm', data: new Uint8Array(1), mode: 0o755 },
      { path: 'run.sh', data: '', mode: 0o755 },
      { kind: 'dir', path: 'd', mode: 0o755 },
      { kind: 'symlink', path: 'l', target: 'main.c' },
    ]);
  });
});
