import { describe, expect, it } from 'vitest';
import {
  copyPath,
  mergeProjects,
  sameEntry,
  sameProject,
  settleConflict,
  withTheirs,
} from '../../src/core/project-merge.ts';
import type { Project, ProjectFile } from '../../src/core/project.ts';

function project(files: Record<string, string | Uint8Array>, extra: Partial<Project> = {}): Project {
  return {
    version: 2,
    id: 'p',
    name: 'p',
    dockerfile: 'Dockerfile',
    tag: 'p:latest',
    buildArgs: {},
    run: { args: [], env: [], stdin: '' },
    createdAt: 1,
    updatedAt: 1,
    files: Object.entries(files).map(([path, data]) => ({ path, data, mode: 0o644 })),
    ...extra,
  };
}

const texts = (p: Project): Record<string, string> =>
  Object.fromEntries(p.files.map((f) => [f.path, 'data' in f && typeof f.data === 'string' ? f.data : `<${f.kind}>`]));

const base = project({ Dockerfile: 'FROM scratch\n', 'a.c': 'int a;\n', 'b.c': 'int b;\n' });

describe('mergeProjects', () => {
  it('takes each side where only that side changed a file: both edits survive', () => {
    const mine = project({ Dockerfile: 'FROM scratch\n', 'a.c': 'int a; // mine\n', 'b.c': 'int b;\n' });
    const theirs = project({ Dockerfile: 'FROM scratch\nCMD ["x"]\n', 'a.c': 'int a;\n', 'b.c': 'int b;\n' });
    const r = mergeProjects(base, mine, theirs);
    expect(texts(r.project), 'merge(mine edits a.c, theirs edits Dockerfile)').toEqual({
      Dockerfile: 'FROM scratch\nCMD ["x"]\n',
      'a.c': 'int a; // mine\n',
      'b.c': 'int b;\n',
    });
    expect(r.conflicts.size, 'conflicts').toBe(0);
    expect(r.taken, 'paths taken from theirs').toEqual(['Dockerfile']);
  });

  it('a file both changed differently is a conflict: mine stays in the project, theirs is held', () => {
    const mine = project({ ...texts(base), 'a.c': 'mine\n' });
    const theirs = project({ ...texts(base), 'a.c': 'theirs\n' });
    const r = mergeProjects(base, mine, theirs);
    expect(texts(r.project)['a.c'], 'a.c in the merged project').toBe('mine\n');
    expect([...r.conflicts.keys()]).toEqual(['a.c']);
    expect((r.conflicts.get('a.c') as { data: string }).data, 'their a.c').toBe('theirs\n');
    expect(texts(withTheirs(r.project, r.conflicts))['a.c'], 'a.c as a save would write it').toBe('theirs\n');
  });

  it('the same change on both sides is no conflict', () => {
    const both = project({ ...texts(base), 'a.c': 'same\n' });
    const r = mergeProjects(base, both, project(texts(both)));
    expect(r.conflicts.size).toBe(0);
    expect(texts(r.project)['a.c']).toBe('same\n');
  });

  it('deletions and additions: theirs deleted an untouched file, mine added one; delete vs edit conflicts', () => {
    const mine = project({ Dockerfile: 'FROM scratch\n', 'a.c': 'edited\n', 'b.c': 'int b;\n', 'new.c': 'n\n' });
    const theirs = project({ Dockerfile: 'FROM scratch\n', 'b.c': 'int b;\n', 'c.c': 'c\n' });
    const r = mergeProjects(base, mine, theirs);
    expect(Object.keys(texts(r.project)).sort(), 'paths after merge').toEqual([
      'Dockerfile',
      'a.c',
      'b.c',
      'c.c',
      'new.c',
    ]);
    expect([...r.conflicts.entries()], 'a.c: edited here, deleted there').toEqual([['a.c', undefined]]);
    const r2 = mergeProjects(base, project({ Dockerfile: 'FROM scratch\n', 'a.c': 'int a;\n' }), theirs);
    expect(Object.keys(texts(r2.project)).sort(), 'b.c deleted here, c.c added there').toEqual(['Dockerfile', 'c.c']);
  });

  it('with nothing changed here, the result is their project itself', () => {
    const theirs = project({ ...texts(base), 'b.c': 'x\n' }, { name: 'renamed' });
    const r = mergeProjects(base, base, theirs);
    expect(r.project, 'merge(base, base, theirs)').toBe(theirs);
    expect(r.taken).toEqual(['b.c']);
  });

  it('a held conflict stays open when only one side moves since, and closes when both agree', () => {
    const mine = project({ ...texts(base), 'a.c': 'mine\n' });
    const theirs = project({ ...texts(base), 'a.c': 'theirs\n' });
    const first = mergeProjects(base, mine, theirs);
    // Theirs saves again (another file); a.c unchanged there: still a conflict.
    const theirs2 = project({ ...texts(theirs), 'b.c': 'b2\n' });
    const second = mergeProjects(theirs, first.project, theirs2, new Set(first.conflicts.keys()));
    expect([...second.conflicts.keys()], 'conflicts after their unrelated save').toEqual(['a.c']);
    expect(texts(second.project), 'merged project').toEqual({
      Dockerfile: 'FROM scratch\n',
      'a.c': 'mine\n',
      'b.c': 'b2\n',
    });
    const theirs3 = project({ ...texts(theirs2), 'a.c': 'mine\n' });
    const third = mergeProjects(theirs2, second.project, theirs3, new Set(second.conflicts.keys()));
    expect(third.conflicts.size, 'conflicts once both sides agree').toBe(0);
  });

  it('settings: a field changed on one side takes it; changed on both, mine wins', () => {
    const mine = { ...base, tag: 'mine:1', name: 'mine' };
    const theirs = { ...base, name: 'theirs', run: { args: ['x'], env: [], stdin: '' } };
    const r = mergeProjects(base, mine, theirs);
    expect([r.project.tag, r.project.name, r.project.run.args], 'tag, name, run.args').toEqual([
      'mine:1',
      'mine',
      ['x'],
    ]);
  });

  it('compares binary files by their bytes, and modes and kinds too', () => {
    const bytes = (n: number): Uint8Array => new Uint8Array([0, 97, 115, 109, n]);
    const f = (data: string | Uint8Array, mode = 0o644): ProjectFile => ({ path: 'x', data, mode });
    expect(sameEntry(f(bytes(1)), f(bytes(1))), 'same bytes, other arrays').toBe(true);
    expect(sameEntry(f(bytes(1)), f(bytes(2))), 'other bytes').toBe(false);
    expect(sameEntry(f('a'), f('a', 0o755)), 'other mode').toBe(false);
    expect(sameEntry(f('a'), { kind: 'symlink', path: 'x', target: 'a' }), 'file vs link').toBe(false);
    expect(sameProject(base, { ...base, updatedAt: 99 }), 'timestamps do not count').toBe(true);
  });
});

