// The host side of `run -v` write-back: which mounts get written back, and applying changes
// without ever touching anything outside the mounted directory.
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyVolumeChanges } from '../../../src/cli/volume-writeback.ts';
import { ownChanges, planWriteBack } from '../../../src/core/rootfs/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('planWriteBack', () => {
  it('a later mount over the same or a parent path hides the earlier one; deeper mounts are excluded from outer ones', () => {
    const plan = planWriteBack([
      { host: 'a', guest: '/' },
      { host: 'b', guest: '/data/' },
      { host: 'c', guest: '/data/sub' },
      { host: 'd', guest: '/x' },
      { host: 'e', guest: '/x' },
    ]);
    expect(plan).toEqual([
      { host: 'a', guest: '/', exclude: ['data', 'data/sub', 'x'] },
      { host: 'b', guest: '/data/', exclude: ['sub'] },
      { host: 'c', guest: '/data/sub', exclude: [] },
      { host: 'e', guest: '/x', exclude: [] },
    ]);
    expect(
      planWriteBack([
        { host: 'c', guest: '/data/sub' },
        { host: 'b', guest: '/data' },
      ]).map((m) => m.host),
      'grafted over',
    ).toEqual(['b']);
    const changes = [
      { op: 'remove' as const, path: 'sub' },
      { op: 'mkdir' as const, path: 'subway', mode: 0o755 },
      { op: 'remove' as const, path: 'sub/x' },
    ];
    expect(ownChanges(changes, ['sub']).map((c) => c.path)).toEqual(['subway']);
  });
});

describe('applyVolumeChanges', () => {
  it('applies removals, directories, files and symlinks in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-wb-'));
    writeFileSync(join(dir, 'gone.txt'), 'x');
    applyVolumeChanges(dir, [
      { op: 'remove', path: 'gone.txt' },
      { op: 'mkdir', path: 'd', mode: 0o750 },
      { op: 'write', path: 'd/f.txt', mode: 0o600, data: enc('hello') },
      { op: 'symlink', path: 'l', target: 'd/f.txt' },
    ]);
    expect(existsSync(join(dir, 'gone.txt'))).toBe(false);
    expect(readFileSync(join(dir, 'd/f.txt'), 'utf8')).toBe('hello');
    expect(lstatSync(join(dir, 'd/f.txt')).mode & 0o777).toBe(0o600);
    expect(readlinkSync(join(dir, 'l'))).toBe('d/f.txt');
  });

  it('a write over a host symlink replaces the link and never writes through it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-wb-'));
    const outside = join(mkdtempSync(join(tmpdir(), 'wharf-outside-')), 'victim');
    writeFileSync(outside, 'untouched');
    symlinkSync(outside, join(dir, 'x'));
    applyVolumeChanges(dir, [{ op: 'write', path: 'x', mode: 0o644, data: enc('guest data') }]);
    expect(readFileSync(outside, 'utf8')).toBe('untouched');
    expect(lstatSync(join(dir, 'x')).isFile()).toBe(true);
    applyVolumeChanges(dir, [
      { op: 'symlink', path: 'y', target: outside },
      { op: 'remove', path: 'y' },
    ]);
    expect(readFileSync(outside, 'utf8'), 'removing a link removes the link').toBe('untouched');
  });

  it('a name that would leave the directory is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-wb-'));
    for (const path of ['../escape', 'a/../../b', '', 'a//b']) {
      let err: unknown;
      try {
        applyVolumeChanges(dir, [{ op: 'write', path, mode: 0o644, data: enc('x') }]);
      } catch (e) {
        err = e;
      }
      expect(isWharfError(err, 'PATH_UNSAFE'), `"${path}" threw ${String(err)}`).toBe(true);
    }
  });
});
