// The module's surface: one BuiltinProgram per name, and the names the image builder stubs.
import { describe, expect, it } from 'vitest';
import { SHELL_PROGRAM_NAMES, shellPrograms } from '../../../src/core/userland/index.ts';

describe('shellPrograms', () => {
  it('has sh and the commands RUN steps type, each a program of its own', () => {
    const programs = shellPrograms();
    const wanted = `sh echo printf cat ls mkdir cp mv rm rmdir touch ln chmod pwd env true false head tail grep
      sed wc sort uniq cut tr basename dirname tee test [ which find xargs sleep date seq yes du stat`.split(/\s+/);
    expect(
      wanted.filter((n) => typeof programs.get(n) !== 'function'),
      'missing programs',
    ).toEqual([]);
  });

  it('SHELL_PROGRAM_NAMES: every key, sorted, each a name a file in /bin can have', () => {
    expect(SHELL_PROGRAM_NAMES, 'names').toEqual([...shellPrograms().keys()].sort());
    expect(
      SHELL_PROGRAM_NAMES.filter((n) => n === '' || n.includes('/')),
      'names unfit for /bin',
    ).toEqual([]);
  });
});