describe('settleConflict', () => {
  const mine = project({ ...texts(base), 'a.c': 'mine\n' });
  const conflict = {
    path: 'a.c',
    mine: mine.files[1],
    theirs: { path: 'a.c', data: 'theirs\n', mode: 0o644 } as ProjectFile,
  };

  it('keep mine, take theirs, keep both (mine beside theirs as a copy)', () => {
    expect(texts(settleConflict(mine, conflict, 'mine').project)['a.c']).toBe('mine\n');
    expect(texts(settleConflict(mine, conflict, 'theirs').project)['a.c']).toBe('theirs\n');
    const both = settleConflict(mine, conflict, 'both');
    expect(both.copy, 'copy path').toBe('a.copy.c');
    expect(texts(both.project), 'keep both').toEqual({ ...texts(base), 'a.c': 'theirs\n', 'a.copy.c': 'mine\n' });
  });

  it('taking theirs when they deleted the file deletes it; keep both keeps the side that has it', () => {
    const gone = { ...conflict, theirs: undefined };
    expect(Object.keys(texts(settleConflict(mine, gone, 'theirs').project))).toEqual(['Dockerfile', 'b.c']);
    expect(texts(settleConflict(mine, gone, 'both').project)['a.c']).toBe('mine\n');
  });

  it('copy names do not clash', () => {
    expect(copyPath('src/main.c', ['src/main.copy.c'])).toBe('src/main.copy2.c');
    expect(copyPath('Dockerfile', [])).toBe('Dockerfile.copy');
    expect(copyPath('.env', [])).toBe('.env.copy');
  });
});
