import { describe, expect, it } from 'vitest';
import { isWharfError } from '../../../src/core/errors.ts';
import { dirNode, fileNode } from '../../../src/core/rootfs/index.ts';
import { findModule, mergeEnv, planRun } from '../../../src/core/runtime/index.ts';

describe('planRun', () => {
  const config = { Entrypoint: ['/app.wasm', '--flag'], Cmd: ['default'], Env: ['A=1', 'B=2'], WorkingDir: '/data' };

  it('argv = Entrypoint + Cmd; argv[0] is the module path as written; the run starts at / as runwasi starts it', () => {
    expect(planRun(config)).toEqual({
      cwd: '/',
      argv: ['/app.wasm', '--flag', 'default'],
      env: ['A=1', 'B=2'],
      modulePath: '/app.wasm',
    });
  });

  it('run args replace Cmd; --entrypoint replaces Entrypoint and drops Cmd', () => {
    expect(planRun(config, { args: ['x', 'y'] }).argv).toEqual(['/app.wasm', '--flag', 'x', 'y']);
    expect(planRun(config, { entrypoint: ['/other.wasm'] }).argv).toEqual(['/other.wasm']);
    expect(planRun(config, { entrypoint: ['/other.wasm'], args: ['z'] }).argv).toEqual(['/other.wasm', 'z']);
    expect(planRun({ Cmd: ['/cmd.wasm', 'a'] }).argv).toEqual(['/cmd.wasm', 'a']);
  });

  it('env = image Env overlaid by run env; -w sets the working directory and PWD unless env does', () => {
    expect(planRun(config, { env: ['B=3', 'C=4'] }).env).toEqual(['A=1', 'B=3', 'C=4']);
    expect(planRun(config, { workdir: '/w' }).env).toContain('PWD=/w');
    expect(planRun(config, { workdir: '/w' }).cwd, 'cwd with -w').toBe('/w');
    expect(planRun(config, { env: ['PWD=/mine'], workdir: '/w' }).env).toEqual(['A=1', 'B=2', 'PWD=/mine']);
    expect(planRun({ Entrypoint: ['/a.wasm'] }).env, 'no WorkingDir, no PWD').toEqual([]);
  });

  it('nothing to run is a usage error', () => {
    expect(() => planRun({})).toThrow(/nothing to run/);
  });

  it('mergeEnv keeps first-appearance order and lets later values win', () => {
    expect(mergeEnv(['X=1', 'Y=2'], ['X=3', 'Z=a=b'])).toEqual(['X=3', 'Y=2', 'Z=a=b']);
  });
});

describe('findModule', () => {
  const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const tree = dirNode({}, [
    ['app.wasm', fileNode(wasm)],
    ['script.sh', fileNode('#!/bin/sh\necho')],
    ['bin', dirNode()],
  ]);

  it('finds the module by path (relative paths resolve against /)', () => {
    expect(findModule(tree, '/app.wasm'), '/app.wasm').toBe(wasm);
    expect(findModule(tree, 'app.wasm'), 'app.wasm').toBe(wasm);
  });

  it('a file without the \\0asm magic, a directory, a missing file: clear errors', () => {
    const err = (path: string): string => {
      try {
        findModule(tree, path);
        return 'no error';
      } catch (e) {
        return `${isWharfError(e) ? e.code : 'not WharfError'}: ${(e as Error).message}`;
      }
    };
    expect(err('/script.sh')).toBe('WASM_INVALID: /script.sh: not a WebAssembly module (no \\0asm magic at its start)');
    expect(err('/bin')).toBe('WASM_INVALID: /bin: is a directory, not a WebAssembly module');
    expect(err('/nope.wasm')).toBe('NOT_FOUND: /nope.wasm: no such file in the image');
    expect(err('python')).toBe("NOT_FOUND: python: not found on the image's PATH");
  });

  it('a bare name is found on the PATH, a relative path against the working directory', () => {
    const py = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 9]);
    const image = dirNode({}, [
      ['usr', dirNode({}, [['local', dirNode({}, [['bin', dirNode({}, [['python3', fileNode(py)]])]])]])],
      ['app', dirNode({}, [['tool.wasm', fileNode(wasm)]])],
    ]);
    expect(findModule(image, 'python3', ['PATH=/usr/bin:/usr/local/bin']), 'python3 on PATH').toBe(py);
    expect(findModule(image, './tool.wasm', [], '/app'), './tool.wasm in /app').toBe(wasm);
  });
});
