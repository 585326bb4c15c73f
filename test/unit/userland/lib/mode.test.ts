// chmod(1)'s modes as GNU chmod 9.1 applies them under umask 022 (each row checked against it),
// over the symbolic-mode grammar COPY --chmod shares.
import { describe, expect, it } from 'vitest';
import { parseMode } from '../../../../src/core/userland/lib/index.ts';

describe('parseMode', () => {
  it.each([
    ['640', 'g=u', '660'],
    ['750', 'o=g', '755'],
    ['700', 'go=u-w', '755'],
    ['604', 'u+o', '604'],
    ['755', 'g-u', '705'],
    ['644', 'a=rX', '444'],
    ['600', '+x', '711'],
    ['4755', 'u=g', '555'],
  ])('%s with %s = %s', (from, spec, want) => {
    const got = parseMode(spec, parseInt(from, 8), false, 0o022);
    expect(got?.toString(8), `parseMode(${spec}, ${from})`).toBe(want);
  });

  it('refuses what GNU refuses', () => {
    for (const bad of ['u', 'u=rwg', 'g=uo', '+x,', 'x', 'z=r'])
      expect(parseMode(bad, 0o644, false, 0o022), bad).toBeNull();
  });
});
