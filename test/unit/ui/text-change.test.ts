import { describe, expect, it } from 'vitest';
import { textChange } from '../../../src/ui/lib/text-change.ts';

const apply = (before: string, after: string): string => {
  const c = textChange(before, after);
  return c ? before.slice(0, c.start) + c.text + before.slice(c.end) : before;
};

describe('textChange', () => {
  it('is the one span that differs', () => {
    expect(textChange('int main() {\n  return 0;\n}\n', 'int main() {\n  return 3;\n}\n')).toEqual({
      start: 22,
      end: 23,
      text: '3',
    });
    expect(textChange('abc', 'abc'), 'equal texts').toBeUndefined();
    expect(textChange('aXa', 'aa'), 'a deletion').toEqual({ start: 1, end: 2, text: '' });
    expect(textChange('', 'new'), 'from empty').toEqual({ start: 0, end: 0, text: 'new' });
  });

  it('turns the old text into the new, repeated characters and surrogate pairs included', () => {
    for (const [a, b] of [
      ['aaaa', 'aaaaaa'],
      ['line\nline\n', 'line\n'],
      ['x😀y', 'x😁y'],
      ['😀', '😀😀'],
      ['abc', ''],
    ]) {
      expect(apply(a!, b!), `apply(textChange(${JSON.stringify(a)}, ${JSON.stringify(b)}))`).toBe(b);
      const c = textChange(a!, b!)!;
      expect(c.text.charCodeAt(0) >= 0xdc00 && c.text.charCodeAt(0) <= 0xdfff, 'starts inside a pair').toBe(false);
    }
  });
});
