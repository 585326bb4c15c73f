// The CLI's context loader reads a directory as BuildKit's context transfer sends it: lstat, so
// symlinks stay links (dangling ones too), modes and empty directories kept; what cannot be
// read is recorded per path.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContextDir, writeFileAtomic, type ContextFs } from '../../../src/cli/context-dir.ts';
import * as fs from 'node:fs';

function sample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-ctx-'));
  writeFileSync(join(dir, 'target.txt'), 't');
  chmodSync(join(dir, 'target.txt'), 0o640);
  writeFileSync(join(dir, 'exec.sh'), 'echo');
  chmodSync(join(dir, 'exec.sh'), 0o755);
  symlinkSync('target.txt', join(dir, 'link.txt'));
  symlinkSync('/nonexistent/abs', join(dir, 'dangling'));
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real/r.txt'), 'r');
  chmodSync(join(dir, 'real/r.txt'), 0o600);
  symlinkSync('real', join(dir, 'dirlink'));
  mkdirSync(join(dir, 'empty'));
  chmodSync(join(dir, 'empty'), 0o750);
  return dir;
}

describe('readContextDir', () => {
  it('keeps symlinks as written, modes, and empty directories', () => {
    const { files, unreadable } = readContextDir(sample());
    expect(unreadable.size).toBe(0);
    expect(
      files.map((f) =>
        f.kind === 'symlink'
          ? `l ${f.path} -> ${f.target}`
          : `${f.kind === 'dir' ? 'd' : 'f'} ${f.path} ${f.mode.toString(8)}`,
      ),
    ).toEqual([
      'l dangling -> /nonexistent/abs',
      'l dirlink -> real',
      'd empty 750',
      'f exec.sh 755',
      'l link.txt -> target.txt',
      'd real 755',
      'f real/r.txt 600',
      'f target.txt 640',
    ]);
  });

  it('records a path it cannot read, with why, and reads the rest', () => {
    const dir = sample();
    // Tests run as root, which reads anything: the failure is injected where the system call is.
    const failing: ContextFs = {
      lstatSync: (p) => fs.lstatSync(p),
      readlinkSync: (p) => fs.readlinkSync(p),
      readdirSync: (p) => {
        if (p.endsWith('/real')) throw new Error(`EACCES: permission denied, scandir '${p}'`);
        return fs.readdirSync(p);
      },
      readFileSync: (p) => {
        if (p.endsWith('exec.sh')) throw new Error(`EACCES: permission denied, open '${p}'`);
        return new Uint8Array(readFileSync(p));
      },
    };
    const { files, unreadable } = readContextDir(dir, failing);
    expect([...unreadable]).toEqual([
      ['exec.sh', `EACCES: permission denied, open '${join(dir, 'exec.sh')}'`],
      ['real', `EACCES: permission denied, scandir '${join(dir, 'real')}'`],
    ]);
    expect(files.map((f) => f.path)).toEqual(['dangling', 'dirlink', 'empty', 'link.txt', 'real', 'target.txt']);
  });
});

describe('writeFileAtomic', () => {
  it('writes parts in order, more than one writev takes, empty ones skipped, and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-write-'));
    const parts = Array.from({ length: 2500 }, (_, i) => new Uint8Array(i % 7).fill(i & 0xff));
    const out = join(dir, 'out.tar');
    writeFileAtomic(out, parts);
    expect(Buffer.from(readFileSync(out)).equals(Buffer.concat(parts))).toBe(true);
    writeFileAtomic(out, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(out)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['out.tar']);
  });

  it('a failed write leaves the old file and no temporary one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-write-'));
    const out = join(dir, 'out.tar');
    writeFileSync(out, 'old');
    const bad = [new Uint8Array([1]), null as unknown as Uint8Array];
    expect(() => writeFileAtomic(out, bad)).toThrow();
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.tar']);
  });
});
