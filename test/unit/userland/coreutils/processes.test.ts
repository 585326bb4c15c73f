// id, groups, logname, tty, nice, nohup, stdbuf and timeout against GNU coreutils 9.1's outputs
// (test/fixtures/debian/coreutils/processes.cases.mjs), and arch against uname -m.
import { describe, expect, it } from 'vitest';
import { sh } from '../processes.ts';
import { recordedCases } from '../recorded.ts';

const cases = await recordedCases('coreutils/processes');
describe('id, groups, logname, tty, nice, nohup, stdbuf and timeout, as Debian prints them', () => cases());

describe('arch', () => {
  it('names the machine uname -m names', async () => {
    const r = await sh('arch; uname -m; arch x');
    expect([r.out, r.err], 'arch; uname -m; arch x').toEqual([
      'wasm32\nwasm32\n',
      "arch: extra operand 'x'\nTry 'arch --help' for more information.\n",
    ]);
  });
});
