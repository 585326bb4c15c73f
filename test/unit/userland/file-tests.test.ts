// The file tests answer alike in test(1), [ and bash's [[ ]] and test built-in (lib/file-test.ts):
// a RUN step runs as root, so -O and -G ask whether root owns the file, as on Linux.
import { describe, expect, it } from 'vitest';
import { fileNode, graft, openVolume } from '../../../src/core/rootfs/index.ts';
import { image, NOW, run } from './processes.ts';

function volume() {
  let tree = image({ '/srv/mine': 'root owns this' });
  tree = graft(tree, '/srv/theirs', fileNode('uid and gid 1000', { uid: 1000, gid: 1000 }));
  tree = graft(tree, '/srv/group', fileNode('gid 1000', { gid: 1000 }));
  return openVolume(tree, () => NOW);
}

const forms: Array<[string, (op: string, f: string) => string[]]> = [
  ['test', (op, f) => ['test', op, f]],
  ['[', (op, f) => ['[', op, f, ']']],
  ['bash [[ ]]', (op, f) => ['bash', '-c', `[[ ${op} ${f} ]]`]],
  ['bash test', (op, f) => ['bash', '-c', `test ${op} ${f}`]],
];

describe('file tests', () => {
  for (const [name, argv] of forms) {
    it(`${name}: -O and -G hold for what root owns only; -e, -f and -s for any file`, async () => {
      const status = async (op: string, f: string): Promise<number> =>
        (await run(argv(op, f), { volume: volume() })).code;
      expect(
        {
          mineO: await status('-O', '/srv/mine'),
          mineG: await status('-G', '/srv/mine'),
          theirsO: await status('-O', '/srv/theirs'),
          theirsG: await status('-G', '/srv/theirs'),
          groupO: await status('-O', '/srv/group'),
          groupG: await status('-G', '/srv/group'),
          missingO: await status('-O', '/srv/none'),
          theirsE: await status('-e', '/srv/theirs'),
          theirsF: await status('-f', '/srv/theirs'),
          theirsS: await status('-s', '/srv/theirs'),
          dirD: await status('-d', '/srv'),
        },
        argv('OP', 'FILE').join(' '),
      ).toEqual({
        mineO: 0,
        mineG: 0,
        theirsO: 1,
        theirsG: 1,
        groupO: 0,
        groupG: 1,
        missingO: 1,
        theirsE: 0,
        theirsF: 0,
        theirsS: 0,
        dirD: 0,
      });
    });
  }
});
