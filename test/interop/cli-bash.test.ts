// bash in RUN steps through the CLI, on both built-in images: SHELL ["/bin/bash", "-o",
// "pipefail", "-c"] (hadolint's advice) runs the shell form in bash, with pipefail failing the
// build at its line; `#!/bin/bash` and `#!/usr/bin/env bash` scripts run as commands; /bin/sh
// stays dash.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wharfArgs } from '../support/wharf-cli.ts';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'wharf-cli-bash-'));

function build(name: string, files: Record<string, string>): { code: number; log: string } {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  const r = spawnSync(process.execPath, wharfArgs(['build', '-o', join(work, `${name}.tar`), dir]), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WHARF_CACHE_DIR: join(work, 'cache') },
    timeout: 300_000,
  });
  return { code: r.status ?? -1, log: r.stderr };
}

// Arrays, mapfile from a process substitution, printf -v and ${x%,}: bash's, not sh's.
const REPORT = `#!/bin/bash
args=("$@")
mapfile -t lines < <(printf '%s\\n' "\${args[@]}")
printf -v joined '%s,' "\${lines[@]}"
echo "report: \${#args[@]} args: \${joined%,}"
`;

describe('bash in RUN steps', () => {
  for (const base of ['wasi-sdk', 'python-wasi']) {
    it(`${base}: SHELL ["/bin/bash", "-o", "pipefail", "-c"], a #!/bin/bash script, and /bin/sh still dash`, () => {
      const b = build(base, {
        'report.sh': REPORT,
        Dockerfile: [
          `FROM ${base}`,
          'RUN echo "sh: ${BASH_VERSION:-dash}"',
          'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
          'COPY --chmod=755 report.sh /usr/local/bin/report',
          'RUN declare -A seen=([k]=1); [[ -n ${seen[k]} && $BASH_VERSION =~ ^([0-9]+)\\.([0-9]+) ]] && echo "bash ${BASH_REMATCH[1]}.${BASH_REMATCH[2]} $(/bin/sh -c \'echo ${BASH_VERSION:-dash}\')"',
          'RUN report a "b c" | tr a-z A-Z',
          'RUN printf \'#!/usr/bin/env bash\\necho "env: ${#BASH_VERSINFO[@]}"\\n\' > /e.sh && chmod +x /e.sh && /e.sh',
          'RUN false | true',
          '',
        ].join('\n'),
      });
      expect(b.code, b.log).toBe(1);
      expect(b.log, 'the RUN before SHELL, in /bin/sh').toMatch(/^#\d+ [0-9.]+ sh: dash$/m);
      expect(b.log, 'bash as SHELL').toMatch(/^#\d+ [0-9.]+ bash 5\.2 dash$/m);
      expect(b.log, 'the #!/bin/bash script').toMatch(/^#\d+ [0-9.]+ REPORT: 2 ARGS: A,B C$/m);
      expect(b.log, 'a #!/usr/bin/env bash script').toMatch(/^#\d+ [0-9.]+ env: 6$/m);
      expect(b.log, 'pipefail fails the build at its line').toMatch(
        /^Dockerfile:8: process "\/bin\/bash -o pipefail -c false \| true" did not complete successfully: exit code: 1$/m,
      );
    });
  }
});
