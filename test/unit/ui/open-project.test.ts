// Tabs as the playground runs them, over one store: each tab an OpenProject of the same project.
import { describe, expect, it } from 'vitest';
import type { Project, ProjectFile } from '../../../src/core/project.ts';
import { MemoryStore } from '../../../src/core/store-memory.ts';
import { OpenProject } from '../../../src/ui/lib/open-project.ts';

const seed: Project = {
  version: 2,
  id: 'p1',
  name: 'hello-world',
  dockerfile: 'Dockerfile',
  tag: 'hello-world:latest',
  buildArgs: {},
  run: { args: [], env: [], stdin: '' },
  createdAt: 1,
  updatedAt: 1,
  files: [
    { path: 'Dockerfile', data: 'FROM scratch\n', mode: 0o644 },
    { path: 'hello-world.c', data: 'int main(void) { return 0; }\n', mode: 0o644 },
  ],
};

async function storeWithSeed(): Promise<MemoryStore> {
  const store = new MemoryStore();
  expect(await store.saveProject(seed, 0)).toEqual({ saved: true, rev: 1 });
  return store;
}

async function openTab(store: MemoryStore): Promise<OpenProject> {
  return new OpenProject(store, (await store.getProject('p1'))!);
}

/** An edit as the workspace makes one: one file's new text. */
function write(tab: OpenProject, path: string, data: string): void {
  const p = tab.project;
  tab.edit({ ...p, files: p.files.map((f) => (f.path === path ? { ...f, data } : f)), updatedAt: p.updatedAt + 1 });
}

const data = (f: ProjectFile | undefined): unknown => (f && 'data' in f ? f.data : undefined);
const text = (p: Project | undefined, path: string): unknown => data(p?.files.find((f) => f.path === path));

