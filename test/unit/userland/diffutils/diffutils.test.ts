// cmp and diff on the cases of test/fixtures/debian/diffutils/cases.mjs, against what Debian
// 12's diffutils 3.8 printed for each (recorded by generate.mjs beside them).
import { describe, expect, it } from 'vitest';
import { cmpCases, diffCases } from '../../../fixtures/debian/diffutils/cases.mjs';
import { expected, runCase } from './debian-cases.ts';

describe.each([
  ['cmp', cmpCases, expected('diffutils/cmp.expected.json')],
  ['diff', diffCases, expected('diffutils/diff.expected.json')],
] as const)('%s as Debian runs it', (_, cases, want) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const got = await runCase(c);
    const call = c.sh !== undefined ? `sh -c ${JSON.stringify(c.sh)}` : c.args!.join(' ');
    expect(got, `${call} = ${JSON.stringify(got)}, want ${JSON.stringify(want[name])}`).toEqual(want[name]);
  });
});
