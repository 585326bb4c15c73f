// The project model's guard and its upgrade from version 1 (files without modes).
import { describe, expect, it } from 'vitest';
import { checkProject, PROJECT_VERSION, upgradeProject, withExecutable, type Project } from '../../src/core/project.ts';

function project(files: unknown[]): Record<string, unknown> {
  return {
    version: PROJECT_VERSION,
    id: 'p',
    name: 'p',
    dockerfile: 'Dockerfile',
    tag: 'p:latest',
    buildArgs: {},
    run: { args: [], env: [], stdin: '' },
    files,
    createdAt: 1,
    updatedAt: 2,
  };
}

describe('checkProject', () => {
  it('accepts files with modes, directories and symlinks', () => {
    const p = project([
      { path: 'Dockerfile', data: 'FROM scratch\n', mode: 0o644 },
      { kind: 'file', path: 'run.sh', data: 'x', mode: 0o4755 },
      { kind: 'dir', path: 'empty', mode: 0o700 },
      { kind: 'symlink', path: 'link', target: '../outside/is/kept/as/written' },
    ]);
    expect(checkProject(p)).toBe(p);
  });

  it.each([
    [{ path: 'a', data: 'x' }, 'file a has no mode'],
    [{ path: 'a', data: 'x', mode: 0o10000 }, 'file a has no mode'],
    [{ path: 'a', data: 'x', mode: 1.5 }, 'file a has no mode'],
    [{ kind: 'dir', path: 'd' }, 'directory d has no mode'],
    [{ kind: 'symlink', path: 'l', target: '' }, 'symlink l has no target'],
    [{ kind: 'fifo', path: 'f' }, 'f is of unknown kind "fifo"'],
    [{ kind: 'dir', path: '../up', mode: 0o755 }, 'bad file path "../up"'],
  ])('refuses %j', (entry, want) => {
    expect(() => checkProject(project([entry]))).toThrow(want);
  });

  it('refuses a version 1 record: those are upgraded first', () => {
    expect(() => checkProject({ ...project([]), version: 1 })).toThrow('unsupported version 1');
  });
});

describe('upgradeProject', () => {
  it('gives version 1 files the modes Wharf built them with (.wasm 0755, others 0644)', () => {
    const v1 = {
      ...project([
        { path: 'Dockerfile', data: 'FROM scratch\n' },
        { path: 'bin/app.wasm', data: new Uint8Array([0, 97, 115, 109]) },
        { path: 'notes.txt', data: 'n' },
      ]),
      version: 1,
    };
    const up = checkProject(upgradeProject(v1)) as Project;
    expect(up.version).toBe(2);
    expect(up.files.map((f) => [f.path, 'mode' in f ? f.mode : undefined])).toEqual([
      ['Dockerfile', 0o644],
      ['bin/app.wasm', 0o755],
      ['notes.txt', 0o644],
    ]);
  });

  it('leaves current and unknown records alone', () => {
    const current = project([]);
    expect(upgradeProject(current)).toBe(current);
    expect(upgradeProject('junk')).toBe('junk');
  });
});

describe('withExecutable', () => {
  it.each([
    [0o644, true, 0o755],
    [0o600, true, 0o711],
    [0o755, false, 0o644],
    [0o750, false, 0o640],
  ])('withExecutable(%o, %s) = %o', (mode, on, want) => {
    expect(withExecutable(mode, on)).toBe(want);
  });
});