describe('OpenProject: tabs over one store', () => {
  it("the two-tab story: A's hello-world.c edit and B's Dockerfile edit both end up stored and in every tab", async () => {
    const store = await storeWithSeed();
    const [a, b, c] = [await openTab(store), await openTab(store), await openTab(store)];
    write(a, 'hello-world.c', 'int main(void) { return 1; }\n');
    expect((await a.save()).rev, "A's save").toBe(2);
    write(b, 'Dockerfile', 'FROM scratch\nCMD ["x"]\n');
    const saved = await b.save();
    expect(saved.rev, "B's save after merging A's").toBe(3);
    expect(saved.taken, "paths B took from A's save").toEqual(['hello-world.c']);
    expect(saved.conflicts).toEqual([]);
    const stored = (await store.getProject('p1'))!.project;
    expect(text(stored, 'hello-world.c'), 'stored hello-world.c').toBe('int main(void) { return 1; }\n');
    expect(text(stored, 'Dockerfile'), 'stored Dockerfile').toBe('FROM scratch\nCMD ["x"]\n');
    // The others hear of it and take it in: no unsaved change of theirs, so no conflict.
    for (const [name, tab] of [
      ['A', a],
      ['C', c],
    ] as const) {
      const changes = tab.absorb((await store.getProject('p1'))!);
      expect(changes.conflicts, `${name}'s conflicts`).toEqual([]);
      expect(text(tab.project, 'Dockerfile'), `${name}'s Dockerfile`).toBe('FROM scratch\nCMD ["x"]\n');
      expect(text(tab.project, 'hello-world.c'), `${name}'s hello-world.c`).toBe('int main(void) { return 1; }\n');
      expect(tab.dirty, `${name} has nothing unsaved`).toBe(false);
    }
  });

  it('both tabs edit the same file: the second save writes nothing over the first, and holds a choice', async () => {
    const store = await storeWithSeed();
    const [a, b] = [await openTab(store), await openTab(store)];
    write(a, 'hello-world.c', 'A\n');
    await a.save();
    write(b, 'hello-world.c', 'B\n');
    write(b, 'Dockerfile', 'FROM scratch\n# B\n');
    const outcome = await b.save();
    expect(outcome.conflicts, "B's save: conflicts").toEqual(['hello-world.c']);
    const stored = (await store.getProject('p1'))!;
    expect(text(stored.project, 'hello-world.c'), "stored hello-world.c: A's, until B chooses").toBe('A\n');
    expect(text(stored.project, 'Dockerfile'), "B's other edit is saved").toBe('FROM scratch\n# B\n');
    expect(b.conflicts.map((c) => [c.path, data(c.mine), data(c.theirs)])).toEqual([['hello-world.c', 'B\n', 'A\n']]);
    expect(text(b.project, 'hello-world.c'), "B's editor still has B's text").toBe('B\n');
    expect(b.dirty, 'B holds something the store has not').toBe(true);
    expect((await b.save()).rev, 'saving again writes nothing while the choice is open').toBeUndefined();

    b.settle('hello-world.c', 'both');
    await b.save();
    const after = (await store.getProject('p1'))!.project;
    expect(text(after, 'hello-world.c'), 'keep both: theirs at the path').toBe('A\n');
    expect(text(after, 'hello-world.copy.c'), 'keep both: mine beside it').toBe('B\n');
    a.absorb((await store.getProject('p1'))!);
    expect(text(a.project, 'hello-world.copy.c'), 'A sees the copy').toBe('B\n');
  });

  it('keep mine writes mine; take theirs drops it', async () => {
    for (const [choice, want] of [
      ['mine', 'B\n'],
      ['theirs', 'A\n'],
    ] as const) {
      const store = await storeWithSeed();
      const [a, b] = [await openTab(store), await openTab(store)];
      write(a, 'hello-world.c', 'A\n');
      await a.save();
      write(b, 'hello-world.c', 'B\n');
      await b.save();
      b.settle('hello-world.c', choice);
      await b.save();
      expect(text((await store.getProject('p1'))!.project, 'hello-world.c'), `stored after ${choice}`).toBe(want);
      expect(text(b.project, 'hello-world.c'), `B's editor after ${choice}`).toBe(want);
      expect(b.conflicts).toEqual([]);
    }
  });

  it('a conflict stays open when the other tab saves again, and takes their newest version', async () => {
    const store = await storeWithSeed();
    const [a, b] = [await openTab(store), await openTab(store)];
    write(a, 'hello-world.c', 'A1\n');
    await a.save();
    write(b, 'hello-world.c', 'B\n');
    await b.save();
    write(a, 'hello-world.c', 'A2\n');
    await a.save();
    const changes = b.absorb((await store.getProject('p1'))!);
    expect(changes.conflicts, 'no new conflict: the same one').toEqual([]);
    expect(
      b.conflicts.map((c) => data(c.theirs)),
      "B's view of theirs",
    ).toEqual(['A2\n']);
  });

  it('another tab deleted the project: a tab with unsaved edits stores it again, a clean one is told', async () => {
    const store = await storeWithSeed();
    const [a, b] = [await openTab(store), await openTab(store)];
    await store.deleteProject('p1');
    expect((await a.save()).deleted, 'a clean tab saving finds nothing to write').toBe(false);
    write(b, 'hello-world.c', 'kept\n');
    expect((await b.save()).deleted, "B's save finds the project gone").toBe(true);
    expect(await store.getProject('p1'), 'nothing written by that save').toBeUndefined();
    expect(await b.recreate()).toBe(1);
    expect(text((await store.getProject('p1'))!.project, 'hello-world.c')).toBe('kept\n');
  });

  it('saves check the revision in the store: a stale revision writes nothing and hands back what is stored', async () => {
    const store = await storeWithSeed();
    const r = await store.saveProject({ ...seed, name: 'stale' }, 0);
    expect(r.saved, 'saveProject(existing, 0)').toBe(false);
    expect(r.saved === false && r.current?.rev, 'current revision').toBe(1);
    expect((await store.getProject('p1'))!.project.name).toBe('hello-world');
  });
});
