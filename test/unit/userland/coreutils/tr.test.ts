// tr's [:classes:] list their bytes in ascending order, as GNU tr 9.1 walks 0-255: what a
// class translates to depends on it (outputs checked against GNU tr).
import { describe, expect, it } from 'vitest';
import { sh } from '../processes.ts';

describe('tr classes', () => {
  it.each([
    [String.raw`printf ' \t' | tr '[:blank:]' 'ab'`, 'ba'],
    [String.raw`printf ' \t\n\v\f\r' | tr '[:space:]' 'abcdef'`, 'fabcde'],
    [`printf 'aZ' | tr '[:lower:][:upper:]' '[:upper:][:lower:]'`, 'Az'],
  ])('%s', async (script, want) => {
    const r = await sh(script, {});
    expect(r.out, `sh -c ${script} (stderr: ${r.err})`).toBe(want);
  });
});
