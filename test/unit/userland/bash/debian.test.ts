// Wharf's bash against Debian's: every case of test/fixtures/debian/bash/cases/*.sh runs through
// /bin/bash over an in-memory volume, and its stdout, stderr and exit status must be what
// Debian's bash 5.2.15 gave (recorded by generate.mjs beside them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_DIR, CASE_ENV, parseCases } from '../../../fixtures/debian/bash/cases.mjs';
import { run } from '../processes.ts';

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

const dir = join(import.meta.dirname, '../../../fixtures/debian/bash/cases');

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.sh'))
  .sort()) {
  const cases = parseCases(readFileSync(join(dir, file), 'utf8'), file);
  const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.sh$/, '.expected.json')), 'utf8')) as Record<
    string,
    Outcome
  >;
  describe(file, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const want = expected[c.name];
        if (!want) throw new Error(`${file}: "${c.name}" has no recorded outcome: run generate.mjs`);
        // HOME (/root) is there, as on Debian, and /usr/bin/env, as the built-in images have it.
        const files = {
          '/root': { dir: true as const },
          '/usr/bin/env': { symlink: '/bin/env' },
          ...(c.file ? { [`${CASE_DIR}/t.sh`]: c.script } : { [CASE_DIR]: { dir: true as const } }),
        };
        const r = await run(c.file ? ['bash', 't.sh'] : ['bash', '-c', c.script], {
          files,
          env: CASE_ENV,
          cwd: CASE_DIR,
          stdin: c.stdin,
        });
        expect({ stdout: r.out, stderr: r.err, status: r.code }, `bash -c ${JSON.stringify(c.script)}`).toEqual(want);
      });
    }
  });
}
