// The CLI's sha256 for pushes: native, in slices with the event loop served between them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeDigest } from '../../../src/cli/registry-access.ts';

describe('nodeDigest', () => {
  it('gives the sha256 of the whole blob, across slice boundaries', async () => {
    for (const size of [0, 1, (4 << 20) - 1, 4 << 20, (4 << 20) + 1, (12 << 20) + 7]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
      expect(await nodeDigest(bytes), `${size} bytes`).toBe(
        `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      );
    }
  });

  it('lets timers and I/O run while it hashes a big blob', async () => {
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    await nodeDigest(new Uint8Array(64 << 20));
    clearInterval(tick);
    expect(turns, 'timer turns during the hash').toBeGreaterThan(0);
  });
});
