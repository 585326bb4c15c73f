// The IndexedDB store in real Chromium: atomic commits, quota errors, GC, projects, persistence.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, useBrowserApp } from '../support/browser.ts';

const app = useBrowserApp();

/** A blank page of the app's origin (no app boot), where tests import the store module. */
async function storePage(): Promise<Page> {
  const { page } = await newPage(app.browser);
  // A string, not a function: Vitest would rewrite import() inside a function it transforms.
  await page.addInitScript('window.wharfImport = (p) => import(p)');
  await page.goto(new URL('bench/page.html', app.server.url).href);
  return page;
}

type Win = { wharfImport(p: string): Promise<typeof import('../../src/store/index.ts')> };
type Digest = `sha256:${string}`;
const D = (c: string): Digest => `sha256:${c.repeat(64)}`;

describe('IdbStore', () => {
  it('commits blobs and ref together and reads them back after reopening', async () => {
    const page = await storePage();
    const got = await page.evaluate(
      async ([m, c, l]: [Digest, Digest, Digest]) => {
        const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
        const s = await openIdbStore('t1');
        const blobs = new Map([
          [m, new TextEncoder().encode(`{"config":{"digest":"${c}"},"layers":[{"digest":"${l}"}]}`)],
          [c, new Uint8Array([1, 2])],
          [l, new Uint8Array(3000).fill(7)],
        ]);
        await s.commit(
          { ref: 'a:latest', manifest: m, config: c, size: 3002, created: '1970-01-01T00:00:00Z', updatedAt: 1 },
          blobs as never,
        );
        s.close();
        const again = await openIdbStore('t1');
        return {
          refs: await again.listRefs(),
          layer: Array.from((await again.get(l as never))!.slice(0, 3)),
          size: await again.size(l as never),
          list: (await again.list()).sort(),
        };
      },
      [D('a'), D('b'), D('c')] as [Digest, Digest, Digest],
    );
    expect(
      got.refs.map((r) => r.ref),
      'listRefs() after reopen',
    ).toEqual(['a:latest']);
    expect(got.layer, 'get(layer)[0..3]').toEqual([7, 7, 7]);
    expect(got.size, 'size(layer)').toBe(3000);
    expect(got.list, 'list()').toEqual([D('a'), D('b'), D('c')].sort());
  });

  it('an aborted commit stores nothing: no ref and none of its blobs', async () => {
    const page = await storePage();
    const got = await page.evaluate(
      async ([m, c]: [Digest, Digest]) => {
        const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
        const s = await openIdbStore('t2');
        const blobs = new Map([
          [m, new Uint8Array([1])],
          [c, new Uint8Array([2])],
        ]);
        let code = '';
        // ref null: the ref put fails (DataError) after both blob puts were queued in the transaction.
        try {
          await s.commit(
            { ref: null as never, manifest: m, config: c, size: 2, created: '', updatedAt: 1 } as never,
            blobs as never,
          );
        } catch (e) {
          code = (e as { code: string }).code;
        }
        let missing = '';
        try {
          await s.commit(
            { ref: 'b:latest', manifest: m, config: c, size: 2, created: '', updatedAt: 1 } as never,
            new Map([[c, new Uint8Array([2])]]) as never,
          );
        } catch (e) {
          missing = (e as { code: string; message: string }).code;
        }
        return { code, missing, blobs: await s.list(), refs: await s.listRefs() };
      },
      [D('d'), D('e')] as [Digest, Digest],
    );
    expect(got.code, 'commit(ref=null).code').toBe('STORE');
    expect(got.missing, 'commit(without its manifest).code').toBe('NOT_FOUND');
    expect(got.blobs, 'blobs left after the aborted commits').toEqual([]);
    expect(got.refs, 'refs left after the aborted commits').toEqual([]);
  });

  it('a quota error becomes STORE_QUOTA and leaves nothing behind', async () => {
    const page = await storePage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(app.server.url).origin,
      quotaSize: 2 * 1024 * 1024,
    });
    const got = await page.evaluate(
      async ([m, c]: [Digest, Digest]) => {
        const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
        const s = await openIdbStore('t3');
        const big = new Uint8Array(8 * 1024 * 1024);
        crypto.getRandomValues(big.subarray(0, 65536));
        try {
          await s.commit(
            { ref: 'big:latest', manifest: m, config: c, size: big.length, created: '', updatedAt: 1 },
            new Map([
              [m, big],
              [c, new Uint8Array([1])],
            ]) as never,
          );
          return { code: 'none', message: '', blobs: 0 };
        } catch (e) {
          const err = e as { code: string; message: string };
          return { code: err.code, message: err.message, blobs: (await s.list()).length + (await s.listRefs()).length };
        }
      },
      [D('f'), D('0')] as [Digest, Digest],
    );
    expect(got.code, 'commit(8 MB over a 2 MB quota).code').toBe('STORE_QUOTA');
    expect(got.message).toMatch(/saving image big:latest: .*quota exceeded/);
    expect(got.blobs, 'records left after the quota error').toBe(0);
  });

  it('collectGarbage deletes only blobs no ref reaches', async () => {
    const page = await storePage();
    const got = await page.evaluate(
      async ([m, c, l, orphan]: [Digest, Digest, Digest, Digest]) => {
        const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
        const s = await openIdbStore('t4');
        const manifest = new TextEncoder().encode(JSON.stringify({ config: { digest: c }, layers: [{ digest: l }] }));
        await s.commit(
          { ref: 'keep:latest', manifest: m, config: c, size: 1, created: '', updatedAt: 1 },
          new Map([
            [m, manifest],
            [c, new Uint8Array([1])],
            [l, new Uint8Array([2])],
            [orphan, new Uint8Array([3])],
          ]) as never,
        );
        const first = await s.collectGarbage();
        await s.deleteRef('keep:latest');
        const second = (await s.collectGarbage()).sort();
        return { first, second, left: await s.list() };
      },
      [D('1'), D('2'), D('3'), D('4')] as [Digest, Digest, Digest, Digest],
    );
    expect(got.first, 'collectGarbage() with keep:latest').toEqual([D('4')]);
    expect(got.second, 'collectGarbage() after deleteRef').toEqual([D('1'), D('2'), D('3')].sort());
    expect(got.left).toEqual([]);
  });

  it('stores projects with binary files, lists their summaries newest first, deletes them; cache values round-trip', async () => {
    const page = await storePage();
    const got = await page.evaluate(async () => {
      const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
      const s = await openIdbStore('t5');
      const base = {
        version: 2,
        dockerfile: 'Dockerfile',
        tag: 'x:latest',
        buildArgs: {},
        run: { args: [], env: [], stdin: '' },
        createdAt: 1,
      };
      await s.saveProject(
        {
          ...base,
          id: 'old',
          name: 'old',
          updatedAt: 10,
          files: [{ path: 'a.wasm', data: new Uint8Array([0, 97, 115, 109]), mode: 0o644 }],
        } as never,
        0,
      );
      await s.saveProject(
        {
          ...base,
          id: 'new',
          name: 'new',
          updatedAt: 20,
          files: [{ path: 'Dockerfile', data: 'FROM scratch\n', mode: 0o644 }],
        } as never,
        0,
      );
      let bad = '';
      try {
        await s.saveProject(
          {
            ...base,
            id: 'bad',
            name: 'bad',
            updatedAt: 1,
            files: [{ path: '../x', data: '', mode: 0o644 }],
          } as never,
          0,
        );
      } catch (e) {
        bad = (e as Error).message;
      }
      await s.putCache('k', { layer: 'sha256:x', n: 1 });
      const old = (await s.getProject('old'))!.project.files[0] as { data: Uint8Array };
      // Saved again as read (the same bytes): stored again, read back the same.
      const again = await s.saveProject({ ...(await s.getProject('old'))!.project, name: 'old' }, 1);
      const reread = (await s.getProject('old'))!.project.files[0] as { data: Uint8Array };
      const raw = await new Promise<{ files: { data: unknown }[] }>((resolve, reject) => {
        const open = indexedDB.open('t5');
        open.onsuccess = () => {
          const req = open.result.transaction('projects').objectStore('projects').get('old');
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
        open.onerror = () => reject(open.error);
      });
      const listed = await s.listProjects();
      await s.deleteProject('old');
      return {
        listed,
        afterDelete: (await s.listProjects()).map((p) => p.id),
        gone: await s.getProject('old'),
        bytes: Array.from(old.data),
        isBytes: old.data instanceof Uint8Array,
        again,
        reread: Array.from(reread.data),
        stored: Object.prototype.toString.call(raw.files[0]!.data),
        bad,
        cache: await s.getCache('k'),
      };
    });
    expect(got.listed, 'listProjects(): summaries, newest first').toEqual([
      { id: 'new', name: 'new', fileCount: 1, updatedAt: 20 },
      { id: 'old', name: 'old', fileCount: 1, updatedAt: 10 },
    ]);
    expect([got.afterDelete, got.gone], 'listProjects() and getProject() after deleteProject(old)').toEqual([
      ['new'],
      undefined,
    ]);
    expect(got.isBytes, 'binary file read back as Uint8Array').toBe(true);
    expect(got.stored, "a binary file's bytes in the stored record").toBe('[object Blob]');
    expect([got.again, got.reread], 'saved again as read, read back').toEqual([
      { saved: true, rev: 2 },
      [0, 97, 115, 109],
    ]);
    expect(got.bytes).toEqual([0, 97, 115, 109]);
    expect(got.bad, 'saveProject(../x)').toMatch(/bad file path/);
    expect(got.cache).toEqual({ layer: 'sha256:x', n: 1 });
  });

  it('upgrades projects saved by schema version 1 (files without modes) to carry modes, and lists them', async () => {
    const page = await storePage();
    const got = await page.evaluate(async () => {
      // A database as the release before modes left it: version 1, a version 1 project.
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('t7', 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore('blobs');
          db.createObjectStore('refs', { keyPath: 'ref' });
          db.createObjectStore('cache');
          const projects = db.createObjectStore('projects', { keyPath: 'id' });
          projects.createIndex('updatedAt', 'updatedAt');
          projects.put({
            version: 1,
            id: 'v1',
            name: 'saved before modes',
            dockerfile: 'Dockerfile',
            tag: 'old:latest',
            buildArgs: {},
            run: { args: [], env: [], stdin: '' },
            createdAt: 1,
            updatedAt: 1,
            files: [
              { path: 'Dockerfile', data: 'FROM scratch\nCOPY app.wasm /\n' },
              { path: 'app.wasm', data: new Uint8Array([0, 97, 115, 109]) },
            ],
          });
        };
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      });
      const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
      const s = await openIdbStore('t7');
      const stored = await s.getProject('v1');
      const p = stored?.project;
      return {
        version: p?.version,
        rev: stored?.rev,
        modes: p?.files.map((f) => [f.path, 'mode' in f ? f.mode : -1]),
        // Bytes inline in the record, as releases before Blobs stored them.
        bytes: Array.from((p?.files[1] as { data: Uint8Array }).data),
        listed: await s.listProjects(),
      };
    });
    expect(got).toEqual({
      version: 2,
      rev: 1,
      listed: [{ id: 'v1', name: 'saved before modes', fileCount: 2, updatedAt: 1 }],
      bytes: [0, 97, 115, 109],
      modes: [
        ['Dockerfile', 0o644],
        ['app.wasm', 0o755],
      ],
    });
  });

  it('upgrades a schema version 2 database: every project gets revision 1 and a summary, nothing else changes', async () => {
    const page = await storePage();
    const got = await page.evaluate(async () => {
      // A database as the release before revisions left it: version 2, a project and an image.
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('t8', 2);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore('blobs').put(new Blob([new Uint8Array([1, 2, 3])]), 'sha256:' + 'a'.repeat(64));
          db.createObjectStore('refs', { keyPath: 'ref' });
          db.createObjectStore('cache');
          const projects = db.createObjectStore('projects', { keyPath: 'id' });
          projects.createIndex('updatedAt', 'updatedAt');
          for (const id of ['one', 'two']) {
            projects.put({
              version: 2,
              id,
              name: id,
              dockerfile: 'Dockerfile',
              tag: `${id}:latest`,
              buildArgs: {},
              run: { args: [], env: [], stdin: '' },
              createdAt: 1,
              updatedAt: 1,
              files: [{ path: 'Dockerfile', data: `FROM scratch # ${id}\n`, mode: 0o644 }],
            });
          }
        };
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      });
      const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
      const s = await openIdbStore('t8');
      const listed = (await s.listProjects()).sort((a, b) => a.id.localeCompare(b.id));
      const one = await s.getProject('one');
      const two = await s.getProject('two');
      // A save that started from revision 1 goes in once; a second save from 1 is refused.
      const first = await s.saveProject({ ...one!.project, name: 'one, edited' }, 1);
      const stale = await s.saveProject({ ...one!.project, name: 'one, stale' }, 1);
      return {
        revs: [one?.rev, two?.rev],
        text: (one?.project.files[0] as { data: string }).data,
        blobs: await s.blobBytes(),
        first,
        stale: stale.saved ? 'saved' : `${stale.current?.rev} ${stale.current?.project.name}`,
        now: (await s.getProject('one'))?.rev,
        listed,
        relisted: (await s.listProjects()).map((p) => p.name).sort(),
      };
    });
    expect(got.revs, 'revisions after the upgrade').toEqual([1, 1]);
    expect(got.text).toBe('FROM scratch # one\n');
    expect(got.blobs, 'blobBytes() after the upgrade').toBe(3);
    expect(got.first, 'saveProject(edited, 1)').toEqual({ saved: true, rev: 2 });
    expect(got.stale, 'saveProject(stale, 1): what is stored instead').toBe('2 one, edited');
    expect(got.now).toBe(2);
    expect(got.listed, 'listProjects() after the upgrade: a summary of each').toEqual([
      { id: 'one', name: 'one', fileCount: 1, updatedAt: 1 },
      { id: 'two', name: 'two', fileCount: 1, updatedAt: 1 },
    ]);
    expect(got.relisted, 'listProjects() after a save').toEqual(['one, edited', 'two']);
  });

  it('two connections (two tabs) saving from one revision: exactly one save goes in', async () => {
    const page = await storePage();
    const got = await page.evaluate(async () => {
      const { openIdbStore } = await (window as unknown as Win).wharfImport('/src/store/index.ts');
      const [a, b] = [await openIdbStore('t9'), await openIdbStore('t9')];
      const p = {
        version: 2,
        id: 'shared',
        name: 'shared',
        dockerfile: 'Dockerfile',
        tag: 'x:latest',
        buildArgs: {},
        run: { args: [], env: [], stdin: '' },
        createdAt: 1,
        updatedAt: 1,
        files: [{ path: 'Dockerfile', data: 'FROM scratch\n', mode: 0o644 }],
      };
      await a.saveProject(p as never, 0);
      const results = await Promise.all(
        [a, b, a, b].map((s, i) => s.saveProject({ ...p, name: `save ${i}` } as never, 1)),
      );
      const stored = await b.getProject('shared');
      return { saved: results.filter((r) => r.saved).length, rev: stored?.rev, name: stored?.project.name };
    });
    expect(got.saved, 'saves from revision 1 that went in').toBe(1);
    expect(got.rev).toBe(2);
    expect(got.name).toMatch(/^save \d$/);
  });
});
