// The python-wasi image runs scripts through the process model: from the working directory
// (sibling imports, relative data files), by each of its names, with stable digests.
import { beforeAll, describe, expect, it } from 'vitest';
import { validateImage, type ContainerImage } from '../../src/core/oci/index.ts';
import type { DirNode } from '../../src/core/rootfs/index.ts';
import { ModuleCache } from '../../src/core/runtime/index.ts';
import { COMMANDS, Sandbox, makeImage, rootfsOf } from './helpers.ts';

const modules = new ModuleCache();
let image: ContainerImage;
let tree: DirNode;

beforeAll(async () => {
  image = await makeImage('python-wasi', modules);
  tree = await rootfsOf(image);
}, 120_000);

describe('python-wasi image', () => {
  it('is a valid image: python3 and python on PATH, licences in its labels', async () => {
    expect(await validateImage(image)).toEqual([]);
    const c = image.config.config!;
    expect(c.Cmd).toEqual(['python3']);
    expect(c.Labels?.['org.opencontainers.image.licenses']).toBe('PSF-2.0 AND Apache-2.0');
    const s = new Sandbox(tree, c.Env ?? [], modules);
    expect(s.list('/usr/local/bin')).toEqual(['python', 'python3', 'python3.12']);
    expect(s.list('/bin')).toEqual([...COMMANDS].sort());
  });

  it('runs a script from the working directory: sibling imports, relative files, PWD', async () => {
    const s = new Sandbox(tree, image.config.config?.Env ?? [], modules, {
      'app/helper.py': 'def shout(s):\n    return s.upper()\n',
      'app/data.txt': 'hello from data.txt\n',
      'app/main.py':
        'import os, sys\nfrom helper import shout\nprint(shout(open("data.txt").read().strip()))\nprint(os.environ["PWD"], sys.version_info[:2])\nopen("out.txt", "w").write("written\\n")\n',
    });
    const r = await s.run(['python3', 'main.py'], '/app');
    expect(r, r.stderr).toEqual({ code: 0, stdout: 'HELLO FROM DATA.TXT\n/app (3, 12)\n', stderr: '' });
    expect(s.list('/app')).toContain('out.txt');
    const byName = await s.run(['python', '-c', 'print(6 * 7)'], '/');
    expect(byName).toEqual({ code: 0, stdout: '42\n', stderr: '' });
    expect(modules.compiles, 'python compiled once').toBe(1);
  });

  it('a Python error exits 1 with the traceback on stderr', async () => {
    const s = new Sandbox(tree, image.config.config?.Env ?? [], modules, {
      'app/boom.py': 'raise SystemExit("boom")\n',
    });
    expect(await s.run(['python3', 'boom.py'], '/app')).toEqual({ code: 1, stdout: '', stderr: 'boom\n' });
  });

  it('the same package bytes give the same digests', async () => {
    expect((await makeImage('python-wasi')).manifestDigest).toBe(image.manifestDigest);
  });
});
