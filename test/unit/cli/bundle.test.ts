// The CLI's bundles (src/cli/bundle.mjs): one module that behaves as its sources do, reused
// while they are unchanged and rebuilt when one of them changes.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../../src/cli/bundle.mjs';

describe('bundled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-bundle-'));
  writeFileSync(
    join(dir, 'entry.ts'),
    "import { word } from './dep.ts';\nexport const said: string = word;\nexport const where = import.meta.dirname;\n",
  );
  writeFileSync(join(dir, 'dep.ts'), "export const word = 'one';\n");
  // A query makes a new request for the same file: the process remembers a bundle per URL.
  const entry = (n: number): URL => new URL(`?${n}`, pathToFileURL(join(dir, 'entry.ts')));
  const load = async (n: number): Promise<{ said: string; where: string; file: string }> => {
    const url = await bundled(entry(n));
    const mod = (await import(`${url.href}?${n}`)) as { said: string; where: string };
    return { said: mod.said, where: mod.where, file: url.pathname };
  };

  it('runs the sources as one module, import.meta naming the source folder, and rebuilds after an edit', async () => {
    const first = await load(1);
    expect(first.said).toBe('one');
    expect(first.where).toBe(dir);
    const built = statSync(first.file).mtimeMs;

    const again = await load(2);
    expect(again.said).toBe('one');
    expect(statSync(again.file).mtimeMs, 'an unchanged source reuses the bundle').toBe(built);

    writeFileSync(join(dir, 'dep.ts'), "export const word = 'two';\n");
    const edited = await load(3);
    expect(edited.said, 'the bundle after dep.ts changed').toBe('two');
    expect(readFileSync(edited.file, 'utf8')).toContain('"two"');
    made = edited.file;
  });

  let made: string | undefined;
  afterAll(() => {
    if (made) for (const f of [made, made.replace(/\.mjs$/, '.json')]) rmSync(f, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });
});
