import { describe, expect, it } from 'vitest';
import { readTabNews, TAB_PROTOCOL } from '../../../src/ui/lib/tab-channel.ts';

describe('readTabNews', () => {
  it('reads the messages of this protocol version', () => {
    expect(readTabNews({ v: TAB_PROTOCOL, type: 'project-saved', id: 'a', rev: 3 })).toEqual({
      type: 'project-saved',
      id: 'a',
      rev: 3,
    });
    expect(readTabNews({ v: TAB_PROTOCOL, type: 'project-deleted', id: 'a' })).toEqual({
      type: 'project-deleted',
      id: 'a',
    });
    expect(readTabNews({ v: TAB_PROTOCOL, type: 'images-changed' })).toEqual({ type: 'images-changed' });
  });

  it('ignores other versions, unknown types and bad fields', () => {
    for (const bad of [
      null,
      'project-saved',
      { v: TAB_PROTOCOL + 1, type: 'images-changed' },
      { v: TAB_PROTOCOL, type: 'reload' },
      { v: TAB_PROTOCOL, type: 'project-saved', id: 'a', rev: 0 },
      { v: TAB_PROTOCOL, type: 'project-saved', id: 'a', rev: 1.5 },
      { v: TAB_PROTOCOL, type: 'project-deleted', id: 7 },
    ]) {
      expect(readTabNews(bad), `readTabNews(${JSON.stringify(bad)})`).toBeUndefined();
    }
  });
});
