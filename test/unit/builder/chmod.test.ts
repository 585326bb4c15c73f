// --chmod as BuildKit applies it: octal sets the mode, symbolic modes change each file's own
// mode (tonistiigi/dchapes-mode, BSD setmode(3) with umask 0). The expected values agree with
// GNU chmod(1) under umask 0 except where BSD's setmode differs, marked below.
import { describe, expect, it } from 'vitest';
import { applyChmod, parseChmod } from '../../../src/core/builder/chmod.ts';

const apply = (spec: string, mode: number, dir = false) => applyChmod(parseChmod(spec), mode, dir);

describe('--chmod', () => {
  it.each([
    // spec, from, file result, directory result
    ['u=rwx,g=rx,o=', 0o644, 0o750, 0o750],
    ['u=rwx,g=rx,o=', 0o600, 0o750, 0o750],
    ['+x', 0o644, 0o755, 0o755],
    ['+x', 0o600, 0o711, 0o711],
    ['+x', 0o640, 0o751, 0o751],
    ['a-w', 0o755, 0o555, 0o555],
    ['a-w', 0o640, 0o440, 0o440],
    ['go-w', 0o777, 0o755, 0o755],
    ['-x', 0o755, 0o644, 0o644],
    ['go=', 0o755, 0o700, 0o700],
    ['g=u', 0o640, 0o660, 0o660],
    ['go=u-w', 0o700, 0o755, 0o755],
    ['u-x,g+w', 0o755, 0o675, 0o675],
    ['ug+rw,o-rwx', 0o750, 0o770, 0o770],
    ['u+r-w', 0o600, 0o400, 0o400],
    ['a=', 0o755, 0o000, 0o000],
    ['=', 0o644, 0o000, 0o000],
    ['u+s', 0o755, 0o4755, 0o4755],
    ['+t', 0o755, 0o1755, 0o1755],
    // X: execute where the file already has some execute bit, and on every directory.
    ['+X', 0o644, 0o644, 0o755],
    ['+X', 0o700, 0o711, 0o711],
    ['a+rX', 0o600, 0o644, 0o755],
    ['a+rX', 0o000, 0o444, 0o555],
    // BSD setmode judges X on the mode before the change (GNU chmod: after it, giving 0666).
    ['=rw,+X', 0o755, 0o777, 0o777],
    ['=rw,+X', 0o644, 0o666, 0o777],
    // BSD setmode ignores "t" for "other" alone (GNU chmod sets the sticky bit).
    ['o+t', 0o644, 0o644, 0o644],
  ] as const)('--chmod=%s on %o: file %o, directory %o', (spec, from, file, dir) => {
    expect(apply(spec, from), `applyChmod(${spec}, ${from.toString(8)}, file)`).toBe(file);
    expect(apply(spec, from, true), `applyChmod(${spec}, ${from.toString(8)}, dir)`).toBe(dir);
  });

  it('octal values set the mode whatever the file had', () => {
    expect(parseChmod('755')).toEqual({ kind: 'octal', mode: 0o755 });
    expect(parseChmod('0640')).toEqual({ kind: 'octal', mode: 0o640 });
    expect(parseChmod('4755')).toEqual({ kind: 'octal', mode: 0o4755 });
    expect(parseChmod('7')).toEqual({ kind: 'octal', mode: 0o7 });
    expect(apply('600', 0o755, true)).toBe(0o600);
  });

  it('refuses what BuildKit refuses, with its messages', () => {
    for (const bad of ['8', '0o755', '77777', '9x']) {
      expect(() => parseChmod(bad), `parseChmod(${bad})`).toThrow(
        `invalid chmod parameter: '${bad}'. it should be octal string and between 0 and 07777`,
      );
    }
    for (const bad of ['u', 'u+q', 'x', 'a,', '+x,', 'z=r', 'u=rwx;g=r']) {
      expect(() => parseChmod(bad), `parseChmod(${bad})`).toThrow(`invalid chmod parameter: '${bad}': invalid syntax`);
    }
  });
});
