// patch on the cases of test/fixtures/debian/patch/cases.mjs, against what Debian 12's GNU
// patch 2.7.6 printed and did to the files for each (recorded by
// test/fixtures/debian/diffutils/generate.mjs).
import { describe, expect, it } from 'vitest';
import { patchCases } from '../../../fixtures/debian/patch/cases.mjs';
import { expected, runCase } from '../diffutils/debian-cases.ts';

const want = expected('patch/patch.expected.json');

describe('patch as Debian runs it', () => {
  it.each(patchCases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const got = await runCase(c);
    const call = c.sh !== undefined ? `sh -c ${JSON.stringify(c.sh)}` : c.args!.join(' ');
    expect(got, `${call} = ${JSON.stringify(got)}, want ${JSON.stringify(want[name])}`).toEqual(want[name]);
  });
});
